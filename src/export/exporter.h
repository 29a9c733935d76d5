/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_EXPORTER_H
#define CVTOP_EXPORTER_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include "expo.h"

struct options;
struct pane;
struct exporter;

/* An exposition shared by the scrapes that copy it out (refcounted). */
struct expo_buf {
	atomic_int ref;
	enum expo_fmt fmt;
	size_t len;
	size_t cap; /* bytes allocated, the header included */
	char data[];
};

/*
 * The Prometheus side of cvtop: --listen, --textfile, --format openmetrics.
 * exporter_start() sets it up when one of them is given (*@out stays NULL
 * otherwise) and hooks exporter_update() to every refresh of the panes.
 */
int exporter_start(const struct options *o, const char *version, struct exporter **out);
/* After a refresh: every pane into the series store, then the expositions
 * (and the textfile) from it. */
void exporter_update(struct exporter *ex, const struct pane *panes, double now_s);
/* The latest exposition in @fmt, referenced, or until one is built (after
 * the next refresh) one in the other format; NULL before the first refresh. */
struct expo_buf *exporter_get(struct exporter *ex, enum expo_fmt fmt);
void exporter_put(struct expo_buf *b);
/* Batch: the latest exposition in @fmt to @f. 0 or -errno. */
int exporter_write(struct exporter *ex, FILE *f, enum expo_fmt fmt);
/* The same, of the exporter that exporter_start() made (batch mode). */
int exporter_write_current(FILE *f, enum expo_fmt fmt);
/* Replay: every update's samples, timestamped, written by _write_history. */
void exporter_keep_history(struct exporter *ex);
int exporter_write_history(struct exporter *ex, FILE *f, enum expo_fmt fmt);
void exporter_stop(struct exporter *ex);

#endif
