/* user.c — local accounts with Argon2id password hashes.
 *
 * DESIGN: libsodium's crypto_pwhash_str() produces a self-describing
 * "$argon2id$…" string with its own salt and parameters, so changing the
 * cost later needs no schema change (crypto_pwhash_str_needs_rehash).  A
 * failed verification for an unknown user still spends the cost of one
 * hash so the response time does not reveal which usernames exist.
 */
#include "domain/user.h"
#include "domain/queries.h"
#include "core/validate.h"
#include "core/codes.h"
#include "core/date.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static const struct { int role; const char *name; } roles[] = {
	{ROLE_ADMIN, "admin"}, {ROLE_MANAGER, "manager"},
	{ROLE_CASEWORKER, "caseworker"}, {ROLE_READONLY, "readonly"},
	{ROLE_BOARD, "board"},
	{ROLE_QA, "qa"},
};

int role_from_name(const char *name)
{
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (name && strcmp(name, roles[i].name) == 0)
			return roles[i].role;
	return 0;
}

const char *role_name(int role)
{
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (roles[i].role == role)
			return roles[i].name;
	return "";
}

static int username_ok(const char *u)
{
	size_t n = strlen(u);
	if (n < 3 || n > 64)
		return 0;
	for (; *u; u++)
		if (!((*u >= 'a' && *u <= 'z') || (*u >= '0' && *u <= '9') || *u == '.' || *u == '_' || *u == '-'))
			return 0;
	return 1;
}

