/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The summary header's figures (like top's first lines), derived from the
 * panes' snapshots and the host's pressure, and their history for the
 * sparklines of the last minute. No curses here: ui/header.c draws them.
 */
#ifndef CVTOP_SUMMARY_H
#define CVTOP_SUMMARY_H

#include <stdbool.h>
#include <stdint.h>

struct pane;

enum summary_item {
	SUM_BUSY, /* % of all CPUs the cgroups' tasks ran */
	SUM_STEAL, /* guest steal, % of all CPUs */
	SUM_PSI_CPU, /* host pressure, some avg10 (full in .full) */
	SUM_PSI_IO,
	SUM_PSI_MEM,
	SUM_RUNQ_P99, /* ns: p99 of every run-queue wait of the host */
	SUM_CONTAINERS, /* containers that ran in the interval */
	SUM_VMS, /* VMs on this host */
	SUM_THROTTLED, /* cgroups throttled in the interval (CPU periods or bios) */
	SUM_OVERLAY_OPS, /* overlay reads and writes per second */
	SUM_VM_EXITS, /* VM exits per second (exits to the VMM without the exit table) */
	SUM_NR,
};

struct summary {
	bool has[SUM_NR];
	double v[SUM_NR];
	bool has_full[SUM_NR]; /* the PSI items' full avg10 */
	double full[SUM_NR];
	bool exits_to_vmm; /* SUM_VM_EXITS counts exits to the VMM only */
};

/* The figures of the snapshots @panes hold now ("-" for what they lack). */
void summary_compute(const struct pane *panes, int nr, struct summary *s);

#define SUMMARY_HISTORY 256

/* A ring of the last SUMMARY_HISTORY summaries and when they were taken. */
struct summary_history {
	double t[SUMMARY_HISTORY];
	struct summary s[SUMMARY_HISTORY];
	int head, nr; /* the newest is at head - 1 */
};

/* Adds @s taken at @t (seconds); samples at or after @t go first (a replay
 * stepped back). */
void summary_history_push(struct summary_history *h, double t, const struct summary *s);
void summary_history_clear(struct summary_history *h);

#define SPARK_LEVELS 8

/*
 * A sparkline of @item over the @window seconds up to the newest sample,
 * in @w cells: each cell the highest value of the samples in its slice of
 * the window, as a level 1..SPARK_LEVELS of @top (0 < top; values above it
 * are SPARK_LEVELS), or 0 when no sample fell in it. @top <= 0: the highest
 * value in the window (at least 1). Returns the cells with a sample.
 */
int summary_spark(const struct summary_history *h, enum summary_item item, double window,
		  double top, int w, int *levels);

#endif
