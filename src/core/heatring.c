// SPDX-License-Identifier: GPL-2.0
/* The last intervals of every row's latency histogram, for the heatmaps. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "heatring.h"
#include "schema.h"
#include "table.h"

void heat_ring_next(struct heat_ring *r)
{
	int i = 0;

	r->tick++;
	while (i < r->nr) {
		struct heat_series *s = r->series[i];

		/* nothing left in the window: its memory goes */
		if (r->tick - s->last >= HEAT_COLS) {
			free(s);
			r->series[i] = r->series[--r->nr];
			continue;
		}
		memset(s->col[r->tick % HEAT_COLS], 0, sizeof(s->col[0]));
		i++;
	}
}

static struct heat_series *find(const struct heat_ring *r, const char *key)
{
	int i;

	for (i = 0; i < r->nr; i++) {
		if (!strcmp(r->series[i]->key, key))
			return r->series[i];
	}
	return NULL;
}

const struct heat_series *heat_ring_find(const struct heat_ring *r, const char *key)
{
	return find(r, key);
}

/* A new series; when all are taken, the least recently busy one's, unless
 * it had samples in the current interval too. */
static struct heat_series *make(struct heat_ring *r, const char *key)
{
	struct heat_series *s;
	int i, old = 0;

	if (r->nr == HEAT_MAX_SERIES) {
		for (i = 1; i < r->nr; i++) {
			if (r->series[i]->last < r->series[old]->last)
				old = i;
		}
		if (r->series[old]->last == r->tick || !strcmp(r->series[old]->key, HEAT_HOST))
			return NULL;
		s = r->series[old];
	} else {
		s = malloc(sizeof(*s));
		if (!s)
			return NULL;
		r->series[r->nr++] = s;
	}
	memset(s, 0, sizeof(*s));
	snprintf(s->key, sizeof(s->key), "%s", key);
	return s;
}

int heat_ring_add(struct heat_ring *r, const char *key, const uint64_t *hist, unsigned int nr_slots)
{
	struct heat_series *s = find(r, key);
	uint64_t total = 0;
	uint32_t *col;
	unsigned int i;

	for (i = 0; i < nr_slots; i++)
		total += hist[i];
	if (!total && !s)
		return 0;
	if (!s)
		s = make(r, key);
	if (!s) {
		r->dropped++;
		return r->nr == HEAT_MAX_SERIES ? -ENOSPC : -ENOMEM;
	}
	col = s->col[r->tick % HEAT_COLS];
	for (i = 0; i < nr_slots; i++) {
		unsigned int slot = i < HEAT_SLOTS ? i : HEAT_SLOTS - 1;
		uint64_t v = col[slot] + hist[i];

		col[slot] = v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
	}
	if (total)
		s->last = r->tick;
	return 0;
}

unsigned int heat_ring_len(const struct heat_ring *r)
{
	return r->tick < HEAT_COLS ? (unsigned int)r->tick : HEAT_COLS;
}

const uint32_t *heat_column(const struct heat_ring *r, const struct heat_series *s,
			    unsigned int age)
{
	if (!s || age >= heat_ring_len(r))
		return NULL;
	return s->col[(r->tick - age) % HEAT_COLS];
}

void heat_ring_clear(struct heat_ring *r)
{
	int i;

	for (i = 0; i < r->nr; i++)
		free(r->series[i]);
	memset(r, 0, sizeof(*r));
}

/* Adds every FT_HIST of the struct at @s (FT_OBJECTs walked) into @out. */
static int add_hists(const struct field *fields, int nr, const void *s, uint64_t *out)
{
	int i, found = 0;
	unsigned int j;

	for (i = 0; i < nr; i++) {
		const struct field *f = &fields[i];

		if (f->type == FT_OBJECT && f->sub)
			found += add_hists(f->sub, f->nr_sub, (const char *)s + f->off, out);
		if (f->type != FT_HIST)
			continue;
		found++;
		for (j = 0; out && j < f->nr; j++)
			out[j < HEAT_SLOTS ? j : HEAT_SLOTS - 1] +=
				((const uint64_t *)field_ptr(f, s))[j];
	}
	return found;
}

bool heat_table_has_hist(const struct table_src *t)
{
	return t->def && add_hists(t->def->fields, t->def->nr_fields, NULL, NULL) > 0;
}

void heat_row_hist(const struct table_src *t, const void *row, uint64_t *out)
{
	memset(out, 0, HEAT_SLOTS * sizeof(*out));
	if (t->def)
		add_hists(t->def->fields, t->def->nr_fields, row, out);
}

static const struct field *pid_field(const struct table_def *def)
{
	int i;

	for (i = 0; i < def->nr_fields; i++) {
		if (def->fields[i].type == FT_INT && def->fields[i].key &&
		    !strcmp(def->fields[i].key, "pid"))
			return &def->fields[i];
	}
	return NULL;
}

int heat_ring_feed(struct heat_ring *r, const struct table_src *t, const char *first)
{
	uint64_t h[HEAT_SLOTS], host[HEAT_SLOTS] = { 0 };
	const struct field *pid;
	int err, ret = 0;
	size_t i, j;

	heat_ring_next(r);
	if (!heat_table_has_hist(t))
		return 0;
	pid = pid_field(t->def);
	/* the host's before any row's: it always has a series */
	for (i = 0; i < t->nr_rows; i++) {
		const void *row = table_row(t, i);

		if (pid && *(const int *)field_ptr(pid, row))
			continue;
		heat_row_hist(t, row, h);
		for (j = 0; j < HEAT_SLOTS; j++)
			host[j] += h[j];
	}
	ret = heat_ring_add(r, HEAT_HOST, host, HEAT_SLOTS);
	for (i = 0; t->row_name && first && first[0] && i < t->nr_rows; i++) {
		const void *row = table_row(t, i);

		if (strcmp(t->row_name(row), first))
			continue;
		heat_row_hist(t, row, h);
		err = heat_ring_add(r, first, h, HEAT_SLOTS);
		ret = ret ? ret : err;
		break;
	}
	for (i = 0; t->row_name && i < t->nr_rows; i++) {
		const void *row = table_row(t, i);

		if (first && !strcmp(t->row_name(row), first))
			continue;
		heat_row_hist(t, row, h);
		err = heat_ring_add(r, t->row_name(row), h, HEAT_SLOTS);
		ret = ret ? ret : err;
	}
	return ret;
}
