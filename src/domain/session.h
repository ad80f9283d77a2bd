/* session.h — sign-in sessions and sign-in rate limiting. */
#ifndef SENDMIS_SESSION_H
#define SENDMIS_SESSION_H
#include "store/db.h"
#include "domain/user.h"
#include <stdint.h>

#define SESSION_TOKEN_HEX 64
/* Creates a session; token_out and csrf_out get 64 hex chars + NUL. Only a
 * hash of the token is stored. */
int session_create(db *d, int64_t user_id, int64_t now, char token_out[65], char csrf_out[65]);
/* Finds a live session: not idle longer than idle_s, not older than abs_s,
 * user not disabled.  Touches last_seen (at most once a minute). 0 found. */
int session_lookup(db *d, const char *token, int64_t now, int64_t idle_s, int64_t abs_s,
                   struct user *u, char csrf_out[65], int64_t *session_id);
void session_delete(db *d, int64_t session_id);
/* 64 random hex characters + NUL (the sign-in form's token).  0 ok. */
int session_random_token(char out[65]);
/* 1 if sign-in must be refused for now: too many failures for the username
 * (>= max) or from the address (>= 4*max) since now - window_s. */
int login_blocked(db *d, const char *username, const char *ip, int64_t now, int64_t window_s, int max);

/* Signing in and out: each one transaction with its audit row, so a
 * session never starts or ends unaudited.  Sessions are not records of a
 * child: nothing derived is refreshed and the data version stays. */
struct actor;
enum session_rc { SESSION_OK = 0, SESSION_REFUSED = 1, SESSION_ERROR = -1 };
/* Verifies the password (user_verify: before the transaction, as it is slow
 * on purpose), then records the attempt, ends the session the browser had
 * (old_session; 0 none), starts a new one (token and csrf as
 * session_create) and writes "sign_in".  SESSION_OK with *u filled;
 * SESSION_REFUSED for a wrong username or password or a disabled account
 * (the failed attempt and "sign_in_failed" written); SESSION_ERROR
 * (nothing written). */
int session_sign_in(db *d, const struct actor *who, const char *username, const char *password, int64_t old_session,
                    struct user *u, char token[65], char csrf[65]);
/* "sign_out" written and the session ended.  SESSION_OK or SESSION_ERROR. */
int session_sign_out(db *d, const struct actor *who, int64_t session_id);

#endif
