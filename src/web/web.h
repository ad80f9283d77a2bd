/* web.h — the request context, the route table and page helpers.
 *
 * DESIGN: every route is one row of routes[] (routes.c): method, path
 * pattern, handler, flags, the roles allowed and the parameters it accepts.
 * One gate (server.c: gate()) enforces the row before any handler runs:
 * authentication, role, CSRF on POST, body limit, content type and the
 * parameter allowlist.  Handlers contain no permission checks.  A handler
 * renders a whole page into r->out and returns; the server sends it.
 *
 * Path patterns are literal segments and '#' for a positive integer id;
 * the ids are in r->ids[] in order.
 */
#ifndef SENDMIS_WEB_H
#define SENDMIS_WEB_H
#include "core/buf.h"
#include "core/date.h"
#include "web/html.h"
#include "domain/user.h"
#include "domain/config.h"
#include <stdint.h>

struct req;
struct entity;
/* A connection to the store, for the domain functions a page calls: the web
 * layer runs no SQL of its own (docs/architecture.md, "The write path"). */
typedef struct db db;
typedef void (*handler_fn)(struct req *r);

enum route_flags {
	RF_PUBLIC = 1 << 0,    /* no sign-in needed (sign-in page, assets) */
	RF_CSV = 1 << 1,       /* responds with text/csv */
	RF_NO_CSRF = 1 << 2,   /* POST without a session CSRF token (sign-in only: it has its own) */
	RF_UPLOAD = 1 << 3,    /* POST may also be multipart/form-data (a file) */
	RF_PDF = 1 << 4,       /* responds with a PDF download */
	RF_XLSX = 1 << 5,      /* responds with a spreadsheet download */
	RF_XML = 1 << 6,       /* responds with an XML download (the SEN2 return) */
	RF_JSON = 1 << 7,      /* responds with a JSON download (an improvement plan) */
	RF_DOCUMENT = 1 << 8,  /* with RF_UPLOAD: the file is a document, kept as bytes in r->upload (not a
	                          parameter) up to document_max_kib; the other fields keep the route's limit */
};

struct route {
	const char *method;    /* "GET" or "POST" */
	const char *pattern;   /* "/people/#/edit" */
	handler_fn fn;
	unsigned flags;
	unsigned roles;        /* ROLE_* bits allowed; ignored for RF_PUBLIC */
	const char *params;    /* allowed parameter names, comma separated; "*x" = prefix x */
	size_t body_max;       /* bytes; 0 = default (16 KiB) */
	const struct entity *ent; /* generic record routes: the entity edited; its fields are the allowlist */
};

extern const struct route routes[];
extern const size_t routes_n;

/* Where "/" (the service name, the logo) takes each role: a caseworker's
 * home is their caseload; a role that holds no caseload goes to the page it
 * works from.  One row per role (routes.c); routes.test.mjs checks that each
 * home is a GET route the role may use. */
struct home { unsigned role; const char *path; };
extern const struct home homes[];
extern const size_t homes_n;
/* The home of the signed-in user's role: "/" (the caseload) or another path. */
const char *home_path(unsigned role);

#define MAX_IDS 4
#define MAX_PARAMS 96

struct param {
	char *name;
	char *value;
};

/* The file sent with a form to an RF_DOCUMENT route: its bytes as sent,
 * apart from the parameters (which are text).  Bytes past the limit are
 * not kept: the handler is told the file was too large. */
struct upload {
	char field[32];          /* the form field it came in ("" when none was sent) */
	char *filename;          /* as the browser named it (malloc'd; NULL if none) */
	unsigned char *bytes;    /* malloc'd; NULL when none kept */
	size_t len, cap;
	int too_large;           /* more than document_max_kib: nothing kept */
};

