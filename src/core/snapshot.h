/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_SNAPSHOT_H
#define CVTOP_SNAPSHOT_H

#include <stdio.h>
#include <time.h>

struct pane;

/* @now as "2026-11-25T20:08:53.479Z" (UTC, milliseconds) */
void snapshot_time(char *buf, size_t len, const struct timespec *now);
/* One interval of every pane as one JSON line: {"time", "interval_s", "panes"}. */
void snapshot_write_json(FILE *f, const struct pane *panes, const char *when, double interval_s);
/* The same as text, like top -b. */
void snapshot_write_text(FILE *f, const struct pane *panes, const char *when, double interval_s);

#endif
