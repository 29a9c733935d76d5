// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>
#include "focus.h"
#include "table.h"

struct sort_ctx {
	const struct table_src *t;
	const struct column *col;
	bool desc;
};

/* qsort_r: the order of ties is by row index, so the output is stable */
static int cmp_order(const void *a, const void *b, void *arg)
{
	const struct sort_ctx *c = arg;
	size_t ia = *(const size_t *)a, ib = *(const size_t *)b;
	int r = column_compare(c->col, table_row(c->t, ia), table_row(c->t, ib));

	if (c->desc)
		r = -r;
	if (!r)
		r = ia < ib ? -1 : ia > ib;
	return r;
}

static bool row_passes(const struct table_src *t, const void *row, const struct table_filter *f)
{
	if (!f)
		return true;
	if (f->containers_only && t->row_is_container && !t->row_is_container(row))
		return false;
	if (f->group && t->row_group && t->row_group(row) != f->group)
		return false;
	if (f->focus && !focus_match(f->focus, t, row))
		return false;
	if (f->substring && f->substring[0]) {
		bool in_label = t->row_label && strstr(t->row_label(row), f->substring);
		bool in_name = t->row_name && strstr(t->row_name(row), f->substring);

		if (!in_label && !in_name)
			return false;
	}
	return true;
}

long table_next_group(const struct table_src *t, long after)
{
	long best = 0, g;
	size_t i;

	for (i = 0; t->row_group && i < t->nr_rows; i++) {
		g = t->row_group(table_row(t, i));
		if (g > after && (!best || g < best))
			best = g;
	}
	return best;
}

size_t table_sort(const struct table_src *t, size_t *order, int col, bool desc,
		  const struct table_filter *f)
{
	struct sort_ctx c = { .t = t, .desc = desc };
	size_t i, n = 0;

	for (i = 0; i < t->nr_rows; i++) {
		if (row_passes(t, table_row(t, i), f))
			order[n++] = i;
	}
	if (col < 0 || col >= t->nr_cols || !column_sortable(&t->cols[col]))
		return n;
	c.col = &t->cols[col];
	qsort_r(order, n, sizeof(*order), cmp_order, &c);
	return n;
}

int table_layout(const struct table_src *t, int total, int *widths)
{
	int i, prio, used = 0, flex = -1, n = 0, max_prio = 0;

	for (i = 0; i < t->nr_cols; i++) {
		widths[i] = 0;
		if (t->cols[i].prio > max_prio)
			max_prio = t->cols[i].prio;
		if (t->cols[i].flex && flex < 0 && total >= TABLE_NAME_MIN) {
			flex = i;
			widths[i] = TABLE_NAME_MIN;
			used = TABLE_NAME_MIN;
			n = 1;
		}
	}
	for (prio = 0; prio <= max_prio; prio++) {
		for (i = 0; i < t->nr_cols; i++) {
			int w = t->cols[i].width;

			if (i == flex || t->cols[i].prio != prio || widths[i])
				continue;
			if (used + w + (n ? 1 : 0) > total)
				continue;
			widths[i] = w;
			used += w + (n ? 1 : 0);
			n++;
		}
	}
	if (flex >= 0)
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
	int widths[32], i, first, last = -1;
	size_t *order, r, n;
	char cell[512];

	if (t->nr_cols > 32)
		return;
	table_layout(t, width, widths);
	for (i = 0; i < t->nr_cols; i++) {
		if (widths[i])
			last = i;
	}
	for (i = 0, first = 1; i < t->nr_cols; i++) {
		if (!widths[i])
			continue;
		put_cell(f, t->cols[i].name, widths[i], t->cols[i].left, first, i == last);
		first = 0;
	}
	fputc('\n', f);
	order = malloc((t->nr_rows + 1) * sizeof(*order));
	if (!order)
		return;
	n = table_sort(t, order, t->default_sort, t->default_desc, NULL);
	for (r = 0; r < n && (!max_rows || r < max_rows); r++) {
		const void *row = table_row(t, order[r]);

		for (i = 0, first = 1; i < t->nr_cols; i++) {
			if (!widths[i])
				continue;
			column_format(&t->cols[i], row, t->interval_s, cell, sizeof(cell));
			put_cell(f, cell, widths[i], t->cols[i].left, first, i == last);
			first = 0;
		}
		fputc('\n', f);
	}
	free(order);
}