struct req {
	/* set by the server before the gate */
	const char *method;
	const char *path;
	const char *ip;
	const struct route *route;
	const struct config *cfg;
	db *db;
	int64_t ids[MAX_IDS];
	int nids;
	struct param params[MAX_PARAMS];  /* query string (GET) or form body (POST), decoded */
	int nparams;
	struct upload upload;             /* RF_DOCUMENT routes: the file */
	int64_t now;                      /* unix seconds, read once per request */
	day_t today;
	/* session (after the gate) */
	int signed_in;
	struct user user;
	char csrf[65];
	int64_t session_id;
	char login_cookie[65];            /* the sign-in form's token cookie, on /sign-in only */
	/* response */
	int status;
	html out;                         /* the page (html.h); other bodies: resp_body */
	const char *content_type;
	char location[512];
	char set_cookie[256];
	char filename[256];               /* Content-Disposition for a download (UTF-8; sent as RFC 6266 filename*) */
	char allow[32];                   /* methods the path accepts, for a 405's Allow header */
	int sandbox;                      /* a user's file (resp_file): the strictest Content-Security-Policy */
	struct csv_stream *stream;        /* a download sent as it is read (resp_csv_stream) */
	int stream_slot;                  /* a download slot is held (resp_csv_reserve) */
};

/* The request helpers below are request.c's, except resp_error (page.c:
 * the error page) and the streamed downloads (server.c). */

/* parameters */
const char *req_param(struct req *r, const char *name);   /* NULL if absent */
const char *req_param_or(struct req *r, const char *name, const char *dflt);
int req_param_int(struct req *r, const char *name, long long min, long long max, long long *out);
int req_has_role(struct req *r, unsigned roles);
/* Whether the route table lets this user use method + pattern ("GET", "/people/#"):
 * for a link to a page only some may open. */
int req_may(struct req *r, const char *method, const char *pattern);

/* responses */
void resp_redirect(struct req *r, const char *location);  /* 303 See Other */
/* An error page in place of whatever was written (a download's filename too). */
void resp_error(struct req *r, int status, const char *title, const char *message);
/* The one way bytes that are not HTML become the response: a download
 * (CSV made in memory, XML, JSON, PDF, a spreadsheet's bytes).  Empties
 * the response, sets its content type and, unless filename is NULL, its
 * Content-Disposition filename, and returns the buffer to write the body
 * into.  Never for a page: a page is an html (r->out) written by the
 * emitters of html.h. */
buf *resp_body(struct req *r, const char *content_type, const char *filename);
/* The same for a file a user uploaded (a document): sent as an attachment
 * with a Content-Security-Policy that lets nothing in it run or load. */
buf *resp_file(struct req *r, const char *content_type, const char *filename);
#define CSV_TYPE "text/csv; charset=utf-8"
#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* A CSV download streamed row by row while it is sent, so memory stays
 * flat however many rows it has (server.c).  The source appends one row
 * (its cells and CRLF) to b and returns 1, 0 at the end, or -1 on a store
 * error, which ends the response short (the client sees a broken
 * transfer, never a file that looks whole).  close() releases it. */
struct csv_source {
	void *it;
	int (*row)(void *it, buf *b);
	void (*close)(void *it);
};
/* Takes one of the download slots (as many as request threads): 0, or -1
 * with a 503 page when every slot is streaming.  Take it before the work
 * a download starts with (its audit row); the server gives it back if the
 * handler ends without streaming. */
int resp_csv_reserve(struct req *r);
/* Sends header (one CSV line with its CRLF) then src's rows as
 * `filename`.  Needs the slot from resp_csv_reserve.  The request's
 * database connection stays with the download until it ends: src reads
 * from it as the client reads.  src is closed in every case. */
void resp_csv_stream(struct req *r, const char *filename, const char *header, struct csv_source src);

struct actor;
/* The signed-in user, the time and the client's address, for a change (domain/change.h). */
void req_actor(const struct req *r, struct actor *who);
/* audit of what a page shows: a view, a report, a download or an export
 * ("view", "report", "download", "export"); never logs personal data.  0,
 * or -1 if the row could not be written.  A write's audit row is never
 * written here: the domain function that makes the change writes it in the
 * same transaction (change_audit, docs/architecture.md "The write path"). */
int req_audit(struct req *r, const char *action, const char *entity, int64_t entity_id,
              int64_t person_id, const char *fields, const char *changes_json);
/* A download's audit row: action "export", fields "rows=N". 0 or -1. */
int req_audit_export(struct req *r, const char *entity, int64_t person_id, int64_t rows);

/* Server entry point (server.c). */
int web_serve(const struct config *cfg);
int web_tls_enabled(const struct config *cfg);

#endif
