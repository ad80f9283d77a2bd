/* user.h — local accounts. */
#ifndef SENDMIS_USER_H
#define SENDMIS_USER_H
#include "store/db.h"
#include <stdint.h>
#include <stddef.h>

enum role {
	ROLE_ADMIN = 1 << 0,
	ROLE_MANAGER = 1 << 1,
	ROLE_CASEWORKER = 1 << 2,
	ROLE_READONLY = 1 << 3,
	ROLE_BOARD = 1 << 4,     /* leaders and boards: the dashboard and aggregates, never a child's record */
	ROLE_QA = 1 << 5,        /* quality assurance auditors only: the QA pages and the plans assigned to them */
};
/* The staff roles, who may see children's records. */
#define ROLE_ALL (ROLE_ADMIN | ROLE_MANAGER | ROLE_CASEWORKER | ROLE_READONLY)
#define ROLE_EDITORS (ROLE_ADMIN | ROLE_MANAGER | ROLE_CASEWORKER)

/* Whose work a user may look at (the queue, the annual reviews): a
 * caseworker their own caseload; managers, admins and the read-only role
 * any caseworker's.  The rule the work pages follow, kept with the roles. */
#define ROLE_SEES_ANY_CASELOAD (ROLE_ADMIN | ROLE_MANAGER | ROLE_READONLY)
/* The roles that hold a caseload of their own: their lists open on it. */
#define ROLE_HOLDS_CASELOAD ROLE_CASEWORKER

struct user {
	int64_t id;
	char username[65];
	char display_name[129];
	int role;               /* one enum role bit */
	int disabled;
};

/* "admin" -> ROLE_ADMIN; 0 if unknown. */
int role_from_name(const char *name);
const char *role_name(int role);

/* Validates username (3-64 of [a-z0-9._-]) and password (>= 10 chars,
 * <= 256), hashes with Argon2id (libsodium crypto_pwhash_str) and inserts.
 * On error returns -1 and writes a message naming the field. */
int user_add(db *d, const char *username, const char *display_name, const char *role_name_s,
             const char *password, int64_t *id_out, char *err, size_t errlen);
int user_set_password(db *d, const char *username, const char *password, char *err, size_t errlen);
/* The address weekly summaries go to ("" for none); validated. */
int user_set_email(db *d, const char *username, const char *email, char *err, size_t errlen);
int user_set_disabled(db *d, const char *username, int disabled, char *err, size_t errlen);
/* The team a user belongs to, for the manager's view ("" = none; at most
 * 60 characters, no control characters). */
int user_set_team(db *d, const char *username, const char *team, char *err, size_t errlen);
int user_team_valid(const char *team);
/* Loads by id (0 ok, -1 not found). */
int user_load(db *d, int64_t id, struct user *u);
/* Users for a choice from a list, by display name: those who hold caseloads
 * (queries.c: HOLDS_CASELOAD), the same with the number of children
 * allocated to each now (caseload), or every user (with their username;
 * the audit trail keeps disabled users' events).  fn is called once per
 * user (strings valid during the call) and returns nonzero to stop.  0, or
 * -1 on a store error. */
enum user_list { USERS_CASEWORKERS, USERS_CASEWORKER_LOADS, USERS_ALL };
struct user_option { int64_t id; const char *display_name, *username; int64_t caseload; };
typedef int (*user_option_fn)(void *ctx, const struct user_option *u);
int user_options_each(db *d, enum user_list which, user_option_fn fn, void *ctx);

/* Verifies a password; 0 and fills u on success, -1 otherwise (unknown user,
 * wrong password and disabled account are indistinguishable to the caller). */
int user_verify(db *d, const char *username, const char *password, struct user *u);

#endif
