/* tmpl.c — see tmpl.h. */
#include "core/tmpl.h"
#include <stdio.h>
#include <string.h>

static const struct tmpl_val *lookup(const struct tmpl_val *v, int nv, const char *name, size_t n)
{
	for (int i = 0; i < nv; i++)
		if (strlen(v[i].name) == n && memcmp(v[i].name, name, n) == 0)
			return &v[i];
	return NULL;
}

static int field_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

static void put_value(buf *out, const char *s, enum tmpl_mode mode)
{
	for (; s && *s; s++) {
		if (mode == TM_LINE && (*s == '\r' || *s == '\n')) {
			if (*s == '\r' && s[1] == '\n')
				s++;
			buf_putc(out, ' ');
		} else
			buf_putc(out, *s);
	}
}

/* One line (without its newline) into out. */
static int merge_line(const char *p, size_t n, const struct tmpl_val *v, int nv, enum tmpl_mode mode, int line,
                      buf *out, char *err, size_t errlen)
{
	const char *end = p + n;
	while (p < end) {
		const char *o = p + 1 < end ? strstr(p, "{{") : NULL;
		if (!o || o >= end)
			o = end;
		if (mode == TM_LINE) {
			/* a header or a letter block is one line: a stray CR in the template's own text too */
			for (const char *c = p; c < o; c++)
				buf_putc(out, *c == '\r' || *c == '\n' ? ' ' : *c);
		} else
			buf_add(out, p, (size_t)(o - p));
		if (o == end)
			break;
		const char *name = o + 2, *q = name;
		while (q < end && field_char(*q))
			q++;
		if (q + 1 >= end || q[0] != '}' || q[1] != '}' || q == name) {
			snprintf(err, errlen, "line %d: \"{{\" must be followed by a field name and \"}}\"", line);
			return -1;
		}
		const struct tmpl_val *f = lookup(v, nv, name, (size_t)(q - name));
		if (!f) {
			snprintf(err, errlen, "line %d: unknown field {{%.*s}}", line, (int)(q - name), name);
			return -1;
		}
		put_value(out, f->value, mode);
		p = q + 2;
	}
	return 0;
}

int tmpl_merge(const char *src, const struct tmpl_val *v, int nv, enum tmpl_mode mode, int first_line,
               buf *out, char *err, size_t errlen)
{
	int line = first_line, any = 0;
	for (const char *p = src; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		size_t m = n && p[n - 1] == '\r' ? n - 1 : n;
		if (!(m >= 2 && p[0] == '#' && p[1] == '!')) {
			if (any)
				buf_puts(out, mode == TM_LINE ? " " : "\n");
			if (merge_line(p, m, v, nv, mode, line, out, err, errlen) < 0)
				return -1;
			any = 1;
		}
		line++;
		p = nl ? nl + 1 : p + n;
	}
	if (out->err) {
		snprintf(err, errlen, "the result is too large");
		return -1;
	}
	if (!any)
		buf_puts(out, "");
	return 0;
}

/* The next line that is not a comment: sets *p past it. */
static int next_line(const char **p, int *line, const char **s, size_t *n)
{
	while (**p) {
		const char *nl = strchr(*p, '\n');
		size_t len = nl ? (size_t)(nl - *p) : strlen(*p);
		*s = *p;
		*n = len && (*p)[len - 1] == '\r' ? len - 1 : len;
		*p = nl ? nl + 1 : *p + len;
		(*line)++;
		if (!(*n >= 2 && (*s)[0] == '#' && (*s)[1] == '!'))
			return 1;
	}
	return 0;
}

static int header(const char **p, int *line, const char *key, const struct tmpl_val *v, int nv, buf *out,
                  char *err, size_t errlen)
{
	const char *s;
	size_t n, k = strlen(key);
	if (!next_line(p, line, &s, &n) || n < k || memcmp(s, key, k) != 0) {
		snprintf(err, errlen, "line %d: expected \"%s\"", *line, key);
		return -1;
	}
	s += k;
	n -= k;
	while (n && *s == ' ')
		s++, n--;
	if (merge_line(s, n, v, nv, TM_LINE, *line, out, err, errlen) < 0)
		return -1;
	if (!out->len) {
		snprintf(err, errlen, "line %d: \"%s\" is empty", *line, key);
		return -1;
	}
	return 0;
}

