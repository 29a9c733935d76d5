// SPDX-License-Identifier: GPL-2.0
/* Theme files: the shipped ones, fallbacks, and malformed or hostile input. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "theme.h"

static int parse(const char *text, struct theme *t, struct theme_diag *d, int *nr)
{
	theme_default(t);
	return theme_parse(text, strlen(text), t, d, 8, nr);
}

static void test_good(void **state)
{
	struct theme t;
	struct theme_diag d[8];
	int nr;

	assert_int_equal(parse("# comment\n\nname = x\n"
			       "header = white , blue , bold,underline # trailing comment\n"
			       "bar=brightgreen,default\r\n"
			       "warn = 196,16,reverse\n",
			       &t, d, &nr),
			 0);
	assert_int_equal(nr, 0);
	assert_string_equal(t.name, "x");
	assert_int_equal(t.slot[THEME_HEADER].fg, 7);
	assert_int_equal(t.slot[THEME_HEADER].bg, 4);
	assert_int_equal(t.slot[THEME_HEADER].attrs, THEME_BOLD | THEME_UNDERLINE);
	assert_int_equal(t.slot[THEME_BAR].fg, 10);
	assert_int_equal(t.slot[THEME_BAR].bg, THEME_DEFAULT_COLOR);
	assert_int_equal(t.slot[THEME_WARN].fg, 196);
	assert_int_equal(t.slot[THEME_WARN].attrs, THEME_REVERSE);
}

static void test_missing_keys_keep_defaults(void **state)
{
	struct theme t, def;
	struct theme_diag d[8];
	int nr;

	theme_default(&def);
	assert_int_equal(parse("title = red,default\n", &t, d, &nr), 0);
	assert_int_equal(t.slot[THEME_TITLE].fg, 1);
	assert_memory_equal(&t.slot[THEME_HEADER], &def.slot[THEME_HEADER], sizeof(def.slot[0]));
	assert_memory_equal(&t.slot[THEME_BAR], &def.slot[THEME_BAR], sizeof(def.slot[0]));
}

static void test_unknown_key_warns(void **state)
{
	struct theme t;
	struct theme_diag d[8];
	int nr;

	assert_int_equal(parse("title = red,default\nsparkle = red,blue\n", &t, d, &nr), 0);
	assert_int_equal(nr, 1);
	assert_false(d[0].error);
	assert_int_equal(d[0].line, 2);
}

static void test_malformed(void **state)
{
	static const struct {
		const char *text;
		int line;
	} bad[] = {
		{ "title red\n", 1 },
		{ "\n\ntitle = red\n", 3 },
		{ "title = mauve,default\n", 1 },
		{ "title = red,256\n", 1 },
		{ "title = red,default,blink\n", 1 },
		{ "title = -1,default\n", 1 },
		{ "title = red,default,\n", 1 },
		{ "title =\n", 1 },
	};
	struct theme t, def;
	struct theme_diag d[8];
	size_t i;
	int nr;

	theme_default(&def);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse(bad[i].text, &t, d, &nr), -EINVAL);
		assert_true(nr >= 1);
		assert_true(d[0].error);
		assert_int_equal(d[0].line, bad[i].line);
	}
}

/* An attacker's theme: escape sequences and long lines must not come back
 * in the diagnostics, and oversized files are refused whole. */
static void test_hostile(void **state)
{
	const char *evil = "\x1b]0;owned\x07title = \x1b[31m,\x1b[0m\n"
			   "title = \x1b]0;owned\x07,red\n";
	struct theme t;
	struct theme_diag d[8];
	char *big;
	int nr, i;

	assert_int_equal(parse(evil, &t, d, &nr), -EINVAL);
	for (i = 0; i < nr && i < 8; i++) {
		assert_null(strchr(d[i].msg, '\x1b'));
		assert_null(strstr(d[i].msg, "owned"));
	}
	big = malloc(THEME_MAX_BYTES + 2);
	assert_non_null(big);
	memset(big, '#', THEME_MAX_BYTES + 1);
	big[THEME_MAX_BYTES + 1] = '\0';
	theme_default(&t);
	assert_int_equal(theme_parse(big, THEME_MAX_BYTES + 1, &t, d, 8, &nr), -EFBIG);
	free(big);
	/* a NUL inside a line */
	assert_int_equal(theme_parse("title = red\0,blue\n", 18, &t, d, 8, &nr), -EINVAL);
	/* more diagnostics than room: counted, not written past the array */
	theme_default(&t);
	assert_int_equal(theme_parse("a\nb\nc\nd\n", 8, &t, d, 2, &nr), -EINVAL);
	assert_int_equal(nr, 4);
}

static void test_shipped_themes(void **state)
{
	static const char *const names[] = { "default", "light", "mono", "high-contrast" };
	struct theme_diag d[8];
	char path[512];
	struct theme t;
	size_t i;
	int nr;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		assert_int_equal(theme_load(names[i], NULL, &t, d, 8, &nr, path, sizeof(path)), 0);
		assert_int_equal(nr, 0);
		assert_string_equal(t.name, names[i]);
	}
	assert_int_equal(theme_load("no-such-theme", NULL, &t, d, 8, &nr, path, sizeof(path)),
			 -ENOENT);
	assert_int_equal(
		theme_load("/nonexistent/x.theme", NULL, &t, d, 8, &nr, path, sizeof(path)),
		-ENOENT);
	/* a directory is not a theme */
	assert_int_equal(theme_load("./themes", NULL, &t, d, 8, &nr, path, sizeof(path)), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_missing_keys_keep_defaults),
		cmocka_unit_test(test_unknown_key_warns),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_shipped_themes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
