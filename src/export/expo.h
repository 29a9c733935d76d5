/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_EXPO_H
#define CVTOP_EXPO_H

#include "sbuf.h"
#include "store.h"

enum expo_fmt {
	EXPO_TEXT, /* Prometheus text format 0.0.4 (node_exporter's textfile too) */
	EXPO_OPENMETRICS, /* OpenMetrics 1.0 text, ending with # EOF */
	NR_EXPO_FMT,
};

extern const char *const expo_content_type[NR_EXPO_FMT];

/* The store's series, as of its last update. */
void expo_write(struct sbuf *b, const struct store *st, enum expo_fmt fmt);
/* History: appends the samples of the last update, timestamped with
 * st->now_s, to each updated series ... */
void expo_append_history(struct store *st, enum expo_fmt fmt);
/* ... and writes every family once with all its series' samples. */
void expo_write_history(struct sbuf *b, const struct store *st, enum expo_fmt fmt);

#endif
