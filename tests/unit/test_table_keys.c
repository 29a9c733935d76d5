// SPDX-License-Identifier: GPL-2.0
/*
 * table_sort()'s numeric path (a key a row, radix-sorted) against the
 * columns' own compare: the same order for every sortable numeric column of
 * every pane's main table, both ways, ties in row order.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include "pane.h"
#include "schema.h"
#include "table.h"

#define NR_ROWS 600

/* cmp_order()'s order, by a stable insertion sort */
static void reference(const struct table_src *t, const struct column *c, bool desc, size_t *order,
		      size_t n)
{
	size_t i, j, x;

	for (i = 0; i < n; i++)
		order[i] = i;
	for (i = 1; i < n; i++) {
		x = order[i];
		for (j = i; j > 0; j--) {
			int r = column_compare(c, table_row(t, order[j - 1]), table_row(t, x));

			if ((desc ? -r : r) <= 0)
				break;
			order[j] = order[j - 1];
		}
		order[j] = x;
	}
}

static void check_table(const struct table_def *def)
{
	/* bytes of 0 and 1: valid bools, finite doubles, many ties */
	char *rows = malloc(NR_ROWS * def->row_size);
	size_t got[NR_ROWS], want[NR_ROWS], i;
	struct table_src t;
	uint64_t key;
	int col, desc, tried = 0;

	assert_non_null(rows);
	for (i = 0; i < NR_ROWS * def->row_size; i++)
		rows[i] = (char)(rand() % 2 && rand() % 3);
	schema_table(def, rows, NR_ROWS, 1.0, &t);
	for (col = 0; col < t.nr_cols; col++) {
		const struct column *c = &t.cols[col];

		if (!column_sortable(c) || !column_sort_key(c, rows, &key))
			continue;
		tried++;
		for (desc = 0; desc < 2; desc++) {
			assert_int_equal(table_sort(&t, got, col, desc, NULL), NR_ROWS);
			reference(&t, c, desc, want, NR_ROWS);
			for (i = 0; i < NR_ROWS; i++) {
				if (got[i] != want[i])
					fail_msg("%s column %s %s: row %zu is %zu, want %zu",
						 def->name, c->name, desc ? "desc" : "asc", i,
						 got[i], want[i]);
			}
		}
	}
	print_message("%s: %d numeric columns\n", def->name, tried);
	free(rows);
}

static void test_numeric_columns_sort_as_compared(void **state)
{
	int i, tables = 0;

	(void)state;
	srand(11);
	for (i = 0; i < nr_pane_defs; i++) {
		const struct field *f = pane_defs[i]->main_table;

		if (!f || !f->table)
			continue;
		check_table(f->table);
		tables++;
	}
	assert_true(tables >= 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numeric_columns_sort_as_compared),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
