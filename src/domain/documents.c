/* documents.c — files on a child's record (documents.h).
 *
 * DESIGN: the bytes are examined once, when they arrive: libmagic names
 * their content type from the bytes alone (MAGIC_MIME_TYPE; compressed
 * files are not opened), and only the kinds in `kinds` are kept.  DOCX and
 * ODT are zip containers: libmagic 5.44 names them by their first entries
 * ([Content_Types].xml and word/, or an uncompressed `mimetype` entry), so
 * a plain zip is "application/zip" and refused.  The checksum is SHA-256
 * (libsodium).  libmagic's cookie is not thread-safe: one is opened on
 * first use and shared under a mutex (loading the magic database costs
 * far more than a look at a file).
 *
 * The bytes are a row of document_blobs beside the metadata's row; the
 * list reads documents only.  A removal deletes both with SQLite's
 * secure_delete on, so the bytes are overwritten in the file, not only
 * unlinked (docs/documents.md says what remains: the write-ahead log until
 * its next checkpoint, and backups).
 */
#include "domain/documents.h"
#include "domain/advice.h"
#include "domain/change.h"
#include "domain/entity.h"
#include "core/codes.h"
#include "core/date.h"
#include "core/validate.h"
#include <jansson.h>
#include <magic.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- the metadata, as an entity (changed through the generic form) ---------------------------- */

static const struct field document_fields[] = {
	{"doc_type", "Type of document", FT_CODE, FO_REQUIRED, &codes_document_type, 0, 0, 0, NULL},
	{"doc_date", "Date of the document", FT_DATE, FO_REQUIRED | FO_NOT_FUTURE, NULL, 0, 0, 0,
	 "The date it was written or sent, for example 27 3 2025"},
	{"author", "Author", FT_TEXT, 0, NULL, 120, 0, 0, "Who wrote it and for which service, for example an educational psychologist"},
	{"note", "Note", FT_TEXTAREA, 0, NULL, 1000, 0, 0, NULL},
};

/* Added only with its bytes (document_add), removed only with them (document_remove). */
const struct entity ent_document = {
	"documents", "document", "people", document_fields, (int)(sizeof document_fields / sizeof document_fields[0]),
	"SELECT doc_type,doc_date,author,note,version,person_id,person_id FROM documents WHERE id=?",
	NULL,
	"UPDATE documents SET doc_type=?,doc_date=?,author=?,note=?,version=version+1 WHERE id=? AND version=?",
	NULL,
	"SELECT id FROM people WHERE id=?", NULL, NULL, NULL, 0, NULL, NULL, .person_tab = "/documents",
};

/* ---- what a file is ---------------------------------------------------------------------------- */

/* The kinds kept: the type libmagic names, in words, and the extensions a name of that kind may end with. */
static const struct kind {
	const char *type, *words, *ext[3];
} kinds[] = {
	{"application/pdf", "PDF", {".pdf"}},
	{"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (DOCX)", {".docx"}},
	{"application/vnd.oasis.opendocument.text", "OpenDocument text (ODT)", {".odt"}},
	{"text/rtf", "RTF", {".rtf"}},
	{"text/plain", "text", {".txt", ".text"}},
	{"image/jpeg", "JPEG", {".jpg", ".jpeg"}},
	{"image/png", "PNG", {".png"}},
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

const char document_kinds_text[] = "PDF, Word (DOCX), OpenDocument text (ODT), RTF, text, JPEG or PNG";

static const struct kind *kind_of(const char *type)
{
	for (size_t i = 0; i < NKINDS; i++)
		if (!strcmp(kinds[i].type, type))
			return &kinds[i];
	return NULL;
}

const char *document_type_kept(const char *content_type)
{
	const struct kind *k = kind_of(content_type);
	return k ? k->type : "application/octet-stream";
}

static pthread_mutex_t magic_mu = PTHREAD_MUTEX_INITIALIZER;
static magic_t magic_cookie;

/* The content type of the bytes, by libmagic.  0, or -1 (the library or its database failed). */
static int sniff(const unsigned char *p, size_t len, char *type, size_t n)
{
	int rc = -1;
	pthread_mutex_lock(&magic_mu);
	if (!magic_cookie) {
		magic_cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR | MAGIC_NO_CHECK_COMPRESS);
		if (magic_cookie && magic_load(magic_cookie, NULL) != 0) {
			fprintf(stderr, "documents: libmagic: %s\n", magic_error(magic_cookie));
			magic_close(magic_cookie);
			magic_cookie = NULL;
		}
	}
	const char *t = magic_cookie ? magic_buffer(magic_cookie, p, len) : NULL;
	if (t) {
		snprintf(type, n, "%s", t);
		rc = 0;
	}
	pthread_mutex_unlock(&magic_mu);
	return rc;
}

