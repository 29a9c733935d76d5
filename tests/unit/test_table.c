// SPDX-License-Identifier: GPL-2.0
/* Tables: sorting, layout, and the batch text they become. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "table.h"

struct row {
	const char *name;
	unsigned long n;
	bool container;
};

static int cmp_n(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	return x->n < y->n ? -1 : x->n > y->n;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct row *)a)->name, ((const struct row *)b)->name);
}

static void f_n(const void *r, double iv, char *buf, size_t len)
{
	snprintf(buf, len, "%lu", ((const struct row *)r)->n);
}

static void f_name(const void *r, double iv, char *buf, size_t len)
{
	snprintf(buf, len, "%s", ((const struct row *)r)->name);
}

static const struct column cols[] = {
	{ "N", 5, false, false, f_n, cmp_n },
	{ "NAME", 10, true, true, f_name, cmp_name },
};

static const struct row rows[] = {
	{ "b", 2, true },
	{ "a", 7, false },
	{ "d", 2, true },
	{ "c", 9, false },
};

static const char *row_name(const void *r)
{
	return ((const struct row *)r)->name;
}

static bool row_is_container(const void *r)
{
	return ((const struct row *)r)->container;
}

/* rows b and d are about vCPU thread 40, c about 12, a about none */
static long row_group(const void *r)
{
	const char *n = ((const struct row *)r)->name;

	return *n == 'b' || *n == 'd' ? 40 : *n == 'c' ? 12 : 0;
}

static struct table_src src(void)
{
	return (struct table_src){ .cols = cols,
				   .nr_cols = 2,
				   .default_sort = 0,
				   .default_desc = true,
				   .rows = rows,
				   .nr_rows = 4,
				   .row_size = sizeof(rows[0]),
				   .row_name = row_name,
				   .row_is_container = row_is_container };
}

static void test_sort(void **state)
{
	struct table_src t = src();
	size_t order[4];

	assert_int_equal(table_sort(&t, order, 0, true, NULL), 4);
	assert_int_equal(order[0], 3); /* 9 */
	assert_int_equal(order[1], 1); /* 7 */
	/* ties keep row order, in both directions */
	assert_int_equal(order[2], 0);
	assert_int_equal(order[3], 2);
	table_sort(&t, order, 0, false, NULL);
	assert_int_equal(order[0], 0);
	assert_int_equal(order[1], 2);
	assert_int_equal(order[3], 3);
	table_sort(&t, order, 1, false, NULL);
	assert_int_equal(order[0], 1); /* a */
	assert_int_equal(order[3], 2); /* d */
	/* an out-of-range column leaves the rows in their order */
	table_sort(&t, order, 7, false, NULL);
	assert_int_equal(order[0], 0);
	assert_int_equal(order[3], 3);
}

static void test_filter(void **state)
{
	struct table_src t = src();
	struct table_filter f = { .containers_only = true };
	size_t order[4];

	assert_int_equal(table_sort(&t, order, 0, true, &f), 2);
	assert_int_equal(order[0], 0); /* b and d, both 2, in row order */
	assert_int_equal(order[1], 2);
	f = (struct table_filter){ .substring = "c" };
	assert_int_equal(table_sort(&t, order, 0, true, &f), 1);
	assert_int_equal(order[0], 3);
	f.containers_only = true;
	assert_int_equal(table_sort(&t, order, 0, true, &f), 0);
	f = (struct table_filter){ .substring = "" };
	assert_int_equal(table_sort(&t, order, 0, true, &f), 4);
}

static const struct column wide_cols[] = {
	{ "A", 10, false, false, f_n, cmp_n, 0 },
	{ "B", 10, false, false, f_n, cmp_n, 2 },
	{ "C", 10, false, false, f_n, cmp_n, 1 },
	{ "NAME", 20, true, true, f_name, cmp_name, 0 },
};

static void test_layout(void **state)
{
	struct table_src t = src();
	int w[4];

	assert_int_equal(table_layout(&t, 80, w), 2);
	assert_int_equal(w[0], 5);
	assert_int_equal(w[1], 80 - 5 - 1); /* the flex column takes the rest */
	/* the name keeps its minimum before any number column */
	assert_int_equal(table_layout(&t, TABLE_NAME_MIN + 3, w), 1);
	assert_int_equal(w[0], 0);
	assert_int_equal(w[1], TABLE_NAME_MIN + 3);
	assert_int_equal(table_layout(&t, 10, w), 1); /* no room for a name */
	assert_int_equal(w[0], 5);
	assert_int_equal(w[1], 0);
	assert_int_equal(table_layout(&t, 3, w), 0);
	/* narrow screens drop the columns of higher prio first */
	t.cols = wide_cols;
	t.nr_cols = 4;
	assert_int_equal(table_layout(&t, TABLE_NAME_MIN + 22, w), 3);
	assert_true(w[0] == 10 && w[1] == 0 && w[2] == 10);
	assert_int_equal(w[3], TABLE_NAME_MIN);
	assert_int_equal(table_layout(&t, TABLE_NAME_MIN + 11, w), 2);
	assert_true(w[0] == 10 && w[1] == 0 && w[2] == 0);
	assert_int_equal(table_layout(&t, 200, w), 4);
	assert_int_equal(w[3], 200 - 30 - 3);
	/* a wider name minimum (beside a histogram strip) drops columns first */
	assert_int_equal(table_layout(&t, TABLE_NAME_MIN + 22, w), 3);
	assert_int_equal(table_layout_name(&t, TABLE_NAME_MIN + 22, TABLE_NAME_MIN + 11, w), 2);
	assert_true(w[0] == 10 && w[1] == 0 && w[2] == 0);
	assert_int_equal(w[3], TABLE_NAME_MIN + 11);
	assert_int_equal(table_layout_name(&t, 20, 21, w), 1); /* no room for such a name */
	assert_int_equal(w[3], 0);
}

static void test_text(void **state)
{
	struct table_src t = src();
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	table_write_text(f, &t, 20, 0);
	fclose(f);
	assert_string_equal(buf, "    N NAME\n"
				 "    9 c\n"
				 "    7 a\n"
				 "    2 b\n"
				 "    2 d\n");
	free(buf);
}

/* The v key: groups in ascending order, then back to all (0). */
static void test_groups(void **state)
{
	struct table_src t = src();
	struct table_filter f = { 0 };
	size_t order[4];

	assert_int_equal(table_next_group(&t, 0), 0); /* no row_group: none */
	t.row_group = row_group;
	assert_int_equal(table_next_group(&t, 0), 12);
	assert_int_equal(table_next_group(&t, 12), 40);
	assert_int_equal(table_next_group(&t, 40), 0);
	f.group = 40;
	assert_int_equal(table_sort(&t, order, 1, false, &f), 2);
	assert_string_equal(rows[order[0]].name, "b");
	assert_string_equal(rows[order[1]].name, "d");
	f.group = 12;
	assert_int_equal(table_sort(&t, order, 1, false, &f), 1);
	assert_string_equal(rows[order[0]].name, "c");
	f.group = 99; /* a thread that went: nothing, not everything */
	assert_int_equal(table_sort(&t, order, 1, false, &f), 0);
	/* a table without groups ignores the group filter */
	t.row_group = NULL;
	assert_int_equal(table_sort(&t, order, 1, false, &f), 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sort),   cmocka_unit_test(test_filter),
		cmocka_unit_test(test_groups), cmocka_unit_test(test_layout),
		cmocka_unit_test(test_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
