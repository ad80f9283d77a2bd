/* main.c — the sendmis command line.
 *
 * DESIGN: one table of commands, each with its usage text; every command
 * takes --help.  Settings come from the config table (config.c): defaults,
 * then --config FILE (or ./sendmis.conf if present), then SENDMIS_*
 * environment variables, then --db / --listen flags.  Passwords are read
 * from the terminal with echo off, or one line from standard input when it
 * is not a terminal (for scripts); never from the command line, where other
 * users could see them in the process list.
 */
#include "cli/clock_json.h"
#include "domain/config.h"
#include "domain/export.h"
#include "cli/backup.h"
#include "cli/demo.h"
#include "core/validate.h"
#include "domain/audit.h"
#include "domain/change.h"
#include "domain/casefile.h"
#include "domain/clockstore.h"
#include "domain/advice.h"
#include "domain/directory.h"
#include "domain/jobs.h"
#include "domain/kpicount.h"
#include "domain/sen2export.h"
#include "domain/sen2read.h"
#include "domain/sen2import.h"
#include "domain/improve.h"
#include "core/sen2check.h"
#include "core/sen2.h"
#include "core/version.h"
#include "domain/outbox.h"
#include "domain/templates.h"
#include "domain/provterms.h"
#include <jansson.h>
#include <sodium.h>
#include "mail/smtp.h"
#include "domain/user.h"
#include "store/db.h"
#include "web/web.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static const char usage_main[] =
	"usage: sendmis COMMAND [options]\n\n"
	"commands:\n"
	"  serve    serve the web application\n"
	"  migrate  create or upgrade the database schema\n"
	"  user     add a user, set a password, disable or enable an account\n"
	"  demo     fill an empty database with a synthetic local area\n"
	"  config   print the settings in force, or document them\n"
	"  clock    statutory deadlines for one case: JSON in, JSON out (docs/clock.md)\n"
	"  jobs     run the scheduler once: reminders, escalations, summaries; send the outbox\n"
	"  contacts import partners' contacts from a CSV file\n"
	"  kpi      the key performance indicators as at a date (docs/kpi.md)\n"
	"  sen2     the DfE SEN2 statutory return: export, check, import (docs/sen2.md)\n"
	"  plan     the improvement plan: import, list, export as JSON (docs/plan-json.md)\n"
	"  provision  is each provision item specified and quantified? (docs/provision-check.md)\n"
	"  person   everything held about one child or young person, as JSON (docs/person-export.md)\n"
	"  db       copy a whole area between databases: SQLite and PostgreSQL (docs/operations.md)\n"
	"  backup   the whole database into a file, with a manifest; restore puts it back (docs/operations.md)\n\n"
	"common options: --db ADDRESS  --config FILE  --help\n"
	"Run 'sendmis COMMAND --help' for more.\n";

#define MAX_ARGS 32
struct opts {
	struct config cfg;
	int argc;
	char *argv[MAX_ARGS];   /* arguments left after common options */
};

static int load_config(struct opts *o, int argc, char **argv, const char *usage)
{
	char err[600];
	config_defaults(&o->cfg);
	const char *file = NULL;
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
			file = argv[i + 1];
	if (!file && access("sendmis.conf", R_OK) == 0)
		file = "sendmis.conf";
	if (file && config_load_file(&o->cfg, file, err, sizeof err) < 0) {
		fprintf(stderr, "sendmis: %s\n", err);
		return -1;
	}
	if (config_load_env(&o->cfg, err, sizeof err) < 0) {
		fprintf(stderr, "sendmis: %s\n", err);
		return -1;
	}
	/* "today" for statutory dates is the local area's date, whatever the host's zone */
	setenv("TZ", o->cfg.timezone, 1);
	tzset();
	/* the area's counting conventions, for every deadline this process computes */
	struct clock_settings cs;
	config_clock(&o->cfg, &cs);
	casefile_set_settings(&cs);
	struct mail_settings ms;
	config_mail(&o->cfg, &ms);
	mail_set_settings(&ms);
	templates_set_dir(o->cfg.template_dir);
	config_log(&o->cfg);
	o->argc = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(usage, stdout);
			exit(0);
		}
		if ((strcmp(a, "--db") == 0 || strcmp(a, "--listen") == 0 || strcmp(a, "--config") == 0)) {
			if (i + 1 >= argc) {
				fprintf(stderr, "sendmis: %s needs a value\n%s", a, usage);
				return -1;
			}
			const char *key = strcmp(a, "--db") == 0 ? "db" : strcmp(a, "--listen") == 0 ? "listen" : NULL;
			if (key && config_set(&o->cfg, key, argv[i + 1], err, sizeof err) < 0) {
				fprintf(stderr, "sendmis: %s\n", err);
				return -1;
			}
			i++;
			continue;
		}
		if (o->argc == MAX_ARGS) {
			fprintf(stderr, "sendmis: too many arguments\n%s", usage);
			return -1;
		}
		o->argv[o->argc++] = argv[i];
	}
	if (config_check(&o->cfg, err, sizeof err) < 0) {
		fprintf(stderr, "sendmis: %s\n", err);
		return -1;
	}
	return 0;
}

/* Opens the database at address and applies pending migrations, tuned for
 * one connection doing one job over the whole area (a rebuild, an import, a
 * count, a copy).  NULL after saying why, after label ("sendmis", or the
 * command's name). */
static db *open_address(const char *label, const char *address)
{
	db *d;
	char err[2048];   /* a refused migration lists the records to correct */
	if (db_open(&d, address, err, sizeof err) < 0) {
		fprintf(stderr, "%s: %s\n", label, err);
		return NULL;
	}
	if (db_migrate(d, err, sizeof err) < 0) {
		fprintf(stderr, "%s: %s\n", label, err);
		db_close(d);
		return NULL;
	}
	if (db_tune_for_bulk(d) < 0) {
		fprintf(stderr, "%s: %s\n", label, db_errmsg(d));
		db_close(d);
		return NULL;
	}
	return d;
}

/* The stored clock recomputed from the records as at day and compared (the
 * differences on standard output, sendmis ids only), said after label.
 * 0 they agree, 1 they differ, 2 the store failed. */
static int verify_clock(const char *label, db *d, day_t day)
{
	long n = clockstore_verify(d, day, stdout);
	if (n < 0) {
		fprintf(stderr, "%s: the store failed: %s\n", label, db_errmsg(d));
		return 2;
	}
	long people = (long)db_scalar_int(d, "SELECT COUNT(*) FROM clock_people", 0);
	long steps = (long)db_scalar_int(d, "SELECT COUNT(*) FROM clock_steps", 0);
	fprintf(stderr, "%s: %ld children, %ld steps: %s\n", label, people, steps,
	        n ? "the stored clock differs from the records" : "the stored clock agrees with the records");
	if (n)
		fprintf(stderr, "%s: %ld difference%s\n", label, n, n == 1 ? "" : "s");
	return n ? 1 : 0;
}

static db *open_db_as(const struct config *c, int ensure)
{
	db *d = open_address("sendmis", c->db_path);
	if (!d)
		return NULL;
	/* the stored clock follows the area's conventions and the rules table (not
	 * for `clock verify`, which reports what is stored as it is) */
	if (ensure && clockstore_ensure(d, date_local_day((int64_t)time(NULL)), stderr) < 0) {
		fprintf(stderr, "sendmis: rebuilding the stored statutory clock failed: %s\n", db_errmsg(d));
		db_close(d);
		return NULL;
	}
	if (advice_refresh_due(d, -1) < 0) {
		fprintf(stderr, "sendmis: computing advice deadlines failed: %s\n", db_errmsg(d));
		db_close(d);
		return NULL;
	}
	return d;
}

static db *open_db(const struct config *c)
{
	return open_db_as(c, 1);
}

static int cmd_serve(int argc, char **argv)
{
	static const char usage[] =
		"usage: sendmis serve [--listen ADDRESS:PORT] [--db ADDRESS] [--config FILE]\n"
		"Serves the web application (default http://127.0.0.1:8080) until interrupted.\n"
		"Applies any pending migrations first.\n";
	struct opts o;
	if (load_config(&o, argc, argv, usage) < 0)
		return 2;
	if (o.argc) {
		fprintf(stderr, "sendmis serve: unexpected argument '%s'\n%s", o.argv[0], usage);
		return 2;
	}
	return web_serve(&o.cfg);
}

