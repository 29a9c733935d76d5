// SPDX-License-Identifier: GPL-2.0
/* The exporter's store and expositions (src/export), without the kernel. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "expo.h"
#include "sbuf.h"
#include "store.h"

static char *render(const struct store *st, enum expo_fmt fmt)
{
	struct sbuf b = { 0 };
	size_t len;

	expo_write(&b, st, fmt);
	return sbuf_take(&b, &len);
}

static void test_label_quoting(void **state)
{
	struct sbuf b = { 0 };
	size_t len;
	char *s;

	(void)state;
	sbuf_label_value(&b, "a\\b\"c\nd");
	s = sbuf_take(&b, &len);
	assert_string_equal(s, "a\\\\b\\\"c\\nd");
	free(s);
}

static void test_numbers(void **state)
{
	struct sbuf b = { 0 };
	size_t len;
	char *s;

	(void)state;
	sbuf_double(&b, 3);
	sbuf_str(&b, " ");
	sbuf_double(&b, 0.1 + 0.2);
	sbuf_str(&b, " ");
	sbuf_double(&b, 1.5e-9);
	sbuf_str(&b, " ");
	sbuf_u64(&b, UINT64_MAX);
	s = sbuf_take(&b, &len);
	assert_string_equal(s, "3 0.30000000000000004 1.5e-09 18446744073709551615");
	free(s);
}

static void test_counter_and_histogram(void **state)
{
	struct store st = { .stale_s = 10 };
	struct family *c, *h;
	struct series *s;
	char *txt, *om;

	(void)state;
	c = store_family(&st, "cvtop_x_seconds", FAM_COUNTER, "x", "seconds", 0, 1);
	h = store_family(&st, "cvtop_w_seconds", FAM_HISTOGRAM, "w", "seconds", 4, 1e-9);
	assert_non_null(c);
	assert_ptr_equal(store_family(&st, "cvtop_x_seconds", FAM_COUNTER, "", "", 0, 1), c);
	st.gen = 1;
	s = store_series(&st, c, "a=\"1\"", 5);
	s->value = 2.5;
	s->seen_gen = 1;
	assert_ptr_equal(store_series(&st, c, "a=\"1\"", 5), s);
	s = store_series(&st, h, "", 0);
	s->slots[0] = 1, s->slots[1] = 2, s->slots[3] = 4;
	s->sum = 7e-9;
	txt = render(&st, EXPO_TEXT);
	om = render(&st, EXPO_OPENMETRICS);
	assert_non_null(strstr(
		txt, "# TYPE cvtop_x_seconds_total counter\ncvtop_x_seconds_total{a=\"1\"} 2.5\n"));
	/* buckets cumulative, the last slot only in +Inf */
	assert_non_null(strstr(txt, "cvtop_w_seconds_bucket{le=\"2e-09\"} 1\n"
				    "cvtop_w_seconds_bucket{le=\"4e-09\"} 3\n"
				    "cvtop_w_seconds_bucket{le=\"8e-09\"} 3\n"
				    "cvtop_w_seconds_bucket{le=\"+Inf\"} 7\n"
				    "cvtop_w_seconds_sum 7e-09\n"
				    "cvtop_w_seconds_count 7\n"));
	assert_null(strstr(txt, "# EOF"));
	assert_non_null(
		strstr(om, "# TYPE cvtop_x_seconds counter\n# UNIT cvtop_x_seconds seconds\n"));
	assert_non_null(strstr(om, "\n# EOF\n"));
	free(txt);
	free(om);
	store_free(&st);
}

static void test_limit_and_staleness(void **state)
{
	struct store st = { .limit = 2, .stale_s = 10 };
	struct family *g = store_family(&st, "cvtop_g", FAM_GAUGE, "g", "", 0, 1);
	struct series *s;
	char *txt;

	(void)state;
	st.gen = 1;
	st.now_s = 100;
	assert_non_null(s = store_series(&st, g, "i=\"1\"", 5));
	s->seen_s = 100, s->seen_gen = 1;
	assert_non_null(s = store_series(&st, g, "i=\"2\"", 5));
	s->seen_s = 95, s->seen_gen = 0;
	assert_null(store_series(&st, g, "i=\"3\"", 5));
	assert_int_equal(g->dropped, 1);
	/* a gauge not set by the last update is not shown */
	txt = render(&st, EXPO_TEXT);
	assert_non_null(strstr(txt, "cvtop_g{i=\"1\"} 0\n"));
	assert_null(strstr(txt, "i=\"2\""));
	free(txt);
	st.now_s = 106;
	store_expire(&st);
	assert_int_equal(g->nr, 1);
	assert_non_null(store_series(&st, g, "i=\"3\"", 5));
	assert_int_equal(g->nr, 2);
	store_free(&st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_label_quoting),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_counter_and_histogram),
		cmocka_unit_test(test_limit_and_staleness),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