static void limit_text(size_t limit, char *out, size_t n)
{
	size_t kib = limit / 1024;
	if (kib >= 1024 && kib % 1024 == 0)
		snprintf(out, n, "%zuMB", kib / 1024);
	else if (kib >= 1024)
		snprintf(out, n, "%.1fMB", (double)kib / 1024.0);
	else
		snprintf(out, n, "%zuKB", kib ? kib : 1);
}

int document_check_file(const struct document_file *f, const char *field, char *type, size_t n, struct errs *e)
{
	type[0] = 0;
	if (f->over_limit || f->len > f->limit) {
		char lim[32];
		limit_text(f->limit, lim, sizeof lim);
		errs_add(e, field, "The selected file must be smaller than %s", lim);
		return 1;
	}
	if (f->len == 0) {
		if (f->name && *f->name)
			errs_add(e, field, "The selected file is empty");
		else
			errs_add(e, field, "Select a file");
		return 1;
	}
	if (sniff(f->bytes, f->len, type, n) < 0)
		return -1;
	if (!kind_of(type)) {
		errs_add(e, field, "The selected file must be a %s file", document_kinds_text);
		return 1;
	}
	return 0;
}

/* The name kept: the last part of what the browser sent (some send a
 * whole path), clean UTF-8 without control characters, at most 255 bytes
 * cut at a character's start; "document" when nothing is left. */
static void clean_name(const char *in, char *out, size_t n)
{
	const char *s = in ? in : "";
	for (const char *p = s; *p; p++)
		if (*p == '/' || *p == '\\')
			s = p + 1;
	size_t o = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p && o + 5 < n && o < 255) {
		size_t len = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 0;
		char one[5] = {0};
		int ok = len > 0;
		for (size_t k = 0; ok && k < len; k++)
			ok = p[k] && (k == 0 || (p[k] & 0xC0) == 0x80);
		if (ok) {
			memcpy(one, p, len);
			ok = text_is_clean(one, 0) && one[0] != '\t';
		}
		if (!ok) {   /* a byte that is not clean UTF-8, or a control character */
			out[o++] = '_';
			p++;
			continue;
		}
		if (o + len > 255)
			break;
		memcpy(out + o, p, len);
		o += len;
		p += len;
	}
	out[o] = 0;
	while (o && (out[o - 1] == ' ' || out[o - 1] == '.'))
		out[--o] = 0;
	if (!*out)
		snprintf(out, n, "document");
}

void document_download_name(const char *name, const char *content_type, char *out, size_t n)
{
	snprintf(out, n, "%s", name);
	const struct kind *k = kind_of(content_type);
	if (!k)
		return;
	const char *dot = strrchr(name, '.');
	for (int i = 0; dot && i < 3 && k->ext[i]; i++)
		if (!strcasecmp(dot, k->ext[i]))
			return;
	size_t have = strlen(out), el = strlen(k->ext[0]);
	if (have + el >= n)
		have = n - el - 1;
	while (have && ((unsigned char)out[have] & 0xC0) == 0x80)   /* not inside a character */
		have--;
	snprintf(out + have, n - have, "%s", k->ext[0]);
}