static int cmd_migrate(int argc, char **argv)
{
	static const char usage[] = "usage: sendmis migrate [--db ADDRESS]\nCreates the database if needed and applies pending migrations.\n";
	struct opts o;
	if (load_config(&o, argc, argv, usage) < 0)
		return 2;
	db *d = open_db(&o.cfg);
	if (!d)
		return 1;
	char where[512];
	db_address_describe(o.cfg.db_path, where, sizeof where);
	printf("sendmis: %s is at schema version %d\n", where, db_schema_version(d));
	db_close(d);
	return 0;
}

static int read_password(const char *prompt, char *out, size_t n)
{
	int tty = isatty(STDIN_FILENO);
	struct termios old, noecho;
	if (tty) {
		fprintf(stderr, "%s", prompt);
		tcgetattr(STDIN_FILENO, &old);
		noecho = old;
		noecho.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSANOW, &noecho);
	}
	char *ok = fgets(out, (int)n, stdin);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSANOW, &old);
		fputc('\n', stderr);
	}
	if (!ok)
		return -1;
	size_t len = strlen(out);
	if (len && out[len - 1] == '\n')
		out[--len] = 0;
	else if (len == n - 1) {
		fprintf(stderr, "sendmis: password is too long (at most %zu characters)\n", n - 2);
		return -1;
	}
	if (len && out[len - 1] == '\r')
		out[--len] = 0;
	return 0;
}

static int cmd_user(int argc, char **argv)
{
	static const char usage[] =
		"usage: sendmis user add USERNAME --role ROLE [--name \"Display Name\"] [--team TEAM] [--email ADDRESS] [--db ADDRESS]\n"
		"       sendmis user passwd USERNAME [--db ADDRESS]\n"
		"       sendmis user team USERNAME TEAM [--db ADDRESS]   (\"\" for no team)\n"
		"       sendmis user email USERNAME ADDRESS [--db ADDRESS]   (weekly summaries; \"\" for none)\n"
		"       sendmis user disable USERNAME | enable USERNAME [--db ADDRESS]\n"
		"ROLE is admin, manager, caseworker, readonly or board (the dashboard only).\nThe password is read from the "
		"terminal, or as one line from standard input when that is not a terminal.\n"
		"Passwords must be 10 to 256 characters.\n";
	struct opts o;
	if (load_config(&o, argc, argv, usage) < 0)
		return 2;
	const char *sub = o.argc > 0 ? o.argv[0] : NULL, *username = o.argc > 1 ? o.argv[1] : NULL;
	const char *role = NULL, *name = NULL, *team = NULL, *email = NULL;
	int first = sub && (strcmp(sub, "team") == 0 || strcmp(sub, "email") == 0) ? 3 : 2;
	if (first == 3 && !strcmp(sub, "team"))
		team = o.argc > 2 ? o.argv[2] : NULL;
	if (first == 3 && !strcmp(sub, "email"))
		email = o.argc > 2 ? o.argv[2] : NULL;
	for (int i = first; i < o.argc; i++) {
		if (strcmp(o.argv[i], "--role") == 0 && i + 1 < o.argc)
			role = o.argv[++i];
		else if (strcmp(o.argv[i], "--name") == 0 && i + 1 < o.argc)
			name = o.argv[++i];
		else if (strcmp(o.argv[i], "--team") == 0 && i + 1 < o.argc && first == 2)
			team = o.argv[++i];
		else if (strcmp(o.argv[i], "--email") == 0 && i + 1 < o.argc && first == 2)
			email = o.argv[++i];
		else {
			fprintf(stderr, "sendmis user: unexpected argument '%s'\n%s", o.argv[i], usage);
			return 2;
		}
	}
	if (!sub || !username) {
		fputs(usage, stderr);
		return 2;
	}
	db *d = open_db(&o.cfg);
	if (!d) {
		return 1;
	}
	char err[300], pw[300];
	int rc = 0;
	if (strcmp(sub, "add") == 0) {
		if (!role) {
			fprintf(stderr, "sendmis user add: --role is required\n%s", usage);
			rc = 2;
		} else if (team && !user_team_valid(team)) {
			fprintf(stderr, "sendmis user add: --team must be 60 characters or fewer, with no control characters\n");
			rc = 2;
		} else if (read_password("Password: ", pw, sizeof pw) < 0) {
			fprintf(stderr, "sendmis user add: no password given\n");
			rc = 2;
		} else {
			int64_t id;
			if (user_add(d, username, name ? name : username, role, pw, &id, err, sizeof err) < 0) {
				fprintf(stderr, "sendmis user add: %s\n", err);
				rc = 1;
			} else if (team && user_set_team(d, username, team, err, sizeof err) < 0) {
				fprintf(stderr, "sendmis user add: %s\n", err);
				rc = 1;
			} else if (email && user_set_email(d, username, email, err, sizeof err) < 0) {
				fprintf(stderr, "sendmis user add: %s\n", err);
				rc = 1;
			} else {
				audit_write(d, (int64_t)time(NULL), 0, "create", "users", id, 0, team ? "username,role,team" : "username,role",
				            NULL, "cli");
				printf("sendmis: added user %lld (%s)\n", (long long)id, role);
			}
		}
	} else if (strcmp(sub, "passwd") == 0) {
		if (read_password("New password: ", pw, sizeof pw) < 0) {
			fprintf(stderr, "sendmis user passwd: no password given\n");
			rc = 2;
		} else if (user_set_password(d, username, pw, err, sizeof err) < 0) {
			fprintf(stderr, "sendmis user passwd: %s\n", err);
			rc = 1;
		} else {
			audit_write(d, (int64_t)time(NULL), 0, "update", "users", 0, 0, "password", NULL, "cli");
			printf("sendmis: password changed; existing sessions signed out\n");
		}
	} else if (first == 3) {
		/* team and email: one optional text each, "" for none */
		int is_team = strcmp(sub, "team") == 0;
		const char *value = is_team ? team : email;
		int (*set)(db *, const char *, const char *, char *, size_t) = is_team ? user_set_team : user_set_email;
		if (!value) {
			fprintf(stderr, "sendmis user %s: give the %s (\"\" for none)\n%s", sub, is_team ? "team name" : "address",
			        usage);
			rc = 2;
		} else if (set(d, username, value, err, sizeof err) < 0) {
			fprintf(stderr, "sendmis user %s: %s\n", sub, err);
			rc = 1;
		} else {
			audit_write(d, (int64_t)time(NULL), 0, "update", "users", 0, 0, sub, NULL, "cli");
			printf("sendmis: %s set\n", sub);
		}
	} else if (strcmp(sub, "disable") == 0 || strcmp(sub, "enable") == 0) {
		int dis = strcmp(sub, "disable") == 0;
		if (user_set_disabled(d, username, dis, err, sizeof err) < 0) {
			fprintf(stderr, "sendmis user %s: %s\n", sub, err);
			rc = 1;
		} else {
			audit_write(d, (int64_t)time(NULL), 0, "update", "users", 0, 0, "disabled", NULL, "cli");
			printf("sendmis: user %s\n", dis ? "disabled; sessions signed out" : "enabled");
		}
	} else {
		fprintf(stderr, "sendmis user: unknown subcommand '%s'\n%s", sub, usage);
		rc = 2;
	}
	memset(pw, 0, sizeof pw);
	db_close(d);
	return rc;
}

