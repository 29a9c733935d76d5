// SPDX-License-Identifier: GPL-2.0
/* Pane 4: the /proc/stat parser and steal shares, against fixture files. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "procstat.h"

static int read_fixture(const char *name, struct cpu_ticks *total, struct cpu_ticks *cpus, int max)
{
	const char *dir = getenv("CVTOP_FIXTURES");
	char path[512];

	assert_non_null(dir);
	snprintf(path, sizeof(path), "%s/procstat/%s", dir, name);
	return procstat_read(path, total, cpus, max);
}

static void assert_pct(double got, double want)
{
	if (fabs(got - want) > 1e-9) {
		print_error("%.12f != %.12f\n", got, want);
		fail();
	}
}

/* a -> b: total 1000 -> 2000 ticks, steal 40 -> 180: 14 %; each CPU the same */
static void test_two_readings(void **state)
{
	struct cpu_ticks ta, tb, ca[4], cb[4];

	assert_int_equal(read_fixture("a", &ta, ca, 4), 2);
	assert_int_equal(read_fixture("b", &tb, cb, 4), 2);
	assert_int_equal(ta.cpu, -1);
	assert_int_equal(ca[1].cpu, 1);
	assert_int_equal(cpu_ticks_total(&ta), 1000);
	assert_int_equal(cpu_ticks_total(&tb), 2000);
	assert_int_equal(tb.steal, 180);
	assert_pct(cpu_ticks_steal_pct(&ta, &tb), 14.0);
	assert_pct(cpu_ticks_steal_pct(&ca[0], &cb[0]), 14.0);
	assert_pct(cpu_ticks_steal_pct(&ca[1], &cb[1]), 14.0);
	/* no time passed, or counters went backwards: no steal, not garbage */
	assert_pct(cpu_ticks_steal_pct(&ta, &ta), 0);
	assert_pct(cpu_ticks_steal_pct(&tb, &ta), 0);
}

/* 4-field lines of old kernels, junk "cpux", a short line, a huge value */
static void test_old_and_odd(void **state)
{
	struct cpu_ticks t, c[4];

	assert_int_equal(read_fixture("old_and_odd", &t, c, 4), 2);
	assert_int_equal(t.user, 1);
	assert_int_equal(t.idle, 4);
	assert_int_equal(t.steal, 0);
	assert_int_equal(c[0].cpu, 0);
	assert_int_equal(c[1].cpu, 2);
	assert_true(c[1].user == UINT64_MAX);
	assert_int_equal(c[1].steal, 5);
}

static void test_limits(void **state)
{
	struct cpu_ticks t, c[1];

	/* more CPUs than room: the first ones, and the count of those kept */
	assert_int_equal(read_fixture("a", &t, c, 1), 1);
	assert_int_equal(c[0].cpu, 0);
	assert_int_equal(read_fixture("no_total", &t, c, 1), -ENODATA);
	assert_int_equal(read_fixture("missing", &t, c, 1), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_readings),
		cmocka_unit_test(test_old_and_odd),
		cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
