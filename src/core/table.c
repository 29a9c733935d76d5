// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "focus.h"
#include "keysort.h"
#include "table.h"

#define CELL_LEN 256
#define TAG_LEN 80

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

/* kept between sorts: a refresh sorts thousands of rows, every second */
static __thread struct keysort scratch;

/*
 * A numeric column: each row's key read once, then a stable radix sort (ties
 * stay in row order, as cmp_order() has them), instead of ~n log n calls of
 * the column's compare. False for other columns, or without memory.
 */
static bool sort_by_keys(const struct table_src *t, size_t *order, size_t n,
			 const struct column *col, bool desc)
{
	const struct keysort_pair *sorted;
	struct keysort_pair *k;
	uint64_t v;
	size_t i;

	if (!n || !column_sort_key(col, table_row(t, order[0]), &v))
		return false;
	k = keysort_room(&scratch, n);
	if (!k)
		return false;
	for (i = 0; i < n; i++) {
		column_sort_key(col, table_row(t, order[i]), &v);
		k[i].key = desc ? ~v : v;
		k[i].idx = order[i];
	}
	sorted = keysort_pairs(&scratch, n, sizeof(v));
	for (i = 0; i < n; i++)
		order[i] = sorted[i].idx;
	return true;
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
	if (!sort_by_keys(t, order, n, c.col, desc))
		qsort_r(order, n, sizeof(*order), cmp_order, &c);
	return n;
}

int table_layout(const struct table_src *t, int total, int *widths)
{
	return table_layout_name(t, total, TABLE_NAME_MIN, widths);
}

int table_layout_name(const struct table_src *t, int total, int name_min, int *widths)
{
	int i, prio, used = 0, flex = -1, n = 0, max_prio = 0;

	for (i = 0; i < t->nr_cols; i++) {
		widths[i] = 0;
		if (t->cols[i].prio > max_prio)
			max_prio = t->cols[i].prio;
		if (t->cols[i].flex && flex < 0 && total >= name_min) {
			flex = i;
			widths[i] = name_min;
			used = name_min;
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

static int flex_col(const struct table_src *t)
{
	int i;

	for (i = 0; i < t->nr_cols; i++) {
		if (t->cols[i].flex)
			return i;
	}
	return -1;
}

bool table_has_flex(const struct table_src *t)
{
	return flex_col(t) >= 0;
}

struct twin_key {
	char cell[CELL_LEN];
	char tag[TAG_LEN];
	size_t pos; /* in the order */
};

static int cmp_twin(const void *a, const void *b)
{
	const struct twin_key *x = a, *y = b;
	int r = strcmp(x->cell, y->cell);

	return r ? r : strcmp(x->tag, y->tag);
}

bool table_mark_twins(const struct table_src *t, const size_t *order, size_t n, bool *twin)
{
	int flex = flex_col(t);
	struct twin_key *k;
	bool any = false;
	size_t i, j, run;

	memset(twin, 0, n * sizeof(*twin));
	if (!t->tag || flex < 0 || n < 2)
		return false;
	k = malloc(n * sizeof(*k));
	if (!k)
		return false;
	for (i = 0; i < n; i++) {
		const void *row = table_row(t, order[i]);

		column_format(&t->cols[flex], row, t->interval_s, k[i].cell, sizeof(k[i].cell));
		table_row_tag(t, row, k[i].tag, sizeof(k[i].tag));
		k[i].pos = i;
	}
	qsort(k, n, sizeof(*k), cmp_twin);
	/* a run of one name: twins when its first and last tags differ */
	for (i = 0; i < n; i = run) {
		for (run = i + 1; run < n && !strcmp(k[run].cell, k[i].cell); run++)
			;
		if (!strcmp(k[i].tag, k[run - 1].tag))
			continue;
		for (j = i; j < run; j++)
			twin[k[j].pos] = true;
		any = true;
	}
	free(k);
	return any;
}

void table_cell(const struct table_src *t, int c, const void *row, bool twin, char *buf, size_t len)
{
	char tag[TAG_LEN];
	size_t n;

	column_format(&t->cols[c], row, t->interval_s, buf, len);
	if (!twin || !t->cols[c].flex)
		return;
	table_row_tag(t, row, tag, sizeof(tag));
	n = strlen(buf);
	if (tag[0] && n < len)
		snprintf(buf + n, len - n, " (%s)", tag);
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
	bool *twin;

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
	twin = calloc(t->nr_rows + 1, sizeof(*twin));
	if (!order || !twin)
		goto out;
	n = table_sort(t, order, t->default_sort, t->default_desc, NULL);
	table_mark_twins(t, order, n, twin);
	for (r = 0; r < n && (!max_rows || r < max_rows); r++) {
		const void *row = table_row(t, order[r]);

		for (i = 0, first = 1; i < t->nr_cols; i++) {
			if (!widths[i])
				continue;
			table_cell(t, i, row, twin[r], cell, sizeof(cell));
			put_cell(f, cell, widths[i], t->cols[i].left, first, i == last);
			first = 0;
		}
		fputc('\n', f);
	}
out:
	free(twin);
	free(order);
}
