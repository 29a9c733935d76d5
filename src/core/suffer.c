// SPDX-License-Identifier: GPL-2.0
/* The overview's containers and VMs, worst first (see suffer.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "schema.h"
#include "suffer.h"
#include "table.h"

static struct suffer_row *entity(struct suffer_list *l, const struct focus *who)
{
	struct suffer_row *r;
	size_t i;

	for (i = 0; i < l->nr; i++) {
		if (focus_equal(&l->rows[i].who, who))
			return &l->rows[i];
	}
	if (l->nr == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;

		r = realloc(l->rows, cap * sizeof(*r));
		if (!r)
			return NULL;
		l->rows = r;
		l->cap = cap;
	}
	r = &l->rows[l->nr++];
	memset(r, 0, sizeof(*r));
	r->who = *who;
	focus_key(who, r->key, sizeof(r->key));
	return r;
}

static bool numeric(const struct field *f)
{
	return f && (f->derive || f->type == FT_U64 || f->type == FT_U32 || f->type == FT_INT ||
		     f->type == FT_DOUBLE);
}

static double value_of(const struct column *c, const void *row, double iv)
{
	double v;

	row = (const char *)row + c->base;
	if (!numeric(c->field) || !field_present(c->field, row))
		return 0;
	v = field_double(c->field, row, iv);
	return v == v && v > 0 ? v : 0; /* NaN, or nothing, is no suffering */
}

/* Whether @a is worse than @b in @t's default order. */
static bool worse(const struct table_src *t, const struct column *c, const void *a, const void *b)
{
	int r = column_compare(c, a, b);

	return t->default_desc ? r > 0 : r < 0;
}

static int add_pane(struct suffer_list *l, const struct table_src *t, int pane,
		    const void **worst_row)
{
	const struct column *c;
	struct focus who;
	size_t i, e;

	if (!t->nr_rows || t->default_sort < 0 || t->default_sort >= t->nr_cols)
		return 0;
	c = &t->cols[t->default_sort];
	l->figure[pane] = c->name;
	for (i = 0; i < t->nr_rows; i++) {
		const void *row = table_row(t, i);
		struct suffer_row *r;

		if (!focus_of_row(&who, t, row) || who.kind == FOCUS_CGROUP)
			continue;
		r = entity(l, &who);
		if (!r)
			return -ENOMEM;
		e = (size_t)(r - l->rows);
		if (r->has[pane] && !worse(t, c, row, worst_row[e]))
			continue;
		r->has[pane] = true;
		worst_row[e] = row;
	}
	for (e = 0; e < l->nr; e++) {
		if (!l->rows[e].has[pane] || !worst_row[e])
			continue;
		l->rows[e].worst[pane] = value_of(c, worst_row[e], t->interval_s);
		column_format(c, worst_row[e], t->interval_s, l->rows[e].cell[pane],
			      sizeof(l->rows[e].cell[pane]));
	}
	return 0;
}

static int by_score(const void *a, const void *b)
{
	const struct suffer_row *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return strcmp(x->key, y->key);
}

int suffer_build(struct suffer_list *l, const struct table_src *tables, int nr)
{
	const void **worst_row = NULL;
	size_t total = 0, e;
	int i, err = 0;

	l->nr = 0;
	memset(l->figure, 0, sizeof(l->figure));
	for (i = 0; i < nr && i < PANE_MAX; i++)
		total += tables[i].nr_rows;
	for (i = 0; i < nr && i < PANE_MAX; i++) {
		/* an entity per row at most: room for each one's worst row */
		worst_row = calloc(total + 1, sizeof(*worst_row));
		if (!worst_row)
			return -ENOMEM;
		err = add_pane(l, &tables[i], i, worst_row);
		free(worst_row);
		if (err)
			return err;
	}
	for (i = 0; i < nr && i < PANE_MAX; i++) {
		double top = 0;

		for (e = 0; e < l->nr; e++) {
			if (l->rows[e].worst[i] > top)
				top = l->rows[e].worst[i];
		}
		for (e = 0; top > 0 && e < l->nr; e++)
			l->rows[e].score += l->rows[e].worst[i] / top;
	}
	if (l->nr)
		qsort(l->rows, l->nr, sizeof(*l->rows), by_score);
	return 0;
}

void suffer_free(struct suffer_list *l)
{
	free(l->rows);
	memset(l, 0, sizeof(*l));
}
