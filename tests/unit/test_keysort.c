// SPDX-License-Identifier: GPL-2.0
/* keysort(): the order of memcmp() on the key bytes, stable, every element once. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include "keysort.h"

struct elem {
	unsigned char key[12];
	uint32_t where; /* the element's index before the sort */
	char pad[40]; /* a gen table's entries are large */
};

/* Sorts @n random elements (keys drawn from @spread values) by @key_size
 * bytes and checks the result against memcmp(). */
static void check(struct keysort *ks, size_t n, size_t key_size, unsigned int spread)
{
	struct elem *e = calloc(n ? n : 1, sizeof(*e));
	unsigned char *seen = calloc(n ? n : 1, 1);
	size_t i, b;
	int c;

	assert_non_null(e);
	assert_non_null(seen);
	for (i = 0; i < n; i++) {
		unsigned int v = (unsigned int)rand() % spread;

		/* low spread: keys that share most bytes, as cgroup ids do */
		for (b = 0; b < sizeof(e[i].key); b++)
			e[i].key[b] = b == key_size - 1	  ? v & 0xff
				      : b == key_size - 2 ? (v >> 8) & 0xff
				      : b < key_size	  ? 0x42
							  : (unsigned char)rand();
		e[i].where = i;
		memset(e[i].pad, (int)i, sizeof(e[i].pad));
	}
	keysort(ks, e, n, sizeof(*e), key_size);
	for (i = 0; i < n; i++) {
		assert_false(seen[e[i].where]);
		seen[e[i].where] = 1;
		/* the element moved whole */
		assert_int_equal((unsigned char)e[i].pad[39], (unsigned char)e[i].where);
		if (!i)
			continue;
		c = memcmp(e[i - 1].key, e[i].key, key_size);
		assert_true(c <= 0);
		/* equal keys keep their order */
		if (!c)
			assert_true(e[i - 1].where < e[i].where);
	}
	free(seen);
	free(e);
}

static void test_orders_as_memcmp(void **state)
{
	struct keysort ks = { 0 };
	size_t key_size;

	(void)state;
	srand(7);
	for (key_size = 1; key_size <= 8; key_size++) {
		check(&ks, 5000, key_size, 65536);
		check(&ks, 5000, key_size, 3); /* mostly equal keys */
		check(&ks, 37, key_size, 1000);
	}
	keysort_free(&ks);
}

static void test_small_and_degenerate(void **state)
{
	struct keysort ks = { 0 };

	(void)state;
	check(&ks, 0, 8, 10);
	check(&ks, 1, 8, 10);
	check(&ks, 2, 8, 10);
	check(&ks, 100, 8, 1); /* every key the same: every pass skipped */
	keysort_free(&ks);
}

/* Keys longer than 8 bytes: qsort() by memcmp(), the same order (not stable). */
static void test_long_keys_fall_back(void **state)
{
	struct elem e[64];
	struct keysort ks = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < 64; i++) {
		memset(e[i].key, 0x11, sizeof(e[i].key));
		e[i].key[11] = (unsigned char)(63 - i);
		e[i].where = i;
	}
	keysort(&ks, e, 64, sizeof(e[0]), 12);
	for (i = 0; i < 64; i++)
		assert_int_equal(e[i].key[11], i);
	keysort_free(&ks);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_orders_as_memcmp),
		cmocka_unit_test(test_small_and_degenerate),
		cmocka_unit_test(test_long_keys_fall_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