static int blank_after_headers(const char **p, int *line, char *err, size_t errlen)
{
	const char *s;
	size_t n;
	if (!next_line(p, line, &s, &n) || n != 0) {
		snprintf(err, errlen, "line %d: expected a blank line after the headers", *line);
		return -1;
	}
	return 0;
}

int tmpl_email(const char *src, const struct tmpl_val *v, int nv, buf *subject, buf *body, char *err, size_t errlen)
{
	const char *p = src ? src : "";
	int line = 0;
	if (header(&p, &line, "Subject:", v, nv, subject, err, errlen) < 0 ||
	    blank_after_headers(&p, &line, err, errlen) < 0)
		return -1;
	if (tmpl_merge(p, v, nv, TM_TEXT, line + 1, body, err, errlen) < 0)
		return -1;
	if (subject->err || body->err) {
		snprintf(err, errlen, "the result is too large");
		return -1;
	}
	return 0;
}

void tmpl_letter_free(struct tmpl_letter *l)
{
	buf_free(&l->title);
	buf_free(&l->legal);
	for (int i = 0; i < l->n; i++)
		buf_free(&l->b[i].text);
	l->n = 0;
}

int tmpl_letter(const char *src, const struct tmpl_val *v, int nv, struct tmpl_letter *l, char *err, size_t errlen)
{
	memset(l, 0, sizeof *l);
	buf_init(&l->title, 4096);
	buf_init(&l->legal, 4096);
	const char *p = src ? src : "";
	int line = 0;
	if (header(&p, &line, "Title:", v, nv, &l->title, err, errlen) < 0 ||
	    header(&p, &line, "Legal:", v, nv, &l->legal, err, errlen) < 0 ||
	    blank_after_headers(&p, &line, err, errlen) < 0)
		goto fail;
	const char *s;
	size_t n;
	int open = 0;   /* a paragraph is being joined */
	while (next_line(&p, &line, &s, &n)) {
		if (n == 0) {
			open = 0;
			continue;
		}
		enum tmpl_block_kind k = TB_PARA;
		if (n >= 2 && s[0] == '#' && s[1] == ' ')
			k = TB_HEADING, s += 2, n -= 2, open = 0;
		else if (n >= 2 && s[0] == '-' && s[1] == ' ')
			k = TB_BULLET, s += 2, n -= 2, open = 0;
		if (!(k == TB_PARA && open)) {
			if (l->n == TMPL_MAX_BLOCKS) {
				snprintf(err, errlen, "line %d: more than %d blocks", line, TMPL_MAX_BLOCKS);
				goto fail;
			}
			l->b[l->n].kind = k;
			buf_init(&l->b[l->n].text, 64 << 10);
			l->n++;
		} else
			buf_putc(&l->b[l->n - 1].text, ' ');
		if (merge_line(s, n, v, nv, TM_LINE, line, &l->b[l->n - 1].text, err, errlen) < 0)
			goto fail;
		if (l->b[l->n - 1].text.err) {
			snprintf(err, errlen, "line %d: the block is too large", line);
			goto fail;
		}
		open = k == TB_PARA;
	}
	return 0;
fail:
	tmpl_letter_free(l);
	return -1;
}

void tmpl_fields_used(const char *src, buf *out)
{
	size_t start = out->len;
	for (const char *p = src; p && (p = strstr(p, "{{")) != NULL;) {
		const char *q = p + 2;
		while (field_char(*q))
			q++;
		if (q > p + 2 && q[0] == '}' && q[1] == '}') {
			size_t n = (size_t)(q - p - 2);
			/* skip names already listed */
			int seen = 0;
			const char *l = out->p ? out->p + start : NULL;
			while (l && *l && !seen) {
				const char *c = strchr(l, ',');
				size_t ln = c ? (size_t)(c - l) : strlen(l);
				seen = ln == n && memcmp(l, p + 2, n) == 0;
				l = c ? c + 1 : NULL;
			}
			if (!seen) {
				if (out->len > start)
					buf_putc(out, ',');
				buf_add(out, p + 2, n);
			}
		}
		p = q;
	}
}
