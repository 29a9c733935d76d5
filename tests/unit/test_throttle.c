// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ksym.h"
#include "throttle.h"
#include "throttle_cgfs.h"
#include "throttle_parse.h"

/* $CVTOP_FIXTURES/throttle/{v1,v2}: cgroup directories as the kernel shows them */
static int v1_fd = -1, v2_fd = -1;

static int open_fixture(const char *sub)
{
	const char *dir = getenv("CVTOP_FIXTURES");
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/throttle/%s", dir && *dir ? dir : "tests/fixtures", sub);
	return open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

static int group_setup(void **state)
{
	(void)state;
	v1_fd = open_fixture("v1");
	v2_fd = open_fixture("v2");
	return v1_fd < 0 || v2_fd < 0 ? -1 : 0;
}

static int group_teardown(void **state)
{
	(void)state;
	close(v1_fd);
	close(v2_fd);
	return 0;
}

static void assert_near(double got, double want)
{
	double d = got - want;

	if (d < -1e-9 || d > 1e-9) {
		print_error("%.12f != %.12f\n", got, want);
		fail();
	}
}

/* a fake throttle_fs over the fixture tree of one version */
static struct throttle_fs fs_of(bool v2)
{
	struct throttle_fs fs;

	memset(&fs, 0, sizeof(fs));
	fs.cpu.fd = fs.io.fd = fs.cpuacct.fd = v2 ? v2_fd : v1_fd;
	fs.cpu.v2 = fs.io.v2 = fs.cpuacct.v2 = v2;
	/* cpuacct co-mounted with cpu: cpuacct.usage sits in the same directory */
	strcpy(fs.cpu.mount, "/fixture");
	strcpy(fs.cpuacct.mount, "/fixture");
	strcpy(fs.io.mount, "/fixture");
	return fs;
}

static int sub_fd(bool v2, const char *name)
{
	int fd = openat(v2 ? v2_fd : v1_fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	assert_true(fd >= 0);
	return fd;
}

static void test_cpu_max(void **state)
{
	int64_t q;
	uint64_t per;

	(void)state;
	assert_int_equal(parse_cpu_max("20000 100000\n", &q, &per), 0);
	assert_int_equal(q, 20000);
	assert_int_equal(per, 100000);
	assert_int_equal(parse_cpu_max("max 100000\n", &q, &per), 0);
	assert_int_equal(q, -1);
	assert_int_equal(parse_cpu_max("max\n", &q, &per), -EINVAL);
	assert_int_equal(parse_cpu_max("20000 0\n", &q, &per), -EINVAL);
	assert_int_equal(parse_cpu_max("-5 100000\n", &q, &per), -EINVAL);
	assert_int_equal(parse_cpu_max("20000 100000 7\n", &q, &per), -EINVAL);
	assert_int_equal(parse_cpu_max("", &q, &per), -EINVAL);
}

static void test_s64(void **state)
{
	int64_t v;

	(void)state;
	assert_int_equal(parse_s64("-1\n", &v), 0);
	assert_int_equal(v, -1);
	assert_int_equal(parse_s64("20000", &v), 0);
	assert_int_equal(v, 20000);
	assert_int_equal(parse_s64("", &v), -EINVAL);
	assert_int_equal(parse_s64("12ab\n", &v), -EINVAL);
	assert_int_equal(parse_s64("99999999999999999999\n", &v), -EINVAL);
}

static void test_v2_quota(void **state)
{
	struct throttle_fs fs = fs_of(true);
	struct cgfs_cpu c;
	int fd = sub_fd(true, "quota");

	(void)state;
	assert_int_equal(cgfs_read_cpu(&fs, fd, "/quota", &c), 0);
	close(fd);
	assert_int_equal(c.quota_us, 20000);
	assert_int_equal(c.period_us, 100000);
	assert_true(c.st.has_periods && c.st.has_throttled_time && c.st.has_bursts);
	assert_int_equal(c.st.nr_periods, 120);
	assert_int_equal(c.st.nr_throttled, 90);
	assert_int_equal(c.st.throttled_ns, 7200000000ULL); /* usec -> ns */
	assert_int_equal(c.st.nr_bursts, 3);
	assert_int_equal(c.st.burst_ns, 4000000);
	assert_true(c.has_usage);
	assert_int_equal(c.usage_ns, 1500000000ULL);
}

static void test_v2_no_quota_and_no_stat(void **state)
{
	struct throttle_fs fs = fs_of(true);
	struct cgfs_cpu c;
	int fd;

	(void)state;
	fd = sub_fd(true, "noquota");
	assert_int_equal(cgfs_read_cpu(&fs, fd, "/noquota", &c), -ENOENT);
	close(fd);
	/* a quota without a cpu.stat: shown, with nothing claimed about periods */
	fd = sub_fd(true, "nostat");
	assert_int_equal(cgfs_read_cpu(&fs, fd, "/nostat", &c), 0);
	close(fd);
	assert_int_equal(c.quota_us, 50000);
	assert_false(c.st.has_periods);
	assert_false(c.st.has_throttled_time);
	assert_false(c.has_usage);
	/* no cpu.max at all (the io fixture) */
	fd = sub_fd(true, "io");
	assert_int_equal(cgfs_read_cpu(&fs, fd, "/io", &c), -ENOENT);
	close(fd);
}

static void test_v1_quota(void **state)
{
	struct throttle_fs fs = fs_of(false);
	struct cgfs_cpu c;
	int fd = sub_fd(false, "quota");

	(void)state;
	assert_int_equal(cgfs_read_cpu(&fs, fd, "/quota", &c), 0);
	close(fd);
	assert_int_equal(c.quota_us, 20000);
	assert_int_equal(c.period_us, 100000);
	assert_int_equal(c.st.nr_periods, 50);
	assert_int_equal(c.st.nr_throttled, 40);
	assert_int_equal(c.st.throttled_ns, 3200000000ULL); /* v1: already ns */
	assert_true(c.st.has_bursts);
	assert_false(c.st.has_usage); /* v1 cpu.stat has no usage line */
	assert_true(c.has_usage); /* from cpuacct.usage */
	assert_int_equal(c.usage_ns, 987654321);
}

static void test_v1_odd(void **state)
{
	struct throttle_fs fs = fs_of(false);
	struct cgfs_cpu c;
	int fd;

	(void)state;
	fd = sub_fd(false, "noquota");
	assert_int_equal(cgfs_read_cpu(&fs, fd, "/noquota", &c), -ENOENT);
	close(fd);
	fd = sub_fd(false, "badperiod");
	assert_int_equal(cgfs_read_cpu(&fs, fd, "/badperiod", &c), -ENOENT);
	close(fd);
	fd = sub_fd(false, "empty");
	assert_int_equal(cgfs_read_cpu(&fs, fd, "/empty", &c), -ENOENT);
	close(fd);
	/* bad lines are skipped, good ones kept */
	fd = sub_fd(false, "odd_stat");
	assert_int_equal(cgfs_read_cpu(&fs, fd, "/odd_stat", &c), 0);
	close(fd);
	assert_false(c.st.has_periods);
	assert_true(c.st.has_throttled_time);
	assert_int_equal(c.st.throttled_ns, 5);
	assert_false(c.has_usage); /* no cpuacct.usage there */
}

static void test_cpu_stat_nothing_known(void **state)
{
	struct cpu_stat st;

	(void)state;
	assert_int_equal(parse_cpu_stat("", &st), -EINVAL);
	assert_int_equal(parse_cpu_stat("foo 1\nbar 2\n", &st), -EINVAL);
	assert_int_equal(parse_cpu_stat("nr_periods 3", &st), 0); /* no newline */
	assert_int_equal(st.nr_periods, 3);
}

static const struct io_limit *find_lim(const struct io_limit *l, int nr, uint32_t ma, uint32_t mi)
{
	int i;

	for (i = 0; i < nr; i++) {
		if (l[i].major == ma && l[i].minor == mi)
			return &l[i];
	}
	return NULL;
}

static void test_v2_io_max(void **state)
{
	struct throttle_fs fs = fs_of(true);
	struct io_limit l[CGFS_MAX_DEVS];
	const struct io_limit *x;
	int fd, nr;

	(void)state;
	fd = sub_fd(true, "io");
	nr = cgfs_read_io_limits(&fs, fd, l, CGFS_MAX_DEVS);
	close(fd);
	/* 253:1 is all max: not a limit */
	assert_int_equal(nr, 2);
	x = find_lim(l, nr, 7, 0);
	assert_non_null(x);
	assert_true(x->limit[IO_RBPS] == IO_NO_LIMIT);
	assert_int_equal(x->limit[IO_WBPS], 1048576);
	assert_true(x->limit[IO_RIOPS] == IO_NO_LIMIT);
	x = find_lim(l, nr, 8, 0);
	assert_non_null(x);
	assert_int_equal(x->limit[IO_RBPS], 2097152);
	assert_int_equal(x->limit[IO_RIOPS], 100);
	assert_true(x->limit[IO_WIOPS] == IO_NO_LIMIT);
	assert_null(find_lim(l, nr, 253, 1));

	fd = sub_fd(true, "io_allmax");
	assert_int_equal(cgfs_read_io_limits(&fs, fd, l, CGFS_MAX_DEVS), 0);
	close(fd);
	fd = sub_fd(true, "quota"); /* no io.max */
	assert_int_equal(cgfs_read_io_limits(&fs, fd, l, CGFS_MAX_DEVS), 0);
	close(fd);
}

static void test_v2_io_max_odd(void **state)
{
	struct throttle_fs fs = fs_of(true);
	struct io_limit l[CGFS_MAX_DEVS];
	const struct io_limit *x;
	int fd, nr;

	(void)state;
	fd = sub_fd(true, "io_odd");
	nr = cgfs_read_io_limits(&fs, fd, l, CGFS_MAX_DEVS);
	close(fd);
	/* garbage, "12x", unknown keys and overflowing numbers are skipped */
	assert_int_equal(nr, 2);
	x = find_lim(l, nr, 7, 2);
	assert_non_null(x);
	assert_int_equal(x->limit[IO_WIOPS], 10);
	x = find_lim(l, nr, 259, 0); /* last line without a newline */
	assert_non_null(x);
	assert_int_equal(x->limit[IO_RIOPS], 5);
	assert_int_equal(x->limit[IO_WBPS], 4096);
	assert_null(find_lim(l, nr, 7, 0));
	assert_null(find_lim(l, nr, 7, 3));
}

static void test_io_max_room(void **state)
{
	struct io_limit l[1];
	int nr = 0;

	(void)state;
	assert_int_equal(parse_io_max("7:0 wbps=1\n7:1 wbps=2\n", l, &nr, 1), -E2BIG);
	assert_int_equal(nr, 1);
	assert_int_equal(l[0].limit[IO_WBPS], 1);
}

static void test_v1_blkio(void **state)
{
	struct throttle_fs fs = fs_of(false);
	struct io_limit l[CGFS_MAX_DEVS];
	const struct io_limit *x;
	int fd, nr;

	(void)state;
	fd = sub_fd(false, "io");
	nr = cgfs_read_io_limits(&fs, fd, l, CGFS_MAX_DEVS);
	close(fd);
	/* the four files merge by device; a missing or empty file adds nothing */
	assert_int_equal(nr, 2);
	x = find_lim(l, nr, 7, 0);
	assert_non_null(x);
	assert_int_equal(x->limit[IO_WBPS], 1048576);
	assert_int_equal(x->limit[IO_RIOPS], 50);
	assert_true(x->limit[IO_RBPS] == IO_NO_LIMIT);
	assert_true(x->limit[IO_WIOPS] == IO_NO_LIMIT);
	x = find_lim(l, nr, 8, 16);
	assert_non_null(x);
	assert_int_equal(x->limit[IO_RIOPS], 10);
	fd = sub_fd(false, "empty");
	assert_int_equal(cgfs_read_io_limits(&fs, fd, l, CGFS_MAX_DEVS), 0);
	close(fd);
}

struct seen {
	char paths[32][64];
	int n;
};

static int note_dir(int dir_fd, const char *rel, void *ctx)
{
	struct seen *s = ctx;

	(void)dir_fd;
	if (s->n < 32)
		snprintf(s->paths[s->n++], sizeof(s->paths[0]), "%s", rel);
	return 0;
}

static bool saw(const struct seen *s, const char *p)
{
	int i;

	for (i = 0; i < s->n; i++) {
		if (!strcmp(s->paths[i], p))
			return true;
	}
	return false;
}

static void test_walk(void **state)
{
	struct throttle_fs fs = fs_of(false);
	struct seen s = { .n = 0 };

	(void)state;
	assert_int_equal(cgfs_walk(&fs.cpu, note_dir, &s), 0);
	/* the root, then each directory once; files are not visited */
	assert_int_equal(s.n, 7);
	assert_string_equal(s.paths[0], "/");
	assert_true(saw(&s, "/quota"));
	assert_true(saw(&s, "/odd_stat"));
	assert_false(saw(&s, "/quota/cpu.stat"));
	fs.cpu.fd = -1;
	assert_int_equal(cgfs_walk(&fs.cpu, note_dir, &s), -ENOENT);
}

/* hand-computed: 0.2 CPU, 10 periods of which 7 throttled, 150 ms used in 1 s */
static void test_interval_numbers(void **state)
{
	struct cgfs_cpu old = { .quota_us = 20000, .period_us = 100000, .has_usage = true };
	struct cgfs_cpu cur = old;
	struct throttle_row row;

	(void)state;
	old.st = (struct cpu_stat){ .has_periods = true,
				    .has_throttled_time = true,
				    .nr_periods = 100,
				    .nr_throttled = 60,
				    .throttled_ns = 5000000000ULL };
	cur.st = old.st;
	cur.st.nr_periods = 110;
	cur.st.nr_throttled = 67;
	cur.st.throttled_ns = 5560000000ULL;
	old.usage_ns = 1000000000;
	cur.usage_ns = 1150000000;
	memset(&row, 0, sizeof(row));
	throttle_fill_cpu(&row, &cur, &old, 1.0);
	assert_near(row.quota_cpus, 0.2);
	assert_int_equal(row.periods, 10);
	assert_int_equal(row.throttled_periods, 7);
	assert_near(row.throttled_pct, 70.0);
	assert_int_equal(row.throttled_ns, 560000000);
	assert_int_equal(row.usage_ns, 150000000);
	assert_near(row.quota_used_pct, 75.0); /* 0.15 s of 0.2 s */
	assert_false(row.has_bursts);
	/* over 2 s the same usage is half as much of the quota */
	memset(&row, 0, sizeof(row));
	throttle_fill_cpu(&row, &cur, &old, 2.0);
	assert_near(row.quota_used_pct, 37.5);
	/* first sight: a quota but no interval, so nothing claimed */
	memset(&row, 0, sizeof(row));
	throttle_fill_cpu(&row, &cur, NULL, 1.0);
	assert_true(row.has_quota);
	assert_false(row.has_periods);
	assert_false(row.has_usage);
}

static void test_score(void **state)
{
	struct throttle_row row = { .throttled_pct = 70.0,
				    .io_bios = 3,
				    .io_held = 2,
				    .io_hold_ns = 250000000,
				    .held_visible = true,
				    .hold_visible = true };

	(void)state;
	/* 70 % of periods + 25 % of 1 s held */
	assert_near(throttle_score(&row, 1.0), 95.0);
	assert_near(throttle_score(&row, 2.0), 82.5);
	/* held bios but no hold times: they weigh 100 */
	row.hold_visible = false;
	assert_near(throttle_score(&row, 1.0), 170.0);
	/* bios that went through a limit without being held weigh nothing */
	row.io_held = 0;
	assert_near(throttle_score(&row, 1.0), 70.0);
	/* when held bios cannot be told, any throttled bio weighs 100 */
	row.held_visible = false;
	assert_near(throttle_score(&row, 1.0), 170.0);
	row.io_bios = 0;
	assert_near(throttle_score(&row, 1.0), 70.0);
}

static void kallsyms_path(const char *name, char *buf, size_t len)
{
	const char *dir = getenv("CVTOP_FIXTURES");

	snprintf(buf, len, "%s/kallsyms/%s", dir && *dir ? dir : "tests/fixtures", name);
}

static void test_ksym(void **state)
{
	char path[PATH_MAX];
	uint64_t a = 0;

	(void)state;
	kallsyms_path("plain", path, sizeof(path));
	/* the text symbol, not a longer name nor a data symbol */
	assert_int_equal(ksym_find(path, "blk_throtl_dispatch_work_fn", &a), 0);
	assert_true(a == 0xffffffff81b1d330ULL);
	/* a compiler clone answers for its function */
	assert_int_equal(ksym_find(path, "tg_dispatch_one_bio", &a), 0);
	assert_true(a == 0xffffffff81b1d400ULL);
	/* module symbols carry a [module] column */
	assert_int_equal(ksym_find(path, "loop_queue_rq", &a), 0);
	assert_true(a == 0xffffffffc0a01000ULL);
	assert_int_equal(ksym_find(path, "blk_throtl", &a), -ENOENT);
	kallsyms_path("hidden", path, sizeof(path));
	assert_int_equal(ksym_find(path, "blk_throtl_dispatch_work_fn", &a), -EPERM);
	kallsyms_path("missing", path, sizeof(path));
	assert_int_equal(ksym_find(path, "blk_throtl_dispatch_work_fn", &a), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cpu_max),
		cmocka_unit_test(test_s64),
		cmocka_unit_test(test_v2_quota),
		cmocka_unit_test(test_v2_no_quota_and_no_stat),
		cmocka_unit_test(test_v1_quota),
		cmocka_unit_test(test_v1_odd),
		cmocka_unit_test(test_cpu_stat_nothing_known),
		cmocka_unit_test(test_v2_io_max),
		cmocka_unit_test(test_v2_io_max_odd),
		cmocka_unit_test(test_io_max_room),
		cmocka_unit_test(test_v1_blkio),
		cmocka_unit_test(test_walk),
		cmocka_unit_test(test_interval_numbers),
		cmocka_unit_test(test_score),
		cmocka_unit_test(test_ksym),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
