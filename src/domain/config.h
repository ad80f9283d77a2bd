/* config.h — sendmis's settings, driven by one declarative table (config.c).
 *
 * DESIGN (redis's config.c): each setting is one row — name, environment
 * variable, type, default, bounds, help.  The same table reads the config
 * file, applies SENDMIS_* environment overrides, validates, prints
 * `sendmis config` and generates docs/configuration.md.  Precedence:
 * default < config file < environment < command-line flag.
 */
#ifndef SENDMIS_CONFIG_H
#define SENDMIS_CONFIG_H
#include <stdio.h>
#include <stddef.h>

struct config {
	char listen[128];
	char db_path[512];
	char la_code[8];
	char la_name[128];
	char timezone[64];
	char assets_dir[512];
	char tls_cert[512];
	char tls_key[512];
	int threads;
	int session_idle_minutes;
	int session_absolute_hours;
	int login_max_failures;
	int login_window_minutes;
	int visit_overdue_months;
	int page_size;
	int list_count_max;
	int body_max_kib;
	int document_max_kib;
	/* the statutory clock (core/clock.h) */
	char clock_weeks[16];
	char clock_draft[16];
	char clock_year[16];
	char review_anchor[16];
	int under5_review_months;
	int transfer_in_review_months;
	char bank_holidays[1024];
	int work_due_days;
	/* partners: email, the scheduler, letters (domain/outbox.h, domain/jobs.h) */
	char la_address[256];
	char public_url[256];
	char provision_terms[512];
	char case_ref_prefix[8];
	char smtp_url[256];
	char smtp_tls[16];
	char smtp_user[128];
	char smtp_password[256];
	char smtp_ca_file[512];
	char mail_from[256];
	int mail_timeout_seconds;
	int mail_max_attempts;
	int mail_retry_seconds;
	int jobs_interval_seconds;
	int mail_poll_seconds;
	char advice_reminder_days[64];
	char weekly_summary_day[16];
	int review_notice_days;
	int review_contribution_days;
	char template_dir[512];
	char log_level[8];
};

struct clock_settings;
/* The area's counting conventions and calendar from the settings. */
void config_clock(const struct config *c, struct clock_settings *out);

struct mail_settings;
struct jobs_settings;
void config_mail(const struct config *c, struct mail_settings *out);
void config_jobs(const struct config *c, struct jobs_settings *out);
/* The process log's level (domain/log.h), from log_level. */
void config_log(const struct config *c);

void config_defaults(struct config *c);
/* Reads KEY = VALUE lines ('#' comments).  -1 with "file:line: message". */
int config_load_file(struct config *c, const char *path, char *err, size_t errlen);
int config_load_env(struct config *c, char *err, size_t errlen);
/* Sets one key from a string, validating it. */
int config_set(struct config *c, const char *key, const char *value, char *err, size_t errlen);
/* The rules between settings, once every source is read: email on
 * (smtp_url) needs public_url.  -1 with a message naming the setting. */
int config_check(const struct config *c, char *err, size_t errlen);
void config_print(const struct config *c, FILE *f);
void config_print_docs(FILE *f);

#endif