static int cmd_demo(int argc, char **argv)
{
	static const char usage[] =
		"usage: sendmis demo [--plans N] [--seed S] [--today YYYY-MM-DD] [--db ADDRESS]\n"
		"Fills an empty database with a deterministic synthetic local area: N active\n"
		"EHC plans (default 5000) with requests, assessments, ceased plans, placements,\n"
		"reviews and visits over three years, and demo users whose password is\n"
		"'sendmis-demo'.  Names and identifiers are synthetic.\n";
	struct opts o;
	if (load_config(&o, argc, argv, usage) < 0)
		return 2;
	long long plans = 5000, seed = 1;
	day_t today;
	{
		time_t t = time(NULL);
		struct tm tm;
		localtime_r(&t, &tm);
		date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, &today);
	}
	for (int i = 0; i < o.argc; i++) {
		const char *a = o.argv[i], *v = i + 1 < o.argc ? o.argv[i + 1] : NULL;
		if (strcmp(a, "--plans") == 0 && v) {
			if (parse_int64(v, 1, 1000000, &plans) < 0) {
				fprintf(stderr, "sendmis demo: --plans must be a whole number from 1 to 1000000\n");
				return 2;
			}
			i++;
		} else if (strcmp(a, "--seed") == 0 && v) {
			if (parse_int64(v, 0, INT64_MAX, &seed) < 0) {
				fprintf(stderr, "sendmis demo: --seed must be a whole number of 0 or more\n");
				return 2;
			}
			i++;
		} else if (strcmp(a, "--today") == 0 && v) {
			if (date_parse_iso(v, &today) < 0) {
				fprintf(stderr, "sendmis demo: --today must be a real date as YYYY-MM-DD\n");
				return 2;
			}
			i++;
		} else {
			fprintf(stderr, "sendmis demo: unexpected argument '%s'\n%s", a, usage);
			return 2;
		}
	}
	db *d = open_db(&o.cfg);
	if (!d)
		return 1;
	struct demo_opts dopt = {(int)plans, (uint64_t)seed, o.cfg.la_code, today, 0};
	char err[300];
	int rc = demo_generate(d, &dopt, err, sizeof err);
	db_close(d);
	if (rc < 0) {
		fprintf(stderr, "sendmis demo: %s\n", err);
		return 1;
	}
	char where[512];
	db_address_describe(o.cfg.db_path, where, sizeof where);
	printf("sendmis: demo local area created in %s\n"
	       "Sign in as caseworker1, manager, admin, readonly or board with the password sendmis-demo\n", where);
	return 0;
}

static int cmd_config(int argc, char **argv)
{
	static const char usage[] =
		"usage: sendmis config [--config FILE] [--docs]\n"
		"Prints the settings in force after the config file and SENDMIS_* environment\n"
		"variables are applied; --docs prints the table of every setting as Markdown.\n";
	struct opts o;
	if (load_config(&o, argc, argv, usage) < 0)
		return 2;
	if (o.argc == 1 && strcmp(o.argv[0], "--docs") == 0)
		config_print_docs(stdout);
	else if (o.argc == 0)
		config_print(&o.cfg, stdout);
	else {
		fprintf(stderr, "sendmis config: unexpected argument '%s'\n%s", o.argv[0], usage);
		return 2;
	}
	return 0;
}

static int today_or(const char *as_of, day_t *out);

/* sendmis clock verify | rebuild */
static int clock_store_cmd(struct opts *o, const char *usage)
{
	int verify = strcmp(o->argv[0], "verify") == 0;
	const char *as_of = NULL;
	for (int i = 1; i < o->argc; i++) {
		if (verify && strcmp(o->argv[i], "--as-of") == 0 && i + 1 < o->argc) {
			as_of = o->argv[++i];
			continue;
		}
		fprintf(stderr, "sendmis clock %s: unexpected argument '%s'\n%s", o->argv[0], o->argv[i], usage);
		return 2;
	}
	day_t day;
	if (today_or(as_of, &day) < 0) {
		fprintf(stderr, "sendmis clock verify: --as-of: '%s' is not a date YYYY-MM-DD\n", as_of);
		return 2;
	}
	db *d = open_db_as(&o->cfg, !verify);
	if (!d)
		return 2;
	int rc;
	if (verify)
		rc = verify_clock("sendmis clock verify", d, day);
	else {
		long n = clockstore_rebuild(d, day, stderr);
		if (n < 0)
			fprintf(stderr, "sendmis clock rebuild: the store failed: %s\n", db_errmsg(d));
		else
			fprintf(stderr, "sendmis clock rebuild: %ld children\n", n);
		rc = n < 0 ? 2 : 0;
	}
	db_close(d);
	return rc;
}

static int cmd_clock(int argc, char **argv)
{
	static const char usage[] =
		"usage: sendmis clock [--config FILE] < case.json > steps.json\n"
		"       sendmis clock --rules   (the rules table, as Markdown)\n"
		"       sendmis clock verify [--db ADDRESS] [--as-of YYYY-MM-DD]\n"
		"       sendmis clock rebuild [--db ADDRESS]\n"
		"Reads one JSON object describing a case (the dates of its assessment, plan,\n"
		"reviews, phase transfer and exceptions) on standard input and writes every\n"
		"statutory step, its deadline, the day it was done, its status and its legal\n"
		"citation as one JSON object on standard output.  Needs no database.  The\n"
		"area's counting conventions (clock_weeks, clock_draft, clock_year,\n"
		"review_anchor) apply.  The contract is in docs/clock.md.\n"
		"Exit status: 0 answered; 2 the input is not valid (the message names the field).\n"
		"\n"
		"verify recomputes every child's clock from the records (as at today, or\n"
		"--as-of) and compares it with the stored steps, printing each difference\n"
		"(sendmis ids only).  Exit status: 0 they agree, 1 they differ, 2 error.\n"
		"rebuild recomputes and stores every child's clock in one transaction.\n";
	struct opts o;
	if (load_config(&o, argc, argv, usage) < 0)
		return 2;
	if (o.argc == 1 && strcmp(o.argv[0], "--rules") == 0) {
		clock_rules_markdown(stdout);
		return 0;
	}
	if (o.argc >= 1 && (strcmp(o.argv[0], "verify") == 0 || strcmp(o.argv[0], "rebuild") == 0))
		return clock_store_cmd(&o, usage);
	if (o.argc) {
		fprintf(stderr, "sendmis clock: unexpected argument '%s'\n%s", o.argv[0], usage);
		return 2;
	}
	enum { CLOCK_INPUT_MAX = 1 << 20 };
	buf in = BUF_INIT;
	char tmp[8192];
	size_t n;
	while ((n = fread(tmp, 1, sizeof tmp, stdin)) > 0 && in.len <= CLOCK_INPUT_MAX)
		buf_add(&in, tmp, n);
	if (ferror(stdin) || in.err || in.len > CLOCK_INPUT_MAX) {
		fprintf(stderr, "sendmis clock: input: %s\n", in.len > CLOCK_INPUT_MAX ? "larger than 1 MiB" : "cannot be read");
		buf_free(&in);
		return 2;
	}
	struct clock_settings cs;
	config_clock(&o.cfg, &cs);
	char err[400], *answer = NULL;
	int rc = clock_json_answer(&cs, buf_cstr(&in), in.len, &answer, err, sizeof err);
	buf_free(&in);
	if (rc != 0) {
		fprintf(stderr, "sendmis clock: %s\n", err);
		return 2;
	}
	fputs(answer, stdout);
	fputc('\n', stdout);
	free(answer);
	return fflush(stdout) == 0 ? 0 : 1;
}

static int today_or(const char *as_of, day_t *out)
{
	if (as_of)
		return date_parse_iso(as_of, out);
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, out);
}

static int cmd_jobs(int argc, char **argv)
{
	static const char usage[] =
		"usage: sendmis jobs run-once [--as-of YYYY-MM-DD] [--no-send] [--db ADDRESS]\n"
		"Runs the scheduler once, as `sendmis serve` does every jobs_interval_seconds:\n"
		"queues the advice reminders, overdue notices and escalations, review notices\n"
		"and weekly summaries due as at the day (default today) that were not queued\n"
		"before, then sends what is queued in the outbox (unless --no-send).  Safe to\n"
		"run any number of times: each notice is queued once.  For cron, or tests.\n"
		"Exit status: 0 done; 1 a store error or a message could not be rendered; 2 usage.\n";
	struct opts o;
	if (load_config(&o, argc, argv, usage) < 0)
		return 2;
	const char *as_of = NULL;
	int send = 1, once = 0;
	for (int i = 0; i < o.argc; i++) {
		if (!strcmp(o.argv[i], "run-once"))
			once = 1;
		else if (!strcmp(o.argv[i], "--no-send"))
			send = 0;
		else if (!strcmp(o.argv[i], "--as-of") && i + 1 < o.argc)
			as_of = o.argv[++i];
		else {
			fprintf(stderr, "sendmis jobs: unexpected argument '%s'\n%s", o.argv[i], usage);
			return 2;
		}
	}
	day_t day;
	if (!once) {
		fputs(usage, stderr);
		return 2;
	}
	if (today_or(as_of, &day) < 0) {
		fprintf(stderr, "sendmis jobs: --as-of: '%s' is not a date YYYY-MM-DD\n", as_of);
		return 2;
	}
	if (smtp_global_init() < 0) {
		fprintf(stderr, "sendmis jobs: libcurl failed to initialise\n");
		return 1;
	}
	db *d = open_db(&o.cfg);
	if (!d)
		return 1;
	struct jobs_settings js;
	config_jobs(&o.cfg, &js);
	struct jobs_report rep;
	int64_t now = (int64_t)time(NULL);
	int rc = jobs_run(d, &js, day, now, &rep);
	int sent = send ? outbox_drain(d, now, 0, NULL, NULL) : 0;
	long long waiting = db_scalar_int(d, "SELECT COUNT(*) FROM outbox WHERE state='queued'", 0);
	long long failed = db_scalar_int(d, "SELECT COUNT(*) FROM outbox WHERE state='failed'", 0);
	printf("queued: %d reminders, %d overdue notices, %d escalations, %d review notices, %d weekly summaries"
	       " (%d not sent: email off)\n", rep.reminders, rep.overdue, rep.escalations, rep.review_notices, rep.weekly,
	       rep.cancelled);
	printf("sent: %d; waiting in the outbox: %lld; failed: %lld\n", sent < 0 ? 0 : sent, waiting, failed);
	db_close(d);
	smtp_global_cleanup();
	return rc < 0 || sent < 0 || rep.errors ? 1 : 0;
}

