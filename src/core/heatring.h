/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The last HEAT_COLS intervals of every row's latency histogram, for the
 * heatmaps: one ring a pane, a series a row (by its row_name) and one for
 * the whole host. Fed from the pane's main table after every refresh, or
 * every recorded snapshot a replay shows. No curses here.
 */
#ifndef CVTOP_HEATRING_H
#define CVTOP_HEATRING_H

#include <stdbool.h>
#include <stdint.h>

struct table_src;

#define HEAT_COLS 120 /* intervals kept */
#define HEAT_SLOTS 36 /* log2 ns slots, as the BPF side fills them */
#define HEAT_MAX_SERIES 128 /* rows kept a pane; the least recently busy go first */
#define HEAT_HOST "" /* the series of the whole host */

struct heat_series {
	char key[256]; /* the row's row_name, HEAT_HOST for the host */
	unsigned long last; /* the interval it last had samples in */
	uint32_t col[HEAT_COLS][HEAT_SLOTS]; /* by interval number % HEAT_COLS */
};

struct heat_ring {
	unsigned long tick; /* intervals pushed so far */
	struct heat_series *series[HEAT_MAX_SERIES];
	int nr;
	unsigned long dropped; /* rows not kept: all series busy */
};

/* Starts the next interval: an empty column in every series. */
void heat_ring_next(struct heat_ring *r);
/* Adds @hist (@nr_slots log2 slots) to @key's column of the current
 * interval. 0, -ENOSPC (every series busy this window) or -ENOMEM. */
int heat_ring_add(struct heat_ring *r, const char *key, const uint64_t *hist,
		  unsigned int nr_slots);
const struct heat_series *heat_ring_find(const struct heat_ring *r, const char *key);
/* Intervals held: up to HEAT_COLS. */
unsigned int heat_ring_len(const struct heat_ring *r);
/* The column @age intervals before the latest (0: the latest); NULL past
 * what is held. */
const uint32_t *heat_column(const struct heat_ring *r, const struct heat_series *s,
			    unsigned int age);
void heat_ring_clear(struct heat_ring *r);

/* Whether the rows of @t have latency histograms (FT_HIST fields). */
bool heat_table_has_hist(const struct table_src *t);
/* The sum of every FT_HIST field of @row into @out[HEAT_SLOTS]. */
void heat_row_hist(const struct table_src *t, const void *row, uint64_t *out);
/*
 * One interval of @t: a column for every row (by row_name) and for the
 * host: the sum of the rows that are about no one VM (rows with a "pid" of
 * 0, or every row when the table has no pid). The row named @first (the
 * one selected; NULL: none) goes first, so it is kept even when more rows
 * than HEAT_MAX_SERIES are busy. 0 or -errno of the first row not kept.
 */
int heat_ring_feed(struct heat_ring *r, const struct table_src *t, const char *first);

#endif
