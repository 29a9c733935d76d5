// SPDX-License-Identifier: GPL-2.0
/* The JSON reader under the recording reader, alone: deep nesting, escapes. */
#include <stdbool.h>
#include "fuzz.h"
#include "jsondom.h"

FUZZ_TARGET(jsondom)
{
	struct jv_arena *a = NULL;
	const struct jv *v;
	int err;
	size_t i;

	v = jv_parse((const char *)data, size, &a, &err);
	if (v) {
		jv_str(jv_get(v, "time"), "");
		jv_u64(jv_get(v, "n"), 0);
		jv_num(jv_get(v, "interval_s"), 0);
		for (i = 0; i < jv_len(v) && i < 16; i++)
			jv_bool(jv_at(v, i), false);
	}
	jv_arena_free(a);
}