/* A whole file into `in` (at most max bytes): 0, or -1 with why set. */
static int read_whole(const char *path, size_t max, buf *in, const char **why)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		*why = "cannot open";
		return -1;
	}
	buf_init(in, max);
	char tmp[8192];
	size_t n;
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_add(in, tmp, n);
	int bad = ferror(f);
	fclose(f);
	if (bad || in->err) {
		*why = in->err ? "too large" : "cannot be read";
		buf_free(in);
		return -1;
	}
	return 0;
}

static int cmd_plan(int argc, char **argv)
{
	static const char usage[] =
		"usage: sendmis plan import [--db ADDRESS] FILE.json   (a plan: docs/plan-json.md)\n"
		"       sendmis plan list [--db ADDRESS]               (one plan a line, its id first)\n"
		"       sendmis plan export [--db ADDRESS] ID          (the plan as JSON, on standard output)\n"
		"The local area's improvement plan (Written Statement of Action): areas of concern,\n"
		"actions, sub-actions and a RAG rating per review period.  An import is all or\n"
		"nothing: a file with errors writes nothing, and every error is listed with where\n"
		"it is in the file.  Exit status: 0 done; 1 the file has errors, or no such plan;\n"
		"2 usage, an unreadable file, or a store error.\n";
	struct opts o;
	if (load_config(&o, argc, argv, usage) < 0)
		return 2;
	const char *what = o.argc ? o.argv[0] : "";
	if (!strcmp(what, "list") && o.argc == 1) {
		db *d = open_db(&o.cfg);
		if (!d)
			return 2;
		struct ip_plan_row *rows;
		int n;
		int rc = ip_list(d, &rows, &n);
		db_close(d);
		if (rc < 0) {
			fprintf(stderr, "sendmis plan list: the store failed\n");
			return 2;
		}
		for (int i = 0; i < n; i++)
			printf("%lld\t%s\t%s\t%s\t%d actions\t%d review periods\n", (long long)rows[i].id, rows[i].title,
			       rows[i].local_area, rows[i].status, rows[i].nactions, rows[i].nperiods);
		free(rows);
		return fflush(stdout) == 0 ? 0 : 2;
	}
	if (!strcmp(what, "export") && o.argc == 2) {
		long long id;
		if (parse_int64(o.argv[1], 1, INT64_MAX, &id) < 0) {
			fprintf(stderr, "sendmis plan export: ID must be a plan's id (sendmis plan list): '%s'\n", o.argv[1]);
			return 2;
		}
		db *d = open_db(&o.cfg);
		if (!d)
			return 2;
		buf out = BUF_INIT;
		int rc = ip_export_json(d, id, &out);
		db_close(d);
		if (rc == 0)
			fputs(buf_cstr(&out), stdout);
		else
			fprintf(stderr, rc > 0 ? "sendmis plan export: there is no plan %lld (sendmis plan list)\n"
			                       : "sendmis plan export: the store failed (plan %lld)\n", id);
		buf_free(&out);
		return rc ? (rc > 0 ? 1 : 2) : fflush(stdout) == 0 ? 0 : 2;
	}
	if (!strcmp(what, "import") && o.argc == 2) {
		buf in;
		const char *why;
		if (read_whole(o.argv[1], 16 << 20, &in, &why) < 0) {
			fprintf(stderr, "sendmis plan import: %s: %s%s\n", o.argv[1], why,
			        !strcmp(why, "too large") ? " (at most 16 MiB)" : "");
			return 2;
		}
		db *d = open_db(&o.cfg);
		if (!d) {
			buf_free(&in);
			return 2;
		}
		buf errs = BUF_INIT;
		int64_t id;
		int64_t now = (int64_t)time(NULL);
		struct actor who = {0, now, date_local_day(now), NULL};
		int rc = ip_import_json(d, &who, in.p ? in.p : "", in.len, &id, &errs);
		buf_free(&in);
		db_close(d);
		if (rc == 0)
			printf("sendmis plan import: plan %lld imported\n", (long long)id);
		else if (rc > 0)
			fprintf(stderr, "sendmis plan import: %s was not imported:\n%s", o.argv[1], buf_cstr(&errs));
		else
			fprintf(stderr, "sendmis plan import: the store failed; nothing was imported\n");
		buf_free(&errs);
		return rc == 0 ? 0 : rc > 0 ? 1 : 2;
	}
	fprintf(stderr, "sendmis plan: expected 'import FILE', 'list' or 'export ID'\n%s", usage);
	return 2;
}

static int cmd_contacts(int argc, char **argv)
{
	static const char usage[] =
		"usage: sendmis contacts import [--dry-run] [--db ADDRESS] FILE.csv\n"
		"Loads partners' contacts from a CSV file whose first row names the columns:\n"
		"name, email, and service (a service's name, as under Partners) or setting_urn\n"
		"(a setting's URN or UKPRN, for SENCOs); job_title and phone are optional.\n"
		"All or nothing: a file with any error changes nothing, and every error is\n"
		"listed with its row.  A contact already there (same service or setting and\n"
		"email) is updated, so importing a file twice changes nothing the second time.\n"
		"Exit status: 0 imported; 1 the file has errors; 2 usage or unreadable file.\n";
	struct opts o;
	if (load_config(&o, argc, argv, usage) < 0)
		return 2;
	int dry = 0;
	const char *file = NULL;
	for (int i = 0; i < o.argc; i++) {
		if (!strcmp(o.argv[i], "--dry-run"))
			dry = 1;
		else if (!file && i > 0)
			file = o.argv[i];
		else if (i != 0 || strcmp(o.argv[i], "import")) {
			fprintf(stderr, "sendmis contacts: unexpected argument '%s'\n%s", o.argv[i], usage);
			return 2;
		}
	}
	if (!o.argc || strcmp(o.argv[0], "import") || !file) {
		fputs(usage, stderr);
		return 2;
	}
	buf in;
	const char *why;
	if (read_whole(file, 16 << 20, &in, &why) < 0) {
		fprintf(stderr, "sendmis contacts: %s: %s\n", file, !strcmp(why, "too large") ? "larger than 16 MiB" : why);
		return 2;
	}
	db *d = open_db(&o.cfg);
	if (!d) {
		buf_free(&in);
		return 1;
	}
	struct import_report rep;
	int64_t now = (int64_t)time(NULL);
	struct actor who = {0, now, date_local_day(now), NULL};
	int rc = contacts_import_csv(d, &who, in.p ? in.p : "", in.len, dry, &rep);
	buf_free(&in);
	if (rc < 0) {
		fprintf(stderr, "sendmis contacts: the store failed: %s\n", db_errmsg(d));
		db_close(d);
		return 1;
	}
	buf out = BUF_INIT;
	import_report_text(&rep, dry, &out);
	fputs(buf_cstr(&out), rc ? stderr : stdout);
	buf_free(&out);
	db_close(d);
	return rc ? 1 : 0;
}

