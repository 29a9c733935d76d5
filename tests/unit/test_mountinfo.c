// SPDX-License-Identifier: GPL-2.0
/* Finding cgroup mounts in mountinfo text: v2, v1, hybrid, escapes, junk. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mountinfo.h"

static char *fixture(const char *name)
{
	const char *dir = getenv("CVTOP_FIXTURES");
	char path[512];
	static char buf[8192];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/mountinfo/%s", dir ? dir : "tests/fixtures", name);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void test_hybrid(void **state)
{
	char *text = fixture("hybrid");
	char mnt[256];

	assert_int_equal(mountinfo_find_fstype(text, "cgroup2", mnt, sizeof(mnt)), 0);
	assert_string_equal(mnt, "/sys/fs/cgroup/unified");
	assert_int_equal(mountinfo_find_cgroup1(text, "cpu", mnt, sizeof(mnt)), 0);
	assert_string_equal(mnt, "/sys/fs/cgroup/cpu");
	/* "cpu" must not match the "cpuacct" or "cpuset" hierarchies */
	assert_int_equal(mountinfo_find_cgroup1(text, "cpuacct", mnt, sizeof(mnt)), 0);
	assert_string_equal(mnt, "/sys/fs/cgroup/cpuacct");
	assert_int_equal(mountinfo_find_cgroup1(text, "blkio", mnt, sizeof(mnt)), 0);
	assert_string_equal(mnt, "/sys/fs/cgroup/blkio");
	assert_int_equal(mountinfo_find_cgroup1(text, "name=systemd", mnt, sizeof(mnt)), 0);
	assert_string_equal(mnt, "/sys/fs/cgroup/systemd");
}

static void test_pure_v2(void **state)
{
	char *text = fixture("v2");
	char mnt[256];

	assert_int_equal(mountinfo_find_fstype(text, "cgroup2", mnt, sizeof(mnt)), 0);
	assert_string_equal(mnt, "/sys/fs/cgroup");
	assert_int_equal(mountinfo_find_cgroup1(text, "cpu", mnt, sizeof(mnt)), -ENOENT);
	assert_int_equal(mountinfo_find_fstype(text, "bpf", mnt, sizeof(mnt)), 0);
	assert_string_equal(mnt, "/sys/fs/bpf");
}

static void test_v1_only(void **state)
{
	char *text = fixture("v1_only");
	char mnt[256];

	assert_int_equal(mountinfo_find_fstype(text, "cgroup2", mnt, sizeof(mnt)), -ENOENT);
	/* co-mounted controllers: both names find the same hierarchy */
	assert_int_equal(mountinfo_find_cgroup1(text, "cpu", mnt, sizeof(mnt)), 0);
	assert_string_equal(mnt, "/sys/fs/cgroup/cpu,cpuacct");
	assert_int_equal(mountinfo_find_cgroup1(text, "cpuacct", mnt, sizeof(mnt)), 0);
	assert_string_equal(mnt, "/sys/fs/cgroup/cpu,cpuacct");
	/* "tmpfs" is not a cgroup even though its options say nothing */
	assert_int_equal(mountinfo_find_cgroup1(text, "memory", mnt, sizeof(mnt)), -ENOENT);
}

static void test_escaped_mount_point(void **state)
{
	char *text = fixture("escaped_v2");
	char mnt[256];

	assert_int_equal(mountinfo_find_fstype(text, "cgroup2", mnt, sizeof(mnt)), 0);
	assert_string_equal(mnt, "/mnt/my cgroups\\v2");
}

static void test_odd_lines_are_skipped(void **state)
{
	char *text = fixture("odd_lines");
	char mnt[256];

	assert_int_equal(mountinfo_find_fstype(text, "cgroup2", mnt, sizeof(mnt)), -ENOENT);
	assert_int_equal(mountinfo_find_fstype("", "cgroup2", mnt, sizeof(mnt)), -ENOENT);
}

static void test_too_long(void **state)
{
	char *text = fixture("hybrid");
	char mnt[8];

	assert_int_equal(mountinfo_find_fstype(text, "cgroup2", mnt, sizeof(mnt)), -ENAMETOOLONG);
}

static void test_reads_this_machine(void **state)
{
	char *text = NULL;

	assert_int_equal(mountinfo_read(&text), 0);
	assert_non_null(strstr(text, " - proc "));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hybrid),
		cmocka_unit_test(test_pure_v2),
		cmocka_unit_test(test_v1_only),
		cmocka_unit_test(test_escaped_mount_point),
		cmocka_unit_test(test_odd_lines_are_skipped),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_reads_this_machine),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
