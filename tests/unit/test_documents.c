/* Unit tests: documents (domain/documents.h) against a real migrated
 * database and the real libmagic: what a file is comes from its bytes; the
 * refusals and their messages; the name kept; a document and its bytes
 * (NULs and all) round-trip with the SHA-256 of what was sent; the audit
 * rows keep the checksum; a removal deletes the bytes and a stale one
 * writes nothing; the download name carries the kind's extension. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store/db.h"
#include "domain/change.h"
#include "domain/documents.h"
#include "domain/entity.h"
#include "unit_db.h"

static const char PDF[] = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

static struct document_file file(const char *name, const void *p, size_t n, size_t limit)
{
	struct document_file f = {name, p, n, 0, limit};
	return f;
}

static void check(const char *name, const void *p, size_t n, size_t limit, int want_rc, const char *want_type,
                  const char *want_msg)
{
	struct document_file f = file(name, p, n, limit);
	char type[DOC_TYPE_BYTES];
	struct errs e = {0};
	assert_int_equal(document_check_file(&f, "file", type, sizeof type, &e), want_rc);
	if (want_type)
		assert_string_equal(type, want_type);
	if (want_msg) {
		assert_int_equal(e.n, 1);
		assert_string_equal(e.e[0].field, "file");
		assert_string_equal(e.e[0].msg, want_msg);
	} else {
		assert_int_equal(e.n, 0);
	}
}

static void test_kinds_from_bytes(void **state)
{
	const char *kinds = "The selected file must be a PDF, Word (DOCX), OpenDocument text (ODT), RTF, text, JPEG or PNG file";
	check("a.pdf", PDF, sizeof PDF - 1, 1 << 20, 0, "application/pdf", NULL);
	check("a.txt", "Hello\n", 6, 1 << 20, 0, "text/plain", NULL);
	check("a.rtf", "{\\rtf1\\ansi Hi}", 15, 1 << 20, 0, "text/rtf", NULL);
	static const unsigned char jpeg[] = {0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9};
	check("x.bin", jpeg, sizeof jpeg, 1 << 20, 0, "image/jpeg", NULL);
	/* the name says PDF, the bytes say HTML */
	const char html[] = "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>";
	check("report.pdf", html, sizeof html - 1, 1 << 20, 1, "text/html", kinds);
	static const unsigned char elf[64] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, [16] = 2, [18] = 0x3e, [20] = 1};
	check("setup.pdf", elf, sizeof elf, 1 << 20, 1, NULL, kinds);
	check("empty.pdf", "", 0, 1 << 20, 1, NULL, "The selected file is empty");
	check("", "", 0, 1 << 20, 1, NULL, "Select a file");
	check(NULL, "", 0, 1 << 20, 1, NULL, "Select a file");
	check("big.txt", "Hello\n", 6, 5, 1, NULL, "The selected file must be smaller than 1KB");
	check("big.txt", "Hello\n", 6, 0, 1, NULL, "The selected file must be smaller than 1KB");
	struct document_file over = file("big.pdf", NULL, 0, 20u << 20);
	over.over_limit = 1;
	struct errs e = {0};
	char type[DOC_TYPE_BYTES];
	assert_int_equal(document_check_file(&over, "file", type, sizeof type, &e), 1);
	assert_string_equal(e.e[0].msg, "The selected file must be smaller than 20MB");
}

static void test_download_name(void **state)
{
	char out[DOC_NAME_BYTES + 16];
	document_download_name("report.pdf", "application/pdf", out, sizeof out);
	assert_string_equal(out, "report.pdf");
	document_download_name("photo.JPEG", "image/jpeg", out, sizeof out);
	assert_string_equal(out, "photo.JPEG");
	document_download_name("minutes.pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", out,
	                       sizeof out);
	assert_string_equal(out, "minutes.pdf.docx");
	document_download_name("notes", "text/plain", out, sizeof out);
	assert_string_equal(out, "notes.txt");
	/* no room: the name is cut at a character's start to keep the extension */
	char small[12];
	document_download_name("ééééé", "application/pdf", small, sizeof small);
	assert_string_equal(small, "ééé.pdf");
	assert_true(strlen(small) < sizeof small);
	assert_string_equal(small + strlen(small) - 4, ".pdf");
	assert_true(((unsigned char)small[strlen(small) - 5] & 0xC0) != 0xC0);   /* no character cut in two */
	char size[32];
	document_size_text(900, size, sizeof size);
	assert_string_equal(size, "900 bytes");
	document_size_text(1500, size, sizeof size);
	assert_string_equal(size, "2 KB");
	document_size_text(3 * 1024 * 1024 + 512 * 1024, size, sizeof size);
	assert_string_equal(size, "3.5 MB");
}