static int cmd_kpi(int argc, char **argv)
{
	static const char usage[] =
		"usage: sendmis kpi [--db ADDRESS] --as-of YYYY-MM-DD [--year YYYY] [--json] [--timing] [--history]\n"
		"       sendmis kpi --definitions   (the KPI table, as Markdown)\n"
		"Counts the key performance indicators from the records as they stood on the\n"
		"as-of date (anything dated after it is left out).  --year is the calendar\n"
		"year of the flow KPIs (default: the year before the as-of date).  --json\n"
		"prints one object keyed by KPI id: counts as {\"value\": n}, rates as\n"
		"{\"value\": percent to one decimal or null, \"numerator\": n, \"denominator\": n}.\n"
		"For today's date the statutory clock is read as stored; --history runs it\n"
		"over the records as they stood instead (the same figures, slower).\n"
		"Definitions: docs/kpi.md.  Exit status: 0 answered; 1 a store error; 2 usage.\n";
	struct opts o;
	if (load_config(&o, argc, argv, usage) < 0)
		return 2;
	const char *as_of = NULL, *year_s = NULL;
	int json = 0, timing = 0, history = 0;
	for (int i = 0; i < o.argc; i++) {
		if (!strcmp(o.argv[i], "--definitions") && o.argc == 1) {
			kpi_defs_markdown(stdout);
			return 0;
		} else if (!strcmp(o.argv[i], "--json"))
			json = 1;
		else if (!strcmp(o.argv[i], "--timing"))
			timing = 1;
		else if (!strcmp(o.argv[i], "--history"))
			history = 1;
		else if (!strcmp(o.argv[i], "--as-of") && i + 1 < o.argc)
			as_of = o.argv[++i];
		else if (!strcmp(o.argv[i], "--year") && i + 1 < o.argc)
			year_s = o.argv[++i];
		else {
			fprintf(stderr, "sendmis kpi: unexpected argument '%s'\n%s", o.argv[i], usage);
			return 2;
		}
	}
	day_t day;
	if (!as_of) {
		fprintf(stderr, "sendmis kpi: --as-of is required\n%s", usage);
		return 2;
	}
	if (date_parse_iso(as_of, &day) < 0) {
		fprintf(stderr, "sendmis kpi: --as-of: '%s' is not a date YYYY-MM-DD\n", as_of);
		return 2;
	}
	int y, m, dd;
	date_to_ymd(day, &y, &m, &dd);
	long long year = y - 1;
	if (year_s && parse_int64(year_s, 2000, 2100, &year) < 0) {
		fprintf(stderr, "sendmis kpi: --year: '%s' is not a year from 2000 to 2100\n", year_s);
		return 2;
	}
	db *d = open_db(&o.cfg);
	if (!d)
		return 1;
	struct kpi_value v[K_N];
	struct kpi_timing t = {0, 0, 0};
	struct kpi_query q = {.as_of = day, .year = (int)year, .la_code = o.cfg.la_code,
	                      .visit_overdue_months = o.cfg.visit_overdue_months, .timing = timing ? &t : NULL,
	                      .stored_clock = !history && day == date_local_day((int64_t)time(NULL))};
	if (kpi_compute(d, &q, v) < 0) {
		fprintf(stderr, "sendmis kpi: the store failed: %s\n", db_errmsg(d));
		db_close(d);
		return 1;
	}
	db_close(d);
	if (timing)
		fprintf(stderr, "sendmis kpi: timing: children %.3f s, statutory clocks %.3f s, tables %.3f s\n", t.people, t.clock,
		        t.tables);
	for (int i = 0; i < K_N; i++) {
		const struct kpi_def *k = &kpi_defs[i];
		double pct = kpi_value_of(k->k, &v[i]);
		char unit[32];
		snprintf(unit, sizeof unit, "%s%s", k->kind == KPI_MEAN ? " " : "",
		         k->kind == KPI_WEEKS ? " weeks" : k->kind == KPI_MEAN ? k->unit : "%");
		if (json) {
			printf("%s\"%s\":", i ? "," : "{", k->id);
			if (k->kind == KPI_COUNT)
				printf("{\"value\":%lld}", v[i].numerator);
			else if (pct < 0)
				printf("{\"value\":null,\"numerator\":%lld,\"denominator\":%lld}", v[i].numerator, v[i].denominator);
			else
				printf("{\"value\":%.1f,\"numerator\":%lld,\"denominator\":%lld}", pct, v[i].numerator, v[i].denominator);
		} else if (k->kind == KPI_COUNT)
			printf("%-40s %10lld\n", k->id, v[i].numerator);
		else if (pct < 0)
			printf("%-40s %10s  (%lld of %lld)\n", k->id, "-", v[i].numerator, v[i].denominator);
		else
			printf("%-40s %9.1f%s  (%lld of %lld)\n", k->id, pct, unit, v[i].numerator, v[i].denominator);
	}
	if (json)
		printf("}\n");
	return fflush(stdout) == 0 ? 0 : 1;
}

/* ---- sendmis sen2 check ---- */

struct check_out {
	struct sen2_context c;
	long errors, queries, people;
	int from_db;
};

static void print_finding(void *ctx, const struct sen2_person *p, const struct sen2_finding *f)
{
	struct check_out *co = ctx;
	if (f->severity == SEN2_ERROR)
		co->errors++;
	else
		co->queries++;
	if (!p) {
		printf("%s %s header: %s\n", f->severity == SEN2_ERROR ? "error" : "query", f->check->id, f->message);
		return;
	}
	const char *block = f->node >= 0 && f->node < p->n ? sen2_block_tags[p->node[f->node].block] : "Person";
	long line = f->node >= 0 && f->node < p->n ? p->node[f->node].line : 0;
	if (co->from_db)
		printf("%s %s person %lld (%s %s) in <%s>: %s\n", f->severity == SEN2_ERROR ? "error" : "query", f->check->id,
		       p->id, sen2_get(p, 0, SI_FORENAME), sen2_get(p, 0, SI_SURNAME), block, f->message);
	else
		printf("%s %s person %ld (%s %s), line %ld <%s>: %s\n", f->severity == SEN2_ERROR ? "error" : "query",
		       f->check->id, p->index, sen2_get(p, 0, SI_FORENAME), sen2_get(p, 0, SI_SURNAME), line, block,
		       f->message);
}

static int check_file_person(void *ctx, const struct sen2_file_header *h, struct sen2_person *p)
{
	struct check_out *co = ctx;
	if (co->people++ == 0) {   /* the header is read by the first person */
		day_t d;
		co->c.year = atoi(h->year);
		co->c.census = date_parse_iso(h->reference_date, &d) == 0 ? d : DATE_NONE;
		if (!co->c.la || !*co->c.la)
			co->c.la = h->lea;
		sen2_check_header(&co->c, h->year, h->reference_date, h->lea, print_finding, co);
	}
	if (p->overflow)
		print_finding(co, p, &(struct sen2_finding){&sen2_checks[1], SEN2_ERROR, 0, SI_N,
		                                            "this person has more records than sendmis reads for one person"});
	sen2_check_person(&co->c, p, print_finding, co);
	return 0;
}

static void check_file_problem(void *ctx, long person, long line, const char *message)
{
	struct check_out *co = ctx;
	co->errors++;
	if (person)
		printf("error DC-S1 person %ld, line %ld: %s\n", person, line, message);
	else
		printf("error DC-S1 line %ld: %s\n", line, message);
}

static void check_db_person(void *ctx, const struct sen2_person *p)
{
	struct check_out *co = ctx;
	co->people++;
	sen2_check_person(&co->c, p, print_finding, co);
}

