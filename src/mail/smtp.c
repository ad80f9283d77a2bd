/* smtp.c — see smtp.h. */
#include "mail/smtp.h"
#include "core/buf.h"
#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int smtp_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

void smtp_global_cleanup(void)
{
	curl_global_cleanup();
}

static int ascii_printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			return 0;
	return 1;
}

void smtp_header_word(const char *in, char *out, size_t n)
{
	if (!n)
		return;
	out[0] = 0;
	if (ascii_printable(in)) {
		snprintf(out, n, "%s", in);
		return;
	}
	/* encoded words of at most 45 bytes of input (60 of base64), never
	 * splitting a UTF-8 sequence, separated by folding whitespace */
	size_t len = strlen(in), o = 0;
	for (size_t i = 0; i < len;) {
		size_t k = len - i < 45 ? len - i : 45;
		while (k < len - i && k > 0 && ((unsigned char)in[i + k] & 0xC0) == 0x80)
			k--;
		char b64[80];
		sodium_bin2base64(b64, sizeof b64, (const unsigned char *)in + i, k, sodium_base64_VARIANT_ORIGINAL);
		int w = snprintf(out + o, n - o, "%s=?UTF-8?B?%s?=", o ? "\r\n " : "", b64);
		if (w < 0 || (size_t)w >= n - o) {
			out[o] = 0;
			return;
		}
		o += (size_t)w;
		i += k;
	}
}

static void strip_crlf(char *s)
{
	for (; *s; s++)
		if (*s == '\r' || *s == '\n')
			*s = ' ';
}

/* The body with every line ending CRLF, as SMTP and quoted-printable want:
 * libcurl's encoder keeps a CRLF as a line break of the source but encodes
 * a bare LF as "=0A", which a mail client shows as one unbroken line. */
static char *crlf_lines(const char *body)
{
	buf b;
	buf_init(&b, 0);
	for (const char *p = body; *p; p++) {
		if (*p == '\n' && (p == body || p[-1] != '\r'))
			buf_putc(&b, '\r');
		buf_putc(&b, *p);
	}
	buf_puts(&b, "");
	if (b.err) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

/* "Name <addr>" with the name quoted or encoded. */
static void mailbox(const char *name, const char *addr, char *out, size_t n)
{
	if (!name || !*name) {
		snprintf(out, n, "<%s>", addr);
		return;
	}
	char w[600];
	if (ascii_printable(name)) {
		size_t o = 0;
		w[o++] = '"';
		for (const char *p = name; *p && o + 3 < sizeof w; p++) {
			if (*p == '"' || *p == '\\')
				w[o++] = '\\';
			w[o++] = *p;
		}
		w[o++] = '"';
		w[o] = 0;
	} else
		smtp_header_word(name, w, sizeof w);
	snprintf(out, n, "%s <%s>", w, addr);
}

enum smtp_rc smtp_send(const struct smtp_server *srv, const struct smtp_message *m, char *reply, size_t replylen)
{
	reply[0] = 0;
	if (!srv->url || !*srv->url) {
		snprintf(reply, replylen, "No SMTP server is configured (set smtp_url)");
		return SMTP_RETRY;
	}
	char *body = crlf_lines(m->body);
	CURL *c = body ? curl_easy_init() : NULL;
	if (!c) {
		snprintf(reply, replylen, "%s", body ? "libcurl could not start" : "out of memory");
		free(body);
		return SMTP_RETRY;
	}
	char errbuf[CURL_ERROR_SIZE] = "";
	char from[300], to[300], hdr[1200], tmp[1000];
	snprintf(from, sizeof from, "<%s>", m->from);
	snprintf(to, sizeof to, "<%s>", m->to);
	struct curl_slist *rcpt = curl_slist_append(NULL, to), *headers = NULL;

	mailbox(m->from_name, m->from, tmp, sizeof tmp);
	snprintf(hdr, sizeof hdr, "From: %s", tmp);
	headers = curl_slist_append(headers, hdr);
	mailbox(m->to_name, m->to, tmp, sizeof tmp);
	snprintf(hdr, sizeof hdr, "To: %s", tmp);
	headers = curl_slist_append(headers, hdr);
	char subj[400];
	snprintf(subj, sizeof subj, "%s", m->subject);
	strip_crlf(subj);
	smtp_header_word(subj, tmp, sizeof tmp);
	snprintf(hdr, sizeof hdr, "Subject: %s", tmp);
	headers = curl_slist_append(headers, hdr);
	time_t t = (time_t)m->date;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(tmp, sizeof tmp, "%a, %d %b %Y %H:%M:%S +0000", &tm);
	snprintf(hdr, sizeof hdr, "Date: %s", tmp);
	headers = curl_slist_append(headers, hdr);
	snprintf(hdr, sizeof hdr, "Message-ID: %s", m->message_id);
	headers = curl_slist_append(headers, hdr);
	headers = curl_slist_append(headers, "Auto-Submitted: auto-generated");

	curl_mime *mime = curl_mime_init(c);
	curl_mimepart *part = curl_mime_addpart(mime);
	curl_mime_data(part, body, CURL_ZERO_TERMINATED);
	curl_mime_type(part, "text/plain; charset=utf-8");
	curl_mime_encoder(part, "quoted-printable");

	curl_easy_setopt(c, CURLOPT_URL, srv->url);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(c, CURLOPT_MIMEPOST, mime);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)srv->timeout_seconds);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)(srv->timeout_seconds < 10 ? srv->timeout_seconds : 10));
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	long ssl = CURLUSESSL_ALL;
	if (srv->tls && !strcmp(srv->tls, "none"))
		ssl = CURLUSESSL_NONE;
	else if (srv->tls && !strcmp(srv->tls, "try"))
		ssl = CURLUSESSL_TRY;
	curl_easy_setopt(c, CURLOPT_USE_SSL, ssl);
	if (srv->ca_file && *srv->ca_file)
		curl_easy_setopt(c, CURLOPT_CAINFO, srv->ca_file);
	if (srv->user && *srv->user) {
		curl_easy_setopt(c, CURLOPT_USERNAME, srv->user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, srv->password ? srv->password : "");
	}
	CURLcode rc = curl_easy_perform(c);
	long code = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	enum smtp_rc out;
	if (rc == CURLE_OK) {
		snprintf(reply, replylen, "%ld accepted", code);
		out = SMTP_SENT;
	} else {
		snprintf(reply, replylen, "%s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
		if (code) {
			size_t l = strlen(reply);
			snprintf(reply + l, replylen - l, " (server replied %ld)", code);
		}
		out = code >= 500 && code < 600 ? SMTP_PERMANENT : SMTP_RETRY;
	}
	curl_mime_free(mime);
	curl_slist_free_all(headers);
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(c);
	free(body);
	return out;
}
