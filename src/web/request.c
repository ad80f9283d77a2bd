/* request.c — the request context a handler works with: its parameters,
 * the signed-in user's role, the audit rows it writes, and how it answers
 * when the answer is not a page (a redirect, a download's bytes).
 *
 * DESIGN: no libmicrohttpd and no page rendering here: server.c fills a
 * struct req and calls the handler; handlers, page.c and forms.c call
 * these.  See web.h.
 */
#include "web/web.h"
#include "domain/audit.h"
#include "domain/change.h"
#include "core/validate.h"
#include <stdio.h>
#include <string.h>

const char *req_param(struct req *r, const char *name)
{
	for (int i = 0; i < r->nparams; i++)
		if (strcmp(r->params[i].name, name) == 0)
			return r->params[i].value;
	return NULL;
}

const char *req_param_or(struct req *r, const char *name, const char *dflt)
{
	const char *v = req_param(r, name);
	return v ? v : dflt;
}

int req_param_int(struct req *r, const char *name, long long min, long long max, long long *out)
{
	const char *v = req_param(r, name);
	return v ? parse_int64(v, min, max, out) : -1;
}

int req_has_role(struct req *r, unsigned roles)
{
	return r->signed_in && (r->user.role & (int)roles) != 0;
}

int req_may(struct req *r, const char *method, const char *pattern)
{
	for (size_t i = 0; i < routes_n; i++)
		if (!strcmp(routes[i].method, method) && !strcmp(routes[i].pattern, pattern))
			return (routes[i].flags & RF_PUBLIC) || req_has_role(r, routes[i].roles);
	return 0;
}

void resp_redirect(struct req *r, const char *location)
{
	r->status = 303;
	snprintf(r->location, sizeof r->location, "%s", location);
	html_reset(&r->out);
}

buf *resp_body(struct req *r, const char *content_type, const char *filename)
{
	html_reset(&r->out);
	r->content_type = content_type;
	snprintf(r->filename, sizeof r->filename, "%s", filename ? filename : "");
	return &r->out.b;   /* the one place a response's bytes are handed out raw (tests/web-layer-check) */
}

buf *resp_file(struct req *r, const char *content_type, const char *filename)
{
	r->sandbox = 1;
	return resp_body(r, content_type, filename);
}

void req_actor(const struct req *r, struct actor *who)
{
	who->user_id = r->signed_in ? r->user.id : 0;
	who->now = r->now;
	who->today = r->today;
	who->ip = r->ip;
}

int req_audit(struct req *r, const char *action, const char *entity, int64_t entity_id,
              int64_t person_id, const char *fields, const char *changes_json)
{
	return audit_write(r->db, r->now, r->signed_in ? r->user.id : 0, action, entity, entity_id, person_id,
	                   fields, changes_json, r->ip);
}

int req_audit_export(struct req *r, const char *entity, int64_t person_id, int64_t rows)
{
	char fields[32];
	snprintf(fields, sizeof fields, "rows=%lld", (long long)rows);
	return req_audit(r, "export", entity, 0, person_id, fields, NULL);
}
