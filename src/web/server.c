/* server.c — libmicrohttpd glue, the gate, static assets.
 *
 * Dependencies run one way, down: server.c fills a struct req, calls the
 * route's handler (pages_*.c, forms.c) and renders its own refusals with
 * resp_error (page.c); the handlers, page.c and html.c never call back
 * into server.c, except a list download's resp_csv_reserve and
 * resp_csv_stream (a handler's, never page.c's).  What a handler asks of
 * its request (parameters, roles, a redirect, a download's bytes, an
 * audit row) is request.c; a page is html.h's html, rendered by page.c.
 * tests/web-layer-check holds page.c, request.c, html.c, links.c and
 * chart.c to calling nothing defined here.
 *
 * DESIGN: MHD runs a thread pool; each request borrows one database
 * connection from a pool of the same size for its whole life.  The access
 * handler collects the request (the route is matched on the first call so
 * the body limit is known before any body is read; url-encoded bodies are
 * decoded by MHD's post processor), then gate() applies the route's flags
 * in a fixed order and only then calls the handler.  Pages are rendered
 * fully into r->out before anything is sent, so a failure half-way becomes
 * a clean error page.  The request log carries the route pattern, status,
 * time and user id — never a query string or a form value.
 *
 * Downloads of lists are the exception: a CSV streams row by row from a
 * domain iterator as the client reads it (resp_csv_stream), so memory
 * stays flat however many rows.  Its rows are read after the handler has
 * returned, so the connection the request borrowed stays with the
 * response and goes back to the pool from the response's free callback,
 * once its statement is finished.  The pool therefore holds a connection
 * per request thread plus one per download slot (as many as threads): a
 * thread waiting in pool_get can always be served, because downloads can
 * hold no more than their slots, and a download that finds every slot
 * taken is told to try again (503) instead of waiting.
 */
#include "web/web.h"
/* the connection pool: opening, migrating and closing connections (no SQL is run here) */
#include "store/db.h"
#include "web/pages.h"
#include "domain/clockstore.h"
#include "domain/session.h"
#include "domain/entity.h"
#include "domain/advice.h"
#include "domain/jobs.h"
#include "domain/log.h"
#include "domain/outbox.h"
#include "mail/smtp.h"
#include "render/letter.h"
#include "core/validate.h"
#include <microhttpd.h>
#include <sodium.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define COOKIE_NAME "sendmis_session"
#define LOGIN_COOKIE_NAME "sendmis_signin"
#define DEFAULT_BODY_MAX (16 * 1024)

/* ---- connection pool ---------------------------------------------------- */

static struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	db **free;
	int nfree, n;
	int slots;            /* download slots free (resp_csv_reserve) */
} pool = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, 0, 0, 0};

static db *pool_get(void)
{
	pthread_mutex_lock(&pool.mu);
	while (pool.nfree == 0)
		pthread_cond_wait(&pool.cv, &pool.mu);
	db *d = pool.free[--pool.nfree];
	pthread_mutex_unlock(&pool.mu);
	return d;
}

static void pool_put(db *d)
{
	pthread_mutex_lock(&pool.mu);
	pool.free[pool.nfree++] = d;
	pthread_cond_signal(&pool.cv);
	pthread_mutex_unlock(&pool.mu);
}

static int slot_take(void)
{
	pthread_mutex_lock(&pool.mu);
	int ok = pool.slots > 0;
	if (ok)
		pool.slots--;
	pthread_mutex_unlock(&pool.mu);
	return ok ? 0 : -1;
}

static void slot_give(void)
{
	pthread_mutex_lock(&pool.mu);
	pool.slots++;
	pthread_mutex_unlock(&pool.mu);
}

/* ---- per-connection state ------------------------------------------------ */

struct conn {
	struct req r;
	struct MHD_PostProcessor *pp;
	size_t body_len, body_max;
	size_t fields_len;    /* RF_DOCUMENT: the bytes of the fields other than the file (body_max applies to these) */
	int document;         /* the route takes a document (RF_DOCUMENT) */
	int held_back;        /* the post processor's last call gave a value's start and no bytes (see post_iter) */
	int too_large, bad_type, too_many;
	int matched;          /* 0 = no route, 1 = ok, 2 = wrong method */
};

static const struct config *g_cfg;

/* Matches path against pattern; fills ids.  '#' = positive integer segment,
 * a trailing '*' matches any rest. */
