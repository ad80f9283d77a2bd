/* html.h — escaped-by-default HTML emitters (cgit's html.c vocabulary).
 *
 * DESIGN: markup can only come from string literals: html_lit() is a macro
 * that refuses anything but a literal at compile time ("" s "" does not
 * compile for a pointer).  Every other emitter escapes for its context:
 * html_text for element content, html_attr for a quoted attribute value,
 * html_urlc for one URL query component.  There is no "raw formatted"
 * emitter, so user data can never reach the page unescaped.
 */
#ifndef SENDMIS_HTML_H
#define SENDMIS_HTML_H
#include "core/buf.h"
#include <stdint.h>

#define html_lit(b, s) html_lit_((b), "" s "", sizeof(s) - 1)
void html_lit_(buf *b, const char *s, size_t n);

void html_text(buf *b, const char *s);          /* & < > " ' escaped */
void html_textn(buf *b, const char *s, size_t n);
void html_attr(buf *b, const char *s);          /* same set, for "..." values */
void html_urlc(buf *b, const char *s);          /* percent-encode (RFC 3986 unreserved kept) */
void html_int(buf *b, long long v);
/* Appends "key=<value url-encoded>&" to a query string being built; nothing
 * when value is NULL or "".  The key is a literal from the caller. */
void html_qs(buf *b, const char *key, const char *value);
/* Ends a query string built with html_qs: drops the '&' after the last pair (if any). */
void html_qs_end(buf *b);
/* A query string built with html_qs as an attribute value, without the '&'
 * after its last pair. */
void html_attr_qs(buf *b, const char *qs);
/* A date stored as YYYY-MM-DD shown as "5 March 2024"; "" shown as `empty`. */
void html_date(buf *b, const char *iso, const char *empty);

/* Text as html_text writes it, with every date in it written YYYY-MM-DD
 * (a real date, standing on its own) shown as "5 March 2024": a message made
 * for a file's values, read by a person. */
void html_text_dates(buf *b, const char *s);

/* A stored UTC instant "YYYY-MM-DDTHH:MM:SSZ" shown in the server's local
 * time as "5 March 2024 at 2:05pm" (GOV.UK style). */
void html_instant(buf *b, const char *iso);

/* CSV (RFC 4180) cell: quoted when needed; cells beginning with = + - @ are
 * prefixed with ' so a spreadsheet does not run them as formulas. */
void csv_cell(buf *b, const char *s);

#endif
