// SPDX-License-Identifier: GPL-2.0
/* cgroup.stat's nr_descendants, as the CPU pane sizes its map from it. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cgroup.h"

static void test_found(void **state)
{
	unsigned long n = 0;

	assert_int_equal(
		cgroup_stat_descendants("nr_descendants 5400\nnr_dying_descendants 3\n", &n), 0);
	assert_int_equal(n, 5400);
	/* 6.x: controllers' counts follow; not first, and at the text's end */
	assert_int_equal(cgroup_stat_descendants("nr_dying_descendants 0\nnr_descendants 7", &n),
			 0);
	assert_int_equal(n, 7);
	assert_int_equal(cgroup_stat_descendants("nr_descendants 0\nnr_subsys_cpu 1\n", &n), 0);
	assert_int_equal(n, 0);
}

static void test_refused(void **state)
{
	unsigned long n = 42;

	assert_int_equal(cgroup_stat_descendants("", &n), -EINVAL);
	/* only whole keys at a line's start */
	assert_int_equal(cgroup_stat_descendants("nr_dying_descendants 3\n", &n), -EINVAL);
	assert_int_equal(cgroup_stat_descendants("xnr_descendants 3\n", &n), -EINVAL);
	assert_int_equal(cgroup_stat_descendants("nr_descendants -3\n", &n), -EINVAL);
	assert_int_equal(cgroup_stat_descendants("nr_descendants 3x\n", &n), -EINVAL);
	assert_int_equal(cgroup_stat_descendants("nr_descendants \n", &n), -EINVAL);
	assert_int_equal(cgroup_stat_descendants("nr_descendants 99999999999999999999999\n", &n),
			 -EINVAL);
	assert_int_equal(n, 42);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_found),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
