/* smtp.h — one email out over SMTP, with libcurl.
 *
 * DESIGN: the outbox (domain/outbox.c) decides what to send and when; this
 * file only speaks to the server: libcurl's SMTP with its MIME API builds
 * the message (quoted-printable UTF-8 text, its lines sent as CRLF so the
 * encoding keeps them as lines, and headers), STARTTLS or implicit
 * TLS (smtps://) and authentication come from the config.  The server's
 * reply is returned for the outbox page; a 5xx reply is permanent, anything
 * else (no connection, timeout, 4xx) is worth retrying.
 */
#ifndef SENDMIS_SMTP_H
#define SENDMIS_SMTP_H
#include <stddef.h>

struct smtp_server {
	const char *url;        /* smtp://host:port or smtps://host:port */
	const char *tls;        /* "none", "try", "required" (STARTTLS on smtp://) */
	const char *user, *password;   /* "" = no authentication */
	const char *ca_file;           /* PEM CA bundle to verify the server with; "" = the system's */
	int timeout_seconds;
};

struct smtp_message {
	const char *from, *from_name;
	const char *to, *to_name;
	const char *subject, *body;    /* UTF-8; body lines end "\n" (or "\r\n") */
	const char *message_id;        /* "<…@…>" */
	long long date;                /* unix seconds, for the Date header */
};

enum smtp_rc { SMTP_SENT = 0, SMTP_RETRY = 1, SMTP_PERMANENT = 2 };

/* Call once at start, before threads (curl_global_init). */
int smtp_global_init(void);
void smtp_global_cleanup(void);
enum smtp_rc smtp_send(const struct smtp_server *srv, const struct smtp_message *m, char *reply, size_t replylen);

/* RFC 2047 encoded-word form of a header value when it is not plain ASCII. */
void smtp_header_word(const char *in, char *out, size_t n);

#endif
