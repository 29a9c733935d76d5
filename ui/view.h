/* SPDX-License-Identifier: GPL-2.0 */
/* What renderers draw into: a region of the screen and the pane's UI state. */
#ifndef CVTOP_VIEW_H
#define CVTOP_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <curses.h>

struct table_src;
struct table_filter;

/* Per-pane UI state that survives refreshes. */
struct table_state {
	int sort_col; /* -1: the table's default */
	bool desc;
	size_t selected; /* index in sorted order */
	size_t scroll; /* first row shown */
	char sel_name[256]; /* raw name of the selected row, to keep it across refreshes */
	size_t sel_row; /* index of the selected row in the snapshot */
	bool has_sel;
	size_t nr_shown; /* rows that passed the filter at the last draw */
	/* where the header's columns were drawn, for mouse clicks */
	int header_y, col_x[32], col_w[32], nr_cols;
};

struct view {
	WINDOW *win;
	int y, x, h, w; /* the region to draw in */
	struct table_state *ts;
	const struct table_filter *filter;
	bool utf8;
	/* "this interval" or "since start", for titles and empty tables */
	const char *span;
};

enum ui_attr {
	UI_NORMAL,
	UI_TITLE,
	UI_HEADER,
	UI_SELECTED,
	UI_DIM,
	UI_WARN,
	UI_BAR,
	UI_TAB,
	UI_TAB_ACTIVE,
	UI_NR_ATTRS,
};

int ui_attr(enum ui_attr a);
struct theme;
/* after initscr(): colours if the terminal has them */
void ui_theme_start(void);
/* slots to curses attributes and colour pairs, fitted to COLORS */
void ui_theme_apply(const struct theme *t);

/* Writes @s (already escaped) at (y, x) in exactly @width columns, cut or
 * padded, measuring display width, never splitting a character. */
void ui_put(WINDOW *w, int y, int x, const char *s, int width, bool left);
/* Like ui_put, left-aligned, over at most @lines rows, breaking lines after
 * spaces; the last row is cut. Returns the rows used. */
int ui_put_wrap(WINDOW *w, int y, int x, const char *s, int width, int lines);

/* Draws @t sorted per @v->ts in rows [y, y + h) of the view; selection
 * highlighted when @focus. Returns the number of rows drawn. */
int ui_table_draw(struct view *v, const struct table_src *t, int y, int h, bool focus);
/* Moves the selection by @delta rows (clamped) in a table of @nr rows. */
void ui_table_move(struct table_state *ts, long delta, size_t nr);
/* Sort by the next/previous column, or reverse. */
void ui_table_sort_step(struct table_state *ts, const struct table_src *t, int step);

/* Sorts by the column drawn at screen column @x of the header; a second
 * click on the same column reverses. false when @x is no column. */
bool ui_table_click(struct table_state *ts, const struct table_src *t, int x);

struct pane;
struct suffer_list;
/* Pane 0: the containers and VMs, worst first, in @who (selection in
 * @who_ts), then the worst rows of every pane on one screen. */
void ui_overview_draw(struct view *v, struct pane *panes, int nr, struct table_state *who_ts,
		      struct suffer_list *who);

/* A log2 histogram as bars with bucket labels in time units. */
void ui_hist_draw(struct view *v, int y, int h, const char *title, const uint64_t *hist,
		  int nr_slots);

#endif
