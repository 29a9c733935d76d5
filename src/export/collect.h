/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_COLLECT_H
#define CVTOP_COLLECT_H

#include "store.h"

struct field;
struct pane;

/* Which family each metric field of every pane's schema feeds. */
struct collect {
	struct store *st;
	struct fmap {
		const struct field *f;
		struct family *fam;
	} * map;
	size_t nr_map;
	struct family *pane_up, *build, *dropped;
};

/* Walks every pane_def's schema once: a family per metric name. */
int collect_init(struct collect *c, struct store *st, const char *version);
/* Every pane's snapshot into the store, at @now_s (seconds since the epoch). */
void collect_update(struct collect *c, const struct pane *panes, double now_s);
void collect_free(struct collect *c);

#endif
