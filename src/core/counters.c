// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "sorted.h"
#include "bpfmap.h"
#include "counters.h"
#include "grow.h"

void gen_begin(struct gen_table *g)
{
	g->nr_cur = 0;
	g->nr_kept = 0;
	g->prev_next = 0;
}

void *gen_add(struct gen_table *g, const void *key)
{
	size_t cap = g->cap;
	void *e;

	/* both generations share one capacity: they are swapped */
	if (g->nr_cur == g->cap &&
	    (array_grow((void **)&g->cur, &cap, g->nr_cur + 1, g->entry_size) ||
	     array_grow((void **)&g->prev, &g->cap, g->nr_cur + 1, g->entry_size)))
		return NULL;
	e = gen_at(g, g->nr_cur++);
	memset(e, 0, g->entry_size);
	memcpy(e, key, g->key_size);
	return e;
}

/* qsort has no context: the key size rides in a thread-local */
static __thread size_t sort_key_size;

static int cmp_key(const void *a, const void *b)
{
	return memcmp(a, b, sort_key_size);
}

void gen_sort(struct gen_table *g)
{
	keysort(&g->ks, g->cur, g->nr_cur, g->entry_size, g->key_size);
}

struct read_ctx {
	struct gen_table *g;
	gen_fold_fn fold;
	void *ctx;
};

static int read_one(const void *key, const void *values, const struct map_reader *r, void *arg)
{
	struct read_ctx *rc = arg;
	void *e = gen_add(rc->g, key);

	if (!e)
		return -ENOMEM;
	return rc->fold(e, values, r, rc->ctx);
}

int gen_read(struct gen_table *g, struct map_reader *r, gen_fold_fn fold, void *ctx)
{
	struct read_ctx rc = { .g = g, .fold = fold, .ctx = ctx };
	int err;

	gen_begin(g);
	err = map_reader_each(r, read_one, &rc);
	if (err)
		return err;
	gen_sort(g);
	return 0;
}

void *gen_prev(struct gen_table *g, const void *entry)
{
	sort_key_size = g->key_size;
	return sorted_find_next(entry, g->prev, g->nr_prev, g->entry_size, cmp_key, &g->prev_next);
}

void *gen_find(const struct gen_table *g, const void *key)
{
	sort_key_size = g->key_size;
	return g->nr_cur ? sorted_find(key, g->cur, g->nr_cur, g->entry_size, cmp_key) : NULL;
}

void gen_keep_all(struct gen_table *g)
{
	g->nr_kept = g->nr_cur;
}

void gen_keep(struct gen_table *g, size_t i)
{
	if (i != g->nr_kept)
		memcpy(gen_at(g, g->nr_kept), gen_at(g, i), g->entry_size);
	g->nr_kept++;
}

void gen_end(struct gen_table *g, gen_drop_fn drop, void *ctx)
{
	size_t i;
	char *tmp;

	if (drop) {
		for (i = 0; i < g->nr_prev; i++)
			drop(gen_prev_at(g, i), ctx);
	}
	tmp = g->prev;
	g->prev = g->cur;
	g->nr_prev = g->nr_kept;
	g->cur = tmp;
	g->nr_cur = 0;
	g->nr_kept = 0;
	g->prev_next = 0;
}

void gen_free(struct gen_table *g, gen_drop_fn drop, void *ctx)
{
	size_t i;

	if (drop) {
		for (i = 0; i < g->nr_prev; i++)
			drop(gen_prev_at(g, i), ctx);
	}
	free(g->cur);
	free(g->prev);
	keysort_free(&g->ks);
	g->cur = g->prev = NULL;
	g->nr_cur = g->nr_prev = g->nr_kept = g->cap = 0;
}
