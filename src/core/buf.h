/* buf.h — the one growable byte buffer.
 *
 * DESIGN: git's strbuf invariants with curl's dynbuf cap.  The contents are
 * always NUL-terminated (p[len] == 0) once anything has been added; a buffer
 * never grows past `max` bytes.  Any failure (allocation, cap) sets the
 * sticky `err` flag and every later append is ignored, so callers render a
 * whole page and check once at the end instead of after every append.
 */
#ifndef SENDMIS_BUF_H
#define SENDMIS_BUF_H
#include <stddef.h>
#include <stdarg.h>

typedef struct buf {
	char *p;
	size_t len, cap, max;
	int err;
} buf;

#define BUF_DEFAULT_MAX ((size_t)64 << 20)
#define BUF_INIT {0, 0, 0, BUF_DEFAULT_MAX, 0}

void buf_init(buf *b, size_t max);
void buf_free(buf *b);
void buf_reset(buf *b);                       /* len = 0, err cleared */
void buf_add(buf *b, const void *d, size_t n);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
const char *buf_cstr(buf *b);                 /* "" for an empty buffer */
char *buf_detach(buf *b, size_t *len);        /* caller frees; buffer left empty */

#endif