static int sen2_check_cmd(struct opts *o, const char *usage)
{
	const char *file = NULL, *census_s = NULL, *la = NULL;
	for (int i = 1; i < o->argc; i++) {
		if (!strcmp(o->argv[i], "--census") && i + 1 < o->argc)
			census_s = o->argv[++i];
		else if (!strcmp(o->argv[i], "--la") && i + 1 < o->argc)
			la = o->argv[++i];
		else if (o->argv[i][0] != '-' && !file)
			file = o->argv[i];
		else {
			fprintf(stderr, "sendmis sen2 check: unexpected argument '%s'\n%s", o->argv[i], usage);
			return 2;
		}
	}
	struct check_out co;
	memset(&co, 0, sizeof co);
	co.c.la = la;
	if (file) {
		if (census_s) {
			fprintf(stderr, "sendmis sen2 check: a file carries its own census date: --census is for the records\n");
			return 2;
		}
		struct sen2_file_header h;
		struct sen2_reader_cb cb = {check_file_person, check_file_problem, &co};
		char err[500];
		if (sen2_read_file(file, &h, &cb, err, sizeof err) < 0) {
			fprintf(stderr, "sendmis sen2 check: %s cannot be read: %s\n", file, err);
			return 2;
		}
		if (co.people == 0)
			sen2_check_header(&co.c, h.year, h.reference_date, h.lea, print_finding, &co);
	} else {
		day_t census;
		if (!census_s) {
			fprintf(stderr, "sendmis sen2 check: give a FILE.xml, or --census for the records\n%s", usage);
			return 2;
		}
		if (date_parse_iso(census_s, &census) < 0 || sen2_year_of_census(census) < 0) {
			fprintf(stderr, "sendmis sen2 check: --census: '%s' is not a SEN2 census date\n", census_s);
			return 2;
		}
		co.from_db = 1;
		co.c.year = sen2_year_of_census(census);
		co.c.census = census;
		if (!co.c.la)
			co.c.la = o->cfg.la_code;
		db *d = open_db(&o->cfg);
		if (!d)
			return 2;
		struct sen2_export_opts eo = {census, co.c.la, "", SENDMIS_RELEASE, check_db_person, &co};
		struct sen2_summary sum;
		char err[200];
		int rc = sen2_export(d, &eo, NULL, NULL, &sum, err, sizeof err);
		db_close(d);
		if (rc < 0) {
			fprintf(stderr, "sendmis sen2 check: %s\n", err);
			return 2;
		}
	}
	fprintf(stderr, "sendmis sen2 check: %ld people, %ld errors, %ld queries\n", co.people, co.errors, co.queries);
	if (fflush(stdout) != 0)
		return 2;
	return co.errors ? 1 : 0;
}

/* ---- sendmis sen2 import ---- */

struct import_out {
	int queries;             /* list the checks' queries too (the import's own are always listed) */
	int progress;            /* standard error is a terminal */
	long long size;
	long listed_queries;
};

static void print_import_problem(void *ctx, const struct sen2_import_problem *p)
{
	struct import_out *io = ctx;
	if (!p->error && !io->queries && strncmp(p->id, "DC-I", 4) != 0)
		return;
	io->listed_queries += !p->error;
	if (io->progress)
		fputs("\r\033[K", stderr);
	printf("%s %s", p->error ? "error" : "query", p->id);
	if (p->person)
		printf(" person %ld", p->person);
	if (p->line)
		printf(", line %ld", p->line);
	if (*p->block)
		printf(" <%s>", p->block);
	printf(": %s\n", p->message);
}

static void print_import_progress(void *ctx, long persons, long long bytes)
{
	struct import_out *io = ctx;
	if (!io->progress)
		return;
	if (io->size > 0)
		fprintf(stderr, "\r\033[Ksendmis sen2 import: %ld people read (%lld%%)", persons, bytes * 100 / io->size);
	else
		fprintf(stderr, "\r\033[Ksendmis sen2 import: %ld people read", persons);
	fflush(stderr);
}

static int sen2_import_cmd(struct opts *o, const char *usage)
{
	const char *file = NULL;
	struct import_out io = {0, isatty(STDERR_FILENO), 0, 0};
	int dry = 0;
	for (int i = 1; i < o->argc; i++) {
		if (!strcmp(o->argv[i], "--dry-run"))
			dry = 1;
		else if (!strcmp(o->argv[i], "--queries"))
			io.queries = 1;
		else if (o->argv[i][0] != '-' && !file)
			file = o->argv[i];
		else {
			fprintf(stderr, "sendmis sen2 import: unexpected argument '%s'\n%s", o->argv[i], usage);
			return 2;
		}
	}
	if (!file) {
		fprintf(stderr, "sendmis sen2 import: give the FILE.xml to import\n%s", usage);
		return 2;
	}
	struct stat st;
	if (stat(file, &st) != 0 || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "sendmis sen2 import: %s is not a file that can be read\n", file);
		return 2;
	}
	io.size = (long long)st.st_size;
	db *d = open_db(&o->cfg);
	if (!d)
		return 2;
	struct sen2_import_opts opts = {dry, o->cfg.la_code, (long long)time(NULL), 0, print_import_problem,
	                                print_import_progress, &io};
	struct sen2_import_result r;
	char err[500];
	int rc = sen2_import_file(d, file, &opts, &r, err, sizeof err);
	db_close(d);
	if (io.progress)
		fputs("\r\033[K", stderr);
	if (fflush(stdout) != 0)
		return 2;
	if (rc == 2 || rc < 0) {
		fprintf(stderr, "sendmis sen2 import: %s %s: %s\nNothing was imported.\n", file,
		        rc == 2 ? "cannot be read" : "was not imported", err);
		return 2;
	}
	fprintf(stderr, "sendmis sen2 import: %ld people in LA %s's %s return (census %s)\n", r.persons,
	        *r.lea ? r.lea : "?", *r.year ? r.year : "?", *r.census ? r.census : "?");
	fprintf(stderr, "  %-18s %9s %9s %9s\n", "", "created", "updated", "unchanged");
	for (int k = 0; k < IK_N; k++)
		fprintf(stderr, "  %-18s %9ld %9ld %9ld\n", sen2_import_kind_names[k], r.created[k], r.updated[k],
		        r.unchanged[k]);
	if (r.queries > io.listed_queries)
		fprintf(stderr, "%ld queries of the pre-submission checks are not listed: --queries lists them, or "
		        "sendmis sen2 check %s\n", r.queries - io.listed_queries, file);
	if (rc == 1)
		fprintf(stderr, "Nothing was imported: %ld error%s (listed on standard output). Correct the file and "
		        "import it again.\n", r.errors, r.errors == 1 ? "" : "s");
	else if (dry)
		fprintf(stderr, "Dry run: the file would import as above. Nothing was written.\n");
	else
		fprintf(stderr, "Imported.\n");
	return rc == 1 ? 1 : 0;
}

static int cmd_sen2(int argc, char **argv)
{
	static const char usage[] =
		"usage: sendmis sen2 export [--db ADDRESS] --census YYYY-MM-DD [--la NNN] [-o FILE] [--generated YYYY-MM-DDTHH:MM:SS]\n"
		"       sendmis sen2 check FILE.xml [--la NNN]          (the checks on a file)\n"
		"       sendmis sen2 check [--db ADDRESS] --census YYYY-MM-DD   (the same on the records, before export)\n"
		"       sendmis sen2 import [--db ADDRESS] [--dry-run] [--queries] FILE.xml   (a return into the register)\n"
		"The DfE SEN2 person-level return for the collection whose census date is given, as XML\n"
		"(docs/sen2.md).  --la defaults to the configured la_code; -o to standard output;\n"
		"--generated (the header's DateTime) to now.  A summary goes to standard error.\n"
		"Exit status: export 0 written, 1 a store or write error; check 0 no errors, 1 errors\n"
		"(queries alone do not fail), 2 the file cannot be read or usage; import 0 imported (or,\n"
		"with --dry-run, would import), 1 errors: nothing imported, 2 the file cannot be read,\n"
		"the store failed, or usage.\n";
	struct opts o;
	if (load_config(&o, argc, argv, usage) < 0)
		return 2;
	if (o.argc >= 1 && !strcmp(o.argv[0], "check"))
		return sen2_check_cmd(&o, usage);
	if (o.argc >= 1 && !strcmp(o.argv[0], "import"))
		return sen2_import_cmd(&o, usage);
	if (o.argc < 1 || strcmp(o.argv[0], "export") != 0) {
		fprintf(stderr, "sendmis sen2: expected 'export', 'check' or 'import'\n%s", usage);
		return 2;
	}
	const char *census_s = NULL, *la = o.cfg.la_code, *path = NULL, *generated = NULL;
	for (int i = 1; i < o.argc; i++) {
		if (!strcmp(o.argv[i], "--census") && i + 1 < o.argc)
			census_s = o.argv[++i];
		else if (!strcmp(o.argv[i], "--la") && i + 1 < o.argc)
			la = o.argv[++i];
		else if (!strcmp(o.argv[i], "-o") && i + 1 < o.argc)
			path = o.argv[++i];
		else if (!strcmp(o.argv[i], "--generated") && i + 1 < o.argc)
			generated = o.argv[++i];
		else {
			fprintf(stderr, "sendmis sen2 export: unexpected argument '%s'\n%s", o.argv[i], usage);
			return 2;
		}
	}
	day_t census;
	if (!census_s) {
		fprintf(stderr, "sendmis sen2 export: --census is required\n%s", usage);
		return 2;
	}
	if (date_parse_iso(census_s, &census) < 0 || sen2_year_of_census(census) < 0) {
		fprintf(stderr, "sendmis sen2 export: --census: '%s' is not a SEN2 census date (the third Thursday of "
		                "January, from the table in docs/sen2.md)\n", census_s);
		return 2;
	}
	char la_code[4], why[64];
	if (validate_la_code(la, la_code, why, sizeof why) < 0 || strcmp(la_code, la)) {
		fprintf(stderr, "sendmis sen2 export: --la: '%s' is not a 3-digit LA code\n", la);
		return 2;
	}
	char now[20];
	if (generated) {
		int y, mo, dd, h, mi, se;
		char tail;
		if (strlen(generated) != 19 ||
		    sscanf(generated, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &dd, &h, &mi, &se, &tail) != 6) {
			fprintf(stderr, "sendmis sen2 export: --generated: '%s' is not YYYY-MM-DDTHH:MM:SS\n", generated);
			return 2;
		}
	} else {
		sen2_generated_now(now);
		generated = now;
	}
	db *d = open_db(&o.cfg);
	if (!d)
		return 1;
	FILE *f = path ? fopen(path, "wb") : stdout;
	if (!f) {
		fprintf(stderr, "sendmis sen2 export: -o: cannot write %s\n", path);
		db_close(d);
		return 1;
	}
	struct sen2_export_opts eo = {census, la, generated, SENDMIS_RELEASE, NULL, NULL};
	struct sen2_summary sum;
	char err[200];
	int rc = sen2_export(d, &eo, f, NULL, &sum, err, sizeof err);
	db_close(d);
	if ((path && fclose(f) != 0) || (!path && fflush(f) != 0))
		rc = -1, snprintf(err, sizeof err, "the file could not be written");
	if (rc < 0) {
		fprintf(stderr, "sendmis sen2 export: %s\n", err);
		if (path)
			remove(path);
		return 1;
	}
	fprintf(stderr, "sendmis sen2 export: SEN2 %d (census %s, LA %s): %lld people, %lld requests, %lld assessments, "
	                "%lld named plans (%lld ceased), %lld active plans, %lld placements, %lld needs\n",
	        sum.year, census_s, la, sum.persons, sum.requests, sum.assessments, sum.named_plans, sum.ceased,
	        sum.active_plans, sum.placements, sum.needs);
	return 0;
}

