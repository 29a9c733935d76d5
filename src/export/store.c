// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store.h"

static uint64_t fnv1a(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (len--) {
		h ^= (unsigned char)*s++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

struct family *store_family(struct store *st, const char *name, enum fam_kind kind,
			    const char *help, const char *unit, unsigned int nr_slots,
			    double le_scale)
{
	struct family *f;
	unsigned int i;
	size_t k;

	for (k = 0; k < st->nr; k++) {
		if (!strcmp(st->fams[k]->name, name))
			return st->fams[k];
	}
	if (st->nr == st->cap) {
		size_t cap = st->cap ? st->cap * 2 : 64;
		struct family **v = realloc(st->fams, cap * sizeof(*v));

		if (!v)
			return NULL;
		st->fams = v;
		st->cap = cap;
	}
	f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	f->name = strdup(name);
	f->help = help ? help : "";
	f->unit = unit ? unit : "";
	f->kind = kind;
	if (kind == FAM_HISTOGRAM && nr_slots > 1) {
		f->nr_slots = nr_slots;
		f->le = calloc(nr_slots, sizeof(*f->le));
		/* slot k holds values below 2^(k+1); the last one is +Inf */
		for (i = 0; f->le && i + 1 < nr_slots; i++) {
			char tmp[32];

			snprintf(tmp, sizeof(tmp), "%.12g", (double)(2ULL << i) * le_scale);
			f->le[i] = strdup(tmp);
			if (!f->le[i])
				goto fail;
		}
		if (!f->le)
			goto fail;
	}
	if (!f->name)
		goto fail;
	st->fams[st->nr++] = f;
	return f;
fail:
	for (i = 0; f->le && i < nr_slots; i++)
		free(f->le[i]);
	free(f->le);
	free(f->name);
	free(f);
	return NULL;
}

static void index_put(struct family *f, uint64_t hash, size_t i)
{
	size_t mask = f->index_cap - 1, j = hash & mask;

	while (f->index[j])
		j = (j + 1) & mask;
	f->index[j] = i + 1;
}

/* The index at @cap slots; at its own size it needs no memory. */
static int index_rebuild(struct family *f, size_t cap)
{
	size_t i;

	if (cap != f->index_cap) {
		uint32_t *idx = calloc(cap, sizeof(*idx));

		if (!idx)
			return -ENOMEM;
		free(f->index);
		f->index = idx;
		f->index_cap = cap;
	} else if (cap) {
		memset(f->index, 0, cap * sizeof(*f->index));
	}
	for (i = 0; i < f->nr; i++)
		index_put(f, f->series[i]->hash, i);
	return 0;
}

static void series_free(struct series *s)
{
	free(s->labels);
	free(s->slots);
	sbuf_free(&s->history);
	free(s);
}

struct series *store_series(struct store *st, struct family *fam, const char *labels, size_t len)
{
	uint64_t hash = fnv1a(labels, len);
	struct series *s;
	size_t j;

	if (fam->index_cap) {
		size_t mask = fam->index_cap - 1;

		for (j = hash & mask; fam->index[j]; j = (j + 1) & mask) {
			s = fam->series[fam->index[j] - 1];
			if (s->hash == hash && s->labels_len == len &&
			    !memcmp(s->labels, labels, len))
				return s;
		}
	}
	if (st->limit && fam->nr >= st->limit && !fam->unlimited) {
		fam->dropped++;
		return NULL;
	}
	if (fam->nr == fam->cap) {
		size_t cap = fam->cap ? fam->cap * 2 : 16;
		struct series **v = realloc(fam->series, cap * sizeof(*v));

		if (!v)
			return NULL;
		fam->series = v;
		fam->cap = cap;
	}
	/* the index stays under half full */
	if ((fam->nr + 1) * 2 > fam->index_cap &&
	    index_rebuild(fam, fam->index_cap ? fam->index_cap * 2 : 64))
		return NULL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->labels = malloc(len + 1);
	if (fam->nr_slots)
		s->slots = calloc(fam->nr_slots, sizeof(*s->slots));
	if (!s->labels || (fam->nr_slots && !s->slots)) {
		series_free(s);
		return NULL;
	}
	memcpy(s->labels, labels, len);
	s->labels[len] = '\0';
	s->labels_len = len;
	s->hash = hash;
	fam->series[fam->nr] = s;
	index_put(fam, hash, fam->nr);
	fam->nr++;
	return s;
}

void store_expire(struct store *st)
{
	size_t k, i, n;

	for (k = 0; k < st->nr; k++) {
		struct family *f = st->fams[k];

		for (i = n = 0; i < f->nr; i++) {
			if (f->series[i]->seen_s + st->stale_s < st->now_s)
				series_free(f->series[i]);
			else
				f->series[n++] = f->series[i];
		}
		if (n == f->nr)
			continue;
		f->nr = n;
		index_rebuild(f, f->index_cap);
	}
}

void store_free(struct store *st)
{
	size_t k, i;

	for (k = 0; k < st->nr; k++) {
		struct family *f = st->fams[k];

		for (i = 0; i < f->nr; i++)
			series_free(f->series[i]);
		for (i = 0; f->le && i < f->nr_slots; i++)
			free(f->le[i]);
		free(f->le);
		free(f->series);
		free(f->index);
		free(f->name);
		free(f);
	}
	free(st->fams);
	memset(st, 0, sizeof(*st));
}
