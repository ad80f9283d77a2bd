/* Unit tests: buf, HTML/CSV emitters, config table, review rule. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include "core/grow.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>
#include "core/buf.h"
#include "core/review.h"
#include "web/html.h"
#include "domain/config.h"
#include "store/db.h"

static void test_buf_cap_and_sticky_error(void **state)
{
	buf b;
	buf_init(&b, 8);
	buf_puts(&b, "12345678");
	assert_false(b.err);
	assert_string_equal(buf_cstr(&b), "12345678");
	buf_puts(&b, "9");                 /* over the cap */
	assert_true(b.err);
	buf_puts(&b, "x");                 /* ignored once in error */
	assert_int_equal(b.len, 8);
	assert_string_equal(buf_cstr(&b), "12345678");
	buf_reset(&b);
	assert_false(b.err);
	buf_printf(&b, "%d-%s", 42, "ab");
	assert_string_equal(buf_cstr(&b), "42-ab");
	buf_free(&b);
	buf_init(&b, 0);
	assert_string_equal(buf_cstr(&b), "");
	for (int i = 0; i < 10000; i++)
		buf_putc(&b, 'a');
	assert_int_equal(b.len, 10000);
	size_t n;
	char *p = buf_detach(&b, &n);
	assert_int_equal(n, 10000);
	assert_int_equal(strlen(p), 10000);
	free(p);
	assert_int_equal(b.len, 0);
}

static void test_html_escaping(void **state)
{
	html b = HTML_INIT;
	html_text(&b, "\"><script>alert(1)</script>'&");
	assert_string_equal(html_cstr(&b), "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&#39;&amp;");
	html_reset(&b);
	html_attr(&b, "a\"b'c");
	assert_string_equal(html_cstr(&b), "a&quot;b&#39;c");
	buf u = BUF_INIT;   /* a URL is built as text, not HTML */
	html_urlc(&u, "a b&c=d/é");
	assert_string_equal(buf_cstr(&u), "a%20b%26c%3Dd%2F%C3%A9");
	buf_free(&u);
	html_reset(&b);
	html_lit(&b, "<p>");
	html_int(&b, -5);
	assert_string_equal(html_cstr(&b), "<p>-5");
	html_reset(&b);
	html_decimal(&b, 12.25, 1);
	html_lit(&b, " ");
	html_decimal(&b, 3, 0);
	assert_string_equal(html_cstr(&b), "12.2 3");
	html_reset(&b);
	html_date(&b, "2024-02-29", "none");
	assert_string_equal(html_cstr(&b), "29 February 2024");
	html_reset(&b);
	html_date(&b, "2024-02-30", "none");
	assert_string_equal(html_cstr(&b), "none");
	/* dates inside a message, escaped as text: only real dates standing on their own */
	html_reset(&b);
	html_text_dates(&b, "CeaseDate 2025-03-01 is before StartDate 2025-04-16 <x>");
	assert_string_equal(html_cstr(&b), "CeaseDate 1 March 2025 is before StartDate 16 April 2025 &lt;x&gt;");
	html_reset(&b);
	html_text_dates(&b, "2024-02-29");
	assert_string_equal(html_cstr(&b), "29 February 2024");
	html_reset(&b);
	html_text_dates(&b, "X '2024-02-30' and 12024-01-011 and 2024-01-01Z and YYYY-MM-DD");
	assert_string_equal(html_cstr(&b), "X &#39;2024-02-30&#39; and 12024-01-011 and 2024-01-01Z and YYYY-MM-DD");
	html_reset(&b);
	html_text_dates(&b, "");
	assert_string_equal(html_cstr(&b), "");
	html_text_dates(&b, NULL);
	assert_string_equal(html_cstr(&b), "");
	/* a page marked failed stays failed until it is started again */
	html_fail(&b);
	assert_true(html_failed(&b));
	html_reset(&b);
	assert_false(html_failed(&b));
	html_free(&b);
}

static void test_csv_cells(void **state)
{
	buf b = BUF_INIT;
	csv_cell(&b, "plain");
	buf_putc(&b, ',');
	csv_cell(&b, "a,b");
	buf_putc(&b, ',');
	csv_cell(&b, "say \"hi\"");
	buf_putc(&b, ',');
	csv_cell(&b, "=HYPERLINK(\"x\")");
	buf_putc(&b, ',');
	csv_cell(&b, "@SUM(A1)");
	buf_putc(&b, ',');
	csv_cell(&b, "2024-01-01");
	assert_string_equal(buf_cstr(&b),
	                    "plain,\"a,b\",\"say \"\"hi\"\"\",\"'=HYPERLINK(\"\"x\"\")\",\"'@SUM(A1)\",2024-01-01");
	buf_free(&b);
}

