/* log.c — see log.h. */
#include "domain/log.h"
#include <stdarg.h>
#include <stdio.h>

static enum log_level level = LOG_LEVEL_INFO;

const char *const *log_level_names(void)
{
	static const char *const v[] = {"info", "debug", NULL};
	return v;
}

void log_set_level(enum log_level l) { level = l; }
int log_debug_enabled(void) { return level >= LOG_LEVEL_DEBUG; }

/* One line in one write, so lines from threads never interleave. */
static void emit(const char *fmt, va_list ap)
{
	char line[1024];
	int n = vsnprintf(line, sizeof line - 1, fmt, ap);
	if (n < 0)
		return;
	size_t len = (size_t)n < sizeof line - 1 ? (size_t)n : sizeof line - 2;
	line[len++] = '\n';
	fwrite(line, 1, len, stderr);
}

void log_info(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	emit(fmt, ap);
	va_end(ap);
}

void log_debug(const char *fmt, ...)
{
	if (level < LOG_LEVEL_DEBUG)
		return;
	va_list ap;
	va_start(ap, fmt);
	emit(fmt, ap);
	va_end(ap);
}