void document_size_text(int64_t bytes, char *out, size_t n)
{
	if (bytes < 1024)
		snprintf(out, n, "%lld bytes", (long long)bytes);
	else if (bytes < 1024 * 1024)
		snprintf(out, n, "%lld KB", (long long)((bytes + 1023) / 1024));
	else
		snprintf(out, n, "%.1f MB", (double)bytes / (1024.0 * 1024.0));
}

/* ---- adding, removing ---------------------------------------------------------------------------- */

static void json_into(buf *out, json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	if (s) {
		buf_puts(out, s);
		free(s);
	}
	json_decref(j);
}

/* The audit's record of a file: what it was, whatever becomes of it. */
static json_t *file_json(const char *name, int64_t size, const char *type, const char *sha)
{
	json_t *j = json_object();
	json_object_set_new(j, "file_name", json_string(name));
	json_object_set_new(j, "size_bytes", json_integer(size));
	json_object_set_new(j, "content_type", json_string(type));
	json_object_set_new(j, "sha256", json_string(sha));
	return j;
}

/* Gives the advice its document inside change c; the audit row names the old and new.  DOC_OK, DOC_STALE, DOC_ERROR. */
static int advice_link(struct change *c, int64_t advice_id, int64_t version, int64_t person_id, int64_t old_doc,
                       int64_t doc_id)
{
	db_stmt *s = db_prepare(c->d, "UPDATE advice_requests SET document_id=?,version=version+1 WHERE id=? AND version=? "
	                              "AND person_id=?");
	if (!s)
		return DOC_ERROR;
	if (doc_id)
		db_bind_int(s, 1, doc_id);
	else
		db_bind_null(s, 1);
	db_bind_int(s, 2, advice_id);
	db_bind_int(s, 3, version);
	db_bind_int(s, 4, person_id);
	int rc = db_step(s);
	db_done(s);
	if (rc != DB_DONE)
		return DOC_ERROR;
	if (db_changes(c->d) != 1)
		return DOC_STALE;
	json_t *j = json_object(), *pair = json_array();
	json_array_append_new(pair, old_doc ? json_integer(old_doc) : json_null());
	json_array_append_new(pair, doc_id ? json_integer(doc_id) : json_null());
	json_object_set_new(j, "document", pair);
	buf ch = BUF_INIT;
	json_into(&ch, j);
	int a = change_audit(c, "update", "advice", advice_id, person_id, "document", buf_cstr(&ch));
	buf_free(&ch);
	return a < 0 ? DOC_ERROR : DOC_OK;
}

/* An advice request's child, version and document: 0, 1 if none, -1. */
static int advice_brief(db *d, int64_t advice_id, int64_t *person_id, int64_t *version, int64_t *doc)
{
	db_stmt *s = db_prepare(d, "SELECT person_id,version,COALESCE(document_id,0) FROM advice_requests WHERE id=?");
	if (!s)
		return -1;
	db_bind_int(s, 1, advice_id);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		*person_id = db_col_int(s, 0);
		*version = db_col_int(s, 1);
		*doc = db_col_int(s, 2);
	}
	db_done(s);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

