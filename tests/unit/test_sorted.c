// SPDX-License-Identifier: GPL-2.0
/* Sorted-array lookups: sorted_find_next()'s cursor against bsearch(). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "sorted.h"

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static const uint64_t keys[] = { 2, 3, 5, 7, 11, 13, 17, 19, 23, 29 };
#define NR (sizeof(keys) / sizeof(keys[0]))

static const uint64_t *find(uint64_t key, size_t *next)
{
	return sorted_find_next(&key, keys, NR, sizeof(keys[0]), cmp_u64, next);
}

/* In the array's order every key is found, the cursor one past it. */
static void test_in_order(void **state)
{
	size_t next = 0, i;

	for (i = 0; i < NR; i++) {
		assert_ptr_equal(find(keys[i], &next), &keys[i]);
		assert_int_equal(next, i + 1);
	}
	/* past the end: a search, which finds nothing */
	assert_null(find(31, &next));
	assert_int_equal(next, NR);
}

/* Keys skipped, missing, asked twice or backwards: the same as a search. */
static void test_any_order(void **state)
{
	static const uint64_t asks[] = { 5, 13, 13, 4, 2, 29, 3, 0, 30, 19, 17 };
	size_t next = 0, i;

	for (i = 0; i < sizeof(asks) / sizeof(asks[0]); i++) {
		const uint64_t *want = sorted_find(&asks[i], keys, NR, sizeof(keys[0]), cmp_u64);
		size_t before = next;
		const uint64_t *got = find(asks[i], &next);

		assert_ptr_equal(got, want);
		/* found: the cursor is past it; not found: unchanged */
		assert_int_equal(next, got ? (size_t)(got - keys) + 1 : before);
	}
}

static void test_empty(void **state)
{
	uint64_t key = 1;
	size_t next = 0;

	assert_null(sorted_find_next(&key, NULL, 0, sizeof(key), cmp_u64, &next));
	assert_int_equal(next, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_in_order),
		cmocka_unit_test(test_any_order),
		cmocka_unit_test(test_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
