// SPDX-License-Identifier: GPL-2.0
/* The JSON tree used to read recordings back. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "jsondom.h"

static void test_tree(void **state)
{
	const char *doc = "{\"a\":18446744073709551615,\"b\":[1,2.5,\"x\\u00e9\"],"
			  "\"c\":{\"d\":true,\"e\":null},\"f\":-3}";
	struct jv_arena *a;
	const struct jv *v, *b;
	int err;

	v = jv_parse(doc, strlen(doc), &a, &err);
	assert_non_null(v);
	assert_int_equal(jv_u64(jv_get(v, "a"), 0), UINT64_MAX);
	b = jv_get(v, "b");
	assert_int_equal(jv_len(b), 3);
	assert_int_equal(jv_u64(jv_at(b, 0), 0), 1);
	assert_true(jv_num(jv_at(b, 1), 0) == 2.5);
	assert_string_equal(jv_str(jv_at(b, 2), NULL), "x\xc3\xa9");
	assert_null(jv_at(b, 3));
	assert_true(jv_bool(jv_get(jv_get(v, "c"), "d"), false));
	assert_int_equal(jv_get(jv_get(v, "c"), "e")->type, JV_NULL);
	/* wrong types and missing keys give the default */
	assert_int_equal(jv_u64(jv_get(v, "f"), 7), 7);
	assert_int_equal(jv_u64(jv_get(v, "zz"), 9), 9);
	assert_string_equal(jv_str(jv_get(v, "a"), "dflt"), "dflt");
	assert_int_equal(jv_len(jv_get(v, "c")), 0);
	assert_null(jv_get(b, "a"));
	jv_arena_free(a);
}

static void test_bad(void **state)
{
	static const char *const bad[] = { "", "{", "{}{}", "[1,]", "{\"a\":1", "nul" };
	char deep[200];
	struct jv_arena *a;
	size_t i;
	int err;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_null(jv_parse(bad[i], strlen(bad[i]), &a, &err));
		assert_int_equal(err, -EINVAL);
		assert_null(a);
	}
	/* nesting deeper than any recording is refused, not recursed into */
	memset(deep, '[', sizeof(deep));
	assert_null(jv_parse(deep, sizeof(deep), &a, &err));
}

static void test_big_array(void **state)
{
	char doc[40000];
	size_t n = 0, i;
	struct jv_arena *a;
	const struct jv *v;
	int err;

	doc[n++] = '[';
	for (i = 0; i < 5000; i++)
		n += snprintf(doc + n, sizeof(doc) - n, "%s%zu", i ? "," : "", i);
	doc[n++] = ']';
	v = jv_parse(doc, n, &a, &err);
	assert_non_null(v);
	assert_int_equal(jv_len(v), 5000);
	assert_int_equal(jv_u64(jv_at(v, 4999), 0), 4999);
	jv_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tree),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_big_array),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
