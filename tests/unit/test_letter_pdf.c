/* test_letter_pdf.c — cmocka tests for render/letter_pdf.c
 *
 * DESIGN: the PDF is checked from the outside, as a reader would see it:
 * each rendered letter is written to a mkstemp file and read back with
 * poppler's pdftotext (text) and pdfinfo (metadata, page count), which share
 * no code with cairo.  Whitespace in the extracted text is squashed to
 * single spaces so the checks do not depend on where a line wrapped.  Long
 * letters carry a unique numbered token per paragraph (or per word of one
 * giant paragraph) so "every line is on some page, exactly once, in order"
 * is a counting check.  poppler-utils is a required test dependency: if
 * pdftotext is missing the tests fail and say so.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "render/letter.h"

/* ---- helpers --------------------------------------------------------- */

static void need_poppler(void)
{
	if (system("command -v pdftotext >/dev/null 2>&1 && command -v pdfinfo >/dev/null 2>&1") != 0)
		fail_msg("pdftotext/pdfinfo not found: poppler-utils is a required test "
			 "dependency (apt-get install poppler-utils)");
}

/* Collapses every run of whitespace (spaces, newlines, form feeds) into a
 * single space.  Caller frees. */
static char *squash(const char *s)
{
	char *o = malloc(strlen(s) + 1), *w = o;
	assert_non_null(o);
	int sp = 0;
	for (; *s; s++) {
		if (*s == ' ' || *s == '\n' || *s == '\f' || *s == '\t' || *s == '\r') {
			sp = 1;
			continue;
		}
		if (sp && w > o)
			*w++ = ' ';
		sp = 0;
		*w++ = *s;
	}
	*w = 0;
	return o;
}

/* Runs `tool FILE tail` on the PDF; returns its squashed output (caller
 * frees). */
static char *poppler(const buf *pdf, const char *tool, const char *tail)
{
	char path[] = "/tmp/test_letter_pdf.XXXXXX", cmd[256];
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, pdf->p, pdf->len), (ssize_t)pdf->len);
	assert_int_equal(close(fd), 0);

	snprintf(cmd, sizeof cmd, "%s '%s'%s 2>&1", tool, path, tail);
	FILE *f = popen(cmd, "r");
	assert_non_null(f);
	buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	int st = pclose(f);
	unlink(path);
	if (st != 0)
		fail_msg("%s failed (status %d): %s", tool, st, buf_cstr(&b));
	assert_false(b.err);
	char *s = squash(buf_cstr(&b));
	buf_free(&b);
	return s;
}

static char *pdf_text(const buf *pdf)
{
	return poppler(pdf, "pdftotext -layout", " -");
}

static char *pdf_info(const buf *pdf)
{
	return poppler(pdf, "pdfinfo", "");
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0, len = strlen(needle);
	for (const char *p = hay; (p = strstr(p, needle)); p += len)
		n++;
	return n;
}

#define assert_has(hay, needle) do { \
	if (!strstr((hay), (needle))) \
		fail_msg("expected \"%s\" in the PDF text:\n%s", (needle), (hay)); \
} while (0)

static void render(const struct letter_doc *d, buf *out)
{
	char err[200] = "";
	int rc = letter_pdf(d, out, err, sizeof err);
	if (rc != 0)
		fail_msg("letter_pdf failed: %s", err);
	assert_true(out->len > 5);
	assert_memory_equal(out->p, "%PDF-", 5);
}

/* "Page 1 of M" -> M, checking "Page k of M" for every k. */
static int page_count(const char *text)
{
	const char *p = strstr(text, "Page 1 of ");
	assert_non_null(p);
	int m = atoi(p + strlen("Page 1 of "));
	assert_true(m >= 1);
	for (int k = 1; k <= m + 1; k++) {
		char t[64];
		snprintf(t, sizeof t, "Page %d of %d", k, m);
		assert_int_equal(count(text, t), k <= m ? 1 : 0);
	}
	return m;
}

