/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Histograms without Enter: each row of a table carries its latency
 * distribution as a strip, one cell per log2 bucket shaded by its count,
 * drawn before the name column; the header gives the buckets' range.
 */
#ifndef CVTOP_UI_STRIP_H
#define CVTOP_UI_STRIP_H

#include <stdbool.h>
#include <stdint.h>
#include <curses.h>

struct view;
struct table_src;

#define STRIP_MAX 24 /* cells at most: the highest buckets are kept */
#define STRIP_NAME_KEEP 20 /* a strip never narrows the name column below this */

struct table_strip {
	/* fills @out (@max slots) with @row's log2 histogram; returns its slots */
	int (*hist)(const void *row, uint64_t *out, int max);
	/* set by ui_strip_fit(): the buckets shown, -1 when none */
	int lo, hi;
};

/* The range of buckets any row of @t has, in at most @room cells; returns
 * the strip's width (0: no row has a sample, or no room). */
int ui_strip_fit(struct table_strip *s, const struct table_src *t, int room);
/* "1us     65ms" in @w columns */
void ui_strip_header(WINDOW *win, int y, int x, int w, const struct table_strip *s);
/* @row's cells: shaded by count against its fullest bucket */
void ui_strip_row(WINDOW *win, int y, int x, const struct table_strip *s, const void *row,
		  bool utf8, int attr);

/* ui_table_draw() with a strip before the name column; @s NULL: none */
int ui_table_draw_strip(struct view *v, const struct table_src *t, int y, int h, bool focus,
			struct table_strip *s);

#endif
