// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "hist.h"

#define NR 36 /* CPU_HIST_SLOTS */

static void test_slot(void **state)
{
	(void)state;
	assert_int_equal(hist_slot(0, NR), 0);
	assert_int_equal(hist_slot(1, NR), 0);
	assert_int_equal(hist_slot(2, NR), 1);
	assert_int_equal(hist_slot(3, NR), 1);
	assert_int_equal(hist_slot(4, NR), 2);
	assert_int_equal(hist_slot(7, NR), 2);
	assert_int_equal(hist_slot(8, NR), 3);
	assert_int_equal(hist_slot(1023, NR), 9);
	assert_int_equal(hist_slot(1024, NR), 10);
	assert_int_equal(hist_slot(1025, NR), 10);
	assert_int_equal(hist_slot(1ULL << 34, NR), 34);
	assert_int_equal(hist_slot((1ULL << 35) - 1, NR), 34);
	/* the last slot takes everything larger */
	assert_int_equal(hist_slot(1ULL << 35, NR), 35);
	assert_int_equal(hist_slot(1ULL << 40, NR), 35);
	assert_int_equal(hist_slot(UINT64_MAX, NR), 35);
	assert_int_equal(hist_slot(UINT64_MAX, 64), 63);
	assert_int_equal(hist_slot(UINT64_MAX, 100), 63);
	assert_int_equal(hist_slot(1ULL << 63, 64), 63);
	assert_int_equal(hist_slot(1023, 4), 3);
	assert_int_equal(hist_slot(8, 4), 3);
	assert_int_equal(hist_slot(7, 4), 2);
	assert_int_equal(hist_slot(1000, 1), 0);
	/* nonsense, but no underflow to UINT_MAX */
	assert_int_equal(hist_slot(1000, 0), 0);
}

static void test_slot_bounds(void **state)
{
	unsigned int s;
	uint64_t v;

	(void)state;
	assert_int_equal(hist_slot_low(0), 0);
	assert_int_equal(hist_slot_high(0), 2);
	assert_int_equal(hist_slot_low(1), 2);
	assert_int_equal(hist_slot_high(1), 4);
	assert_int_equal(hist_slot_low(10), 1024);
	assert_int_equal(hist_slot_high(10), 2048);
	assert_int_equal(hist_slot_low(35), 1ULL << 35);
	assert_int_equal(hist_slot_high(35), 1ULL << 36);
	assert_int_equal(hist_slot_low(62), 1ULL << 62);
	assert_int_equal(hist_slot_high(62), 1ULL << 63);
	assert_int_equal(hist_slot_low(63), 1ULL << 63);
	assert_int_equal(hist_slot_high(63), UINT64_MAX);
	assert_int_equal(hist_slot_low(64), UINT64_MAX);
	assert_int_equal(hist_slot_high(64), UINT64_MAX);
	assert_int_equal(hist_slot_high(1000), UINT64_MAX);

	/* bounds and hist_slot() agree: low and high - 1 are in, high is not */
	for (s = 0; s < 63; s++) {
		v = hist_slot_low(s);
		assert_int_equal(hist_slot(v, 64), s);
		v = hist_slot_high(s);
		assert_int_equal(hist_slot(v - 1, 64), s);
		assert_int_equal(hist_slot(v, 64), s + 1);
		assert_int_equal(hist_slot_low(s + 1), hist_slot_high(s));
	}
	assert_int_equal(hist_slot(hist_slot_low(63), 64), 63);
	assert_int_equal(hist_slot(hist_slot_high(63), 64), 63);
}

static void test_total(void **state)
{
	uint64_t h[NR] = { 0 };

	(void)state;
	assert_int_equal(hist_total(h, NR), 0);
	h[0] = 1;
	h[5] = 10;
	h[35] = 100;
	assert_int_equal(hist_total(h, NR), 111);
	assert_int_equal(hist_total(h, 5), 1);
	assert_int_equal(hist_total(h, 0), 0);
	/* saturates instead of wrapping */
	h[1] = UINT64_MAX - 5;
	assert_int_equal(hist_total(h, NR), UINT64_MAX);
}

static void test_percentile_empty(void **state)
{
	uint64_t h[NR] = { 0 };

	(void)state;
	assert_int_equal(hist_percentile(h, NR, 50, 0), 0);
	assert_int_equal(hist_percentile(h, NR, 100, 1000), 0);
	assert_int_equal(hist_percentile(h, 0, 50, 0), 0);
}

