/* fuzz_clock.c — libFuzzer target for the `sendmis clock` JSON contract
 * (cli/clock_json.c over core/clock.c).
 *
 * DESIGN: the input is the JSON text as it would arrive on standard input.
 * Properties checked (abort() if broken): an answer (rc 0) is one JSON
 * object whose "steps" is a list of objects with exactly the five contract
 * keys, each status one of the six, each date NULL or a real YYYY-MM-DD;
 * a refusal (rc 2) has a message of the form "field: reason"; the same
 * input always gives the same answer; nothing else is returned.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "cli/clock_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

static int is_date_or_null(json_t *v)
{
	day_t d;
	return json_is_null(v) || (json_is_string(v) && date_parse_iso(json_string_value(v), &d) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 65536)
		return 0;
	struct clock_settings s;
	clock_settings_default(&s);
	char err[400], err2[400], *out = NULL, *out2 = NULL;
	int rc = clock_json_answer(&s, (const char *)data, size, &out, err, sizeof err);
	check(rc == 0 || rc == 2);
	int rc2 = clock_json_answer(&s, (const char *)data, size, &out2, err2, sizeof err2);
	check(rc2 == rc);
	if (rc == 2) {
		check(out == NULL && out2 == NULL);
		check(strstr(err, ": ") != NULL && strcmp(err, err2) == 0);
		return 0;
	}
	check(out && out2 && strcmp(out, out2) == 0);
	json_error_t je;
	json_t *root = json_loads(out, 0, &je);
	check(root && json_is_object(root) && json_object_size(root) == 1);
	json_t *steps = json_object_get(root, "steps");
	check(json_is_array(steps));
	static const char *const statuses[] = {"met", "late", "due", "overdue", "excused", "not_applicable"};
	size_t i;
	json_t *st;
	json_array_foreach(steps, i, st) {
		check(json_is_object(st) && json_object_size(st) == 5);
		check(json_is_string(json_object_get(st, "id")) && json_is_string(json_object_get(st, "citation")));
		check(is_date_or_null(json_object_get(st, "due")) && is_date_or_null(json_object_get(st, "done")));
		const char *status = json_string_value(json_object_get(st, "status"));
		int ok = 0;
		for (size_t k = 0; status && k < sizeof statuses / sizeof statuses[0]; k++)
			ok |= strcmp(status, statuses[k]) == 0;
		check(ok);
	}
	json_decref(root);
	free(out);
	free(out2);
	return 0;
}