static int path_match(const char *pat, const char *path, int64_t *ids, int *nids)
{
	*nids = 0;
	while (*pat && *path) {
		if (*pat == '*')
			return 1;
		if (*pat == '#') {
			if (*path < '1' || *path > '9')
				return 0;
			int64_t v = 0;
			while (*path >= '0' && *path <= '9') {
				if (v > (INT64_MAX - 9) / 10)
					return 0;
				v = v * 10 + (*path++ - '0');
			}
			if (*nids >= MAX_IDS)
				return 0;
			ids[(*nids)++] = v;
			pat++;
			continue;
		}
		if (*pat != *path)
			return 0;
		pat++;
		path++;
	}
	return (*pat == 0 || (*pat == '*' && pat[1] == 0)) && *path == 0;
}

/* The route for method and path.  HEAD is answered as GET (RFC 9110 9.3.2;
 * MHD sends no body for it).  *matched: 0 no route has this path, 1 found,
 * 2 the path exists for other methods, which are listed in allow (for the
 * 405's Allow header). */
static const struct route *route_find(const char *method, const char *path, struct req *r, int *matched,
                                      char *allow, size_t allow_n)
{
	int64_t ids[MAX_IDS];
	int nids;
	*matched = 0;
	allow[0] = 0;
	const char *m = strcmp(method, "HEAD") == 0 ? "GET" : method;
	for (size_t i = 0; i < routes_n; i++) {
		if (!path_match(routes[i].pattern, path, ids, &nids))
			continue;
		if (strcmp(routes[i].method, m) != 0) {
			*matched = 2;
			size_t have = strlen(allow);
			snprintf(allow + have, allow_n - have, "%s%s%s", have ? ", " : "", routes[i].method,
			         strcmp(routes[i].method, "GET") == 0 ? ", HEAD" : "");
			continue;
		}
		memcpy(r->ids, ids, sizeof ids);
		r->nids = nids;
		*matched = 1;
		return &routes[i];
	}
	return NULL;
}

static int add_param(struct conn *c, const char *key, const char *data, size_t off, size_t size, int more)
{
	struct req *r = &c->r;
	if ((off > 0 || more) && r->nparams > 0 && strcmp(r->params[r->nparams - 1].name, key) == 0) {
		struct param *p = &r->params[r->nparams - 1];
		size_t have = strlen(p->value);
		char *nv = realloc(p->value, have + size + 1);
		if (!nv)
			return -1;
		memcpy(nv + have, data, size);
		nv[have + size] = 0;
		p->value = nv;
		return 0;
	}
	if (r->nparams >= MAX_PARAMS) {
		c->too_many = 1;
		return 0;
	}
	struct param *p = &r->params[r->nparams];
	p->name = strdup(key);
	p->value = malloc(size + 1);
	if (!p->name || !p->value) {
		free(p->name);
		free(p->value);
		return -1;
	}
	memcpy(p->value, data ? data : "", size);
	p->value[size] = 0;
	r->nparams++;
	return 0;
}

/* A document's bytes as they arrive, kept up to the limit; past it, none
 * are kept and the handler is told (the rest of the body is still read, so
 * the other fields reach the form). */
static int add_file(struct conn *c, const char *key, const char *filename, const char *data, size_t off, size_t size,
                    int more)
{
	struct upload *u = &c->r.upload;
	if (off == 0 && !u->field[0]) {
		if (strlen(key) >= sizeof u->field) {
			c->too_many = 1;
			return 0;
		}
		snprintf(u->field, sizeof u->field, "%s", key);
		u->filename = strdup(filename);
		if (!u->filename)
			return -1;
	} else if ((off == 0 && !more) || strcmp(u->field, key) != 0) {
		c->too_many = 1;   /* one file a form */
		return 0;
	}
	size_t limit = (size_t)g_cfg->document_max_kib * 1024;
	if (u->too_large || size == 0)
		return 0;
	if (size > limit - u->len) {
		u->too_large = 1;
		free(u->bytes);
		u->bytes = NULL;
		u->len = u->cap = 0;
		return 0;
	}
	if (u->len + size > u->cap) {
		size_t cap = u->cap ? u->cap : 64 * 1024;
		while (cap < u->len + size)
			cap *= 2;
		if (cap > limit)
			cap = limit;
		unsigned char *nb = realloc(u->bytes, cap);
		if (!nb)
			return -1;
		u->bytes = nb;
		u->cap = cap;
	}
	memcpy(u->bytes + u->len, data, size);
	u->len += size;
	return 0;
}

/* MHD's multipart parser holds a value's last bytes back until it has seen
 * what follows them, so a short value can come as a first call with no
 * bytes and then a second call, again at offset 0, with them: that second
 * call continues the value (held_back), it does not start another. */