static void test_percentile_single(void **state)
{
	uint64_t h[NR] = { 0 };

	(void)state;
	/* one sample in slot 3 = [8, 16): rank pct/100 of the way through */
	h[3] = 1;
	assert_int_equal(hist_percentile(h, NR, 50, 0), 12); /* 8 + 8 * 0.5 */
	assert_int_equal(hist_percentile(h, NR, 99, 0), 15); /* 8 + 7.92 */
	assert_int_equal(hist_percentile(h, NR, 100, 0), 16); /* the slot's end */
	assert_int_equal(hist_percentile(h, NR, 25, 0), 10); /* 8 + 2 */
	assert_int_equal(hist_percentile(h, NR, 1, 0), 8); /* 8 + 0.08 */
	/* slot 0 = [0, 2) */
	memset(h, 0, sizeof(h));
	h[0] = 1;
	assert_int_equal(hist_percentile(h, NR, 50, 0), 1);
	assert_int_equal(hist_percentile(h, NR, 100, 0), 2);
	assert_int_equal(hist_percentile(h, NR, 100, 1), 1);
}

static void test_percentile_one_bucket(void **state)
{
	uint64_t h[NR] = { 0 };

	(void)state;
	/* 100 samples in slot 10 = [1024, 2048) */
	h[10] = 100;
	assert_int_equal(hist_percentile(h, NR, 50, 0), 1536); /* 1024 + 1024 * 50/100 */
	assert_int_equal(hist_percentile(h, NR, 90, 0), 1945); /* 1024 + 921.6 */
	assert_int_equal(hist_percentile(h, NR, 99, 0), 2037); /* 1024 + 1013.76 */
	assert_int_equal(hist_percentile(h, NR, 100, 0), 2048);
	/* out-of-range pct is clamped */
	assert_int_equal(hist_percentile(h, NR, 150, 0), 2048);
	assert_int_equal(hist_percentile(h, NR, 0, 0), 1024);
	assert_int_equal(hist_percentile(h, NR, -5, 0), 1024);
}

static void test_percentile_two_buckets(void **state)
{
	uint64_t h[NR] = { 0 };

	(void)state;
	/* 50 in [2, 4), 50 in [16, 32) */
	h[1] = 50;
	h[4] = 50;
	assert_int_equal(hist_percentile(h, NR, 10, 0), 2); /* 2 + 2 * 10/50 = 2.4 */
	assert_int_equal(hist_percentile(h, NR, 25, 0), 3); /* 2 + 2 * 25/50 */
	assert_int_equal(hist_percentile(h, NR, 50, 0), 4); /* top of the first */
	assert_int_equal(hist_percentile(h, NR, 51, 0), 16); /* 16 + 16 * 1/50 = 16.32 */
	assert_int_equal(hist_percentile(h, NR, 75, 0), 24); /* 16 + 16 * 25/50 */
	assert_int_equal(hist_percentile(h, NR, 99, 0), 31); /* 16 + 16 * 49/50 = 31.68 */
	assert_int_equal(hist_percentile(h, NR, 100, 0), 32);

	/* 3 in [1024, 2048), 1 in [8192, 16384): p50 is rank 2 of 3 */
	memset(h, 0, sizeof(h));
	h[10] = 3;
	h[13] = 1;
	assert_int_equal(hist_percentile(h, NR, 50, 0), 1706); /* 1024 + 1024 * 2/3 */
	assert_int_equal(hist_percentile(h, NR, 75, 0), 2048);
	assert_int_equal(hist_percentile(h, NR, 99, 0), 16056); /* 8192 + 8192 * 0.96 */
	assert_int_equal(hist_percentile(h, NR, 100, 0), 16384);
}

static void test_percentile_max(void **state)
{
	uint64_t h[NR] = { 0 };

	(void)state;
	/* all samples were 1000: slot 9 = [512, 1024) */
	h[9] = 10;
	assert_int_equal(hist_percentile(h, NR, 50, 1000), 768);
	assert_int_equal(hist_percentile(h, NR, 99, 1000), 1000); /* 1018 capped */
	assert_int_equal(hist_percentile(h, NR, 100, 1000), 1000);
	assert_int_equal(hist_percentile(h, NR, 100, 0), 1024);

	/*
	 * The last slot is open-ended: with 4 slots, slot 3 holds [8, inf).
	 * Without a max its nominal end 16 bounds it; with a larger max the
	 * slot stretches to it.
	 */
	memset(h, 0, sizeof(h));
	h[3] = 4;
	assert_int_equal(hist_percentile(h, 4, 50, 0), 12);
	assert_int_equal(hist_percentile(h, 4, 100, 0), 16);
	assert_int_equal(hist_percentile(h, 4, 50, 108), 58); /* 8 + 100 * 0.5 */
	assert_int_equal(hist_percentile(h, 4, 100, 108), 108);
	assert_int_equal(hist_percentile(h, 4, 50, 10), 10);

	/* the top slot of 64 reaches UINT64_MAX without overflowing */
	memset(h, 0, sizeof(h));
	h[35] = 1;
	assert_int_equal(hist_percentile(h, NR, 100, UINT64_MAX), UINT64_MAX);
	/* 2^35 + (2^64 - 2^35) / 2 */
	assert_int_equal(hist_percentile(h, NR, 50, UINT64_MAX), (1ULL << 63) + (1ULL << 34));
}