/* `sendmis provision check`: one provision item a line in, one JSON object a line out. */
static int cmd_person(int argc, char **argv)
{
	static const char usage[] =
		"usage: sendmis person export [--db ADDRESS] ID\n"
		"Writes everything held about one child or young person as one JSON document\n"
		"on standard output: the record, contacts, views, consents, plans with their\n"
		"versions and sections A-K, requests, reviews, placements, documents (metadata\n"
		"and checksum), notes, the statutory timeline and the audit of who viewed or\n"
		"changed the record (docs/person-export.md).  The export is itself audited.\n"
		"Exit status: 0 written; 1 no such person; 2 usage or a store error.\n";
	struct opts o;
	if (load_config(&o, argc, argv, usage) < 0)
		return 2;
	long long id;
	if (o.argc != 2 || strcmp(o.argv[0], "export") != 0) {
		fprintf(stderr, "sendmis person: %s\n%s", o.argc ? "unknown subcommand or arguments" : "say export ID", usage);
		return 2;
	}
	if (parse_int64(o.argv[1], 1, INT64_MAX, &id) < 0) {
		fprintf(stderr, "sendmis person export: ID must be a whole number from 1 (the person's number), not \"%s\"\n",
		        o.argv[1]);
		return 2;
	}
	db *d = open_db(&o.cfg);
	if (!d)
		return 2;
	int found;
	json_t *doc = person_export(d, id, &found);
	if (!doc) {
		if (found)
			fprintf(stderr, "sendmis person export: the store failed\n");
		else
			fprintf(stderr, "sendmis person export: there is no person %lld\n", id);
		db_close(d);
		return found ? 2 : 1;
	}
	int rc = 0;
	if (person_export_audit(d, (int64_t)time(NULL), 0, id) < 0) {
		fprintf(stderr, "sendmis person export: the audit row could not be written, so nothing is exported\n");
		rc = 2;
	} else if (json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII) < 0 || fputc('\n', stdout) == EOF ||
	           fflush(stdout) != 0) {
		fprintf(stderr, "sendmis person export: writing the document failed\n");
		rc = 2;
	}
	json_decref(doc);
	db_close(d);
	return rc;
}