static int hash_password(const char *password, char out[crypto_pwhash_STRBYTES], char *err, size_t errlen)
{
	size_t n = strlen(password);
	if (n < 10) {
		snprintf(err, errlen, "Password must be 10 characters or more");
		return -1;
	}
	if (n > 256) {
		snprintf(err, errlen, "Password must be 256 characters or fewer");
		return -1;
	}
	if (sodium_init() < 0 ||
	    crypto_pwhash_str(out, password, n, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		snprintf(err, errlen, "could not hash password (out of memory)");
		return -1;
	}
	return 0;
}

int user_add(db *d, const char *username, const char *display_name, const char *rname,
             const char *password, int64_t *id_out, char *err, size_t errlen)
{
	if (!username || !username_ok(username)) {
		snprintf(err, errlen, "Username must be 3 to 64 characters: lower-case letters, digits, '.', '_' or '-'");
		return -1;
	}
	if (!display_name || !*display_name || strlen(display_name) > 128) {
		snprintf(err, errlen, "Display name must be 1 to 128 characters");
		return -1;
	}
	if (!role_from_name(rname)) {
		snprintf(err, errlen, "Role must be one of admin, manager, caseworker, readonly");
		return -1;
	}
	char hash[crypto_pwhash_STRBYTES], now[21];
	if (hash_password(password ? password : "", hash, err, errlen) < 0)
		return -1;
	date_instant_iso((long long)time(NULL), now);
	db_stmt *s = db_prepare(d, "INSERT INTO users(username,display_name,role,password_hash,created_at) "
	                           "VALUES(?,?,?,?,?) RETURNING id");
	if (!s) {
		snprintf(err, errlen, "database error");
		return -1;
	}
	db_bind_text(s, 1, username);
	db_bind_text(s, 2, display_name);
	db_bind_text(s, 3, rname);
	db_bind_text(s, 4, hash);
	db_bind_text(s, 5, now);
	int rc = db_step(s);
	if (rc == DB_ROW && id_out)
		*id_out = db_col_int(s, 0);
	db_done(s);
	if (rc == DB_CONSTRAINT) {
		snprintf(err, errlen, "Username %s is already taken", username);
		return -1;
	}
	if (rc != DB_ROW) {
		snprintf(err, errlen, "database error");
		return -1;
	}
	return 0;
}

int user_set_password(db *d, const char *username, const char *password, char *err, size_t errlen)
{
	char hash[crypto_pwhash_STRBYTES];
	if (hash_password(password ? password : "", hash, err, errlen) < 0)
		return -1;
	db_stmt *s = db_prepare(d, "UPDATE users SET password_hash=?, version=version+1 WHERE username=?");
	if (!s) {
		snprintf(err, errlen, "database error");
		return -1;
	}
	db_bind_text(s, 1, hash);
	db_bind_text(s, 2, username);
	int rc = db_step(s);
	db_done(s);
	if (rc != DB_DONE || db_changes(d) != 1) {
		snprintf(err, errlen, "No user called %s", username);
		return -1;
	}
	/* A new password ends every existing session of that user. */
	s = db_prepare(d, "DELETE FROM sessions WHERE user_id=(SELECT id FROM users WHERE username=?)");
	if (s) {
		db_bind_text(s, 1, username);
		db_step(s);
		db_done(s);
	}
	return 0;
}

int user_set_disabled(db *d, const char *username, int disabled, char *err, size_t errlen)
{
	db_stmt *s = db_prepare(d, "UPDATE users SET disabled=?, version=version+1 WHERE username=?");
	if (!s) {
		snprintf(err, errlen, "database error");
		return -1;
	}
	db_bind_int(s, 1, disabled ? 1 : 0);
	db_bind_text(s, 2, username);
	int rc = db_step(s);
	db_done(s);
	if (rc != DB_DONE || db_changes(d) != 1) {
		snprintf(err, errlen, "No user called %s", username);
		return -1;
	}
	if (disabled) {
		s = db_prepare(d, "DELETE FROM sessions WHERE user_id=(SELECT id FROM users WHERE username=?)");
		if (s) {
			db_bind_text(s, 1, username);
			db_step(s);
			db_done(s);
		}
	}
	return 0;
}

int user_team_valid(const char *team)
{
	return team && utf8_chars(team) <= 60 && text_is_clean(team, 0);
}

/* Sets one optional text column of a user ("" clears it). */
static int set_user_text(db *d, const char *sql, const char *username, const char *value, char *err, size_t errlen)
{
	db_stmt *s = db_prepare(d, sql);
	if (!s) {
		snprintf(err, errlen, "database error");
		return -1;
	}
	db_bind_opt_text(s, 1, value);
	db_bind_text(s, 2, username);
	int rc = db_step(s);
	db_done(s);
	if (rc != DB_DONE || db_changes(d) != 1) {
		snprintf(err, errlen, "No user called %s", username);
		return -1;
	}
	return 0;
}

int user_set_team(db *d, const char *username, const char *team, char *err, size_t errlen)
{
	if (!user_team_valid(team)) {
		snprintf(err, errlen, "Team must be 60 characters or fewer, with no control characters");
		return -1;
	}
	return set_user_text(d, "UPDATE users SET team=?, version=version+1 WHERE username=?", username, team, err, errlen);
}

int user_set_email(db *d, const char *username, const char *email, char *err, size_t errlen)
{
	char norm[256] = "", why[120];
	if (*email && validate_email(email, norm, why, sizeof why) < 0) {
		snprintf(err, errlen, "Email address %s", why);
		return -1;
	}
	return set_user_text(d, "UPDATE users SET email=?, version=version+1 WHERE username=?", username, norm, err, errlen);
}

static void fill(db_stmt *s, struct user *u)
{
	u->id = db_col_int(s, 0);
	snprintf(u->username, sizeof u->username, "%s", db_col_text(s, 1));
	snprintf(u->display_name, sizeof u->display_name, "%s", db_col_text(s, 2));
	u->role = role_from_name(db_col_text(s, 3));
	u->disabled = (int)db_col_int(s, 4);
}

int user_load(db *d, int64_t id, struct user *u)
{
	db_stmt *s = db_prepare(d, "SELECT id,username,display_name,role,disabled FROM users WHERE id=?");
	if (!s)
		return -1;
	db_bind_int(s, 1, id);
	int rc = db_step(s);
	if (rc == DB_ROW)
		fill(s, u);
	db_done(s);
	return rc == DB_ROW ? 0 : -1;
}

int user_verify(db *d, const char *username, const char *password, struct user *u)
{
	static const char dummy[crypto_pwhash_STRBYTES] =
		"$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
		"3mHYhqKQhTgXQvQ3vTE9h1b3YOGxzTC2mPqbJ0kWbLs";
	char hash[crypto_pwhash_STRBYTES] = "";
	int found = 0;
	db_stmt *s = db_prepare(d, "SELECT id,username,display_name,role,disabled,password_hash FROM users WHERE username=?");
	if (!s)
		return -1;
	db_bind_text(s, 1, username);
	if (db_step(s) == DB_ROW) {
		fill(s, u);
		snprintf(hash, sizeof hash, "%s", db_col_text(s, 5));
		found = 1;
	}
	db_done(s);
	size_t n = strlen(password);
	if (sodium_init() < 0)
		return -1;
	int ok = crypto_pwhash_str_verify(found ? hash : dummy, password, n) == 0;
	if (!found || !ok || u->disabled)
		return -1;
	return 0;
}

int user_options_each(db *d, enum user_list which, user_option_fn fn, void *ctx)
{
	db_stmt *s = db_prepare(d, which == USERS_CASEWORKERS ? Q_CASEWORKERS
	                         : which == USERS_CASEWORKER_LOADS ? Q_CASEWORKER_LOADS : Q_USER_OPTIONS);
	if (!s)
		return -1;
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct user_option u = {db_col_int(s, 0), db_col_text(s, 1), which == USERS_ALL ? db_col_text(s, 2) : "",
		                        which == USERS_CASEWORKER_LOADS ? db_col_int(s, 2) : 0};
		if (fn(ctx, &u))
			break;
	}
	db_done(s);
	return rc == DB_ROW || rc == DB_DONE ? 0 : -1;
}
