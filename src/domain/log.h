/* log.h — the process log: one line per event on standard error.
 *
 * DESIGN: two levels, set once at start from the `log_level` setting
 * (before any thread starts, so reading it needs no lock).  `info`, the
 * default, is what an operator watches: a line per request, per scheduler
 * run (what it queued and what was sent), per sending of the outbox that
 * did something, and every error.  `debug` adds a line per email queued,
 * sent, retried or failed: thousands a night, for chasing one message.
 * Lines carry ids, route patterns, templates and counts — never a name,
 * an address or anything else a person typed.
 */
#ifndef SENDMIS_LOG_H
#define SENDMIS_LOG_H

enum log_level { LOG_LEVEL_INFO = 0, LOG_LEVEL_DEBUG = 1 };

/* The names the setting takes, in enum order, NULL-terminated. */
const char *const *log_level_names(void);
void log_set_level(enum log_level l);
int log_debug_enabled(void);

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
