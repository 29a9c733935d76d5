/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The counter engine every collector of a BPF map uses: each refresh reads
 * the map into a new generation of entries (the pane's own struct, which
 * begins with the map's key, its per-CPU values folded in), sorted by key;
 * the generation before is there to take deltas from, to carry state over
 * (names, open files) and to see which entries went away.
 *
 *	gen_read(g, reader, fold, ctx);
 *	for (i = 0; i < g->nr_cur; i++) {
 *		e = gen_at(g, i); old = gen_prev(g, e);
 *		... deltas (counter_delta, hist_delta) against old, or from
 *		    zero in the cumulative view; carry what old owns over ...
 *		if (the entry stays)
 *			gen_keep(g, i);
 *	}
 *	gen_end(g, drop, ctx);	// frees what the old generation still owns
 */
#ifndef CVTOP_COUNTERS_H
#define CVTOP_COUNTERS_H

#include <stdbool.h>
#include <stddef.h>
#include "keysort.h"

struct map_reader;

struct gen_table {
	size_t key_size; /* the first bytes of an entry, compared with memcmp */
	size_t entry_size;
	char *cur, *prev;
	size_t nr_cur, nr_prev, nr_kept, cap;
	/* where gen_prev() looks first: after its last find, for entries
	 * asked for in key order (thousands of binary searches a refresh less) */
	size_t prev_next;
	struct keysort ks; /* gen_sort()'s scratch */
};

/* Folds one key's per-CPU @values into @entry (zeroed, its key set). */
typedef int (*gen_fold_fn)(void *entry, const void *values, const struct map_reader *r, void *ctx);
/* Frees what an entry owns. */
typedef void (*gen_drop_fn)(void *entry, void *ctx);

static inline void *gen_at(const struct gen_table *g, size_t i)
{
	return g->cur + i * g->entry_size;
}

static inline void *gen_prev_at(const struct gen_table *g, size_t i)
{
	return g->prev + i * g->entry_size;
}

/* Starts a new generation, empty. */
void gen_begin(struct gen_table *g);
/* A zeroed entry of @key added to the new generation; NULL when out of memory. */
void *gen_add(struct gen_table *g, const void *key);
/* Sorts the new generation by key. */
void gen_sort(struct gen_table *g);
/* Every entry of the map, folded, as the new generation; 0 or -errno. */
int gen_read(struct gen_table *g, struct map_reader *r, gen_fold_fn fold, void *ctx);
/* The previous generation's entry with @entry's key, or NULL. */
void *gen_prev(struct gen_table *g, const void *entry);
/* The new generation's entry of @key (sorted first), or NULL. */
void *gen_find(const struct gen_table *g, const void *key);
/* Keeps every entry of the new generation. */
void gen_keep_all(struct gen_table *g);
/* Keeps entry @i of the new generation; what an entry not kept owns is the
 * collector's to free before it moves on. */
void gen_keep(struct gen_table *g, size_t i);
/*
 * The kept entries become the previous generation. @drop (may be NULL) gets
 * every entry of the old previous one: what was carried over to the new one
 * should have been cleared from it.
 */
void gen_end(struct gen_table *g, gen_drop_fn drop, void *ctx);
/* Frees both generations, through @drop. */
void gen_free(struct gen_table *g, gen_drop_fn drop, void *ctx);

#endif