static int cmd_provision(int argc, char **argv)
{
	static const char usage[] =
		"usage: sendmis provision check [--config FILE] < items.txt > findings.jsonl\n"
		"Reads UTF-8 text on standard input, one provision item a line, and writes\n"
		"for each non-empty line one JSON object on its own line, in order:\n"
		"  {\"line\": N, \"specified\": true|false, \"quantified\": true|false,\n"
		"   \"findings\": [{\"id\": \"...\", \"text\": \"...\"}]}\n"
		"quantified: it says how often and how long or how much; specified: it names\n"
		"who delivers it.  The terms are data/provision-terms.txt and the area's own\n"
		"(the provision_terms setting).  The contract is in docs/provision-check.md.\n"
		"Exit status: 0 every item is specified and quantified; 1 one is not; 2 bad\n"
		"input (not UTF-8 text: the message names the line) or a bad terms file.\n";
	struct opts o;
	if (load_config(&o, argc, argv, usage) < 0)
		return 2;
	if (o.argc != 1 || strcmp(o.argv[0], "check") != 0) {
		fprintf(stderr, "sendmis provision: %s\n%s", o.argc ? "unknown subcommand" : "say check", usage);
		return 2;
	}
	struct prov_terms t;
	char err[600];
	if (provision_terms_load(o.cfg.provision_terms, &t, err, sizeof err) < 0) {
		fprintf(stderr, "sendmis provision check: %s\n", err);
		return 2;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long n = 0;
	int rc = 0;
	while ((len = getline(&line, &cap, stdin)) >= 0) {
		n++;
		if (len && line[len - 1] == '\n')
			line[--len] = 0;
		if (len && line[len - 1] == '\r')
			line[--len] = 0;
		if ((size_t)len != strlen(line) || !text_is_clean(line, 0)) {
			fprintf(stderr, "sendmis provision check: line %ld: not UTF-8 text (an invalid byte, a NUL or a control "
			                "character)\n", n);
			rc = 2;
			break;
		}
		const char *p = line;
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			continue;
		struct prov_result res;
		if (prov_check(&t, line, &res) < 0) {
			fprintf(stderr, "sendmis provision check: line %ld: out of memory\n", n);
			rc = 2;
			break;
		}
		json_t *fs = json_array();
		for (int i = 0; i < res.nf; i++)
			json_array_append_new(fs, json_pack("{s:s, s:s}", "id", res.f[i].id, "text", res.f[i].text));
		json_t *obj = json_pack("{s:I, s:b, s:b, s:o}", "line", (json_int_t)n, "specified", res.specified,
		                        "quantified", res.quantified, "findings", fs);
		char *out = obj ? json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
		json_decref(obj);
		if (!out) {
			fprintf(stderr, "sendmis provision check: line %ld: out of memory\n", n);
			rc = 2;
			break;
		}
		puts(out);
		free(out);
		if (!res.specified || !res.quantified)
			rc = 1;
	}
	if (rc != 2 && ferror(stdin)) {
		fprintf(stderr, "sendmis provision check: standard input cannot be read\n");
		rc = 2;
	}
	free(line);
	prov_terms_free(&t);
	if (fflush(stdout) != 0)
		return 2;
	return rc;
}

static int cmd_db(int argc, char **argv)
{
	static const char usage[] =
		"usage: sendmis db copy --from ADDRESS --to ADDRESS\n"
		"Copies a whole local area from one database to another: SQLite to PostgreSQL,\n"
		"or back (an ADDRESS is a SQLite file's path or a postgresql:// URI).  Both are\n"
		"migrated first; the target must hold no records (a new database).  The source\n"
		"is read as at one moment (a server may go on using it); the target is written\n"
		"in one transaction, which commits only if every table's row count matches.\n"
		"Then the target's stored clock is checked as `sendmis clock verify` does.\n"
		"Exit status: 0 copied and verified; 1 copied, but the clock check differs;\n"
		"2 usage or nothing copied.\n";
	struct opts o;
	if (load_config(&o, argc, argv, usage) < 0)
		return 2;
	const char *from = NULL, *to = NULL;
	int copy = 0;
	for (int i = 0; i < o.argc; i++) {
		if (!strcmp(o.argv[i], "copy") && i == 0)
			copy = 1;
		else if (!strcmp(o.argv[i], "--from") && i + 1 < o.argc)
			from = o.argv[++i];
		else if (!strcmp(o.argv[i], "--to") && i + 1 < o.argc)
			to = o.argv[++i];
		else {
			fprintf(stderr, "sendmis db: unexpected argument '%s'\n%s", o.argv[i], usage);
			return 2;
		}
	}
	if (!copy || !from || !to) {
		fprintf(stderr, "sendmis db: %s\n%s", !copy ? "say copy" : "--from and --to are both needed", usage);
		return 2;
	}
	if (!strcmp(from, to)) {
		fprintf(stderr, "sendmis db copy: --from and --to are the same database\n");
		return 2;
	}
	char wf[512], wt[512];
	db_address_describe(from, wf, sizeof wf);
	db_address_describe(to, wt, sizeof wt);
	db *s = open_address("sendmis db copy", from);
	db *t = s ? open_address("sendmis db copy", to) : NULL;
	if (!t) {
		db_close(s);
		return 2;
	}
	fprintf(stderr, "sendmis db copy: from %s to %s\n", wf, wt);
	char err[1024];
	int rc = db_copy(s, t, stderr, err, sizeof err);
	db_close(s);
	if (rc < 0) {
		fprintf(stderr, "sendmis db copy: %s; the target is unchanged\n", err);
		db_close(t);
		return 2;
	}
	fprintf(stderr, "sendmis db copy: every table's rows copied and counted\n");
	day_t today;
	today_or(NULL, &today);
	rc = verify_clock("sendmis db copy: clock verify", t, today);
	db_close(t);
	return rc;
}

static int cmd_backup(int argc, char **argv)
{
	static const char usage[] =
		"usage: sendmis backup [--db ADDRESS] -o FILE\n"
		"Backs up the whole database as at one moment, while servers go on using it:\n"
		"SQLite by its online backup (FILE is a SQLite database), PostgreSQL by pg_dump\n"
		"(custom format).  Uploaded documents are in the database, so in the backup.\n"
		"FILE.json, its manifest, records the format, the schema version, each table's\n"
		"rows and FILE's SHA-256; `sendmis restore` checks all three.\n"
		"Exit status: 0 written; 1 failed (nothing left under FILE); 2 usage.\n";
	struct opts o;
	if (load_config(&o, argc, argv, usage) < 0)
		return 2;
	const char *out = NULL;
	for (int i = 0; i < o.argc; i++) {
		if (!strcmp(o.argv[i], "-o") && i + 1 < o.argc)
			out = o.argv[++i];
		else {
			fprintf(stderr, "sendmis backup: unexpected argument '%s'\n%s", o.argv[i], usage);
			return 2;
		}
	}
	if (!out) {
		fprintf(stderr, "sendmis backup: -o FILE is needed\n%s", usage);
		return 2;
	}
	if (sodium_init() < 0)
		return 1;
	db *d = open_address("sendmis backup", o.cfg.db_path);
	if (!d)
		return 1;
	char err[1024];
	int rc = backup_write(d, out, stderr, err, sizeof err);
	db_close(d);
	if (rc < 0) {
		fprintf(stderr, "sendmis backup: %s\n", err);
		return 1;
	}
	return 0;
}

static int cmd_restore(int argc, char **argv)
{
	static const char usage[] =
		"usage: sendmis restore FILE --db ADDRESS\n"
		"Restores a backup `sendmis backup` made into a new database: FILE's SHA-256\n"
		"must match its manifest (FILE.json), and the target must hold nothing.  A\n"
		"SQLite backup restores into either store; a pg_dump backup into PostgreSQL.\n"
		"Then each table's rows are checked against the manifest, and the stored\n"
		"clock as `sendmis clock verify` checks it.\n"
		"Exit status: 0 restored and verified; 1 restored, but a check differs;\n"
		"2 usage, or nothing restored.\n";
	struct opts o;
	if (load_config(&o, argc, argv, usage) < 0)
		return 2;
	if (o.argc != 1) {
		fprintf(stderr, "sendmis restore: %s\n%s", o.argc ? "one FILE only" : "which backup FILE?", usage);
		return 2;
	}
	if (sodium_init() < 0)
		return 2;
	const char *file = o.argv[0], *to = o.cfg.db_path;
	char err[1024], where[512];
	struct backup_manifest m;
	if (backup_check(file, &m, err, sizeof err) < 0) {
		fprintf(stderr, "sendmis restore: %s; nothing restored\n", err);
		return 2;
	}
	db_address_describe(to, where, sizeof where);
	fprintf(stderr, "sendmis restore: %s (%s, schema version %d) into %s\n", file, m.format, m.schema_version, where);
	db *t = NULL;
	if (!strcmp(m.format, "pg_dump")) {
		if (db_restore_pg_dump(file, to, err, sizeof err) < 0) {
			fprintf(stderr, "sendmis restore: %s; nothing restored\n", err);
			backup_manifest_free(&m);
			return 2;
		}
		t = open_address("sendmis restore", to);
	} else {
		/* the backup is read from a copy: opening a SQLite file may write to it */
		char tmp[] = "/tmp/sendmis-restore-XXXXXX";
		int fd = mkstemp(tmp);
		FILE *in = fopen(file, "rb"), *outf = fd >= 0 ? fdopen(fd, "wb") : NULL;
		int ok = in && outf;
		char b[65536];
		size_t n;
		while (ok && (n = fread(b, 1, sizeof b, in)) > 0)
			ok = fwrite(b, 1, n, outf) == n;
		ok = ok && !ferror(in);
		if (in)
			fclose(in);
		if (outf && fclose(outf) != 0)
			ok = 0;
		else if (!outf && fd >= 0)
			close(fd);
		db *s = ok ? open_address("sendmis restore", tmp) : NULL;
		t = s ? open_address("sendmis restore", to) : NULL;
		int rc = t ? db_copy(s, t, stderr, err, sizeof err) : -1;
		db_close(s);
		unlink(tmp);
		char side[300];
		snprintf(side, sizeof side, "%s-wal", tmp);
		unlink(side);
		snprintf(side, sizeof side, "%s-shm", tmp);
		unlink(side);
		if (rc < 0) {
			fprintf(stderr, "sendmis restore: %s; nothing restored\n", t ? err : !ok ? "cannot copy the backup to /tmp" : "the target cannot be opened");
			db_close(t);
			backup_manifest_free(&m);
			return 2;
		}
	}
	if (!t) {
		backup_manifest_free(&m);
		return 2;
	}
	int rc = 0;
	if (db_schema_version(t) == m.schema_version) {
		int differ = backup_compare(t, &m, stderr);
		fprintf(stderr, "sendmis restore: %d tables' rows %s\n", m.ntables,
		        differ ? "checked: some differ from the manifest" : "checked against the manifest: all alike");
		rc = differ ? 1 : 0;
	} else
		fprintf(stderr, "sendmis restore: migrated from schema version %d to %d, so rows are not compared with the manifest\n",
		        m.schema_version, db_schema_version(t));
	day_t today;
	today_or(NULL, &today);
	int c = verify_clock("sendmis restore: clock verify", t, today);
	db_close(t);
	backup_manifest_free(&m);
	return rc || c ? 1 : 0;
}

int main(int argc, char **argv)
{
	static const struct { const char *name; int (*fn)(int, char **); } cmds[] = {
		{"serve", cmd_serve}, {"migrate", cmd_migrate}, {"user", cmd_user},
		{"demo", cmd_demo}, {"config", cmd_config}, {"clock", cmd_clock}, {"jobs", cmd_jobs},
		{"contacts", cmd_contacts}, {"kpi", cmd_kpi}, {"sen2", cmd_sen2}, {"plan", cmd_plan},
		{"provision", cmd_provision}, {"person", cmd_person}, {"db", cmd_db},
		{"backup", cmd_backup}, {"restore", cmd_restore},
	};
	setvbuf(stderr, NULL, _IOLBF, 0);
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		fputs(usage_main, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		if (strcmp(argv[1], cmds[i].name) == 0)
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "sendmis: unknown command '%s'\n%s", argv[1], usage_main);
	return 2;
}