int document_insert(db *d, struct document_new *n, int64_t *id)
{
	unsigned char hash[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(hash, n->bytes, n->len);
	sodium_bin2hex(n->sha256, sizeof n->sha256, hash, sizeof hash);
	db_stmt *s = db_prepare(d, "INSERT INTO documents(person_id,doc_type,doc_date,author,note,file_name,size_bytes,"
	                           "content_type,sha256,uploaded_by,uploaded_at) VALUES(?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
	if (!s)
		return -1;
	db_bind_int(s, 1, n->person_id);
	db_bind_text(s, 2, n->doc_type);
	db_bind_text(s, 3, n->doc_date);
	db_bind_opt_text(s, 4, n->author);
	db_bind_opt_text(s, 5, n->note);
	db_bind_text(s, 6, n->file_name);
	db_bind_int(s, 7, (int64_t)n->len);
	db_bind_text(s, 8, n->content_type);
	db_bind_text(s, 9, n->sha256);
	if (n->user_id)
		db_bind_int(s, 10, n->user_id);
	else
		db_bind_null(s, 10);
	db_bind_text(s, 11, n->uploaded_at);
	int rc = db_step(s);
	if (rc == DB_ROW)
		*id = db_col_int(s, 0);
	db_done(s);
	if (rc != DB_ROW)
		return -1;
	s = db_prepare(d, "INSERT INTO document_blobs(document_id,bytes) VALUES(?,?)");
	if (!s)
		return -1;
	db_bind_int(s, 1, *id);
	rc = db_bind_blob(s, 2, n->bytes, n->len) == DB_OK ? db_step(s) : DB_ERROR;
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}

int document_add(db *d, const struct actor *who, int64_t person_id, const struct record *meta,
                 const struct document_file *f, int64_t advice_id, int64_t advice_version, int64_t *id,
                 struct errs *e)
{
	char type[DOC_TYPE_BYTES], name[DOC_NAME_BYTES], now[21];
	int ck = document_check_file(f, "file", type, sizeof type, e);
	if (ck)
		return ck > 0 ? DOC_REFUSED : DOC_ERROR;
	clean_name(f->name, name, sizeof name);
	date_instant_iso(who->now, now);
	int64_t old_doc = 0, apid = 0, aver = 0;
	if (advice_id) {
		int b = advice_brief(d, advice_id, &apid, &aver, &old_doc);
		if (b)
			return b > 0 ? DOC_NOT_FOUND : DOC_ERROR;
		if (apid != person_id)
			return DOC_NOT_FOUND;
	}
	struct document_new n = {
		person_id, who->user_id, record_get(&ent_document, meta, "doc_type"), record_get(&ent_document, meta, "doc_date"),
		record_get(&ent_document, meta, "author"), record_get(&ent_document, meta, "note"), name, type, now, f->bytes,
		f->len, "",
	};
	struct change c;
	if (change_begin(&c, d, who) < 0)
		return DOC_ERROR;
	int rc = document_insert(d, &n, id) == 0 ? DOC_OK : DOC_ERROR;
	if (rc == DOC_OK) {
		json_t *j = file_json(name, (int64_t)f->len, type, n.sha256);
		for (int i = 0; i < ent_document.nfields; i++) {
			const char *v = meta->v[i];
			if (v)
				json_object_set_new(j, ent_document.fields[i].name, json_string(v));
		}
		buf ch = BUF_INIT;
		json_into(&ch, j);
		if (change_audit(&c, "create", "documents", *id, person_id,
		                 "doc_type,doc_date,author,note,file_name,size_bytes,content_type,sha256", buf_cstr(&ch)) < 0)
			rc = DOC_ERROR;
		buf_free(&ch);
	}
	if (rc == DOC_OK && advice_id)
		rc = advice_link(&c, advice_id, advice_version, person_id, old_doc, *id);
	if (rc != DOC_OK) {
		change_rollback(&c);
		return rc;
	}
	return change_commit(&c) < 0 ? DOC_ERROR : DOC_OK;
}

int document_remove(db *d, const struct actor *who, int64_t id, int64_t version)
{
	char name[DOC_NAME_BYTES], type[DOC_TYPE_BYTES], sha[72];
	int64_t person_id = 0, size = 0;
	db_stmt *s = db_prepare(d, "SELECT person_id,file_name,size_bytes,content_type,sha256 FROM documents WHERE id=?");
	if (!s)
		return DOC_ERROR;
	db_bind_int(s, 1, id);
	int found = db_step(s);
	if (found == DB_ROW) {
		person_id = db_col_int(s, 0);
		snprintf(name, sizeof name, "%s", db_col_text(s, 1));
		size = db_col_int(s, 2);
		snprintf(type, sizeof type, "%s", db_col_text(s, 3));
		snprintf(sha, sizeof sha, "%s", db_col_text(s, 4));
	}
	db_done(s);
	if (found != DB_ROW)
		return found == DB_DONE ? DOC_NOT_FOUND : DOC_ERROR;
	if (db_secure_delete(d, 1) < 0)
		return DOC_ERROR;
	struct change c;
	int rc = DOC_ERROR;
	if (change_begin(&c, d, who) < 0)
		goto out;
	s = db_prepare(d, "DELETE FROM documents WHERE id=? AND version=?");
	if (s) {
		db_bind_int(s, 1, id);
		db_bind_int(s, 2, version);
		if (db_step(s) == DB_DONE)
			rc = db_changes(d) == 1 ? DOC_OK : DOC_STALE;
		db_done(s);
	}
	/* the bytes go with it (the foreign key cascades; said here for a store that does not) */
	if (rc == DOC_OK && (s = db_prepare(d, "DELETE FROM document_blobs WHERE document_id=?")) != NULL) {
		db_bind_int(s, 1, id);
		if (db_step(s) != DB_DONE)
			rc = DOC_ERROR;
		db_done(s);
	}
	if (rc == DOC_OK) {
		buf ch = BUF_INIT;
		json_into(&ch, file_json(name, size, type, sha));
		if (change_audit(&c, "delete", "documents", id, person_id, "file_name,size_bytes,content_type,sha256",
		                 buf_cstr(&ch)) < 0)
			rc = DOC_ERROR;
		buf_free(&ch);
	}
	if (rc != DOC_OK)
		change_rollback(&c);
	else if (change_commit(&c) < 0)
		rc = DOC_ERROR;
out:
	db_secure_delete(d, 0);
	return rc;
}

/* ---- reading --------------------------------------------------------------------------------------- */

#define DOC_COLS "d.id,d.person_id,d.version,d.size_bytes,d.doc_type,d.doc_date,COALESCE(d.author,''),COALESCE(d.note,''),"\
	"d.file_name,d.content_type,d.sha256,COALESCE(u.display_name,''),d.uploaded_at"

static void row_of(db_stmt *s, struct document_row *row)
{
	row->id = db_col_int(s, 0);
	row->person_id = db_col_int(s, 1);
	row->version = db_col_int(s, 2);
	row->size = db_col_int(s, 3);
	row->doc_type = db_col_text(s, 4);
	row->doc_date = db_col_text(s, 5);
	row->author = db_col_text(s, 6);
	row->note = db_col_text(s, 7);
	row->file_name = db_col_text(s, 8);
	row->content_type = db_col_text(s, 9);
	row->sha256 = db_col_text(s, 10);
	row->uploaded_by = db_col_text(s, 11);
	row->uploaded_at = db_col_text(s, 12);
}

int documents_each(db *d, int64_t person_id, const char *type, document_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, "SELECT " DOC_COLS " FROM documents d LEFT JOIN users u ON u.id=d.uploaded_by "
	                           "WHERE d.person_id=?1 AND (CAST(?2 AS TEXT) IS NULL OR d.doc_type=?2) "
	                           "ORDER BY d.doc_date DESC, d.id DESC");
	if (!s)
		return -1;
	db_bind_int(s, 1, person_id);
	db_bind_text(s, 2, type);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct document_row row;
		row_of(s, &row);
		if (fn(ctx, &row))
			break;
	}
	db_done(s);
	return rc == DB_ERROR || rc == DB_BUSY ? -1 : 0;
}

