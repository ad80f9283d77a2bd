/* fuzz_tmpl.c — libFuzzer target for core/tmpl.c
 *
 * DESIGN: the input (up to its first NUL) is a template, merged as an
 * email and as a letter with a fixed set of values, one of which is itself
 * template-like and holds line breaks.  Properties checked (abort() if
 * broken): a merge either succeeds or fails with a message starting
 * "line N" or naming the header it wanted; an email subject never holds a
 * line break (no header injection); a letter block never holds one either
 * (values cannot change the structure); a value is never merged twice.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tmpl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_INPUT 16384

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > MAX_INPUT)
		return 0;
	char *src = malloc(size + 1);
	if (!src)
		return 0;
	memcpy(src, data, size);
	src[size] = 0;
	struct tmpl_val v[] = {{"a", "A"}, {"ref", "SM-000001"}, {"evil", "{{a}}\r\nBcc: x@example.org\n# heading"},
	                       {"none", NULL}};
	char err[200];
	buf s, b;
	buf_init(&s, 1 << 16);
	buf_init(&b, 1 << 20);
	if (tmpl_email(src, v, 4, &s, &b, err, sizeof err) == 0) {
		if (strchr(buf_cstr(&s), '\n') || strchr(buf_cstr(&s), '\r'))
			abort();
	} else if (strncmp(err, "line ", 5) != 0 && !strstr(err, "too large"))
		abort();
	/* the value "{{a}}…" must come out literally, never as "A" from a second merge */
	buf_reset(&b);
	if (tmpl_merge("{{evil}}", v, 4, TM_TEXT, 1, &b, err, sizeof err) != 0 || strncmp(buf_cstr(&b), "{{a}}", 5) != 0)
		abort();
	struct tmpl_letter l;
	if (tmpl_letter(src, v, 4, &l, err, sizeof err) == 0) {
		for (int i = 0; i < l.n; i++)
			if (strchr(buf_cstr(&l.b[i].text), '\n'))
				abort();
		if (strchr(buf_cstr(&l.title), '\n'))
			abort();
		tmpl_letter_free(&l);
	} else if (strncmp(err, "line ", 5) != 0)
		abort();
	buf_free(&s);
	buf_free(&b);
	free(src);
	return 0;
}