static const struct letter_block basic_blocks[] = {
	{ LB_HEADING, "What happens next" },
	{ LB_PARA, "Zo\xc3\xab\xe2\x80\x99s plan \xe2\x80\x93 \xc2\xa3" "5 has been agreed." },
	{ LB_PARA, "Literal <b>&amp; & <i>tags</i> stay as typed." },
	{ LB_BULLET, "First bullet item" },
	{ LB_BULLET, "Second bullet item, long enough to wrap onto a second line of the "
		     "letter so that the hanging indent is exercised by the renderer." },
	{ LB_BULLET, "Third bullet item" },
	{ LB_PARA, "Yours sincerely," },
};

static const struct letter_doc basic_doc = {
	.la_name = "Anytown Borough Council",
	.la_address = "SEND Team\nTown Hall\nHigh Street\nAnytown AN1 2BC",
	.date_text = "1 December 2026",
	.case_ref = "SM-000123",
	.title = "Decision to carry out an EHC needs assessment",
	.blocks = basic_blocks,
	.nblocks = (int)(sizeof basic_blocks / sizeof basic_blocks[0]),
	.legal = "SEND Regulations 2014, regulation 5",
};

/* ---- tests ----------------------------------------------------------- */

static void test_basic_letter(void **state)
{
	(void)state;
	need_poppler();
	buf b = BUF_INIT;
	render(&basic_doc, &b);
	char *t = pdf_text(&b);

	assert_has(t, "Anytown Borough Council");
	assert_has(t, "Town Hall");
	assert_has(t, "Anytown AN1 2BC");
	assert_has(t, "Our reference: SM-000123");
	assert_has(t, "1 December 2026");
	assert_has(t, "Decision to carry out an EHC needs assessment");
	assert_has(t, "What happens next");
	assert_has(t, "Zo\xc3\xab\xe2\x80\x99s plan \xe2\x80\x93 \xc2\xa3" "5 has been agreed.");
	/* plain text, not markup: the tags and the entity print as typed */
	assert_has(t, "Literal <b>&amp; & <i>tags</i> stay as typed.");
	assert_int_equal(count(t, "&amp;amp;"), 0);
	assert_has(t, "\xe2\x80\xa2 First bullet item");
	assert_has(t, "\xe2\x80\xa2 Second bullet item");
	assert_has(t, "hanging indent is exercised");
	assert_has(t, "\xe2\x80\xa2 Third bullet item");
	assert_int_equal(count(t, "\xe2\x80\xa2"), 3);
	assert_has(t, "SEND Regulations 2014, regulation 5");
	assert_has(t, "Page 1 of 1");
	assert_int_equal(page_count(t), 1);
	free(t);

	char *info = pdf_info(&b);
	assert_has(info, "Title: Decision to carry out an EHC needs assessment");
	assert_has(info, "Creator: sendmis");
	assert_has(info, "Pages: 1");
	assert_has(info, "Page size: 595.276 x 841.89 pts (A4)");
	free(info);
	buf_free(&b);
}

/* The recipient's address block prints on the left, before the reference. */
static void test_recipient_block(void **state)
{
	(void)state;
	need_poppler();
	buf b = BUF_INIT;
	struct letter_doc d = basic_doc;
	d.recipient = "Ms Aisha Khan\n12 Mill Lane\nAnytown\nAN1 4DE";
	render(&d, &b);
	char *t = pdf_text(&b);
	assert_has(t, "Ms Aisha Khan");
	assert_has(t, "12 Mill Lane");
	assert_has(t, "AN1 4DE");
	assert_true(strstr(t, "Ms Aisha Khan") < strstr(t, "Our reference: SM-000123"));
	free(t);
	buf_free(&b);
	/* not UTF-8: refused, naming the field */
	d.recipient = "Ms \xff";
	char err[200] = "";
	assert_int_equal(letter_pdf(&d, &b, err, sizeof err), -1);
	assert_non_null(strstr(err, "recipient"));
	buf_free(&b);
}