static int64_t person(db *d)
{
	db_stmt *s = db_prepare(d, "INSERT INTO people(surname,forename,dob,created_at) VALUES('Doc','Test','2015-05-05',"
	                           "'2020-01-01T00:00:00Z') RETURNING id");
	assert_non_null(s);
	assert_int_equal(db_step(s), DB_ROW);
	int64_t id = db_col_int(s, 0);
	db_done(s);
	return id;
}

static void meta(struct record *r)
{
	memset(r, 0, sizeof *r);
	r->v[0] = strdup("advice");
	r->v[1] = strdup("2026-03-01");
	r->v[2] = strdup("Dr Ada");
}

struct got {
	char name[DOC_NAME_BYTES], type[DOC_TYPE_BYTES], sha[72];
	unsigned char bytes[128];
	size_t len;
	int64_t version;
};

static int keep_bytes(void *ctx, const struct document_row *row, const void *p, size_t n)
{
	struct got *g = ctx;
	snprintf(g->name, sizeof g->name, "%s", row->file_name);
	snprintf(g->type, sizeof g->type, "%s", row->content_type);
	snprintf(g->sha, sizeof g->sha, "%s", row->sha256);
	g->version = row->version;
	g->len = n < sizeof g->bytes ? n : sizeof g->bytes;
	memcpy(g->bytes, p, g->len);
	return 0;
}

static int64_t count(db *d, const char *sql)
{
	return db_scalar_int(d, sql, -1);
}

static void test_round_trip_audit_and_removal(void **state)
{
	db *d;
	char path[64];
	assert_int_equal(unit_db_open(&d, path), 0);
	int64_t pid = person(d);
	struct actor who = {0, 1795000000, 0, NULL};
	struct record r;
	meta(&r);
	/* text with a NUL and a byte past ASCII: stored and read back as bytes, not a C string */
	static const unsigned char txt[] = "Line one\nLine\xc3\xa9 two\n";
	struct document_file f = file("C:\\Users\\x\\Evil\x01name.txt", txt, sizeof txt - 1, 1 << 20);
	struct errs e = {0};
	int64_t id = 0;
	assert_int_equal(document_add(d, &who, pid, &r, &f, 0, 0, &id, &e), DOC_OK);
	assert_true(id > 0);
	struct got g = {0};
	assert_int_equal(document_read(d, id, keep_bytes, &g), 0);
	assert_string_equal(g.name, "Evil_name.txt");
	assert_string_equal(g.type, "text/plain");
	assert_int_equal(g.len, sizeof txt - 1);
	assert_memory_equal(g.bytes, txt, g.len);
	/* sha256("Line one\nLine\xc3\xa9 two\n"), as `sha256sum` gives it */
	assert_string_equal(g.sha, "09533059f121e244ad34828e86942d47030e4900a8322a5a048eecb817095aff");
	assert_int_equal(count(d, "SELECT count(*) FROM audit_events WHERE action='create' AND entity='documents' "
	                          "AND changes LIKE '%\"sha256\":\"' || (SELECT sha256 FROM documents) || '\"%'"), 1);
	/* bytes with NULs (a PDF's binary stream) */
	static const unsigned char bin[] = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n\0\0\x01stream\n";
	struct document_file fb = file("b.pdf", bin, sizeof bin - 1, 1 << 20);
	int64_t id2;
	assert_int_equal(document_add(d, &who, pid, &r, &fb, 0, 0, &id2, &e), DOC_OK);
	struct got g2 = {0};
	assert_int_equal(document_read(d, id2, keep_bytes, &g2), 0);
	assert_int_equal(g2.len, sizeof bin - 1);
	assert_memory_equal(g2.bytes, bin, g2.len);
	/* a refused file writes nothing */
	struct document_file bad = file("x.pdf", "<html></html>", 13, 1 << 20);
	int64_t none = 0;
	assert_int_equal(document_add(d, &who, pid, &r, &bad, 0, 0, &none, &e), DOC_REFUSED);
	assert_int_equal(count(d, "SELECT count(*) FROM documents"), 2);
	/* a stale removal writes nothing; the right version removes the row and its bytes */
	assert_int_equal(document_remove(d, &who, id, g.version + 1), DOC_STALE);
	assert_int_equal(count(d, "SELECT count(*) FROM document_blobs"), 2);
	assert_int_equal(document_remove(d, &who, id, g.version), DOC_OK);
	assert_int_equal(document_read(d, id, keep_bytes, &g), 1);
	assert_int_equal(count(d, "SELECT count(*) FROM document_blobs"), 1);
	assert_int_equal(count(d, "SELECT count(*) FROM audit_events WHERE action='delete' AND entity='documents' "
	                          "AND changes LIKE '%sha256%'"), 1);
	assert_int_equal(document_remove(d, &who, id, g.version), DOC_NOT_FOUND);
	record_free(&r);
	unit_db_remove(d, path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds_from_bytes),
		cmocka_unit_test(test_download_name),
		cmocka_unit_test(test_round_trip_audit_and_removal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
