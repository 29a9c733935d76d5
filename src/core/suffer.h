/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The overview's list: every container and VM with its worst figure in each
 * pane, sorted by how badly it suffers. A pane's figure is its main table's
 * default sort column (each pane sorts worst first: run-queue wait, %
 * throttled, overlay latency, vCPU wait, exits), taken from the entity's
 * worst row. The score adds, over the panes, that figure divided by the
 * largest of any entity in the pane: 0 to 1 a pane, so one that suffers a
 * little in every pane can rank above one that is worst in a single pane
 * and fine elsewhere, and no unit outweighs another. No curses here.
 */
#ifndef CVTOP_SUFFER_H
#define CVTOP_SUFFER_H

#include <stdbool.h>
#include <stddef.h>
#include "focus.h"
#include "pane.h"

struct table_src;

struct suffer_row {
	struct focus who;
	char key[300]; /* focus_key(): the row's name, to keep the selection */
	bool has[PANE_MAX]; /* it has rows in pane i */
	double worst[PANE_MAX]; /* pane i's figure of its worst row */
	char cell[PANE_MAX][24]; /* as pane i's column shows it */
	double score;
};

struct suffer_list {
	struct suffer_row *rows;
	size_t nr, cap;
	const char *figure[PANE_MAX]; /* pane i's figure: its column's header */
};

/* From @tables[0..nr) (pane i's main table; no rows when unavailable):
 * containers and VMs only, worst first. 0 or -ENOMEM. */
int suffer_build(struct suffer_list *l, const struct table_src *tables, int nr);
void suffer_free(struct suffer_list *l);

#endif
