/* documents.h — files on a child's record: advice reports, plans from
 * before sendmis, review paperwork, letters received.
 *
 * DESIGN: a document is its metadata (type, date, author, note: the
 * entity ent_document, changed through the generic form) and its bytes,
 * stored in the database beside it (document_blobs), so a backup of the
 * database holds them and the list never reads them.  What a file is comes
 * from its bytes alone (libmagic), never from its name or what the browser
 * said; only the kinds in the table of documents.c are kept.  Adding a
 * document is one change (change.h): its row, its bytes and its audit row
 * (with the checksum), or nothing.  Removing one removes its bytes (the
 * audit row keeps what they were: name, size, type and SHA-256).
 * docs/documents.md.
 */
#ifndef SENDMIS_DOCUMENTS_H
#define SENDMIS_DOCUMENTS_H
#include "core/errs.h"
#include "store/db.h"
#include <stddef.h>
#include <stdint.h>

struct actor;
struct record;
extern const struct entity ent_document;

/* A file name as kept: up to 255 bytes of UTF-8. */
#define DOC_NAME_BYTES 256
#define DOC_TYPE_BYTES 96

/* A file as it arrived with a form. */
struct document_file {
	const char *name;            /* as the browser named it; NULL or "" when no file was chosen */
	const unsigned char *bytes;
	size_t len;
	int over_limit;              /* more than limit bytes were sent (none kept) */
	size_t limit;                /* the size limit in bytes (document_max_kib) */
};

/* The file's problems for the form, on field `field` (GOV.UK file upload
 * messages: "Select a file", "The selected file is empty", "… must be
 * smaller than 20MB", "… must be a PDF, …"); the content type libmagic
 * found goes into type (n bytes).  0 when it may be kept, 1 when refused
 * (the reason in e), -1 when the bytes could not be examined. */
int document_check_file(const struct document_file *f, const char *field, char *type, size_t n, struct errs *e);

/* The kinds of file kept, in words, for hints ("PDF, Word (DOCX), …"). */
extern const char document_kinds_text[];

enum doc_rc { DOC_OK = 0, DOC_REFUSED = 1, DOC_STALE = 2, DOC_NOT_FOUND = 3, DOC_ERROR = -1 };

/* Adds a document to person_id's record, one change: the row (meta: a
 * record parsed with ent_document), its bytes and the audit row ("create",
 * "documents", with the name, size, type and checksum).  With advice_id,
 * the advice request (at version advice_version) is given it in the same
 * change.  DOC_OK with *id; DOC_REFUSED (the file's reason in e, on
 * "file"); DOC_STALE (the advice changed); DOC_ERROR. */
int document_add(db *d, const struct actor *who, int64_t person_id, const struct record *meta,
                 const struct document_file *f, int64_t advice_id, int64_t advice_version, int64_t *id,
                 struct errs *e);

/* A document's row and its bytes, written inside the caller's transaction
 * with no audit row of its own: document_add's step (in its change), and
 * the demo's direct inserts.  The checksum of the bytes is computed here
 * and left in n->sha256.  0 with *id, or -1 (DB_CONSTRAINT included). */
struct document_new {
	int64_t person_id, user_id;      /* user_id 0: none */
	const char *doc_type, *doc_date, *author, *note;   /* author, note NULL or "": none */
	const char *file_name, *content_type, *uploaded_at;
	const void *bytes;
	size_t len;
	char sha256[65];
};
int document_insert(db *d, struct document_new *n, int64_t *id);

/* Removes a document and its bytes at `version`, one change; advice that
 * carried it no longer does.  DOC_OK, DOC_STALE, DOC_NOT_FOUND, DOC_ERROR. */
int document_remove(db *d, const struct actor *who, int64_t id, int64_t version);

/* One document's metadata. */
struct document_row {
	int64_t id, person_id, version, size;
	const char *doc_type, *doc_date, *author, *note, *file_name, *content_type, *sha256;
	const char *uploaded_by, *uploaded_at;   /* the user's display name ("" if none), ISO instant */
};
typedef int (*document_fn)(void *ctx, const struct document_row *row);

/* A child's documents, newest first (by date, then the latest added);
 * with type non-NULL only that type.  Strings valid during the call; fn
 * returns nonzero to stop.  0, or -1 on a store error. */
int documents_each(db *d, int64_t person_id, const char *type, document_fn fn, void *ctx);
/* One document's metadata to fn.  0, 1 if there is none, -1. */
int document_get(db *d, int64_t id, document_fn fn, void *ctx);

/* A document's bytes for a download: fn gets them with the metadata
 * (valid during the call).  0, 1 if there is none, -1. */
typedef int (*document_bytes_fn)(void *ctx, const struct document_row *row, const void *bytes, size_t len);
int document_read(db *d, int64_t id, document_bytes_fn fn, void *ctx);

/* The name a download is given: the stored name, with the extension of the
 * type found when the name has another (report.pdf holding a Word file is
 * report.pdf.docx). */
void document_download_name(const char *name, const char *content_type, char *out, size_t n);

/* The content type as a string that lives as long as the program (a
 * response's header is sent after the row is gone): one of the kinds kept,
 * else "application/octet-stream". */
const char *document_type_kept(const char *content_type);

/* "12 KB", "3.4 MB" (bytes shown as a person reads them). */
void document_size_text(int64_t bytes, char *out, size_t n);

/* Advice and its document. */
struct advice_document {
	int64_t advice_id, person_id, advice_version;
	const char *service;            /* who gave it, in words */
	const char *requested, *received;   /* ISO; received "" while awaited */
	int64_t document_id;            /* 0: none attached */
	const char *file_name, *doc_date, *author;   /* "" when none */
};
typedef int (*advice_document_fn)(void *ctx, const struct advice_document *a);
/* The advice received for a child (received date set), oldest first, each
 * with its document if it carries one: what the plan's section K lists.
 * Strings valid during the call.  0, or -1. */
int advice_documents_each(db *d, int64_t person_id, advice_document_fn fn, void *ctx);
/* One advice request and its document.  0, 1 if there is none, -1. */
int advice_document_get(db *d, int64_t advice_id, advice_document_fn fn, void *ctx);

/* Gives advice request advice_id (at version) the document document_id (0:
 * none), one change with its audit row ("update", "advice", field
 * document_id).  The document must be the same child's.  DOC_OK,
 * DOC_STALE, DOC_REFUSED (not the child's: reason in e, on "document_id"),
 * DOC_NOT_FOUND, DOC_ERROR. */
int advice_document_set(db *d, const struct actor *who, int64_t advice_id, int64_t version, int64_t document_id,
                        struct errs *e);

#endif
