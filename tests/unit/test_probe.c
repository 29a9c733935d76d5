// SPDX-License-Identifier: GPL-2.0
/* The hook chooser: order of preference, reasons, --hook. The attach
 * functions here only stand in for load+attach results to test the choice;
 * the real hooks are exercised by the live tests. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "pane.h"

static int results[3];
static int calls;

static int try_attach(struct pane *p, int index, char *why, size_t len)
{
	calls++;
	if (results[index] == -EPERM)
		snprintf(why, len, "load: Operation not permitted");
	return results[index];
}

static const struct hook_choice choices[] = {
	{ "fentry", "ovl_read_iter", try_attach },
	{ "kprobe", "ovl_read_iter", try_attach },
	{ "tracepoint", "syscalls", try_attach },
};

static const struct pane_def def = { .key = "test", .title = "Test" };

static void test_first_that_works(void **state)
{
	struct pane p = { .def = &def };

	results[0] = -EPERM;
	results[1] = 0;
	results[2] = 0;
	calls = 0;
	assert_int_equal(probe_choose(&p, choices, 3), 1);
	assert_int_equal(calls, 2);
	assert_int_equal(p.status, PANE_OK);
	assert_string_equal(p.method, "kprobe: ovl_read_iter");
	assert_true(p.hooks[0].tried && !p.hooks[0].chosen);
	assert_string_equal(p.hooks[0].why, "load: Operation not permitted");
	assert_true(p.hooks[1].chosen);
	assert_false(p.hooks[2].tried);
}

static void test_none_works(void **state)
{
	struct pane p = { .def = &def };

	probe_forget_refusals();
	results[0] = -EPERM;
	results[1] = -ENOENT;
	results[2] = -EINVAL;
	assert_int_equal(probe_choose(&p, choices, 3), -1);
	assert_int_equal(p.status, PANE_UNAVAILABLE);
	/* the reason names every hook and why it failed */
	assert_non_null(strstr(p.reason, "fentry: load: Operation not permitted"));
	assert_non_null(strstr(p.reason, "kprobe: No such file or directory"));
	assert_non_null(strstr(p.reason, "tracepoint: Invalid argument"));
}

/* fentry refused at load by one pane is skipped by the next, which says
 * why; a failure of one function (ENOENT at attach) is not remembered. */
static void test_refusal_remembered(void **state)
{
	static const struct pane_def other = { .key = "other", .title = "Other" };
	struct pane p = { .def = &def }, q = { .def = &other };

	probe_forget_refusals();
	results[0] = -EPERM;
	results[1] = 0;
	results[2] = 0;
	assert_int_equal(probe_choose(&p, choices, 3), 1);
	calls = 0;
	assert_int_equal(probe_choose(&q, choices, 3), 1);
	assert_int_equal(calls, 1);
	assert_false(q.hooks[0].tried);
	assert_string_equal(q.hooks[0].why,
			    "skipped: fentry failed for test: load: Operation not permitted");
	assert_true(q.hooks[1].chosen);
	probe_forget_refusals();
	results[0] = -ENOENT;
	assert_int_equal(probe_choose(&p, choices, 3), 1);
	calls = 0;
	assert_int_equal(probe_choose(&q, choices, 3), 1);
	assert_int_equal(calls, 2);
	assert_true(q.hooks[0].tried);
}

/* A refusal found before any pane loads (mechanisms.c) skips the hook in
 * every pane, in the panes' own words. */
static void test_refused_before(void **state)
{
	struct pane p = { .def = &def };

	probe_forget_refusals();
	probe_refuse("fentry", "an empty fentry program on vfs_read",
		     "load: Operation not permitted");
	probe_refuse("tracepoint", "nothing", "a mechanism never refused as such");
	results[0] = 0;
	results[1] = 0;
	results[2] = 0;
	calls = 0;
	assert_int_equal(probe_choose(&p, choices, 3), 1);
	assert_int_equal(calls, 1);
	assert_false(p.hooks[0].tried);
	assert_string_equal(p.hooks[0].why, "skipped: fentry failed for an empty fentry program on "
					    "vfs_read: load: Operation not permitted");
	assert_true(p.hooks[1].chosen);
	probe_forget_refusals();
}

static void test_forced(void **state)
{
	struct pane p = { .def = &def };

	results[0] = 0;
	results[1] = 0;
	results[2] = 0;
	assert_int_equal(probe_force("nonsense"), -EINVAL);
	assert_int_equal(probe_force("test=tracepoint"), 0);
	assert_int_equal(probe_choose(&p, choices, 3), 2);
	assert_false(p.hooks[0].tried);
	assert_non_null(strstr(p.hooks[0].why, "skipped"));
	assert_true(p.hooks[2].chosen);
}

/* An optional part's hooks follow the pane's, with the memo, the force
 * (PANE.PART=HOOK, else PANE=HOOK) and a reason for everything tried. */
static void test_part(void **state)
{
	static const struct pane_def part_def = { .key = "pt", .title = "Part" };
	struct part_choice part = { .name = "extra", .choices = choices, .nr = 3, .label = "fn" };
	struct pane p = { .def = &part_def };
	char method[64], reason[512];

	probe_forget_refusals();
	results[0] = -EPERM;
	results[1] = -ENOENT;
	results[2] = 0;
	p.nr_hooks = 2; /* the pane's own */
	assert_int_equal(
		probe_choose_part(&p, &part, method, sizeof(method), reason, sizeof(reason)), 2);
	assert_int_equal(p.nr_hooks, 5);
	assert_string_equal(method, "tracepoint: fn");
	assert_true(p.hooks[4].chosen && p.hooks[2].tried);
	assert_non_null(strstr(reason, "fentry fn: load: Operation not permitted"));

	/* the pane's force applies to its part, the part's own wins */
	p.nr_hooks = 0;
	assert_int_equal(probe_force("pt=kprobe"), 0);
	assert_int_equal(
		probe_choose_part(&p, &part, method, sizeof(method), reason, sizeof(reason)), -1);
	assert_string_equal(p.hooks[2].why, "skipped: --hook pt=kprobe");
	assert_non_null(strstr(reason, "kprobe fn: "));
	assert_null(strstr(reason, "tracepoint"));
	p.nr_hooks = 0;
	assert_int_equal(probe_force("pt.extra=tracepoint"), 0);
	assert_int_equal(
		probe_choose_part(&p, &part, method, sizeof(method), reason, sizeof(reason)), 2);
	assert_string_equal(p.hooks[0].why, "skipped: --hook pt.extra=tracepoint");

	/* absent: every hook skipped with the short reason, none tried */
	p.nr_hooks = 0;
	calls = 0;
	part.absent = "no such function in this kernel";
	part.absent_short = "no fn";
	assert_int_equal(
		probe_choose_part(&p, &part, method, sizeof(method), reason, sizeof(reason)), -1);
	assert_int_equal(calls, 0);
	assert_int_equal(p.nr_hooks, 3);
	assert_string_equal(p.hooks[1].why, "skipped: no fn");
	assert_string_equal(reason, "no such function in this kernel");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_that_works),
		cmocka_unit_test(test_none_works),
		cmocka_unit_test(test_refusal_remembered),
		cmocka_unit_test(test_refused_before),
		cmocka_unit_test(test_forced),
		cmocka_unit_test(test_part),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
