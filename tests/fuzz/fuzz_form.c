/* fuzz_form — arbitrary submitted values through the entity engine's
 * parsing and validation (every field type the forms use that needs no
 * database), and through the HTML and CSV emitters.  Input: NUL-separated
 * values assigned to the fields of one entity chosen by the first byte. */
#include "domain/entity.h"
#include "web/html.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct vals { const char *v[64]; int n; const struct entity *e; };

static const char *get(void *ctx, const char *name)
{
	struct vals *x = ctx;
	/* map each form name (and date part) to a value by position */
	unsigned h = 0;
	for (const char *p = name; *p; p++)
		h = h * 31 + (unsigned char)*p;
	return x->n ? x->v[h % (unsigned)x->n] : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct entity *const ents[] = {&ent_person, &ent_plan, &ent_review, &ent_need, &ent_visit,
	                                            &ent_note, &ent_request, &ent_assessment};
	if (size < 1 || size > 4096)
		return 0;
	char *copy = malloc(size);
	if (!copy)
		return 0;
	memcpy(copy, data + 1, size - 1);
	copy[size - 1] = 0;
	struct vals x = {.n = 0, .e = ents[data[0] % (sizeof ents / sizeof ents[0])]};
	for (size_t i = 0; i < size - 1 && x.n < 64;) {
		x.v[x.n++] = copy + i;
		i += strlen(copy + i) + 1;
	}
	day_t today;
	date_from_ymd(2026, 11, 22, &today);
	struct record r = {0};
	struct errs e = {0};
	entity_parse(NULL, x.e, &r, get, &x, today, &e);
	html b = HTML_INIT;
	buf url = BUF_INIT, csv = BUF_INIT;
	for (int i = 0; i < x.n; i++) {
		html_text(&b, x.v[i]);
		html_urlc(&url, x.v[i]);
		html_date(&b, x.v[i], "");
		csv_cell(&csv, x.v[i]);
	}
	for (int i = 0; i < e.n; i++)
		html_text(&b, e.e[i].msg);
	if (strpbrk(html_cstr(&b), "<\"") || strpbrk(buf_cstr(&url), "<\""))
		abort();   /* escaping must never let markup or a quote through */
	if (csv.len && (csv.p[0] == '=' || csv.p[0] == '@'))
		abort();   /* a formula must never start a CSV cell */
	html_free(&b);
	buf_free(&url);
	buf_free(&csv);
	record_free(&r);
	free(copy);
	return 0;
}