static void test_config_table(void **state)
{
	struct config c;
	char err[256];
	config_defaults(&c);
	assert_string_equal(c.listen, "127.0.0.1:8080");
	assert_string_equal(c.la_code, "999");
	assert_int_equal(c.visit_overdue_months, 12);
	assert_int_equal(config_set(&c, "threads", "8", err, sizeof err), 0);
	assert_int_equal(c.threads, 8);
	assert_int_equal(config_set(&c, "threads", "0", err, sizeof err), -1);
	assert_non_null(strstr(err, "threads"));
	assert_int_equal(config_set(&c, "threads", "8x", err, sizeof err), -1);
	assert_int_equal(config_set(&c, "la_code", "12", err, sizeof err), -1);
	assert_non_null(strstr(err, "la_code"));
	assert_int_equal(config_set(&c, "nonsense", "1", err, sizeof err), -1);
	assert_non_null(strstr(err, "unknown setting"));
	char longv[700];
	memset(longv, 'a', sizeof longv - 1);
	longv[sizeof longv - 1] = 0;
	assert_int_equal(config_set(&c, "db", longv, err, sizeof err), -1);
	assert_non_null(strstr(err, "too long"));
	/* a file with a bad line names the file and line */
	char path[] = "/tmp/sendmis-conf-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fputs("# comment\nlisten = 127.0.0.1:9000\n\nvisit_overdue_months = 6\nbogus line\n", f);
	fclose(f);
	config_defaults(&c);
	assert_int_equal(config_load_file(&c, path, err, sizeof err), -1);
	assert_non_null(strstr(err, ":5:"));
	assert_string_equal(c.listen, "127.0.0.1:9000");
	assert_int_equal(c.visit_overdue_months, 6);
	unlink(path);
	setenv("SENDMIS_PAGE_SIZE", "25", 1);
	assert_int_equal(config_load_env(&c, err, sizeof err), 0);
	assert_int_equal(c.page_size, 25);
	setenv("SENDMIS_PAGE_SIZE", "2", 1);
	assert_int_equal(config_load_env(&c, err, sizeof err), -1);
	assert_non_null(strstr(err, "SENDMIS_PAGE_SIZE"));
	unsetenv("SENDMIS_PAGE_SIZE");
}

/* public_url: validated and normalised when set, and required once email is on. */
static void test_config_public_url(void **state)
{
	struct config c;
	char err[256];
	config_defaults(&c);
	assert_string_equal(c.public_url, "");           /* never the listening address */
	assert_int_equal(config_check(&c, err, sizeof err), 0);   /* email off: not needed */
	assert_int_equal(config_set(&c, "smtp_url", "smtp://mail.example.gov.uk:587", err, sizeof err), 0);
	assert_int_equal(config_check(&c, err, sizeof err), -1);
	assert_non_null(strstr(err, "public_url: must be set when smtp_url is set"));
	assert_int_equal(config_set(&c, "public_url", "https://sendmis.example.gov.uk/", err, sizeof err), 0);
	assert_string_equal(c.public_url, "https://sendmis.example.gov.uk");
	assert_int_equal(config_check(&c, err, sizeof err), 0);
	assert_int_equal(config_set(&c, "public_url", "https://sendmis.example.gov.uk/?x=1", err, sizeof err), -1);
	assert_non_null(strstr(err, "public_url: must not have a query"));
	assert_string_equal(c.public_url, "https://sendmis.example.gov.uk");   /* unchanged */
	setenv("SENDMIS_PUBLIC_URL", "sendmis.example.gov.uk", 1);
	assert_int_equal(config_load_env(&c, err, sizeof err), -1);
	assert_non_null(strstr(err, "SENDMIS_PUBLIC_URL: public_url: must start http:// or https://"));
	unsetenv("SENDMIS_PUBLIC_URL");
}