static enum MHD_Result post_iter(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                                 const char *ctype, const char *enc, const char *data, uint64_t off, size_t size)
{
	struct conn *c = cls;
	int more = c->held_back;
	c->held_back = off == 0 && size == 0;
	if (c->document && filename)
		return add_file(c, key, filename, data, (size_t)off, size, more) == 0 ? MHD_YES : MHD_NO;
	if (c->document) {
		c->fields_len += size;
		if (c->fields_len > c->body_max) {
			c->too_large = 1;
			return MHD_NO;
		}
	}
	return add_param(c, key, data, (size_t)off, size, more) == 0 ? MHD_YES : MHD_NO;
}

static enum MHD_Result get_iter(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct conn *c = cls;
	add_param(c, key, value ? value : "", 0, value ? strlen(value) : 0, 0);
	return MHD_YES;
}

/* ---- streamed downloads ----------------------------------------------------- */

struct csv_stream {
	struct csv_source src;
	db *d;                /* the request's connection: back to the pool when the response is freed */
	buf pending;          /* bytes made and not yet sent */
	size_t at;
	int done;             /* the source has ended */
	int64_t rows;
	char filename[96];
};

int resp_csv_reserve(struct req *r)
{
	if (r->stream_slot)
		return 0;
	if (slot_take() < 0) {
		resp_error(r, 503, "Too many downloads at once",
		           "Other downloads are being sent. Try again in a minute.");
		return -1;
	}
	r->stream_slot = 1;
	return 0;
}

void resp_csv_stream(struct req *r, const char *filename, const char *header, struct csv_source src)
{
	struct csv_stream *st = r->stream_slot && !r->stream ? calloc(1, sizeof *st) : NULL;
	if (!st) {
		if (src.close)
			src.close(src.it);
		resp_error(r, 500, "Sorry, there is a problem with the service", "The file could not be made.");
		return;
	}
	st->src = src;
	/* a row is one record: a cap far above any record keeps a runaway row from taking the memory */
	buf_init(&st->pending, (size_t)16 << 20);
	buf_puts(&st->pending, header);
	snprintf(st->filename, sizeof st->filename, "%s", filename);
	html_reset(&r->out);
	r->status = 200;
	r->content_type = CSV_TYPE;
	snprintf(r->filename, sizeof r->filename, "%s", filename);
	r->stream = st;
}

/* MHD asks for the next bytes: what is pending, refilled from the source
 * about 16 KiB at a time. */
static ssize_t stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
	struct csv_stream *st = cls;
	if (st->at == st->pending.len) {
		buf_reset(&st->pending);
		st->at = 0;
		while (!st->done && st->pending.len < 16384) {
			int rc = st->src.row(st->src.it, &st->pending);
			if (rc < 0 || st->pending.err) {
				log_info("csv %s ended after %lld rows: the rows could not be read", st->filename,
				         (long long)st->rows);
				return MHD_CONTENT_READER_END_WITH_ERROR;
			}
			if (rc == 0)
				st->done = 1;
			else
				st->rows++;
		}
		if (st->pending.len == 0)
			return MHD_CONTENT_READER_END_OF_STREAM;
	}
	size_t n = st->pending.len - st->at;
	if (n > max)
		n = max;
	memcpy(out, st->pending.p + st->at, n);
	st->at += n;
	return (ssize_t)n;
}

/* The response is freed (sent, failed or the client went away): the
 * source's statement is finished, so the connection can be reused. */
static void stream_free(void *cls)
{
	struct csv_stream *st = cls;
	if (st->src.close)
		st->src.close(st->src.it);
	buf_free(&st->pending);
	if (st->d)
		pool_put(st->d);
	slot_give();
	free(st);
}

/* ---- the gate ------------------------------------------------------------- */

static int entity_param(const struct entity *e, const char *name)
{
	if (strcmp(name, "version") == 0)
		return 1;
	for (int i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		size_t n = strlen(f->name);
		if (strncmp(name, f->name, n) != 0)
			continue;
		if (name[n] == 0)
			return f->type != FT_DATE;
		if (f->type == FT_DATE && (strcmp(name + n, "-day") == 0 || strcmp(name + n, "-month") == 0 ||
		                           strcmp(name + n, "-year") == 0))
			return 1;
	}
	return 0;
}

