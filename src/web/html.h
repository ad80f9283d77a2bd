/* html.h — a page's own type and its escaped-by-default emitters (cgit's
 * html.c vocabulary).
 *
 * DESIGN: a page is an `html`, not a `buf`.  Its bytes are inside it, and
 * nothing may write them but the emitters below (html.c); the server reads
 * them to send the page (server.c).  buf_printf, buf_puts, buf_add and
 * buf_putc do not compile on an html, so every byte of a page comes from
 * one of these calls, and tests/web-layer-check fails if src/web reaches
 * into an html's buffer anywhere else:
 *
 *   html_lit           markup, from a string literal only: a macro that
 *                      refuses anything else at compile time ("" s "" does
 *                      not compile for a pointer)
 *   html_text          element content, & < > " ' escaped
 *   html_attr          a quoted attribute value, escaped the same way
 *   html_attr_qs       a query string built with html_qs, as an attribute
 *   html_int, html_decimal        numbers
 *   html_date, html_instant, html_text_dates    dates shown long, escaped
 *
 * There is no "raw formatted" emitter and no escape hatch for raw bytes,
 * so user data can never reach a page unescaped.
 *
 * Addresses are not HTML: link_*() (links.h) and html_qs/html_urlc build
 * them in a plain buf, and they reach a page only through html_attr or
 * html_attr_qs.  Bodies that are not HTML (CSV, XML, JSON, PDF, xlsx) are
 * plain bytes written into resp_body()'s buffer (web.h), never an html.
 */
#ifndef SENDMIS_HTML_H
#define SENDMIS_HTML_H
#include "core/buf.h"
#include <stdint.h>

typedef struct html {
	buf b;   /* written by html.c only; read by server.c to send it */
} html;

#define HTML_INIT {BUF_INIT}

void html_free(html *h);
/* Empties the page: an error page or a redirect takes the place of what
 * was written.  Clears a failure (html_fail). */
void html_reset(html *h);
/* Marks the page failed (a list could not be read half-way): the server
 * sends its error page in place of it.  Also set by itself when the page
 * outgrows its cap. */
void html_fail(html *h);
int html_failed(const html *h);
/* The page so far, for reading (tests); "" when empty. */
const char *html_cstr(html *h);

#define html_lit(h, s) html_lit_((h), "" s "", sizeof(s) - 1)
void html_lit_(html *h, const char *s, size_t n);

void html_text(html *h, const char *s);          /* & < > " ' escaped */
void html_textn(html *h, const char *s, size_t n);
void html_attr(html *h, const char *s);          /* same set, for "..." values */
void html_int(html *h, long long v);
/* v with `places` decimal places (0 to 6), e.g. a rate "12.5" or an SVG
 * coordinate; a value that is not finite is written as 0. */
void html_decimal(html *h, double v, int places);
/* A query string built with html_qs as an attribute value, without the '&'
 * after its last pair. */
void html_attr_qs(html *h, const char *qs);
/* A date stored as YYYY-MM-DD shown as "5 March 2024"; "" shown as `empty`. */
void html_date(html *h, const char *iso, const char *empty);

/* Text as html_text writes it, with every date in it written YYYY-MM-DD
 * (a real date, standing on its own) shown as "5 March 2024": a message made
 * for a file's values, read by a person. */
void html_text_dates(html *h, const char *s);

/* A stored UTC instant "YYYY-MM-DDTHH:MM:SSZ" shown in the server's local
 * time as "5 March 2024 at 2:05pm" (GOV.UK style). */
void html_instant(html *h, const char *iso);

/* ---- addresses: plain text in a buf, not HTML ---------------------------- */

/* Percent-encodes one URL query component (RFC 3986 unreserved kept). */
void html_urlc(buf *b, const char *s);
/* Appends "key=<value url-encoded>&" to a query string being built; nothing
 * when value is NULL or "".  The key is a literal from the caller. */
void html_qs(buf *b, const char *key, const char *value);
/* Ends a query string built with html_qs: drops the '&' after the last pair (if any). */
void html_qs_end(buf *b);

/* ---- CSV: plain bytes for a download, not HTML ---------------------------- */

/* CSV (RFC 4180) cell: quoted when needed; cells beginning with = + - @ are
 * prefixed with ' so a spreadsheet does not run them as formulas. */
void csv_cell(buf *b, const char *s);
/* One CSV line: n cells (csv_cell each), comma-separated, then CRLF. */
void csv_row(buf *b, const char *const *cells, size_t n);

#endif
