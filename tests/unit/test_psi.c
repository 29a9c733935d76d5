// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <math.h>
#include "psi.h"

static int fixtures_fd = -1; /* $CVTOP_FIXTURES/psi */
static int fixtures_parent_fd = -1;

static void assert_avg(double got, double want)
{
	double d = got - want;

	if (d < -1e-9 || d > 1e-9) {
		print_error("avg %.12f != %.12f\n", got, want);
		fail();
	}
}

static void assert_line(const struct psi_line *l, double a10, double a60, double a300,
			uint64_t total)
{
	assert_true(l->valid);
	assert_avg(l->avg10, a10);
	assert_avg(l->avg60, a60);
	assert_avg(l->avg300, a300);
	assert_int_equal(l->total_us, total);
}

static void assert_invalid(const struct psi_line *l)
{
	assert_false(l->valid);
	/* an invalid line carries no half-parsed numbers */
	assert_avg(l->avg10, 0);
	assert_avg(l->avg60, 0);
	assert_avg(l->avg300, 0);
	assert_int_equal(l->total_us, 0);
}

static int group_setup(void **state)
{
	const char *dir = getenv("CVTOP_FIXTURES");
	char path[PATH_MAX];

	(void)state;
	if (!dir || !*dir)
		dir = "tests/fixtures";
	fixtures_parent_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	snprintf(path, sizeof(path), "%s/psi", dir);
	fixtures_fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fixtures_fd < 0 || fixtures_parent_fd < 0) {
		fprintf(stderr,
			"cannot open %s: %s (run from the repo root or set CVTOP_FIXTURES)\n", path,
			strerror(errno));
		return -1;
	}
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	close(fixtures_fd);
	close(fixtures_parent_fd);
	return 0;
}

static void test_cpu(void **state)
{
	struct psi p;

	(void)state;
	assert_int_equal(psi_read_at(fixtures_fd, "cpu", &p), 0);
	assert_line(&p.some, 1.23, 4.56, 7.89, 123456789);
	assert_line(&p.full, 0.10, 0.20, 0.30, 4567);
}

static void test_some_only(void **state)
{
	struct psi p;

	(void)state;
	/* cpu before 5.13 had no "full" line */
	assert_int_equal(psi_read_at(fixtures_fd, "cpu_some_only", &p), 0);
	assert_line(&p.some, 0, 0, 0, 42);
	assert_invalid(&p.full);
}

static void test_empty(void **state)
{
	struct psi p;

	(void)state;
	memset(&p, 0xff, sizeof(p));
	assert_int_equal(psi_read_at(fixtures_fd, "empty", &p), -EINVAL);
	assert_invalid(&p.some);
	assert_invalid(&p.full);
}

static void test_garbage(void **state)
{
	struct psi p;

	(void)state;
	/* a bad "some" fails the read; the "full" line still parses */
	assert_int_equal(psi_read_at(fixtures_fd, "garbage_some", &p), -EINVAL);
	assert_invalid(&p.some);
	assert_line(&p.full, 0, 0, 0, 2);

	/* a bad "full" only invalidates that line */
	assert_int_equal(psi_read_at(fixtures_fd, "garbage_full", &p), 0);
	assert_line(&p.some, 0.01, 0.02, 0.03, 3);
	assert_invalid(&p.full);
}

static void test_huge_total(void **state)
{
	struct psi p;

	(void)state;
	assert_int_equal(psi_read_at(fixtures_fd, "huge_total", &p), 0);
	assert_line(&p.some, 99.99, 100, 0, UINT64_MAX);
	/* UINT64_MAX + 1 must not wrap to 0 */
	assert_invalid(&p.full);
}

static void test_extra_lines(void **state)
{
	struct psi p;

	(void)state;
	assert_int_equal(psi_read_at(fixtures_fd, "extra_lines", &p), 0);
	assert_line(&p.some, 0.50, 0.25, 0.12, 1000);
	assert_line(&p.full, 0, 0, 0, 0);
}

static void test_no_newline(void **state)
{
	struct psi p;

	(void)state;
	assert_int_equal(psi_read_at(fixtures_fd, "no_newline", &p), 0);
	assert_line(&p.some, 0, 0, 0, 5);
}

