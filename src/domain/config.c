/* config.c — the declarative config table; see config.h. */
#include "domain/config.h"
#include "core/clock.h"
#include "domain/jobs.h"
#include "domain/log.h"
#include "domain/outbox.h"
#include "core/validate.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum ctype { C_STR, C_INT };

struct cdef {
	const char *name;
	const char *env;
	enum ctype type;
	size_t off, size;       /* C_STR: offset and capacity in struct config */
	const char *const *(*choices)(void);  /* C_STR: the values allowed, NULL = any */
	const char *dflt;
	long long min, max;     /* C_INT bounds */
	const char *help;
};

#define S(field, nm, env, d, h) {nm, env, C_STR, offsetof(struct config, field), sizeof(((struct config *)0)->field), NULL, d, 0, 0, h}
#define E(field, nm, env, ch, d, h) {nm, env, C_STR, offsetof(struct config, field), sizeof(((struct config *)0)->field), ch, d, 0, 0, h}
#define I(field, nm, env, d, lo, hi, h) {nm, env, C_INT, offsetof(struct config, field), sizeof(int), NULL, d, lo, hi, h}

static const char *const *tls_names(void)
{
	static const char *const v[] = {"required", "try", "none", NULL};
	return v;
}

static const char *const *weekday_names(void)
{
	static const char *const v[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", NULL};
	return v;
}

static const struct cdef defs[] = {
	S(listen, "listen", "SENDMIS_LISTEN", "127.0.0.1:8080", "Address and port to serve on (IPv4 address:port)."),
	S(db_path, "db", "SENDMIS_DB", "sendmis.db", "The database: a SQLite file's path, or a PostgreSQL URI (postgresql://…; docs/operations.md)."),
	S(la_code, "la_code", "SENDMIS_LA_CODE", "999", "The local area's 3-digit DfE LA code; settings in other LAs are out of area."),
	S(la_name, "la_name", "SENDMIS_LA_NAME", "Demo Local Area", "The local area's name, shown in the header."),
	S(timezone, "timezone", "SENDMIS_TIMEZONE", "Europe/London", "Time zone for \"today\" (statutory dates) and for times shown on pages."),
	S(assets_dir, "assets_dir", "SENDMIS_ASSETS_DIR", "build/static", "Directory holding the built front-end assets (make assets)."),
	S(tls_cert, "tls_cert", "SENDMIS_TLS_CERT", "", "PEM certificate file; with tls_key, serve HTTPS and mark cookies Secure."),
	S(tls_key, "tls_key", "SENDMIS_TLS_KEY", "", "PEM private key file for tls_cert."),
	I(threads, "threads", "SENDMIS_THREADS", "4", 1, 64, "Worker threads (each has its own database connection)."),
	I(session_idle_minutes, "session_idle_minutes", "SENDMIS_SESSION_IDLE_MINUTES", "30", 1, 1440, "Sign a user out after this many minutes without a request."),
	I(session_absolute_hours, "session_absolute_hours", "SENDMIS_SESSION_ABSOLUTE_HOURS", "12", 1, 168, "Sign a user out this many hours after sign-in, whatever their activity."),
	I(login_max_failures, "login_max_failures", "SENDMIS_LOGIN_MAX_FAILURES", "5", 1, 100, "Failed sign-ins allowed per username, and 4x this per address, within the window."),
	I(login_window_minutes, "login_window_minutes", "SENDMIS_LOGIN_WINDOW_MINUTES", "15", 1, 1440, "Window for counting failed sign-ins."),
	I(visit_overdue_months, "visit_overdue_months", "SENDMIS_VISIT_OVERDUE_MONTHS", "12", 1, 60, "A monitoring visit older than this is overdue (out of area, residential, home educated)."),
	I(page_size, "page_size", "SENDMIS_PAGE_SIZE", "50", 10, 500, "Rows per page in lists."),
	I(list_count_max, "list_count_max", "SENDMIS_LIST_COUNT_MAX", "5000", 20, 1000000,
	  "Lists whose count no index holds (a filtered list, the audit trail, the outbox) count this many rows at most and then say \"more than N\"."),
	I(body_max_kib, "body_max_kib", "SENDMIS_BODY_MAX_KIB", "64", 4, 10240, "Largest request body accepted, in KiB, by routes without a limit of their own (the contacts import takes up to 4 MiB)."),
	I(document_max_kib, "document_max_kib", "SENDMIS_DOCUMENT_MAX_KIB", "20480", 1, 51200,
	  "Largest document a user may upload to a child's record, in KiB (20480 = 20 MB); a larger file is refused (docs/documents.md)."),
	E(clock_weeks, "clock_weeks", "SENDMIS_CLOCK_WEEKS", clock_weeks_names, "exclusive",
	  "\"Within N weeks of X\": `exclusive` = X + 7N days (X not counted); `day_one` = X is day 1, one day earlier."),
	E(clock_draft, "clock_draft", "SENDMIS_CLOCK_DRAFT", clock_draft_names, "day_one",
	  "The 15 days to comment on a draft plan: `day_one` = the day it is served is day 1 (last day draft + 14); `exclusive` = draft + 15."),
	E(clock_year, "clock_year", "SENDMIS_CLOCK_YEAR", clock_year_names, "starting_with",
	  "Annual reviews, \"12 months starting with D\": `starting_with` = the day before the anniversary; `anniversary` = the anniversary."),
	E(review_anchor, "review_anchor", "SENDMIS_REVIEW_ANCHOR", clock_anchor_names, "decision",
	  "Later reviews are due 12 months from the previous review's `decision` date (SEN2 LastReview) or its `meeting`."),
	I(under5_review_months, "under5_review_months", "SENDMIS_UNDER5_REVIEW_MONTHS", "6", 0, 12,
	  "Recommended review cadence for children under 5 (Code 9.178), shown as advice, never a breach; 0 = not shown."),
	I(transfer_in_review_months, "transfer_in_review_months", "SENDMIS_TRANSFER_IN_REVIEW_MONTHS", "3", 1, 12,
	  "After a plan transfers in (reg 15(5)), review by the later of the anniversary and this many months after the transfer."),
	S(bank_holidays, "bank_holidays", "SENDMIS_BANK_HOLIDAYS", "",
	  "Extra bank holidays (YYYY-MM-DD, comma-separated) beyond the built-in England and Wales table (2014 to 2027)."),
	I(work_due_days, "work_due_days", "SENDMIS_WORK_DUE_DAYS", "14", 1, 90,
	  "\"My work\" lists steps due within this many days, as well as those overdue."),
	S(la_address, "la_address", "SENDMIS_LA_ADDRESS", "SEN Team|County Hall|Example Street|EX1 1AA",
	  "The council's address printed on letters, lines separated by `|`."),
	S(public_url, "public_url", "SENDMIS_PUBLIC_URL", "",
	  "The address people use to reach sendmis (`https://host[:port][/path]`), the start of every link in an email; "
	  "required once smtp_url is set. Never the listening address: `make run` sets `http://127.0.0.1:8080` for the demo."),
	S(provision_terms, "provision_terms", "SENDMIS_PROVISION_TERMS", "",
	  "A file of the area's own terms for the provision check, in the form of data/provision-terms.txt, checked beside "
	  "those (docs/provision-check.md); empty = none."),
	S(case_ref_prefix, "case_ref_prefix", "SENDMIS_CASE_REF_PREFIX", "SM",
	  "Case references in emails and letters read PREFIX-000123 (the record's number; never a name)."),
	S(smtp_url, "smtp_url", "SENDMIS_SMTP_URL", "",
	  "Mail server: `smtp://host:587` (STARTTLS per smtp_tls) or `smtps://host:465`. Empty: emails wait in the outbox."),
	E(smtp_tls, "smtp_tls", "SENDMIS_SMTP_TLS", tls_names, "required",
	  "STARTTLS on smtp:// URLs: `required` (refuse a server without it), `try`, or `none` (a local relay only)."),
	S(smtp_user, "smtp_user", "SENDMIS_SMTP_USER", "", "User name for SMTP authentication; empty = none."),
	S(smtp_password, "smtp_password", "SENDMIS_SMTP_PASSWORD", "",
	  "Password for smtp_user. Prefer the environment variable to the config file; `sendmis config` never prints it."),
	S(smtp_ca_file, "smtp_ca_file", "SENDMIS_SMTP_CA_FILE", "",
	  "PEM file of the certificate authority that signed the mail server's certificate, if not a public one; empty = the system's."),
	S(mail_from, "mail_from", "SENDMIS_MAIL_FROM", "sen-team@example.invalid",
	  "The From address of every email (the display name is la_name)."),
	I(mail_timeout_seconds, "mail_timeout_seconds", "SENDMIS_MAIL_TIMEOUT_SECONDS", "30", 1, 600,
	  "Give up on one attempt to send after this long."),
	I(mail_max_attempts, "mail_max_attempts", "SENDMIS_MAIL_MAX_ATTEMPTS", "8", 1, 50,
	  "Attempts before a message is marked failed (a 5xx reply fails it at once)."),
	I(mail_retry_seconds, "mail_retry_seconds", "SENDMIS_MAIL_RETRY_SECONDS", "60", 1, 86400,
	  "Wait before the second attempt; each later wait doubles, up to 6 hours."),
	I(jobs_interval_seconds, "jobs_interval_seconds", "SENDMIS_JOBS_INTERVAL_SECONDS", "300", 0, 86400,
	  "How often `sendmis serve` runs the scheduler (reminders, escalations, summaries); 0 = never (use `sendmis jobs run-once`)."),
	I(mail_poll_seconds, "mail_poll_seconds", "SENDMIS_MAIL_POLL_SECONDS", "5", 0, 3600,
	  "How often `sendmis serve` sends what is queued in the outbox; 0 = never (use `sendmis jobs run-once`)."),
	S(advice_reminder_days, "advice_reminder_days", "SENDMIS_ADVICE_REMINDER_DAYS", "10,3",
	  "Remind the advice-giver this many days before the deadline (comma-separated; the nearest one reached is sent)."),
	E(weekly_summary_day, "weekly_summary_day", "SENDMIS_WEEKLY_SUMMARY_DAY", weekday_names, "monday",
	  "Weekly summaries to caseworkers and managers go on the first scheduler run on or after this day of the week."),
	I(review_notice_days, "review_notice_days", "SENDMIS_REVIEW_NOTICE_DAYS", "56", 0, 365,
	  "Tell a setting's SENCO an annual review is due this many days ahead when no meeting is arranged; 0 = never."),
	I(review_contribution_days, "review_contribution_days", "SENDMIS_REVIEW_CONTRIBUTION_DAYS", "7", 0, 60,
	  "Contributions to a review are asked for this many days before the 2 weeks ahead of the meeting (reg 20(4))."),
	S(template_dir, "template_dir", "SENDMIS_TEMPLATE_DIR", "",
	  "A directory with email/ and letters/ template files replacing the built-in ones of the same name; empty = built-in."),
	E(log_level, "log_level", "SENDMIS_LOG_LEVEL", log_level_names, "info",
	  "What the log (standard error) holds: `info` = a line per request, per scheduler run (counts queued, sent, failed) "
	  "and per sending of the outbox; `debug` adds a line per email queued, sent, retried or failed. Ids only, never names."),
};
#define NDEFS (sizeof defs / sizeof defs[0])

static const struct cdef *find(const char *key)
{
	for (size_t i = 0; i < NDEFS; i++)
		if (strcmp(defs[i].name, key) == 0)
			return &defs[i];
	return NULL;
}

static int apply(struct config *c, const struct cdef *d, const char *value, char *err, size_t errlen)
{
	char *base = (char *)c;
	if (d->type == C_STR) {
		if (strlen(value) >= d->size) {
			snprintf(err, errlen, "%s: value is too long (at most %zu characters)", d->name, d->size - 1);
			return -1;
		}
		if (d->choices) {
			const char *const *ch = d->choices();
			int ok = 0;
			for (int i = 0; ch[i]; i++)
				ok |= strcmp(ch[i], value) == 0;
			if (!ok) {
				int n = snprintf(err, errlen, "%s: must be one of", d->name);
				for (int i = 0; ch[i] && n > 0 && (size_t)n < errlen; i++)
					n += snprintf(err + n, errlen - (size_t)n, "%s %s", i ? "," : "", ch[i]);
				return -1;
			}
		}
		if (strcmp(d->name, "bank_holidays") == 0) {
			struct calendar cal;
			char why[200];
			if (cal_parse_extra(&cal, value, why, sizeof why) < 0) {
				snprintf(err, errlen, "bank_holidays: %s", why);
				return -1;
			}
		}
		if (strcmp(d->name, "advice_reminder_days") == 0) {
			struct jobs_settings js;
			char why[120];
			if (jobs_parse_offsets(value, &js, why, sizeof why) < 0) {
				snprintf(err, errlen, "advice_reminder_days: %s", why);
				return -1;
			}
		}
		if (strcmp(d->name, "mail_from") == 0) {
			char out[256], why[120];
			if (validate_email(value, out, why, sizeof why) < 0) {
				snprintf(err, errlen, "mail_from: %s", why);
				return -1;
			}
		}
		if (strcmp(d->name, "smtp_url") == 0 && *value && strncmp(value, "smtp://", 7) && strncmp(value, "smtps://", 8)) {
			snprintf(err, errlen, "smtp_url: must start smtp:// or smtps://");
			return -1;
		}
		if (strcmp(d->name, "la_code") == 0) {
			char out[8], why[80];
			if (validate_la_code(value, out, why, sizeof why) < 0) {
				snprintf(err, errlen, "la_code: %s", why);
				return -1;
			}
		}
		if (strcmp(d->name, "timezone") == 0) {
			char path[128];
			int ok = *value && !strstr(value, "..") && value[0] != '/';
			snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", value);
			if (!ok || access(path, R_OK) != 0) {
				snprintf(err, errlen, "timezone: '%s' is not a time zone name such as Europe/London (is tzdata installed?)", value);
				return -1;
			}
		}
		if (strcmp(d->name, "public_url") == 0) {
			char url[sizeof ((struct config *)0)->public_url], why[160];
			if (validate_public_url(value, url, sizeof url, why, sizeof why) < 0) {
				snprintf(err, errlen, "public_url: %s", why);
				return -1;
			}
			memcpy(base + d->off, url, strlen(url) + 1);
			return 0;
		}
		memcpy(base + d->off, value, strlen(value) + 1);
		return 0;
	}
	long long v;
	if (parse_int64(value, d->min, d->max, &v) < 0) {
		snprintf(err, errlen, "%s: must be a whole number from %lld to %lld", d->name, d->min, d->max);
		return -1;
	}
	*(int *)(base + d->off) = (int)v;
	return 0;
}

void config_defaults(struct config *c)
{
	char err[64];
	memset(c, 0, sizeof *c);
	for (size_t i = 0; i < NDEFS; i++)
		apply(c, &defs[i], defs[i].dflt, err, sizeof err);
}

int config_set(struct config *c, const char *key, const char *value, char *err, size_t errlen)
{
	const struct cdef *d = find(key);
	if (!d) {
		snprintf(err, errlen, "unknown setting '%s' (see `sendmis config --help`)", key);
		return -1;
	}
	return apply(c, d, value, err, errlen);
}

int config_load_file(struct config *c, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: cannot open", path);
		return -1;
	}
	char line[1024], msg[512];
	int lineno = 0, rc = 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			snprintf(err, errlen, "%s:%d: line too long", path, lineno);
			rc = -1;
			break;
		}
		char *s = str_trim(line);
		if (!*s || *s == '#')
			continue;
		char *eq = strchr(s, '=');
		if (!eq) {
			snprintf(err, errlen, "%s:%d: expected KEY = VALUE", path, lineno);
			rc = -1;
			break;
		}
		*eq = 0;
		char *k = str_trim(s), *v = str_trim(eq + 1);
		if (config_set(c, k, v, msg, sizeof msg) < 0) {
			snprintf(err, errlen, "%s:%d: %s", path, lineno, msg);
			rc = -1;
			break;
		}
	}
	fclose(f);
	return rc;
}

