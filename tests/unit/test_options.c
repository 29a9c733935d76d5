// SPDX-License-Identifier: GPL-2.0
/* Command-line parsing: modes, values, and refusals. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>
#include "options.h"

#define PARSE(o, err, ...)                                                                    \
	({                                                                                    \
		char *argv[] = { "cvtop", __VA_ARGS__, NULL };                                \
		options_parse(sizeof(argv) / sizeof(argv[0]) - 1, argv, o, err, sizeof(err)); \
	})

static void test_defaults(void **state)
{
	char *argv[] = { "cvtop", NULL };
	struct options o;
	char err[128];

	assert_int_equal(options_parse(1, argv, &o, err, sizeof(err)), 0);
	assert_int_equal(o.mode, MODE_UI);
	assert_true(o.interval == 1.0);
	assert_int_equal(o.count, 0);
	assert_int_equal(o.format, FORMAT_TEXT);
	assert_null(o.output);
	assert_false(o.cumulative);
}

static void test_batch(void **state)
{
	struct options o;
	char err[128];

	assert_int_equal(
		PARSE(&o, err, "-b", "-n", "2", "-d", "0.5", "--format", "json", "-o", "f"), 0);
	assert_int_equal(o.mode, MODE_BATCH);
	assert_int_equal(o.count, 2);
	assert_true(o.interval == 0.5);
	assert_int_equal(o.format, FORMAT_JSON);
	assert_string_equal(o.output, "f");
	assert_int_equal(PARSE(&o, err, "--batch", "--iterations=3", "--delay=2"), 0);
	assert_int_equal(o.count, 3);
	assert_true(o.interval == 2.0);
	assert_false(o.cumulative);
	assert_int_equal(PARSE(&o, err, "-b", "--cumulative"), 0);
	assert_true(o.cumulative);
	assert_false(o.no_header);
	assert_int_equal(PARSE(&o, err, "--no-header"), 0);
	assert_true(o.no_header);
}

static void test_refusals(void **state)
{
	struct options o;
	char err[128];

	assert_int_equal(PARSE(&o, err, "-b", "-n", "0"), -EINVAL);
	assert_int_equal(PARSE(&o, err, "-b", "-n", "2x"), -EINVAL);
	assert_int_equal(PARSE(&o, err, "-d", "0.01"), -EINVAL);
	assert_int_equal(PARSE(&o, err, "-d", "nan"), -EINVAL);
	assert_int_equal(PARSE(&o, err, "-d", "inf"), -EINVAL);
	assert_int_equal(PARSE(&o, err, "-d", ""), -EINVAL);
	assert_int_equal(PARSE(&o, err, "--format", "xml"), -EINVAL);
	assert_non_null(strstr(err, "text, json or openmetrics"));
	assert_int_equal(PARSE(&o, err, "--nope"), -EINVAL);
	assert_non_null(strstr(err, "--nope"));
	assert_int_equal(PARSE(&o, err, "-d"), -EINVAL);
	assert_non_null(strstr(err, "needs a value"));
	assert_int_equal(PARSE(&o, err, "stray"), -EINVAL);
	/* -o and -n only mean something in batch mode */
	assert_int_equal(PARSE(&o, err, "-o", "file"), -EINVAL);
	assert_int_equal(PARSE(&o, err, "-n", "3"), -EINVAL);
}

static void test_modes(void **state)
{
	struct options o;
	char err[128];

	assert_int_equal(PARSE(&o, err, "--probe"), 0);
	assert_int_equal(o.mode, MODE_PROBE);
	assert_int_equal(PARSE(&o, err, "-h"), 0);
	assert_int_equal(o.mode, MODE_HELP);
	assert_int_equal(PARSE(&o, err, "--version"), 0);
	assert_int_equal(o.mode, MODE_VERSION);
	assert_int_equal(PARSE(&o, err, "--replay", "rec.jsonl"), 0);
	assert_int_equal(o.mode, MODE_REPLAY);
	assert_false(o.batch);
	/* -b before or after --replay: the recording written out */
	assert_int_equal(PARSE(&o, err, "-b", "--replay", "r", "-o", "out"), 0);
	assert_int_equal(o.mode, MODE_REPLAY);
	assert_true(o.batch);
	assert_int_equal(PARSE(&o, err, "--replay", "r", "-b"), 0);
	assert_int_equal(o.mode, MODE_REPLAY);
	assert_int_equal(PARSE(&o, err, "--replay", "r", "--record", "x"), -EINVAL);
	assert_int_equal(PARSE(&o, err, "--record", "x"), 0);
	assert_string_equal(o.record, "x");
	assert_int_equal(PARSE(&o, err, "--hook", "cpu=raw_tp", "--hook", "kvm=tracepoint"), 0);
	assert_int_equal(o.nr_hooks, 2);
	assert_string_equal(o.hooks[1], "kvm=tracepoint");
}

static void test_exporter(void **state)
{
	struct options o;
	char err[128];

	/* an exporter alone is headless; -b or --ui keep their mode */
	assert_int_equal(PARSE(&o, err, "--listen", "10077"), 0);
	assert_int_equal(o.mode, MODE_SERVE);
	assert_int_equal(o.series_limit, 10000);
	assert_int_equal(PARSE(&o, err, "--textfile", "/d"), 0);
	assert_int_equal(o.mode, MODE_SERVE);
	assert_int_equal(PARSE(&o, err, "--listen", "10077", "--ui"), 0);
	assert_int_equal(o.mode, MODE_UI);
	assert_int_equal(PARSE(&o, err, "-b", "--listen", "10077", "--series-limit", "5"), 0);
	assert_int_equal(o.mode, MODE_BATCH);
	assert_int_equal(o.series_limit, 5);
	assert_int_equal(PARSE(&o, err, "-b", "--format", "openmetrics"), 0);
	assert_int_equal(o.format, FORMAT_OPENMETRICS);
	assert_int_equal(PARSE(&o, err, "--series-limit", "-1"), -EINVAL);
	assert_int_equal(PARSE(&o, err, "--series-stale", "x"), -EINVAL);
	assert_int_equal(PARSE(&o, err, "--web-config", "w.yml"), -EINVAL);
	assert_int_equal(PARSE(&o, err, "--replay", "r", "--listen", "1"), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults), cmocka_unit_test(test_batch),
		cmocka_unit_test(test_refusals), cmocka_unit_test(test_exporter),
		cmocka_unit_test(test_modes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