static int param_allowed(const struct route *rt, const char *name)
{
	if (strcmp(name, "csrf") == 0)
		return strcmp(rt->method, "POST") == 0;
	if (rt->ent && strcmp(rt->method, "POST") == 0 && entity_param(rt->ent, name))
		return 1;
	const char *p = rt->params ? rt->params : "";
	size_t n = strlen(name);
	while (*p) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (*p == '*') {
			if (n >= len - 1 && strncmp(name, p + 1, len - 1) == 0)
				return 1;
		} else if (len == n && strncmp(p, name, n) == 0) {
			return 1;
		}
		p += len + (e ? 1 : 0);
	}
	return 0;
}

static void load_session(struct conn *c, struct MHD_Connection *mc)
{
	struct req *r = &c->r;
	const char *tok = MHD_lookup_connection_value(mc, MHD_COOKIE_KIND, COOKIE_NAME);
	if (!tok)
		return;
	if (session_lookup(r->db, tok, r->now, (int64_t)r->cfg->session_idle_minutes * 60,
	                   (int64_t)r->cfg->session_absolute_hours * 3600, &r->user, r->csrf,
	                   &r->session_id) == 0)
		r->signed_in = 1;
}

static void gate(struct conn *c, struct MHD_Connection *mc)
{
	struct req *r = &c->r;
	const struct route *rt = r->route;
	if (!rt) {
		if (c->matched == 2)
			resp_error(r, 405, "Method not allowed", "This address does not accept that kind of request.");
		else
			resp_error(r, 404, "Page not found", "If you typed the web address, check it is correct.");
		return;
	}
	if (c->too_large) {
		resp_error(r, 413, "Too much data", "The form sent more data than this page accepts.");
		return;
	}
	if (c->bad_type) {
		resp_error(r, 415, "Unsupported form encoding", "Forms must be sent as application/x-www-form-urlencoded.");
		return;
	}
	if (c->too_many) {
		resp_error(r, 400, "Too many fields", "The request had more fields than any page accepts.");
		return;
	}
	if (!(rt->flags & RF_PUBLIC) || strcmp(rt->pattern, "/sign-in") == 0)
		load_session(c, mc);
	if (strcmp(rt->pattern, "/sign-in") == 0) {
		const char *lt = MHD_lookup_connection_value(mc, MHD_COOKIE_KIND, LOGIN_COOKIE_NAME);
		if (lt && strlen(lt) == 64 && strspn(lt, "0123456789abcdef") == 64)
			memcpy(r->login_cookie, lt, 65);
	}
	if (!(rt->flags & RF_PUBLIC)) {
		if (!r->signed_in) {
			buf loc = BUF_INIT;
			buf_puts(&loc, "/sign-in");
			if (strcmp(r->method, "GET") == 0 && (strcmp(r->path, "/") != 0 || r->nparams)) {
				/* back to the same page after sign-in, query string included */
				buf next = BUF_INIT;
				buf_puts(&next, r->path);
				for (int i = 0; i < r->nparams; i++) {
					buf_putc(&next, i ? '&' : '?');
					html_urlc(&next, r->params[i].name);
					buf_putc(&next, '=');
					html_urlc(&next, r->params[i].value);
				}
				/* sign-in follows a next of under 400 characters (local_path): past
				 * that, the page without its query string */
				if (next.len >= 400 || next.err) {
					buf_reset(&next);
					buf_puts(&next, r->path);
				}
				buf_puts(&loc, "?next=");
				html_urlc(&loc, buf_cstr(&next));
				buf_free(&next);
			}
			if (loc.err || loc.len >= sizeof r->location) {
				buf_reset(&loc);   /* never a cut-off Location: sign-in, then home */
				buf_puts(&loc, "/sign-in");
			}
			resp_redirect(r, buf_cstr(&loc));
			buf_free(&loc);
			return;
		}
		if (!(rt->roles & (unsigned)r->user.role)) {
			resp_error(r, 403, "You do not have access to this page",
			           "Your role does not allow this. Ask a manager or administrator if you need it.");
			return;
		}
	}
	if (strcmp(r->method, "POST") == 0 && !(rt->flags & RF_NO_CSRF)) {
		const char *t = req_param(r, "csrf");
		if (!r->signed_in || !t || strlen(t) != 64 || sodium_memcmp(t, r->csrf, 64) != 0) {
			resp_error(r, 403, "Your form could not be sent",
			           "The form was out of date or not sent from sendmis. Go back, reload the page and try again.");
			return;
		}
	}
	if (r->upload.field[0] && !param_allowed(rt, r->upload.field)) {
		char msg[200];
		snprintf(msg, sizeof msg, "This page does not accept a parameter called '%.31s'.", r->upload.field);
		resp_error(r, 400, "Bad request", msg);
		return;
	}
	for (int i = 0; i < r->nparams; i++) {
		if (!param_allowed(rt, r->params[i].name)) {
			char msg[200];
			snprintf(msg, sizeof msg, "This page does not accept a parameter called '%.60s'.", r->params[i].name);
			resp_error(r, 400, "Bad request", msg);
			return;
		}
		if (!text_is_clean(r->params[i].value, 1)) {
			char msg[200];
			snprintf(msg, sizeof msg, "The value of '%.60s' contains characters that are not allowed.", r->params[i].name);
			resp_error(r, 400, "Bad request", msg);
			return;
		}
	}
	rt->fn(r);
}

