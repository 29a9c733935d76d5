// SPDX-License-Identifier: GPL-2.0
/* The pull reader for runtime state files: tokens, escapes, malformed input. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>
#include "jsonread.h"

static enum jr_token all(const char *text, int *count)
{
	struct json_reader r;
	enum jr_token t;

	*count = 0;
	jr_init(&r, text, strlen(text));
	while ((t = jr_next(&r)) != JR_END && t != JR_ERROR)
		(*count)++;
	return t;
}

static void test_tokens(void **state)
{
	struct json_reader r;
	const char *doc = "{\"a\": [1, -2.5e3, true, false, null], \"b\": {\"c\": \"d\"}}";
	char s[16];

	jr_init(&r, doc, strlen(doc));
	assert_int_equal(jr_next(&r), JR_OBJECT_START);
	assert_int_equal(jr_next(&r), JR_KEY);
	assert_true(jr_is(&r, "a"));
	assert_int_equal(jr_next(&r), JR_ARRAY_START);
	assert_int_equal(jr_next(&r), JR_NUMBER);
	assert_int_equal(jr_next(&r), JR_NUMBER);
	assert_int_equal(r.tok_len, 6);
	assert_int_equal(jr_next(&r), JR_TRUE);
	assert_int_equal(jr_next(&r), JR_FALSE);
	assert_int_equal(jr_next(&r), JR_NULL);
	assert_int_equal(jr_next(&r), JR_ARRAY_END);
	assert_int_equal(jr_next(&r), JR_KEY);
	assert_int_equal(jr_skip(&r, JR_KEY), JR_OBJECT_START);
	assert_int_equal(jr_next(&r), JR_OBJECT_END);
	assert_int_equal(jr_next(&r), JR_END);
	jr_init(&r, "\"x\\\"\\\\\\/\\n\\u00e9\\ud83d\\ude00\"", 34);
	assert_int_equal(jr_next(&r), JR_STRING);
	assert_true(jr_string(&r, s, sizeof(s)));
	assert_string_equal(s, "x\"\\/\n\xc3\xa9\xf0\x9f\x98\x80");
	/* cut to fit, never inside a character */
	assert_false(jr_string(&r, s, 7));
	assert_string_equal(s, "x\"\\/\n");
}

static void test_malformed(void **state)
{
	static const char *const bad[] = {
		"{", "[1,]",	 "{\"a\" 1}", "[1 2]",	    "\"open",
		"]", "{\"a\":}", "[tru]",     "[\"a\nb\"]", "{\"a\":1,}",
	};
	int n;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		print_message("%s\n", bad[i]);
		assert_int_equal(all(bad[i], &n), JR_ERROR);
	}
	assert_int_equal(all("[]", &n), JR_END);
	assert_int_equal(n, 2);
	assert_int_equal(all("", &n), JR_END);
	assert_int_equal(n, 0);
}

static void test_bad_unicode_escape(void **state)
{
	struct json_reader r;
	char s[16];

	/* a lone surrogate and a short \u become U+FFFD */
	jr_init(&r, "\"\\ud800z\\u12\"", 13);
	assert_int_equal(jr_next(&r), JR_STRING);
	jr_string(&r, s, sizeof(s));
	assert_string_equal(s, "\xef\xbf\xbdz\xef\xbf\xbd"
			       "12");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_bad_unicode_escape),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