static void test_open_errors(void **state)
{
	struct psi p;

	(void)state;
	assert_int_equal(psi_read_at(fixtures_fd, "does_not_exist", &p), -ENOENT);
	assert_int_equal(psi_read_at(-1, "cpu", &p), -EBADF);
	/* a directory opens but does not read */
	assert_int_equal(psi_read_at(fixtures_parent_fd, "psi", &p), -EISDIR);
	/* relative to the given directory, not the cwd */
	assert_int_equal(psi_read_at(fixtures_parent_fd, "cpu", &p), -ENOENT);
	assert_int_equal(psi_read_at(fixtures_parent_fd, "psi/cpu", &p), 0);
}

/* A scratch directory per test; teardown empties it even after a failure. */
struct tmpdir {
	char path[PATH_MAX];
	int fd;
};

static int tmpdir_setup(void **state)
{
	const char *base = getenv("TMPDIR");
	struct tmpdir *t = calloc(1, sizeof(*t));

	if (!t)
		return -1;
	snprintf(t->path, sizeof(t->path), "%s/cvtop_psi_XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(t->path)) {
		free(t);
		return -1;
	}
	t->fd = open(t->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (t->fd < 0) {
		rmdir(t->path);
		free(t);
		return -1;
	}
	*state = t;
	return 0;
}

static int tmpdir_teardown(void **state)
{
	struct tmpdir *t = *state;
	struct dirent *de;
	DIR *d;
	int err;

	d = fdopendir(t->fd);
	if (d) {
		while ((de = readdir(d)))
			if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
				unlinkat(t->fd, de->d_name, 0);
		closedir(d);
	} else {
		close(t->fd);
	}
	err = rmdir(t->path);
	free(t);
	return err;
}

static void tmpdir_write(struct tmpdir *t, const char *name, const char *text, size_t len)
{
	int fd = openat(t->fd, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
}

static void test_symlink(void **state)
{
	static const char text[] = "some avg10=0.00 avg60=0.00 avg300=0.00 total=7\n";
	struct tmpdir *t = *state;
	struct psi p;

	tmpdir_write(t, "real", text, sizeof(text) - 1);
	assert_int_equal(symlinkat("real", t->fd, "link"), 0);
	assert_int_equal(psi_read_at(t->fd, "real", &p), 0);
	assert_int_equal(p.some.total_us, 7);
	/* the same file through a link is refused */
	assert_int_equal(psi_read_at(t->fd, "link", &p), -ELOOP);
	assert_false(p.some.valid);
}

/* Reads stop at 4 KiB; a line cut there must not yield a truncated number. */
static void test_big_file(void **state)
{
	static const char some[] = "some avg10=0.00 avg60=0.00 avg300=0.00 total=11\n";
	static const char full[] = "full avg10=0.00 avg60=0.00 avg300=0.00 total=1234567890\n";
	char buf[8192];
	size_t len, pad;
	struct tmpdir *t = *state;
	struct psi p;

	/* byte 4095 falls inside the digits of full's total */
	strcpy(buf, some);
	len = strlen(buf);
	pad = 4095 - len - (sizeof(full) - 1) + 5;
	memset(buf + len, '#', pad - 1);
	buf[len + pad - 1] = '\n';
	len += pad;
	strcpy(buf + len, full);
	len += sizeof(full) - 1;
	tmpdir_write(t, "cut", buf, len);
	assert_int_equal(psi_read_at(t->fd, "cut", &p), 0);
	assert_line(&p.some, 0, 0, 0, 11);
	assert_invalid(&p.full);

	/* the same file, with the full line moved where it fits */
	memmove(buf + strlen(some) + sizeof(full) - 1, buf + strlen(some), pad);
	memcpy(buf + strlen(some), full, sizeof(full) - 1);
	tmpdir_write(t, "fits", buf, len);
	assert_int_equal(psi_read_at(t->fd, "fits", &p), 0);
	assert_line(&p.full, 0, 0, 0, 1234567890);

	/* a "some" line past 4 KiB is never seen */
	memset(buf, '#', 5000);
	buf[4999] = '\n';
	memcpy(buf + 5000, some, sizeof(some) - 1);
	tmpdir_write(t, "late", buf, 5000 + sizeof(some) - 1);
	assert_int_equal(psi_read_at(t->fd, "late", &p), -EINVAL);
}

/* A file that arrives in pieces (a FIFO here) is read to its end. */
static void test_short_reads(void **state)
{
	static const char *const pieces[] = {
		"some avg10=1.00 ", "avg60=2.00 avg300=3.00 tot",
		"al=4\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=5\n"
	};
	struct tmpdir *t = *state;
	struct psi p;
	unsigned int i;
	pid_t pid;
	int fd, status;

	assert_int_equal(mkfifoat(t->fd, "fifo", 0600), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		/* never outlive the test, even if nobody opens the other end */
		alarm(5);
		fd = openat(t->fd, "fifo", O_WRONLY);
		if (fd < 0)
			_exit(1);
		for (i = 0; i < 3; i++) {
			if (write(fd, pieces[i], strlen(pieces[i])) < 0)
				_exit(1);
			usleep(20000);
		}
		_exit(0);
	}
	assert_int_equal(psi_read_at(t->fd, "fifo", &p), 0);
	assert_line(&p.some, 1, 2, 3, 4);
	assert_line(&p.full, 0, 0, 0, 5);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* A file kept open is read from its start each time, anew. */
static void test_read_again(void **state)
{
	static const char *const text[] = {
		"some avg10=1.00 avg60=2.00 avg300=3.00 total=4\n",
		"some avg10=5.00 avg60=6.00 avg300=7.00 total=8\n",
	};
	struct tmpdir *t = *state;
	struct psi p;
	int fd, w;

	w = openat(t->fd, "cpu.pressure", O_WRONLY | O_CREAT, 0600);
	assert_true(w >= 0);
	assert_int_equal(pwrite(w, text[0], strlen(text[0]), 0), (ssize_t)strlen(text[0]));
	fd = psi_open_at(t->fd, "cpu.pressure");
	assert_true(fd >= 0);
	assert_int_equal(psi_read_fd(fd, &p), 0);
	assert_line(&p.some, 1, 2, 3, 4);
	assert_int_equal(pwrite(w, text[1], strlen(text[1]), 0), (ssize_t)strlen(text[1]));
	assert_int_equal(psi_read_fd(fd, &p), 0);
	assert_line(&p.some, 5, 6, 7, 8);
	assert_false(p.full.valid);
	close(w);
	close(fd);
	assert_int_equal(psi_open_at(t->fd, "missing"), -ENOENT);
}

static void test_parse(void **state)
{
	struct psi p;

	(void)state;
	assert_int_equal(psi_parse("some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"
				   "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n",
				   &p),
			 0);
	assert_line(&p.some, 0, 0, 0, 0);
	assert_line(&p.full, 0, 0, 0, 0);

	/* any field order, extra spaces, more or fewer decimals */
	assert_int_equal(psi_parse("some  total=9 avg300=3 avg60=2.5  avg10=1.125 \n", &p), 0);
	assert_line(&p.some, 1.125, 2.5, 3, 9);

	/* only "full": not enough */
	assert_int_equal(psi_parse("full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n", &p),
			 -EINVAL);
	assert_invalid(&p.some);
	assert_true(p.full.valid);

	assert_int_equal(psi_parse("", &p), -EINVAL);
	assert_int_equal(psi_parse("\n\n", &p), -EINVAL);
	assert_int_equal(psi_parse(NULL, &p), -EINVAL);

	/* the last of repeated lines wins */
	assert_int_equal(psi_parse("some avg10=1.00 avg60=0.00 avg300=0.00 total=1\n"
				   "some avg10=2.00 avg60=0.00 avg300=0.00 total=2\n",
				   &p),
			 0);
	assert_line(&p.some, 2, 0, 0, 2);
}

static void test_parse_malformed(void **state)
{
	static const char *const bad[] = {
		"some",
		"some ",
		"some avg10=0.00 avg60=0.00 avg300=0.00",
		"some avg10=0.00 avg60=0.00 total=1",
		"some avg10=abc avg60=0.00 avg300=0.00 total=1",
		"some avg10= avg60=0.00 avg300=0.00 total=1",
		"some avg10=-1.00 avg60=0.00 avg300=0.00 total=1",
		"some avg10=+1.00 avg60=0.00 avg300=0.00 total=1",
		"some avg10=1. avg60=0.00 avg300=0.00 total=1",
		"some avg10=.5 avg60=0.00 avg300=0.00 total=1",
		"some avg10=1.2.3 avg60=0.00 avg300=0.00 total=1",
		"some avg10=1e2 avg60=0.00 avg300=0.00 total=1",
		"some avg10=nan avg60=0.00 avg300=0.00 total=1",
		"some avg10=inf avg60=0.00 avg300=0.00 total=1",
		"some avg10=0x1 avg60=0.00 avg300=0.00 total=1",
		"some avg10=1,5 avg60=0.00 avg300=0.00 total=1",
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=-1",
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=+1",
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=1.5",
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=",
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=12x",
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=18446744073709551616",
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=99999999999999999999999",
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=1 total=2",
		"some avg10=0.00 avg10=0.00 avg60=0.00 avg300=0.00 total=1",
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=1 junk",
		"some avg10 0.00 avg60=0.00 avg300=0.00 total=1",
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=1\r",
		"some\tavg10=0.00 avg60=0.00 avg300=0.00 total=1",
		"Some avg10=0.00 avg60=0.00 avg300=0.00 total=1",
		" some avg10=0.00 avg60=0.00 avg300=0.00 total=1",
		"someavg10=0.00 avg60=0.00 avg300=0.00 total=1",
	};
	struct psi p;
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (psi_parse(bad[i], &p) != -EINVAL || p.some.valid) {
			print_error("accepted '%s'\n", bad[i]);
			fail();
		}
		assert_invalid(&p.some);
	}
}

/* the kernel's fixed point, printed as %lu.%02lu of LOAD_INT/LOAD_FRAC */
static void test_avg_fixed(void **state)
{
	(void)state;
	assert_float_equal(psi_avg_fixed(0), 0.0, 1e-9);
	assert_float_equal(psi_avg_fixed(2048), 1.0, 1e-9);
	assert_float_equal(psi_avg_fixed((95 << 11) + 1352), 95.66, 1e-9);
	/* a fraction the file truncates rather than rounds */
	assert_float_equal(psi_avg_fixed((95 << 11) + 1351), 95.65, 1e-9);
	assert_float_equal(psi_avg_fixed(100 << 11), 100.0, 1e-9);
}

/* the average carried from totals: the kernel's decay, whatever the steps */
static void test_avg_update(void **state)
{
	double a = 0, two;
	int i;

	(void)state;
	/* no time passed: unchanged */
	assert_float_equal(psi_avg_update(12.5, 1000, 0), 12.5, 1e-12);
	assert_float_equal(psi_avg_update(12.5, 1000, -1), 12.5, 1e-12);
	/* stalled all the time for 10 s from 0: 1 - 1/e of 100 % */
	for (i = 0; i < 10; i++)
		a = psi_avg_update(a, 1000000, 1.0);
	assert_float_equal(a, 100 * (1 - exp(-1)), 1e-9);
	/* two steps of 1 s are one of 2 s at the same rate */
	two = psi_avg_update(psi_avg_update(40, 250000, 1.0), 250000, 1.0);
	assert_float_equal(two, psi_avg_update(40, 500000, 2.0), 1e-9);
	/* more stall than time (two CPUs' worth) counts as 100 % */
	assert_float_equal(psi_avg_update(0, 3000000, 1.0), psi_avg_update(0, 1000000, 1.0), 1e-12);
	/* no stall decays toward 0 */
	assert_true(psi_avg_update(50, 0, 1.0) < 50);
	assert_float_equal(psi_avg_update(50, 0, 10.0), 50 * exp(-1), 1e-9);
}

int main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cpu),
		cmocka_unit_test(test_some_only),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_huge_total),
		cmocka_unit_test(test_extra_lines),
		cmocka_unit_test(test_no_newline),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test_setup_teardown(test_symlink, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_big_file, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_short_reads, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test_setup_teardown(test_read_again, tmpdir_setup, tmpdir_teardown),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_malformed),
		cmocka_unit_test(test_avg_fixed),
		cmocka_unit_test(test_avg_update),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
