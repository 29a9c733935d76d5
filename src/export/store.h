/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_STORE_H
#define CVTOP_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "sbuf.h"

/*
 * The exporter's series store: one family per metric, one series per label
 * set. Counters and histograms hold totals since cvtop started (the
 * collector adds each interval's figures, or takes a cumulative pane's
 * as they are), gauges their latest value. A series not updated for
 * .stale_s seconds leaves the store.
 */
enum fam_kind {
	FAM_COUNTER,
	FAM_GAUGE,
	FAM_HISTOGRAM,
	FAM_INFO, /* OpenMetrics info (name_info 1); a gauge in the text format */
};

struct series {
	char *labels; /* name="value",... in exposition quoting; "" for none */
	size_t labels_len;
	uint64_t hash;
	double value; /* counter or gauge */
	double sum; /* histogram: _sum */
	uint64_t *slots; /* histogram: count per log2 slot (not cumulative) */
	double seen_s; /* the last update that set it */
	uint64_t seen_gen;
	struct sbuf history; /* history mode: its samples with timestamps */
};

struct family {
	char *name; /* cvtop_..., without _total or _info */
	const char *help;
	const char *unit; /* "" for none */
	enum fam_kind kind;
	unsigned int nr_slots; /* histogram */
	char **le; /* histogram: the upper bound of each slot but the last */
	struct series **series;
	size_t nr, cap;
	uint32_t *index; /* open addressing over .series: i + 1, 0 empty */
	size_t index_cap;
	uint64_t dropped; /* series refused by the limit */
	bool unlimited; /* cvtop's own families: never over the limit */
};

struct store {
	struct family **fams;
	size_t nr, cap;
	size_t limit; /* series per family, 0: none */
	double stale_s;
	uint64_t gen; /* bumped by every update */
	double now_s; /* the update's time (seconds since the epoch) */
};

/* The family @name, created with the rest if new; NULL on ENOMEM. */
struct family *store_family(struct store *st, const char *name, enum fam_kind kind,
			    const char *help, const char *unit, unsigned int nr_slots,
			    double le_scale);
/* The series of @fam with @labels, created if new and under the limit;
 * NULL when refused (counted in fam->dropped) or on ENOMEM. */
struct series *store_series(struct store *st, struct family *fam, const char *labels, size_t len);
/* Drops the series not seen for st->stale_s before st->now_s. */
void store_expire(struct store *st);
void store_free(struct store *st);

#endif