int document_get(db *d, int64_t id, document_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, "SELECT " DOC_COLS " FROM documents d LEFT JOIN users u ON u.id=d.uploaded_by WHERE d.id=?");
	if (!s)
		return -1;
	db_bind_int(s, 1, id);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		struct document_row row;
		row_of(s, &row);
		fn(ctx, &row);
	}
	db_done(s);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

int document_read(db *d, int64_t id, document_bytes_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, "SELECT " DOC_COLS ",b.bytes FROM documents d JOIN document_blobs b ON b.document_id=d.id "
	                           "LEFT JOIN users u ON u.id=d.uploaded_by WHERE d.id=?");
	if (!s)
		return -1;
	db_bind_int(s, 1, id);
	int rc = db_step(s), out = rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
	if (rc == DB_ROW) {
		struct document_row row;
		row_of(s, &row);
		size_t n;
		const void *p = db_col_blob(s, 13, &n);
		out = fn(ctx, &row, p, n) < 0 ? -1 : 0;
	}
	db_done(s);
	return out;
}

/* ---- advice and its document ------------------------------------------------------------------------- */

#define ADVICE_DOC_SQL \
	"SELECT a.id,a.person_id,a.version," ADVICE_SERVICE_NAME_SQL ",a.requested_date,COALESCE(a.received_date,'')," \
	"COALESCE(d.id,0),COALESCE(d.file_name,''),COALESCE(d.doc_date,''),COALESCE(d.author,'') " \
	"FROM advice_requests a LEFT JOIN services sv ON sv.id=a.service_id LEFT JOIN documents d ON d.id=a.document_id "