int config_load_env(struct config *c, char *err, size_t errlen)
{
	char msg[512];
	for (size_t i = 0; i < NDEFS; i++) {
		const char *v = getenv(defs[i].env);
		if (v && apply(c, &defs[i], v, msg, sizeof msg) < 0) {
			snprintf(err, errlen, "environment %s: %s", defs[i].env, msg);
			return -1;
		}
	}
	return 0;
}

int config_check(const struct config *c, char *err, size_t errlen)
{
	if (c->smtp_url[0] && !c->public_url[0]) {
		snprintf(err, errlen, "public_url: must be set when smtp_url is set: every link in an email starts with it "
		                      "(for example public_url = https://sendmis.example.gov.uk)");
		return -1;
	}
	return 0;
}

void config_print(const struct config *c, FILE *f)
{
	const char *base = (const char *)c;
	for (size_t i = 0; i < NDEFS; i++) {
		if (defs[i].type == C_STR && strcmp(defs[i].name, "smtp_password") == 0)
			fprintf(f, "%s = %s\n", defs[i].name, base[defs[i].off] ? "(set, not shown)" : "");
		else if (defs[i].type == C_STR)
			fprintf(f, "%s = %s\n", defs[i].name, base + defs[i].off);
		else
			fprintf(f, "%s = %d\n", defs[i].name, *(const int *)(base + defs[i].off));
	}
}

