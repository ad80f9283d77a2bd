/* demo_documents.c — documents for the demo area (demo_documents.h).
 *
 * DESIGN: cheap per child and deterministic.  The children are found by
 * stepping through people's ids (1 in 20 on average, from the demo's
 * seed), each looked up by its key, so an area of a million people costs
 * only the children chosen.  The files are made here: a one-page PDF
 * written by hand (its cross-reference offsets counted as it is written)
 * and plain text, each a few hundred bytes, stored as an upload stores
 * them (document_insert: the row, the bytes and their SHA-256); their
 * types are the ones libmagic gives such bytes.  Advice
 * reports are carried by the child's first advice received (the plan's
 * section K lists them).  Synthetic text only.
 */
#include "cli/demo_documents.h"
#include "core/buf.h"
#include "core/codes.h"
#include "core/date.h"
#include "domain/documents.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

struct dgen {
	db *d;
	uint64_t x;            /* splitmix64 state */
	int64_t uploader;      /* a caseworker, or 0 */
	int docs;
	char *err;
	size_t errlen;
};

static uint64_t next(struct dgen *g)
{
	uint64_t z = (g->x += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static int below(struct dgen *g, int n)
{
	return (int)(next(g) % (uint64_t)n);
}

static int fail(struct dgen *g, const char *what)
{
	snprintf(g->err, g->errlen, "demo: %s failed: %s", what, db_errmsg(g->d));
	return -1;
}

/* A one-page PDF showing `lines` (ASCII, no parentheses or backslashes). */
static void make_pdf(buf *b, const char *const *lines, int n)
{
	buf content = BUF_INIT;
	buf_puts(&content, "BT /F1 12 Tf 72 760 Td 16 TL\n");
	for (int i = 0; i < n; i++)
		buf_printf(&content, "(%s) Tj T*\n", lines[i]);
	buf_puts(&content, "ET\n");
	size_t off[6];
	buf_puts(b, "%PDF-1.4\n");
	off[1] = b->len;
	buf_puts(b, "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
	off[2] = b->len;
	buf_puts(b, "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n");
	off[3] = b->len;
	buf_puts(b, "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
	            "/Resources << /Font << /F1 5 0 R >> >> >> endobj\n");
	off[4] = b->len;
	buf_printf(b, "4 0 obj << /Length %zu >> stream\n%sendstream endobj\n", content.len, buf_cstr(&content));
	off[5] = b->len;
	buf_puts(b, "5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n");
	size_t xref = b->len;
	buf_puts(b, "xref\n0 6\n0000000000 65535 f \n");
	for (int i = 1; i <= 5; i++)
		buf_printf(b, "%010zu 00000 n \n", off[i]);
	buf_printf(b, "trailer << /Size 6 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", xref);
	buf_free(&content);
}

/* One document with its bytes; *id set.  0 or -1. */
static int add(struct dgen *g, int64_t pid, const char *type, const char *date, const char *author, const char *name,
               const char *content_type, const buf *bytes, int64_t *id)
{
	char at[32];
	snprintf(at, sizeof at, "%sT12:00:00Z", date);
	struct document_new n = {pid, g->uploader, type, date, author, NULL, name, content_type, at, bytes->p, bytes->len, ""};
	if (document_insert(g->d, &n, id) < 0)
		return fail(g, "insert document");
	g->docs++;
	return 0;
}

/* The child's first advice received: its id, service and date (0 when none). */
static int64_t first_advice(struct dgen *g, int64_t pid, char *svc, size_t sn, char *date, size_t dn)
{
	db_stmt *s = db_prepare(g->d, "SELECT id,service,received_date FROM advice_requests WHERE person_id=? "
	                              "AND received_date IS NOT NULL ORDER BY received_date,id LIMIT 1");
	if (!s)
		return -1;
	db_bind_int(s, 1, pid);
	int64_t id = 0;
	if (db_step(s) == DB_ROW) {
		id = db_col_int(s, 0);
		snprintf(svc, sn, "%s", db_col_text(s, 1));
		snprintf(date, dn, "%s", db_col_text(s, 2));
	}
	db_done(s);
	return id;
}

static int one_child(struct dgen *g, int64_t pid, const char *forename, const char *surname, day_t today)
{
	char svc[32] = "", date[16] = "", name[160], line1[200], line2[200];
	buf b = BUF_INIT;
	int64_t doc, advice = first_advice(g, pid, svc, sizeof svc, date, sizeof date);
	if (advice < 0)
		return fail(g, "reading advice");
	if (advice) {
		const char *who = code_or(&codes_advice_service, svc, svc);
		snprintf(line1, sizeof line1, "Advice and information for %s %s", forename, surname);
		snprintf(line2, sizeof line2, "From: %s", who);
		const char *lines[] = {line1, line2, "Synthetic demonstration document: no real person.",
		                       "Needs: communication and interaction.", "Provision: 30 minutes a day with a teaching assistant."};
		make_pdf(&b, lines, 5);
		snprintf(name, sizeof name, "Advice %s %s.pdf", svc, surname);
		if (add(g, pid, "advice", date, who, name, "application/pdf", &b, &doc) < 0)
			goto fail;
		db_stmt *s = db_prepare(g->d, "UPDATE advice_requests SET document_id=? WHERE id=?");
		if (!s)
			goto fail_db;
		db_bind_int(s, 1, doc);
		db_bind_int(s, 2, advice);
		int rc = db_step(s);
		db_done(s);
		if (rc != DB_DONE)
			goto fail_db;
	}
	buf_reset(&b);
	day_t when = date_add_days(today, -below(g, 700) - 30);
	date_format_iso(when, date);
	if (below(g, 2) == 0) {
		buf_printf(&b, "Dear SEN team,\r\n\r\nWe write about %s %s and the support at school this term.\r\n"
		               "(Synthetic demonstration letter: no real person.)\r\n\r\nYours faithfully,\r\nA parent\r\n",
		           forename, surname);
		snprintf(name, sizeof name, "Letter from parent %s.txt", date);
		if (add(g, pid, "letter_in", date, "Parent or carer", name, "text/plain", &b, &doc) < 0)
			goto fail;
	} else {
		snprintf(line1, sizeof line1, "Education, Health and Care Plan: %s %s", forename, surname);
		const char *lines[] = {line1, "Issued before sendmis (scanned copy).", "Synthetic demonstration document: no real person."};
		make_pdf(&b, lines, 3);
		snprintf(name, sizeof name, "EHC plan %s.pdf", surname);
		if (add(g, pid, "plan_final", date, "SEN team", name, "application/pdf", &b, &doc) < 0)
			goto fail;
	}
	buf_free(&b);
	return 0;
fail_db:
	fail(g, "attaching advice's document");
fail:
	buf_free(&b);
	return -1;
}

int demo_documents(db *d, const struct demo_opts *o, char *err, size_t errlen)
{
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct dgen g = {d, o->seed ^ 0xd0c5d0c5ull, 0, 0, err, errlen};
	g.uploader = db_scalar_int(d, "SELECT id FROM users WHERE role='caseworker' ORDER BY id LIMIT 1", 0);
	int64_t max = db_scalar_int(d, "SELECT COALESCE(MAX(id),0) FROM people", 0);
	db_stmt *s = NULL;
	for (int64_t pid = 1 + below(&g, 20); pid <= max; pid += 10 + below(&g, 21)) {
		s = db_prepare(d, "SELECT forename,surname FROM people WHERE id=?");
		if (!s)
			return fail(&g, "reading people");
		db_bind_int(s, 1, pid);
		char fore[128] = "", sur[128] = "";
		int rc = db_step(s);
		if (rc == DB_ROW) {
			snprintf(fore, sizeof fore, "%s", db_col_text(s, 0));
			snprintf(sur, sizeof sur, "%s", db_col_text(s, 1));
		}
		db_done(s);
		if (rc == DB_ROW && one_child(&g, pid, fore, sur, o->today) < 0)
			return -1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (!o->quiet)
		fprintf(stderr, "demo: %d documents in %.2f s\n", g.docs,
		        (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return 0;
}