static int advice_rows(db_stmt *s, advice_document_fn fn, void *ctx, int *n)
{
	int rc;
	*n = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		struct advice_document a;
		a.advice_id = db_col_int(s, 0);
		a.person_id = db_col_int(s, 1);
		a.advice_version = db_col_int(s, 2);
		a.service = db_col_text(s, 3);
		const char *label = code_label(&codes_advice_service, a.service);   /* a service asked by its kind */
		if (label)
			a.service = label;
		a.requested = db_col_text(s, 4);
		a.received = db_col_text(s, 5);
		a.document_id = db_col_int(s, 6);
		a.file_name = db_col_text(s, 7);
		a.doc_date = db_col_text(s, 8);
		a.author = db_col_text(s, 9);
		(*n)++;
		if (fn(ctx, &a))
			break;
	}
	db_done(s);
	return rc == DB_ERROR || rc == DB_BUSY ? -1 : 0;
}

int advice_documents_each(db *d, int64_t person_id, advice_document_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, ADVICE_DOC_SQL "WHERE a.person_id=? AND a.received_date IS NOT NULL "
	                                         "ORDER BY a.received_date, a.id");
	if (!s)
		return -1;
	db_bind_int(s, 1, person_id);
	int n;
	return advice_rows(s, fn, ctx, &n);
}

int advice_document_get(db *d, int64_t advice_id, advice_document_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, ADVICE_DOC_SQL "WHERE a.id=?");
	if (!s)
		return -1;
	db_bind_int(s, 1, advice_id);
	int n;
	if (advice_rows(s, fn, ctx, &n) < 0)
		return -1;
	return n ? 0 : 1;
}

int advice_document_set(db *d, const struct actor *who, int64_t advice_id, int64_t version, int64_t document_id,
                        struct errs *e)
{
	int64_t person_id, cur_version, old_doc;
	int b = advice_brief(d, advice_id, &person_id, &cur_version, &old_doc);
	if (b)
		return b > 0 ? DOC_NOT_FOUND : DOC_ERROR;
	if (document_id) {
		db_stmt *s = db_prepare(d, "SELECT person_id FROM documents WHERE id=?");
		if (!s)
			return DOC_ERROR;
		db_bind_int(s, 1, document_id);
		int rc = db_step(s);
		int mine = rc == DB_ROW && db_col_int(s, 0) == person_id;
		db_done(s);
		if (rc != DB_ROW && rc != DB_DONE)
			return DOC_ERROR;
		if (!mine) {
			errs_add(e, "document_id", "Select one of this child or young person's documents");
			return DOC_REFUSED;
		}
	}
	struct change c;
	if (change_begin(&c, d, who) < 0)
		return DOC_ERROR;
	int rc = advice_link(&c, advice_id, version, person_id, old_doc, document_id);
	if (rc != DOC_OK) {
		change_rollback(&c);
		return rc;
	}
	return change_commit(&c) < 0 ? DOC_ERROR : DOC_OK;
}