void config_print_docs(FILE *f)
{
	fprintf(f, "| setting | environment | default | meaning |\n|---|---|---|---|\n");
	for (size_t i = 0; i < NDEFS; i++)
		fprintf(f, "| `%s` | `%s` | `%s` | %s |\n", defs[i].name, defs[i].env,
		        defs[i].dflt, defs[i].help);
}

static int choice_index(const char *const *names, const char *v)
{
	for (int i = 0; names[i]; i++)
		if (strcmp(names[i], v) == 0)
			return i;
	return 0;
}

void config_clock(const struct config *c, struct clock_settings *out)
{
	char err[200];
	clock_settings_default(out);
	out->weeks = (enum weeks_count)choice_index(clock_weeks_names(), c->clock_weeks);
	out->draft = (enum draft_count)choice_index(clock_draft_names(), c->clock_draft);
	out->year = (enum year_count)choice_index(clock_year_names(), c->clock_year);
	out->anchor = (enum review_anchor)choice_index(clock_anchor_names(), c->review_anchor);
	out->under5_review_months = c->under5_review_months;
	out->transfer_in_review_months = c->transfer_in_review_months;
	if (cal_parse_extra(&out->cal, c->bank_holidays, err, sizeof err) < 0)
		out->cal.nextra = 0;   /* validated when set: cannot happen */
}

