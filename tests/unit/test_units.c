// SPDX-License-Identifier: GPL-2.0
/* Human units. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "units.h"

#define CHECK(fn, v, want)                    \
	do {                                  \
		char b[32];                   \
		fn(b, sizeof(b), v);          \
		assert_string_equal(b, want); \
	} while (0)

static void test_ns(void **state)
{
	CHECK(fmt_ns, 0, "0ns");
	CHECK(fmt_ns, 999, "999ns");
	CHECK(fmt_ns, 1000, "1.00us");
	CHECK(fmt_ns, 12345, "12.3us");
	CHECK(fmt_ns, 123456, "123us");
	CHECK(fmt_ns, 4560000, "4.56ms");
	CHECK(fmt_ns, 1200000000, "1.20s");
	/* never "1000ms" or "10.00us": rounding moves to the next unit or precision */
	CHECK(fmt_ns, 999999999, "1.00s");
	CHECK(fmt_ns, 9999, "10.0us");
	CHECK(fmt_ns, 99999, "100us");
	CHECK(fmt_ns, 999999, "1.00ms");
	CHECK(fmt_ns, 126000000000ULL, "2.1min");
	CHECK(fmt_ns, UINT64_MAX, "307445734.6min");
}

static void test_count(void **state)
{
	CHECK(fmt_count, 0, "0");
	CHECK(fmt_count, 999, "999");
	CHECK(fmt_count, 12.5, "12.5");
	CHECK(fmt_count, 1234, "1.23k");
	CHECK(fmt_count, 45600000, "45.6M");
	CHECK(fmt_count, 999999, "1.00M");
}

static void test_bucket_labels(void **state)
{
	CHECK(fmt_ns_short, 0, "0ns");
	CHECK(fmt_ns_short, 2, "2ns");
	CHECK(fmt_ns_short, 1024, "1.0us");
	CHECK(fmt_ns_short, 16384, "16us");
	CHECK(fmt_ns_short, 1048576, "1.0ms");
	CHECK(fmt_ns_short, 2147483648ULL, "2.1s");
}

static void test_elapsed(void **state)
{
	CHECK(fmt_elapsed, 0, "0s");
	CHECK(fmt_elapsed, -3, "0s");
	CHECK(fmt_elapsed, 0.4, "0s");
	CHECK(fmt_elapsed, 59.4, "59s");
	CHECK(fmt_elapsed, 59.6, "1m00s");
	CHECK(fmt_elapsed, 303, "5m03s");
	CHECK(fmt_elapsed, 3599, "59m59s");
	CHECK(fmt_elapsed, 3600, "1h00m");
	CHECK(fmt_elapsed, 7620, "2h07m");
	CHECK(fmt_elapsed, 86400 * 3 + 4 * 3600 + 59, "3d04h");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ns),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_bucket_labels),
		cmocka_unit_test(test_elapsed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