/* ---- sending ---------------------------------------------------------------- */

/* sandbox: a user's file (resp_file), in which nothing may run or load, even if a browser shows it */
static void add_common_headers(struct MHD_Response *resp, int is_asset, int sandbox)
{
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	if (!is_asset) {
		MHD_add_response_header(resp, "Cache-Control", "no-store");
		MHD_add_response_header(resp, "X-Frame-Options", "DENY");
		MHD_add_response_header(resp, "Content-Security-Policy",
		                        sandbox ? "default-src 'none'; frame-ancestors 'none'; sandbox"
		                                : "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
		                                  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
	}
}

/* Content-Disposition: attachment, always.  A name of plain ASCII letters,
 * digits and . _ - ( ) + , and spaces goes as it is; any other is sent as
 * RFC 6266's filename* (UTF-8, percent-encoded) with an ASCII stand-in
 * (each other character an underscore) for clients without it. */
static void attachment_header(struct MHD_Response *resp, const char *name)
{
	buf cd = BUF_INIT, alt = BUF_INIT;
	int plain = 1;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		int ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		         strchr("._-()+, ", *p);
		plain &= ok;
		if (ok)
			buf_putc(&alt, (char)*p);
		else if ((*p & 0xC0) != 0x80)   /* one stand-in a character */
			buf_putc(&alt, '_');
	}
	buf_puts(&cd, "attachment; filename=\"");
	buf_puts(&cd, buf_cstr(&alt));
	buf_putc(&cd, '"');
	if (!plain) {
		static const char hex[] = "0123456789ABCDEF";
		buf_puts(&cd, "; filename*=UTF-8''");
		for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
			if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("!#$&+-.^_`|~", *p))
				buf_putc(&cd, (char)*p);
			else {
				buf_putc(&cd, '%');
				buf_putc(&cd, hex[*p >> 4]);
				buf_putc(&cd, hex[*p & 15]);
			}
		}
	}
	if (!cd.err)
		MHD_add_response_header(resp, "Content-Disposition", buf_cstr(&cd));
	buf_free(&cd);
	buf_free(&alt);
}

static enum MHD_Result send_stream(struct MHD_Connection *mc, struct req *r)
{
	struct csv_stream *st = r->stream;
	r->stream = NULL;
	struct MHD_Response *resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 32 * 1024, stream_read, st,
	                                                              stream_free);
	if (!resp) {
		stream_free(st);
		return MHD_NO;
	}
	add_common_headers(resp, 0, 0);
	MHD_add_response_header(resp, "Content-Type", r->content_type);
	attachment_header(resp, r->filename);
	enum MHD_Result ret = MHD_queue_response(mc, MHD_HTTP_OK, resp);
	MHD_destroy_response(resp);   /* stream_free runs when MHD is done with it */
	return ret;
}

static enum MHD_Result send_req(struct MHD_Connection *mc, struct req *r)
{
	if (r->stream)
		return send_stream(mc, r);
	if (html_failed(&r->out))   /* resp_error starts the page again */
		resp_error(r, 500, "Sorry, there is a problem with the service", "The page was too large to show.");
	size_t len;
	char *body = buf_detach(&r->out.b, &len);   /* the response's bytes, page or download, to send */
	struct MHD_Response *resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(body);
		return MHD_NO;
	}
	add_common_headers(resp, 0, r->sandbox && r->filename[0]);   /* an error page in its place is a page */
	MHD_add_response_header(resp, "Content-Type", r->content_type ? r->content_type : "text/html; charset=utf-8");
	if (r->location[0])
		MHD_add_response_header(resp, "Location", r->location);
	if (r->status == 405 && r->allow[0])
		MHD_add_response_header(resp, "Allow", r->allow);
	if (r->set_cookie[0])
		MHD_add_response_header(resp, "Set-Cookie", r->set_cookie);
	if (r->filename[0])
		attachment_header(resp, r->filename);
	enum MHD_Result ret = MHD_queue_response(mc, (unsigned)(r->status ? r->status : 200), resp);
	MHD_destroy_response(resp);
	return ret;
}