void config_mail(const struct config *c, struct mail_settings *o)
{
	memset(o, 0, sizeof *o);
	snprintf(o->smtp_url, sizeof o->smtp_url, "%s", c->smtp_url);
	snprintf(o->smtp_tls, sizeof o->smtp_tls, "%s", c->smtp_tls);
	snprintf(o->smtp_user, sizeof o->smtp_user, "%s", c->smtp_user);
	snprintf(o->smtp_password, sizeof o->smtp_password, "%s", c->smtp_password);
	snprintf(o->smtp_ca_file, sizeof o->smtp_ca_file, "%s", c->smtp_ca_file);
	snprintf(o->from, sizeof o->from, "%s", c->mail_from);
	snprintf(o->from_name, sizeof o->from_name, "%s", c->la_name);
	snprintf(o->public_url, sizeof o->public_url, "%s", c->public_url);
	snprintf(o->case_ref_prefix, sizeof o->case_ref_prefix, "%s", c->case_ref_prefix);
	snprintf(o->la_name, sizeof o->la_name, "%s", c->la_name);
	o->timeout_seconds = c->mail_timeout_seconds;
	o->max_attempts = c->mail_max_attempts;
	o->retry_seconds = c->mail_retry_seconds;
}

void config_log(const struct config *c)
{
	log_set_level((enum log_level)choice_index(log_level_names(), c->log_level));
}

void config_jobs(const struct config *c, struct jobs_settings *o)
{
	char why[120];
	memset(o, 0, sizeof *o);
	if (jobs_parse_offsets(c->advice_reminder_days, o, why, sizeof why) < 0)
		o->nreminders = 0;   /* validated when set: cannot happen */
	o->summary_weekday = choice_index(weekday_names(), c->weekly_summary_day);
	o->review_notice_days = c->review_notice_days;
	o->work_due_days = c->work_due_days;
}