static void test_long_letter(void **state)
{
	(void)state;
	need_poppler();
	enum { N = 200 };
	static char text[N][200];
	static struct letter_block blocks[N + 10];
	int nb = 0;
	for (int i = 0; i < N; i++) {
		if (i % 40 == 0)
			blocks[nb++] = (struct letter_block){ LB_HEADING, "Section heading" };
		snprintf(text[i], sizeof text[i],
			 "[P%03d] This paragraph is long enough to wrap across more than one "
			 "line of the letter, so that page ends fall inside paragraphs.", i + 1);
		blocks[nb++] = (struct letter_block){ i % 7 == 3 ? LB_BULLET : LB_PARA, text[i] };
	}
	struct letter_doc d = basic_doc;
	d.blocks = blocks;
	d.nblocks = nb;

	buf b = BUF_INIT;
	render(&d, &b);
	char *t = pdf_text(&b);
	assert_has(t, "Page 3 of");
	int m = page_count(t);
	assert_true(m >= 3);
	/* every paragraph exactly once, and in order */
	const char *prev = t;
	for (int i = 1; i <= N; i++) {
		char tok[16];
		snprintf(tok, sizeof tok, "[P%03d]", i);
		if (count(t, tok) != 1)
			fail_msg("%s appears %zu times", tok, count(t, tok));
		const char *at = strstr(t, tok);
		assert_true(at > prev);
		prev = at;
	}
	assert_int_equal(count(t, "fall inside paragraphs."), N);
	assert_int_equal(count(t, "SEND Regulations 2014, regulation 5"), m);
	free(t);

	char *info = pdf_info(&b);
	char pages[32];
	snprintf(pages, sizeof pages, "Pages: %d ", m);
	assert_has(info, pages);
	free(info);
	buf_free(&b);
}

/* One paragraph taller than a page is split line by line. */
static void test_giant_paragraph(void **state)
{
	(void)state;
	need_poppler();
	enum { W = 1500 };
	buf p = BUF_INIT;
	for (int i = 1; i <= W; i++)
		buf_printf(&p, "w%04d ", i);
	assert_false(p.err);
	struct letter_block blk[] = { { LB_PARA, buf_cstr(&p) }, { LB_HEADING, "After" } };
	struct letter_doc d = { .title = "Giant", .blocks = blk, .nblocks = 2 };

	buf b = BUF_INIT;
	render(&d, &b);
	char *t = pdf_text(&b);
	assert_true(page_count(t) >= 2);
	const char *prev = t;
	for (int i = 1; i <= W; i++) {
		char tok[16];
		snprintf(tok, sizeof tok, "w%04d", i);
		if (count(t, tok) != 1)
			fail_msg("%s appears %zu times", tok, count(t, tok));
		const char *at = strstr(t, tok);
		assert_true(at > prev);
		prev = at;
	}
	assert_has(t, "After");
	free(t);
	buf_free(&b);
	buf_free(&p);
}

static void test_empty_fields(void **state)
{
	(void)state;
	need_poppler();
	/* everything NULL */
	struct letter_doc none = { 0 };
	buf b = BUF_INIT;
	render(&none, &b);
	char *t = pdf_text(&b);
	assert_string_equal(t, "Page 1 of 1");
	free(t);
	buf_free(&b);

	/* everything empty, blocks with no text, a count without blocks */
	struct letter_block blk[] = { { LB_HEADING, NULL }, { LB_PARA, "" },
				      { LB_BULLET, NULL }, { (enum letter_block_kind)99, "odd kind" } };
	struct letter_doc empty = { "", "", "", "", "", blk, 4, "", "" };
	render(&empty, &b);
	t = pdf_text(&b);
	assert_string_equal(t, "odd kind Page 1 of 1");
	free(t);
	buf_free(&b);

	struct letter_doc noblocks = { .la_name = "Council", .blocks = NULL, .nblocks = 5 };
	render(&noblocks, &b);
	buf_free(&b);
	struct letter_doc negative = { .title = "T", .blocks = blk, .nblocks = -3 };
	render(&negative, &b);
	char *info = pdf_info(&b);
	assert_has(info, "Title: T ");
	free(info);
	buf_free(&b);

	/* untitled: no Title metadata at all */
	render(&none, &b);
	info = pdf_info(&b);
	assert_null(strstr(info, "Title:"));
	assert_has(info, "Creator: sendmis");
	free(info);
	buf_free(&b);
}

