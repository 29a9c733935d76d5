// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>
#include "table.h"

struct sort_ctx {
	const struct table_src *t;
	int (*compare)(const void *a, const void *b);
	bool desc;
};

/* qsort_r: the order of ties is by row index, so the output is stable */
static int cmp_order(const void *a, const void *b, void *arg)
{
	const struct sort_ctx *c = arg;
	size_t ia = *(const size_t *)a, ib = *(const size_t *)b;
	int r = c->compare(table_row(c->t, ia), table_row(c->t, ib));

	if (c->desc)
		r = -r;
	if (!r)
		r = ia < ib ? -1 : ia > ib;
	return r;
}

void table_sort(const struct table_src *t, size_t *order, int col, bool desc)
{
	struct sort_ctx c = { .t = t, .desc = desc };
	size_t i;

	for (i = 0; i < t->nr_rows; i++)
		order[i] = i;
	if (col < 0 || col >= t->nr_cols || !t->cols[col].compare)
		return;
	c.compare = t->cols[col].compare;
	qsort_r(order, t->nr_rows, sizeof(*order), cmp_order, &c);
}

int table_layout(const struct table_src *t, int total, int *widths)
{
	int i, used = 0, flex = -1, n = 0;

	for (i = 0; i < t->nr_cols; i++) {
		int w = t->cols[i].width;

		if (t->cols[i].flex) {
			flex = i;
			w = 8; /* the minimum a name column is worth */
		}
		if (used + w + (n ? 1 : 0) > total)
			break;
		widths[i] = w;
		used += w + (n ? 1 : 0);
		n++;
	}
	if (flex >= 0 && flex < n)
		widths[flex] += total - used;
	return n;
}

static void put_cell(FILE *f, const char *s, int w, bool left, bool first, bool last)
{
	int len = (int)strlen(s);

	if (!first)
		fputc(' ', f);
	if (last && left) {
		fputs(s, f); /* a name in the last column is never cut in a file */
		return;
	}
	if (len > w) {
		/* long names: keep the end, which is the most specific part */
		if (left && w > 1) {
			const char *tail = s + len - (w - 1);

			while ((*tail & 0xc0) == 0x80) /* not inside a UTF-8 character */
				tail++;
			fputc('~', f);
			fputs(tail, f);
		} else {
			fwrite(s, 1, w, f);
		}
		return;
	}
	fprintf(f, left ? "%-*s" : "%*s", w, s);
}

void table_write_text(FILE *f, const struct table_src *t, int width, size_t max_rows)
{
	int widths[32], n, i;
	size_t *order, r;
	char cell[512];

	if (t->nr_cols > 32)
		return;
	n = table_layout(t, width, widths);
	for (i = 0; i < n; i++)
		put_cell(f, t->cols[i].name, widths[i], t->cols[i].left, !i, i == n - 1);
	fputc('\n', f);
	order = malloc((t->nr_rows + 1) * sizeof(*order));
	if (!order)
		return;
	table_sort(t, order, t->default_sort, t->default_desc);
	for (r = 0; r < t->nr_rows && (!max_rows || r < max_rows); r++) {
		const void *row = table_row(t, order[r]);

		for (i = 0; i < n; i++) {
			t->cols[i].format(row, t->interval_s, cell, sizeof(cell));
			put_cell(f, cell, widths[i], t->cols[i].left, !i, i == n - 1);
		}
		fputc('\n', f);
	}
	free(order);
}