static void test_instant_and_qs(void **state)
{
	html h = HTML_INIT;
	setenv("TZ", "Europe/London", 1);
	tzset();
	html_instant(&h, "2024-03-05T14:05:00Z");      /* GMT in March */
	assert_string_equal(html_cstr(&h), "5 March 2024 at 2:05pm");
	html_reset(&h);
	html_instant(&h, "2024-07-01T23:30:00Z");      /* BST: next day, local */
	assert_string_equal(html_cstr(&h), "2 July 2024 at 12:30am");
	html_reset(&h);
	html_instant(&h, "not a time<");
	assert_string_equal(html_cstr(&h), "not a time&lt;");
	html_free(&h);
	buf b = BUF_INIT;
	html_qs(&b, "q", "a b&c");
	html_qs(&b, "empty", "");
	html_qs(&b, "n", NULL);
	html_qs(&b, "s", "x");
	assert_string_equal(buf_cstr(&b), "q=a%20b%26c&s=x&");
	html_qs_end(&b);
	assert_string_equal(buf_cstr(&b), "q=a%20b%26c&s=x");
	/* only a trailing '&' goes: a query with no pairs keeps its '?' */
	buf_reset(&b);
	buf_puts(&b, "/x?");
	html_qs(&b, "empty", "");
	html_qs_end(&b);
	assert_string_equal(buf_cstr(&b), "/x?");
	buf_free(&b);
}

static void test_like_pattern(void **state)
{
	char out[16];
	assert_int_equal(db_like_pattern("ab", out, sizeof out), 0);
	assert_string_equal(out, "%ab%");
	assert_int_equal(db_like_pattern("5%_\\", out, sizeof out), 0);
	assert_string_equal(out, "%5\\%\\_\\\\%");
	assert_int_equal(db_like_pattern("", out, sizeof out), 0);
	assert_string_equal(out, "");
	assert_int_equal(db_like_pattern("0123456789abcd", out, sizeof out), -1);
	assert_string_equal(out, "");
}

static void test_review_next_due(void **state)
{
	day_t issue, dec, want;
	char out[11];
	struct clock_settings cs;
	clock_settings_default(&cs);
	const struct clock_settings *S = &cs;
	assert_int_equal(date_parse_iso("2024-03-15", &issue), 0);
	date_format_iso(review_next_due(S, issue, DATE_NONE), out);
	assert_string_equal(out, "2025-03-14");
	assert_int_equal(date_parse_iso("2025-02-10", &dec), 0);
	date_format_iso(review_next_due(S, issue, dec), out);
	assert_string_equal(out, "2026-02-09");
	assert_int_equal(date_parse_iso("2024-02-29", &dec), 0);
	assert_int_equal(date_parse_iso("2025-02-28", &want), 0);
	assert_int_equal(review_next_due(S, issue, dec), want);
	assert_int_equal(review_next_due(S, DATE_NONE, DATE_NONE), DATE_NONE);
	/* an area that counts to the anniversary itself */
	cs.year = YEAR_ANNIVERSARY;
	date_format_iso(review_next_due(S, issue, DATE_NONE), out);
	assert_string_equal(out, "2025-03-15");
}

/* One way to grow an array: doubling from the first size, and a refusal
 * (the array as it was) when the size would overflow. */
static void test_array_reserve(void **state)
{
	(void)state;
	int *v = NULL, cap = 0;
	assert_int_equal(ARRAY_RESERVE(v, cap, 1, 4), 0);
	assert_int_equal(cap, 4);
	for (int i = 0; i < 4; i++)
		v[i] = i;
	assert_int_equal(ARRAY_RESERVE(v, cap, 4, 4), 0);   /* room already */
	assert_int_equal(cap, 4);
	assert_int_equal(ARRAY_RESERVE(v, cap, 9, 4), 0);
	assert_int_equal(cap, 16);
	assert_int_equal(v[3], 3);                            /* kept */
	int *before = v;
	struct big { char b[1 << 20]; } *w = NULL;
	int wcap = 0;
	assert_int_equal(ARRAY_RESERVE(w, wcap, INT_MAX, 1), -1);   /* more than memory can be asked */
	assert_null(w);
	assert_int_equal(wcap, 0);
	assert_int_equal(ARRAY_RESERVE(v, cap, -1, 4), 0);    /* nothing needed */
	assert_ptr_equal(v, before);
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_cap_and_sticky_error),
		cmocka_unit_test(test_array_reserve),
		cmocka_unit_test(test_html_escaping),
		cmocka_unit_test(test_csv_cells),
		cmocka_unit_test(test_config_table),
		cmocka_unit_test(test_config_public_url),
		cmocka_unit_test(test_review_next_due),
		cmocka_unit_test(test_instant_and_qs),
		cmocka_unit_test(test_like_pattern),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
