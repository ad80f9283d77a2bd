/* clock_json.h — the `sendmis clock` contract: one JSON object in, one out.
 *
 * DESIGN: the parser is strict (jansson, duplicate keys refused): every key
 * must be one the contract names, every date a real YYYY-MM-DD or null,
 * every code one of its listed values; the first problem is reported with
 * the field's path ("assessment.advice[0].received") and nothing is
 * written to the output.  The answer is the core clock's steps whose rule
 * is part of the contract (docs/clock.md).
 */
#ifndef SENDMIS_CLOCK_JSON_H
#define SENDMIS_CLOCK_JSON_H
#include "core/clock.h"
#include <stddef.h>
#include <stdio.h>

/* Parses text (len bytes), runs the clock and writes the answer to *out
 * (caller frees).  0 ok; 2 invalid input, with "field: message" in err. */
int clock_json_answer(const struct clock_settings *s, const char *text, size_t len, char **out,
                      char *err, size_t errlen);

/* The rules table and the exception reasons as Markdown (docs/clock.md). */
void clock_rules_markdown(FILE *f);

#endif