/* Static assets under /assets/: only [A-Za-z0-9._/-], no "..". */
static enum MHD_Result send_asset(struct MHD_Connection *mc, struct req *r)
{
	const char *rel = r->path + strlen("/assets/");
	int ok = *rel && !strstr(rel, "..");
	for (const char *p = rel; ok && *p; p++)
		ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		     *p == '.' || *p == '_' || *p == '-' || *p == '/';
	char path[1024];
	int fd = -1;
	struct stat st;
	if (ok && snprintf(path, sizeof path, "%s/assets/%s", g_cfg->assets_dir, rel) < (int)sizeof path)
		fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0 && (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))) {
		close(fd);
		fd = -1;
	}
	if (fd < 0) {
		resp_error(r, 404, "Page not found", "There is no such file.");
		return send_req(mc, r);
	}
	static const struct { const char *ext, *type; } types[] = {
		{".css", "text/css"}, {".js", "text/javascript"}, {".mjs", "text/javascript"},
		{".woff2", "font/woff2"}, {".woff", "font/woff"}, {".png", "image/png"},
		{".svg", "image/svg+xml"}, {".ico", "image/x-icon"}, {".json", "application/json"},
		{".map", "application/json"},
	};
	const char *type = "application/octet-stream";
	const char *dot = strrchr(rel, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (strcmp(dot, types[i].ext) == 0)
			type = types[i].type;
	struct MHD_Response *resp = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
	if (!resp) {
		close(fd);
		return MHD_NO;
	}
	add_common_headers(resp, 1, 0);
	MHD_add_response_header(resp, "Content-Type", type);
	MHD_add_response_header(resp, "Cache-Control", "public, max-age=3600");
	r->status = 200;
	enum MHD_Result ret = MHD_queue_response(mc, MHD_HTTP_OK, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* ---- MHD callbacks ------------------------------------------------------------ */

static void client_ip(struct MHD_Connection *mc, char *out, size_t n)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(mc, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(out, n, "?");
	if (!ci || !ci->client_addr)
		return;
	if (ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, out, (socklen_t)n);
	else if (ci->client_addr->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr, out, (socklen_t)n);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *mc, const char *url, const char *method,
                                  const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	struct conn *c = *con_cls;
	if (!c) {
		c = calloc(1, sizeof *c);
		if (!c)
			return MHD_NO;
		*con_cls = c;
		struct req *r = &c->r;
		buf_init(&r->out.b, 0);
		r->cfg = g_cfg;
		/* handlers see HEAD as GET; MHD still knows it is HEAD and sends no body */
		r->method = strcmp(method, "HEAD") == 0 ? "GET" : method;
		r->path = url;
		r->route = route_find(method, url, r, &c->matched, r->allow, sizeof r->allow);
		/* a route's own limit (a file upload) stands; others take the default, capped by the setting */
		c->body_max = r->route && r->route->body_max ? r->route->body_max : DEFAULT_BODY_MAX;
		if ((!r->route || !r->route->body_max) && c->body_max > (size_t)g_cfg->body_max_kib * 1024)
			c->body_max = (size_t)g_cfg->body_max_kib * 1024;
		/* a document's own limit is the setting, applied as its bytes arrive (add_file) */
		c->document = r->route && (r->route->flags & RF_DOCUMENT) && strcmp(method, "POST") == 0;
		if (strcmp(method, "POST") == 0) {
			const char *ct = MHD_lookup_connection_value(mc, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
			int multipart = r->route && (r->route->flags & RF_UPLOAD) && ct &&
			             strncasecmp(ct, MHD_HTTP_POST_ENCODING_MULTIPART_FORMDATA,
			                         strlen(MHD_HTTP_POST_ENCODING_MULTIPART_FORMDATA)) == 0;
			if (!ct || (!multipart && strncasecmp(ct, MHD_HTTP_POST_ENCODING_FORM_URLENCODED,
			                                   strlen(MHD_HTTP_POST_ENCODING_FORM_URLENCODED)) != 0))
				c->bad_type = 1;
			else
				c->pp = MHD_create_post_processor(mc, 8192, post_iter, c);
		} else {
			MHD_get_connection_values(mc, MHD_GET_ARGUMENT_KIND, get_iter, c);
		}
		return MHD_YES;
	}
	if (*upload_size) {
		c->body_len += *upload_size;
		if (c->body_len > c->body_max && !c->document)
			c->too_large = 1;
		if (!c->too_large && !c->bad_type && c->pp &&
		    MHD_post_process(c->pp, upload, *upload_size) != MHD_YES)
			c->bad_type = 1;
		*upload_size = 0;
		return MHD_YES;
	}

	struct req *r = &c->r;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	char ip[64];
	client_ip(mc, ip, sizeof ip);
	r->ip = ip;
	r->now = (int64_t)time(NULL);
	{
		time_t t = (time_t)r->now;
		struct tm tm;
		localtime_r(&t, &tm);
		date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, &r->today);
	}
	enum MHD_Result ret;
	if (r->route && r->route->fn == h_static && !c->too_large) {
		ret = send_asset(mc, r);
	} else {
		r->db = pool_get();
		gate(c, mc);
		if (r->stream) {
			r->stream->d = r->db;   /* the download reads on: stream_free returns the connection and the slot */
		} else {
			pool_put(r->db);
			if (r->stream_slot)
				slot_give();
		}
		r->stream_slot = 0;
		r->db = NULL;
		ret = send_req(mc, r);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	log_info("http %s %s %d %.1fms user=%lld", method, r->route ? r->route->pattern : "-",
	         r->status ? r->status : 200, ms, (long long)(r->signed_in ? r->user.id : 0));
	return ret;
}

static void on_completed(void *cls, struct MHD_Connection *mc, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct conn *c = *con_cls;
	if (!c)
		return;
	if (c->pp)
		MHD_destroy_post_processor(c->pp);
	for (int i = 0; i < c->r.nparams; i++) {
		free(c->r.params[i].name);
		free(c->r.params[i].value);
	}
	free(c->r.upload.filename);
	free(c->r.upload.bytes);
	html_free(&c->r.out);
	free(c);
	*con_cls = NULL;
}

static volatile sig_atomic_t stop_flag;
static void on_signal(int sig) { stop_flag = 1; }

/* The background worker: runs the scheduler every jobs_interval_seconds and
 * sends the outbox every mail_poll_seconds, on its own connection, until
 * the server stops (it finishes the message it is sending first). */
static void *worker_main(void *arg)
{
	const struct config *cfg = arg;
	db *d;
	char err[512];
	if (db_open(&d, cfg->db_path, err, sizeof err) < 0) {
		fprintf(stderr, "sendmis: worker: %s\n", err);
		return NULL;
	}
	struct jobs_settings js;
	config_jobs(cfg, &js);
	time_t last_jobs = 0, last_mail = 0;
	int leading = 0;
	while (!stop_flag) {
		/* several servers on one database: one runs the scheduler and sends
		 * the outbox; the others wait to take over when it stops */
		int lead = db_lead(d, DB_LEAD_WORKER);
		if (lead != 1) {
			if (leading)
				log_info("worker: another server now runs the scheduler and sends the outbox");
			leading = 0;
			sleep(1);
			continue;
		}
		if (!leading) {
			leading = 1;
			log_info("worker: this server runs the scheduler and sends the outbox");
			/* what the last sender left half sent (it stopped): may or may not have arrived */
			if (outbox_recover(d) < 0)
				fprintf(stderr, "sendmis: worker: preparing the outbox failed: %s\n", db_errmsg(d));
		}
		time_t now = time(NULL);
		if (cfg->jobs_interval_seconds && now - last_jobs >= cfg->jobs_interval_seconds) {
			struct tm tm;
			day_t today;
			localtime_r(&now, &tm);
			date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, &today);
			struct jobs_report rep;
			struct outbox_report sent = {0};
			jobs_run(d, &js, today, (int64_t)now, &rep);
			if (cfg->mail_poll_seconds) {   /* what the run queued goes now, and its line says so */
				outbox_drain(d, (int64_t)now, 0, &stop_flag, &sent);
				last_mail = time(NULL);
			}
			jobs_log_run(today, &rep, &sent);
			last_jobs = now;
		}
		if (cfg->mail_poll_seconds && now - last_mail >= cfg->mail_poll_seconds) {
			struct outbox_report sent;
			outbox_drain(d, (int64_t)now, 0, &stop_flag, &sent);
			if (sent.sent || sent.retry || sent.failed || sent.cancelled)
				log_info("outbox sending sent=%d retry=%d failed=%d not_sent=%d", sent.sent, sent.retry, sent.failed,
				         sent.cancelled);
			last_mail = time(NULL);
		}
		sleep(1);
	}
	db_close(d);
	return NULL;
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	buf b = BUF_INIT;
	char tmp[4096];
	size_t n;
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_add(&b, tmp, n);
	fclose(f);
	if (b.err) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

int web_serve(const struct config *cfg)
{
	g_cfg = cfg;
	char host[128];
	snprintf(host, sizeof host, "%s", cfg->listen);
	char *colon = strrchr(host, ':');
	long long port;
	struct sockaddr_in sa = {0};
	if (!colon || parse_int64(colon + 1, 1, 65535, &port) < 0) {
		fprintf(stderr, "sendmis: listen: expected ADDRESS:PORT, e.g. 127.0.0.1:8080\n");
		return 1;
	}
	*colon = 0;
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
		fprintf(stderr, "sendmis: listen: '%s' is not an IPv4 address\n", host);
		return 1;
	}
	if (sodium_init() < 0) {
		fprintf(stderr, "sendmis: libsodium failed to initialise\n");
		return 1;
	}
	/* a connection per request thread, and one per download slot (see DESIGN) */
	pool.n = 2 * cfg->threads;
	pool.slots = cfg->threads;
	pool.free = calloc((size_t)pool.n, sizeof *pool.free);
	if (!pool.free) {
		fprintf(stderr, "sendmis: out of memory\n");
		return 1;
	}
	for (int i = 0; i < pool.n; i++) {
		char err[2048];   /* a refused migration lists the records to correct */
		if (db_open(&pool.free[i], cfg->db_path, err, sizeof err) < 0) {
			fprintf(stderr, "sendmis: %s\n", err);
			return 1;
		}
		if (i == 0 && db_migrate(pool.free[0], err, sizeof err) < 0) {
			fprintf(stderr, "sendmis: %s\n", err);
			return 1;
		}
		/* the stored clock follows the area's conventions and the rules table */
		if (i == 0 && clockstore_ensure(pool.free[0], date_local_day((int64_t)time(NULL)), stderr) < 0) {
			fprintf(stderr, "sendmis: rebuilding the stored statutory clock failed: %s\n", db_errmsg(pool.free[0]));
			return 1;
		}
		if (i == 0 && advice_refresh_due(pool.free[0], -1) < 0) {
			fprintf(stderr, "sendmis: computing advice deadlines failed: %s\n", db_errmsg(pool.free[0]));
			return 1;
		}
		pool.nfree++;
	}
	char *cert = NULL, *key = NULL;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
	if (cfg->tls_cert[0] || cfg->tls_key[0]) {
		cert = read_file(cfg->tls_cert);
		key = read_file(cfg->tls_key);
		if (!cert || !key) {
			fprintf(stderr, "sendmis: cannot read tls_cert or tls_key\n");
			return 1;
		}
		flags |= MHD_USE_TLS;
	}
	struct MHD_Daemon *d;
	if (cert)
		d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, NULL,
		                     MHD_OPTION_SOCK_ADDR, &sa, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->threads,
		                     MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		                     MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_HTTPS_MEM_CERT, cert,
		                     MHD_OPTION_HTTPS_MEM_KEY, key, MHD_OPTION_END);
	else
		d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, NULL,
		                     MHD_OPTION_SOCK_ADDR, &sa, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->threads,
		                     MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		                     MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "sendmis: cannot listen on %s: %s\n", cfg->listen, strerror(errno));
		return 1;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	if (smtp_global_init() < 0) {
		fprintf(stderr, "sendmis: libcurl failed to initialise\n");
		return 1;
	}
	/* the worker never takes the stop signals: they wake pause() below */
	pthread_t worker;
	int have_worker = 0;
	if (cfg->jobs_interval_seconds || cfg->mail_poll_seconds) {
		sigset_t block, old;
		sigemptyset(&block);
		sigaddset(&block, SIGINT);
		sigaddset(&block, SIGTERM);
		pthread_sigmask(SIG_BLOCK, &block, &old);
		have_worker = pthread_create(&worker, NULL, worker_main, (void *)cfg) == 0;
		pthread_sigmask(SIG_SETMASK, &old, NULL);
	}
	fprintf(stderr, "sendmis: serving %s on http%s://%s\n", cfg->la_name, cert ? "s" : "", cfg->listen);
	while (!stop_flag)
		pause();
	MHD_stop_daemon(d);
	if (have_worker)
		pthread_join(worker, NULL);
	smtp_global_cleanup();
	for (int i = 0; i < pool.nfree; i++)
		db_close(pool.free[i]);
	free(pool.free);
	free(cert);
	free(key);
	fprintf(stderr, "sendmis: stopped\n");
	return 0;
}

int web_tls_enabled(const struct config *cfg)
{
	return cfg->tls_cert[0] && cfg->tls_key[0];
}
