/* session.c — see session.h.
 *
 * DESIGN: the cookie carries 32 random bytes (hex); the table stores only
 * their BLAKE2b hash, so a copy of the database does not yield live
 * sessions.  Each session has its own CSRF token, compared in constant
 * time by the web gate.  Expiry is both idle and absolute.
 */
#include "domain/session.h"
#include "domain/audit.h"
#include "domain/change.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>

static void hash_token(const char *token, char out[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof h);
}

static void random_hex(char out[65])
{
	unsigned char r[32];
	randombytes_buf(r, sizeof r);
	sodium_bin2hex(out, 65, r, sizeof r);
}

int session_random_token(char out[65])
{
	if (sodium_init() < 0)
		return -1;
	random_hex(out);
	return 0;
}

int session_create(db *d, int64_t user_id, int64_t now, char token_out[65], char csrf_out[65])
{
	char th[65];
	if (sodium_init() < 0)
		return -1;
	random_hex(token_out);
	random_hex(csrf_out);
	hash_token(token_out, th);
	db_stmt *s = db_prepare(d, "INSERT INTO sessions(token_hash,user_id,csrf,created_at,last_seen) VALUES(?,?,?,?,?)");
	if (!s)
		return -1;
	db_bind_text(s, 1, th);
	db_bind_int(s, 2, user_id);
	db_bind_text(s, 3, csrf_out);
	db_bind_int(s, 4, now);
	db_bind_int(s, 5, now);
	int rc = db_step(s);
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}

int session_lookup(db *d, const char *token, int64_t now, int64_t idle_s, int64_t abs_s,
                   struct user *u, char csrf_out[65], int64_t *session_id)
{
	if (!token || strlen(token) != SESSION_TOKEN_HEX)
		return -1;
	char th[65];
	hash_token(token, th);
	db_stmt *s = db_prepare(d,
		"SELECT s.id, s.csrf, s.created_at, s.last_seen, u.id, u.username, u.display_name, u.role, u.disabled "
		"FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?");
	if (!s)
		return -1;
	db_bind_text(s, 1, th);
	int found = 0;
	int64_t sid = 0, created = 0, seen = 0;
	if (db_step(s) == DB_ROW) {
		sid = db_col_int(s, 0);
		snprintf(csrf_out, 65, "%s", db_col_text(s, 1));
		created = db_col_int(s, 2);
		seen = db_col_int(s, 3);
		u->id = db_col_int(s, 4);
		snprintf(u->username, sizeof u->username, "%s", db_col_text(s, 5));
		snprintf(u->display_name, sizeof u->display_name, "%s", db_col_text(s, 6));
		u->role = role_from_name(db_col_text(s, 7));
		u->disabled = (int)db_col_int(s, 8);
		found = 1;
	}
	db_done(s);
	if (!found)
		return -1;
	if (u->disabled || now - seen > idle_s || now - created > abs_s || !u->role) {
		session_delete(d, sid);
		return -1;
	}
	if (now - seen >= 60) {
		s = db_prepare(d, "UPDATE sessions SET last_seen=? WHERE id=?");
		if (s) {
			db_bind_int(s, 1, now);
			db_bind_int(s, 2, sid);
			db_step(s);
			db_done(s);
		}
	}
	*session_id = sid;
	return 0;
}

void session_delete(db *d, int64_t session_id)
{
	db_stmt *s = db_prepare(d, "DELETE FROM sessions WHERE id=?");
	if (!s)
		return;
	db_bind_int(s, 1, session_id);
	db_step(s);
	db_done(s);
}

int login_blocked(db *d, const char *username, const char *ip, int64_t now, int64_t window_s, int max)
{
	int64_t by_user = 0, by_ip = 0;
	/* failures since the user's last successful sign-in, within the window */
	db_stmt *s = db_prepare(d, "SELECT COUNT(*) FROM login_attempts WHERE username=?1 AND ok=0 AND at>?2 "
	                           "AND id>COALESCE((SELECT MAX(id) FROM login_attempts WHERE username=?1 AND ok=1),0)");
	if (s) {
		db_bind_text(s, 1, username);
		db_bind_int(s, 2, now - window_s);
		if (db_step(s) == DB_ROW)
			by_user = db_col_int(s, 0);
		db_done(s);
	}
	s = db_prepare(d, "SELECT COUNT(*) FROM login_attempts WHERE ip=? AND ok=0 AND at>?");
	if (s) {
		db_bind_text(s, 1, ip);
		db_bind_int(s, 2, now - window_s);
		if (db_step(s) == DB_ROW)
			by_ip = db_col_int(s, 0);
		db_done(s);
	}
	return by_user >= max || by_ip >= 4LL * max;
}

static int insert_attempt(db *d, const char *username, const char *ip, int64_t now, int ok)
{
	db_stmt *s = db_prepare(d, "INSERT INTO login_attempts(username,ip,at,ok) VALUES(?,?,?,?)");
	if (!s)
		return -1;
	db_bind_text(s, 1, username);
	db_bind_text(s, 2, ip);
	db_bind_int(s, 3, now);
	db_bind_int(s, 4, ok ? 1 : 0);
	int rc = db_step(s);
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}

static int delete_session(db *d, int64_t session_id)
{
	db_stmt *s = db_prepare(d, "DELETE FROM sessions WHERE id=?");
	if (!s)
		return -1;
	db_bind_int(s, 1, session_id);
	int rc = db_step(s);
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}

int session_sign_in(db *d, const struct actor *who, const char *username, const char *password, int64_t old_session,
                    struct user *u, char token[65], char csrf[65])
{
	int ok = user_verify(d, username, password, u) == 0;
	if (db_begin(d) < 0)
		return SESSION_ERROR;
	const char *ip = who->ip ? who->ip : "";
	int fail = insert_attempt(d, username, ip, who->now, ok) < 0;
	if (!ok)
		fail = fail || audit_write(d, who->now, who->user_id, "sign_in_failed", "users", 0, 0, NULL, NULL, who->ip) < 0;
	else
		fail = fail || (old_session && delete_session(d, old_session) < 0) ||
		       session_create(d, u->id, who->now, token, csrf) < 0 ||
		       audit_write(d, who->now, u->id, "sign_in", "users", u->id, 0, NULL, NULL, who->ip) < 0;
	if (fail || db_commit(d) < 0) {
		db_rollback(d);
		return SESSION_ERROR;
	}
	return ok ? SESSION_OK : SESSION_REFUSED;
}

int session_sign_out(db *d, const struct actor *who, int64_t session_id)
{
	if (db_begin(d) < 0)
		return SESSION_ERROR;
	if (audit_write(d, who->now, who->user_id, "sign_out", "users", who->user_id, 0, NULL, NULL, who->ip) < 0 ||
	    delete_session(d, session_id) < 0 || db_commit(d) < 0) {
		db_rollback(d);
		return SESSION_ERROR;
	}
	return SESSION_OK;
}
