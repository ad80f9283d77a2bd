/* pages_auth.c — sign in and sign out.
 *
 * DESIGN: the sign-in form is the one POST without a session CSRF token
 * (there is no session yet).  It carries its own (login CSRF): showing the
 * form sets a random token in a SameSite=Strict cookie scoped to /sign-in
 * (kept while the browser has it) and puts the same token in the form; a POST whose token does not match
 * the cookie is refused before any password is tried, so another site
 * cannot sign a person in as someone else.  Every sign-in starts a fresh
 * session (no fixation).  Failures are
 * counted per username and per address; past the limit the form refuses
 * to try the password at all.  The error never says whether the username
 * exists.  `next` is followed only if it is a local path.
 */
#include "web/pages.h"
#include "web/page.h"
#include "domain/change.h"
#include "domain/session.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>

void h_static(struct req *r)
{
	resp_error(r, 404, "Page not found", "There is no such file.");
}

/* For a load balancer: whether this server reaches its database and the
 * database is at the schema this binary expects.  No personal data, no
 * session; 200 when both hold, else 503 (take this server out). */
void h_healthz(struct req *r)
{
	int have = db_schema_version(r->db), want = db_schema_latest(r->db);
	const char *store = db_store_of(r->db) == DB_POSTGRESQL ? "postgresql" : "sqlite";
	buf *b = resp_body(r, "application/json", NULL);
	if (have < 0)
		buf_printf(b, "{\"status\":\"unavailable\",\"database\":\"unreachable\",\"store\":\"%s\"}\n", store);
	else
		buf_printf(b, "{\"status\":\"%s\",\"database\":\"reachable\",\"store\":\"%s\",\"schema_version\":%d,"
		           "\"schema_expected\":%d}\n", have == want ? "ok" : "unavailable", store, have, want);
	r->status = have == want ? 200 : 503;
}

/* A redirect target we will follow: a path on this site, printable ASCII
 * only (browsers drop tabs and newlines, so "/\t/evil" would become
 * "//evil"), never "//" or "/\" (scheme-relative). */
static int local_path(const char *p)
{
	if (!p || p[0] != '/' || p[1] == '/' || p[1] == '\\' || strlen(p) >= 400)
		return 0;
	for (const char *c = p; *c; c++)
		if ((unsigned char)*c <= 0x20 || (unsigned char)*c >= 0x7f || *c == '\\')
			return 0;
	return 1;
}

static void sign_in_form(struct req *r, const char *username, const char *next, const struct errs *e)
{
	/* one token per browser: kept while its cookie lasts, so two sign-in
	 * tabs both work; a new one only when the browser has none */
	char token[65];
	if (strlen(r->login_cookie) == 64)
		memcpy(token, r->login_cookie, 65);
	else if (session_random_token(token) < 0) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "The sign-in page could not be shown.");
		return;
	}
	snprintf(r->set_cookie, sizeof r->set_cookie, "sendmis_signin=%s; Path=/sign-in; HttpOnly; SameSite=Strict%s",
	         token, web_tls_enabled(r->cfg) ? "; Secure" : "");
	if (e && e->n && !r->status)
		r->status = 422;
	page_begin_err(r, "Sign in", e);
	html_lit(&r->out, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
	page_error_summary(r, e);
	html_lit(&r->out, "<h1 class=\"govuk-heading-l\">Sign in to sendmis</h1>"
	                  "<form method=\"post\" action=\"/sign-in\" novalidate>");
	form_hidden(r, "csrf", token);
	if (next && local_path(next))
		form_hidden(r, "next", next);
	form_text_ac(r, "username", "Username", NULL, username, e, "govuk-!-width-one-half", "username");
	form_password(r, "password", "Password", "current-password", e);
	form_button(r, "Sign in");
	html_lit(&r->out, "</form><p class=\"govuk-body\">If you have forgotten your password, ask your "
	                  "sendmis administrator to reset it.</p></div></div>");
	page_end(r);
}

void h_sign_in(struct req *r)
{
	if (strcmp(r->method, "GET") == 0) {
		if (r->signed_in) {
			resp_redirect(r, "/");
			return;
		}
		sign_in_form(r, "", req_param(r, "next"), NULL);
		return;
	}
	const char *username = req_param_or(r, "username", "");
	const char *password = req_param_or(r, "password", "");
	const char *next = req_param(r, "next");
	struct errs e = {0};
	const char *form_token = req_param(r, "csrf");
	if (!form_token || strlen(form_token) != 64 || strlen(r->login_cookie) != 64 ||
	    sodium_memcmp(form_token, r->login_cookie, 64) != 0) {
		errs_add(&e, "username", "Your sign-in form was out of date or not sent from sendmis. Enter your username and password again");
		r->status = 403;
		sign_in_form(r, username, next, &e);
		return;
	}
	if (!*username)
		errs_add(&e, "username", "Enter your username");
	if (!*password)
		errs_add(&e, "password", "Enter your password");
	if (strlen(username) > 64)
		errs_add(&e, "username", "Username must be 64 characters or fewer");
	if (e.n) {
		sign_in_form(r, username, next, &e);
		return;
	}
	if (login_blocked(r->db, username, r->ip, r->now, (int64_t)r->cfg->login_window_minutes * 60,
	                  r->cfg->login_max_failures)) {
		errs_add(&e, "username", "Too many failed attempts to sign in. Wait %d minutes, then try again",
		         r->cfg->login_window_minutes);
		r->status = 429;
		sign_in_form(r, username, next, &e);
		return;
	}
	struct user u;
	char token[65], csrf[65];
	struct actor who;
	req_actor(r, &who);
	int rc = session_sign_in(r->db, &who, username, password, r->signed_in ? r->session_id : 0, &u, token, csrf);
	if (rc == SESSION_REFUSED) {
		errs_add(&e, "username", "Enter a correct username and password");
		sign_in_form(r, username, next, &e);
		return;
	}
	if (rc != SESSION_OK) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "You could not be signed in. Try again later.");
		return;
	}
	r->signed_in = 1;
	r->user = u;
	snprintf(r->set_cookie, sizeof r->set_cookie, "sendmis_session=%s; Path=/; HttpOnly; SameSite=Strict%s",
	         token, web_tls_enabled(r->cfg) ? "; Secure" : "");
	resp_redirect(r, next && local_path(next) ? next : "/");
}

void h_sign_out(struct req *r)
{
	struct actor who;
	req_actor(r, &who);
	if (session_sign_out(r->db, &who, r->session_id) != SESSION_OK) {
		resp_error(r, 500, "Sorry, there is a problem with the service", "You could not be signed out. Try again.");
		return;
	}
	snprintf(r->set_cookie, sizeof r->set_cookie, "sendmis_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
	r->signed_in = 0;
	resp_redirect(r, "/sign-in");
}