static void test_bad_arguments(void **state)
{
	(void)state;
	char err[200];
	buf b = BUF_INIT;

	err[0] = 0;
	assert_int_equal(letter_pdf(NULL, &b, err, sizeof err), -1);
	assert_true(err[0] != 0);
	err[0] = 0;
	assert_int_equal(letter_pdf(&basic_doc, NULL, err, sizeof err), -1);
	assert_true(err[0] != 0);
	assert_int_equal(letter_pdf(NULL, NULL, NULL, 0), -1);   /* no err buffer */

	/* invalid UTF-8 is refused, the field named */
	struct letter_doc d = basic_doc;
	d.title = "bad \xc3\x28 byte";
	assert_int_equal(letter_pdf(&d, &b, err, sizeof err), -1);
	assert_string_equal(err, "letter: title is not valid UTF-8");
	assert_int_equal(b.len, 0);
	struct letter_block blk[] = { { LB_PARA, "ok" }, { LB_BULLET, "\xff" } };
	d = basic_doc;
	d.blocks = blk;
	d.nblocks = 2;
	assert_int_equal(letter_pdf(&d, &b, err, sizeof err), -1);
	assert_string_equal(err, "letter: block 2 is not valid UTF-8");

	/* the buffer's cap is reached: error, and the buffer is as it was */
	buf small;
	buf_init(&small, 3000);
	buf_puts(&small, "keep");
	assert_int_equal(letter_pdf(&basic_doc, &small, err, sizeof err), -1);
	assert_non_null(strstr(err, "too large"));
	assert_int_equal(small.len, 4);
	assert_false(small.err);
	assert_string_equal(buf_cstr(&small), "keep");
	buf_free(&small);

	/* a tiny err buffer is truncated, not overrun */
	char tiny[4];
	assert_int_equal(letter_pdf(NULL, &b, tiny, sizeof tiny), -1);
	assert_int_equal(strlen(tiny), 3);
	buf_free(&b);
}

static void test_appends(void **state)
{
	(void)state;
	buf b = BUF_INIT;
	buf_puts(&b, "xyz");
	char err[200];
	assert_int_equal(letter_pdf(&basic_doc, &b, err, sizeof err), 0);
	assert_memory_equal(b.p, "xyz%PDF-", 8);
	assert_int_equal(b.p[b.len], 0);
	buf_free(&b);
}

static void *worker(void *arg)
{
	int *ok = arg;
	for (int i = 0; i < 3; i++) {
		buf b = BUF_INIT;
		char err[200];
		if (letter_pdf(&basic_doc, &b, err, sizeof err) == 0 && b.len > 5 &&
		    memcmp(b.p, "%PDF-", 5) == 0)
			(*ok)++;
		buf_free(&b);
	}
	return NULL;
}

static void test_threads(void **state)
{
	(void)state;
	enum { T = 6 };
	pthread_t th[T];
	int ok[T] = { 0 };
	for (int i = 0; i < T; i++)
		assert_int_equal(pthread_create(&th[i], NULL, worker, &ok[i]), 0);
	for (int i = 0; i < T; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		assert_int_equal(ok[i], 3);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic_letter),
		cmocka_unit_test(test_recipient_block),
		cmocka_unit_test(test_long_letter),
		cmocka_unit_test(test_giant_paragraph),
		cmocka_unit_test(test_empty_fields),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