static void test_percentile_top_slot(void **state)
{
	uint64_t h[64] = { 0 };

	(void)state;
	h[63] = 1;
	assert_int_equal(hist_percentile(h, 64, 100, 0), UINT64_MAX);
	assert_int_equal(hist_percentile(h, 64, 50, 0), (1ULL << 63) + (1ULL << 62));
	assert_int_equal(hist_percentile(h, 64, 100, 12345), 12345);
}

/* Doubles round; results must not. */
static void test_percentile_rounding(void **state)
{
	uint64_t h[NR] = { 0 };

	(void)state;
	/* rank 29 exactly: 0.29 * 100 would be 28.999..., inside slot 1 */
	h[1] = 29;
	h[4] = 71;
	assert_int_equal(hist_percentile(h, NR, 29, 0), 4);
	assert_int_equal(hist_percentile(h, NR, 58, 0), 16 + 16 * 29 / 71);

	/* counts so big that the running double sum falls short of the total */
	memset(h, 0, sizeof(h));
	h[0] = (1ULL << 53) + 1;
	h[1] = (1ULL << 53) + 3;
	h[2] = 3489;
	h[3] = (1ULL << 54) - 15;
	assert_int_equal(hist_percentile(h, NR, 100, 0), 16);

	/* outside 0 < pct <= 100: clamped, NaN counts as 0 */
	memset(h, 0, sizeof(h));
	h[10] = 100;
	assert_int_equal(hist_percentile(h, NR, NAN, 0), 1024);
	assert_int_equal(hist_percentile(h, NR, INFINITY, 0), 2048);
	assert_int_equal(hist_percentile(h, NR, -INFINITY, 0), 1024);
}

static void test_counter_delta(void **state)
{
	(void)state;
	assert_int_equal(counter_delta(10, 3), 7);
	assert_int_equal(counter_delta(10, 10), 0);
	assert_int_equal(counter_delta(0, 0), 0);
	assert_int_equal(counter_delta(UINT64_MAX, 0), UINT64_MAX);
	assert_int_equal(counter_delta(UINT64_MAX, UINT64_MAX - 1), 1);
	/* re-created entry: all of cur is new */
	assert_int_equal(counter_delta(3, 10), 3);
	assert_int_equal(counter_delta(0, 10), 0);
	assert_int_equal(counter_delta(5, UINT64_MAX), 5);
}

static void test_hist_delta(void **state)
{
	uint64_t cur[4] = { 5, 10, 0, UINT64_MAX };
	uint64_t prev[4] = { 2, 10, 0, 1 };
	uint64_t out[4];
	uint64_t want[4] = { 3, 0, 0, UINT64_MAX - 1 };
	uint64_t reset_prev[4] = { 2, 11, 0, 1 };

	(void)state;
	hist_delta(out, cur, prev, 4);
	assert_memory_equal(out, want, sizeof(want));

	/* one slot going backwards means the whole histogram was re-created */
	hist_delta(out, cur, reset_prev, 4);
	assert_memory_equal(out, cur, sizeof(cur));

	/* in place, over cur and over prev */
	memcpy(out, cur, sizeof(out));
	hist_delta(out, out, prev, 4);
	assert_memory_equal(out, want, sizeof(want));
	memcpy(out, prev, sizeof(out));
	hist_delta(out, cur, out, 4);
	assert_memory_equal(out, want, sizeof(want));
	memcpy(out, reset_prev, sizeof(out));
	hist_delta(out, cur, out, 4);
	assert_memory_equal(out, cur, sizeof(cur));

	/* a reset only in the last slot still counts */
	reset_prev[1] = 10;
	reset_prev[3] = UINT64_MAX;
	cur[3] = 7;
	hist_delta(out, cur, reset_prev, 4);
	assert_memory_equal(out, cur, sizeof(cur));

	/* nothing to do */
	hist_delta(out, cur, prev, 0);
}

int main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slot),
		cmocka_unit_test(test_slot_bounds),
		cmocka_unit_test(test_total),
		cmocka_unit_test(test_percentile_empty),
		cmocka_unit_test(test_percentile_single),
		cmocka_unit_test(test_percentile_one_bucket),
		cmocka_unit_test(test_percentile_two_buckets),
		cmocka_unit_test(test_percentile_max),
		cmocka_unit_test(test_percentile_top_slot),
		cmocka_unit_test(test_percentile_rounding),
		cmocka_unit_test(test_counter_delta),
		cmocka_unit_test(test_hist_delta),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
