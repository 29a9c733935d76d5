// SPDX-License-Identifier: GPL-2.0
/*
 * The summary header's data: the figures derived from recorded snapshots
 * (the fixture's, checked against its own numbers), the host's pressure
 * through JSON and back, and the sparklines' history.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "host.h"
#include "json.h"
#include "jsondom.h"
#include "pane.h"
#include "replay.h"
#include "summary.h"

#define FIXTURE "tests/fixtures/recordings/all-panes-6.18.jsonl"

static void test_figures_of_the_fixture(void **state)
{
	struct pane panes[PANE_MAX];
	struct replay r;
	struct summary s;

	panes_open_replay(panes);
	assert_int_equal(replay_open(FIXTURE, &r), 0);
	assert_int_equal(replay_show(&r, 0, panes), 0);
	summary_compute(panes, nr_pane_defs, &s);
	/* cpu_ns 200309354 + 1025543273 + 175... over 1.000469 s and 2 CPUs */
	assert_true(s.has[SUM_BUSY]);
	assert_true(s.v[SUM_BUSY] > 60 && s.v[SUM_BUSY] < 75);
	assert_true(s.has[SUM_STEAL]);
	assert_true(s.v[SUM_STEAL] == 0);
	/* fix-spin and fix-io; "/" is the host */
	assert_true(s.has[SUM_CONTAINERS] && s.v[SUM_CONTAINERS] == 2);
	/* fix-spin, throttled 10 of 10 periods */
	assert_true(s.has[SUM_THROTTLED] && s.v[SUM_THROTTLED] == 1);
	/* 32 reads of fix-io in 1.000469 s */
	assert_true(s.has[SUM_OVERLAY_OPS]);
	assert_true(s.v[SUM_OVERLAY_OPS] > 31.9 && s.v[SUM_OVERLAY_OPS] < 32);
	/* the host view ran with no VM; KVM was unavailable there */
	assert_true(s.has[SUM_VMS] && s.v[SUM_VMS] == 0);
	assert_false(s.has[SUM_VM_EXITS]);
	/* the longest wait of the host was fix-spin's 81.8 ms, its p99 */
	assert_true(s.has[SUM_RUNQ_P99]);
	assert_true(s.v[SUM_RUNQ_P99] > 50e6 && s.v[SUM_RUNQ_P99] <= 81756788);
	/* an old recording has no host pressure: "-" */
	assert_false(s.has[SUM_PSI_CPU] || s.has[SUM_PSI_IO] || s.has[SUM_PSI_MEM]);
	replay_close(&r);
}

static void test_host_pressure_round_trips(void **state)
{
	const char *in = "{\"psi\":{\"cpu\":{\"some_avg10\":75.86,\"full_avg10\":0.00},"
			 "\"io\":{\"some_avg10\":4.20,\"full_avg10\":3.10},\"memory\":null}}";
	struct jv_arena *a;
	struct jv *v;
	char *out = NULL;
	size_t len = 0;
	FILE *f;
	struct json_writer *jw;
	int err;

	v = jv_parse(in, strlen(in), &a, &err);
	assert_non_null(v);
	assert_int_equal(host_read_json(v), 0);
	assert_true(host_now()->has_psi);
	assert_true(host_now()->psi[HOST_PSI_IO].has_full);
	assert_true(host_now()->psi[HOST_PSI_IO].full_avg10 == 3.10);
	assert_false(host_now()->psi[HOST_PSI_MEMORY].has);
	f = open_memstream(&out, &len);
	jw = jw_new(f);
	jw_start_object(jw);
	host_write_json(jw);
	jw_end_object(jw);
	jw_free(jw);
	fclose(f);
	assert_true(strlen(out) == strlen(in) + 9);
	assert_memory_equal(out, "{\"host\":", 8);
	assert_memory_equal(out + 8, in, strlen(in));
	free(out);
	jv_arena_free(a);
	/* none recorded: nothing written, "-" shown */
	assert_int_equal(host_read_json(NULL), 0);
	assert_false(host_now()->has_psi);
}

static void test_sparkline_of_the_last_minute(void **state)
{
	static struct summary_history h;
	struct summary s = { 0 };
	int levels[6], i;

	/* 120 s of a rising figure: the last minute only, highest at the end */
	for (i = 0; i < 120; i++) {
		s.has[SUM_BUSY] = true;
		s.v[SUM_BUSY] = i < 60 ? 100 : i - 60;
		summary_history_push(&h, 1000 + i, &s);
	}
	assert_int_equal(summary_spark(&h, SUM_BUSY, 60, 0, 6, levels), 6);
	for (i = 1; i < 6; i++)
		assert_true(levels[i] >= levels[i - 1]);
	assert_int_equal(levels[5], SPARK_LEVELS);
	assert_true(levels[0] <= 2);
	/* with a fixed scale of 100, 59 is not the top */
	summary_spark(&h, SUM_BUSY, 60, 100, 6, levels);
	assert_true(levels[5] < SPARK_LEVELS && levels[5] > 1);
	/* a replay stepped back: the samples after it go */
	s.v[SUM_BUSY] = 0;
	summary_history_push(&h, 1100, &s);
	assert_int_equal(h.nr, 101);
	assert_int_equal(summary_spark(&h, SUM_BUSY, 0.5, 0, 1, levels), 1);
	assert_int_equal(levels[0], 1);
	/* a figure the snapshots lack: no cells */
	assert_int_equal(summary_spark(&h, SUM_VM_EXITS, 60, 0, 6, levels), 0);
	for (i = 0; i < 6; i++)
		assert_int_equal(levels[i], 0);
	summary_history_clear(&h);
	assert_int_equal(summary_spark(&h, SUM_BUSY, 60, 0, 6, levels), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_figures_of_the_fixture),
		cmocka_unit_test(test_host_pressure_round_trips),
		cmocka_unit_test(test_sparkline_of_the_last_minute),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
