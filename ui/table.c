// SPDX-License-Identifier: GPL-2.0
/* The curses side of src/table.h: a sortable table with a selection. */
#include <stdlib.h>
#include <string.h>
#include "strip.h"
#include "table.h"
#include "view.h"

static int sort_col(const struct table_state *ts, const struct table_src *t)
{
	return ts->sort_col >= 0 && ts->sort_col < t->nr_cols ? ts->sort_col : t->default_sort;
}

static bool sort_desc(const struct table_state *ts, const struct table_src *t)
{
	return ts->sort_col >= 0 ? ts->desc : t->default_desc;
}

void ui_table_sort_step(struct table_state *ts, const struct table_src *t, int step)
{
	int col = sort_col(ts, t);

	if (!step) {
		ts->desc = !sort_desc(ts, t);
		ts->sort_col = col;
		return;
	}
	do {
		col = (col + step + t->nr_cols) % t->nr_cols;
	} while (!column_sortable(&t->cols[col]));
	ts->sort_col = col;
	/* names sort A-Z, numbers biggest first */
	ts->desc = !t->cols[col].left;
}

void ui_table_move(struct table_state *ts, long delta, size_t nr)
{
	long sel = (long)ts->selected + delta;

	if (sel >= (long)nr)
		sel = (long)nr - 1;
	if (sel < 0)
		sel = 0;
	ts->selected = sel;
	ts->sel_name[0] = '\0'; /* follow the position the user chose */
}

/* Keeps the selection on the same row name across refreshes. */
static void follow_selection(struct table_state *ts, const struct table_src *t, const size_t *order,
			     size_t n)
{
	size_t i;

	if (ts->sel_name[0] && t->row_name) {
		for (i = 0; i < n; i++) {
			if (!strcmp(t->row_name(table_row(t, order[i])), ts->sel_name)) {
				ts->selected = i;
				break;
			}
		}
	}
	if (ts->selected >= n)
		ts->selected = n ? n - 1 : 0;
	ts->has_sel = n > 0;
	if (ts->has_sel) {
		ts->sel_row = order[ts->selected];
		if (t->row_name)
			snprintf(ts->sel_name, sizeof(ts->sel_name), "%s",
				 t->row_name(table_row(t, ts->sel_row)));
	}
}

/* the strip goes before the name column, or last without one */
static bool strip_here(const struct table_src *t, int i, int strip_w)
{
	return strip_w && (i == t->nr_cols ? !table_has_flex(t) : t->cols[i].flex);
}

static void draw_header(struct view *v, const struct table_src *t, const int *widths, int y,
			int col, bool desc, const struct table_strip *s, int strip_w)
{
	char cell[64];
	int i, x = v->x;

	wattrset(v->win, ui_attr(UI_HEADER));
	v->ts->header_y = y;
	v->ts->nr_cols = t->nr_cols;
	for (i = 0; i <= t->nr_cols; i++) {
		if (strip_here(t, i, strip_w)) {
			if (x > v->x)
				mvwaddch(v->win, y, x++, ' ');
			ui_strip_header(v->win, y, x, strip_w, s);
			x += strip_w;
		}
		if (i == t->nr_cols)
			break;
		v->ts->col_w[i] = widths[i];
		if (!widths[i])
			continue;
		/* the sort column carries v (descending) or ^ (ascending) */
		snprintf(cell, sizeof(cell), "%s%s", t->cols[i].name,
			 i == col ? (desc ? "v" : "^") : "");
		if (x > v->x)
			mvwaddch(v->win, y, x++, ' ');
		v->ts->col_x[i] = x;
		ui_put(v->win, y, x, cell, widths[i], t->cols[i].left);
		x += widths[i];
	}
	if (x - v->x < v->w)
		ui_put(v->win, y, x, "", v->w - (x - v->x), true);
	wattrset(v->win, ui_attr(UI_NORMAL));
}

bool ui_table_click(struct table_state *ts, const struct table_src *t, int x)
{
	int i;

	for (i = 0; i < ts->nr_cols && i < t->nr_cols; i++) {
		if (!ts->col_w[i] || x < ts->col_x[i] || x >= ts->col_x[i] + ts->col_w[i])
			continue;
		if (!column_sortable(&t->cols[i]))
			return false;
		if (sort_col(ts, t) == i) {
			ts->desc = !sort_desc(ts, t);
			ts->sort_col = i;
		} else {
			ts->sort_col = i;
			ts->desc = !t->cols[i].left;
		}
		return true;
	}
	return false;
}

static void draw_row(struct view *v, const struct table_src *t, const int *widths, int y,
		     const void *row, bool twin, int attr, const struct table_strip *s, int strip_w)
{
	char cell[512];
	int i, x = v->x;

	wattrset(v->win, attr);
	for (i = 0; i <= t->nr_cols; i++) {
		if (strip_here(t, i, strip_w)) {
			if (x > v->x)
				mvwaddch(v->win, y, x++, ' ');
			ui_strip_row(v->win, y, x, s, row, v->utf8, attr);
			x += strip_w;
		}
		if (i == t->nr_cols)
			break;
		if (!widths[i])
			continue;
		table_cell(t, i, row, twin, cell, sizeof(cell));
		if (x > v->x)
			mvwaddch(v->win, y, x++, ' ');
		ui_put(v->win, y, x, cell, widths[i], t->cols[i].left);
		x += widths[i];
	}
	if (x - v->x < v->w)
		ui_put(v->win, y, x, "", v->w - (x - v->x), true);
	wattrset(v->win, ui_attr(UI_NORMAL));
}

int ui_table_draw(struct view *v, const struct table_src *t, int y, int h, bool focus)
{
	return ui_table_draw_strip(v, t, y, h, focus, NULL);
}

int ui_table_draw_strip(struct view *v, const struct table_src *t, int y, int h, bool focus,
			struct table_strip *s)
{
	int widths[32], col = sort_col(v->ts, t), attr, strip_w = 0;
	bool desc = sort_desc(v->ts, t);
	struct table_state *ts = v->ts;
	size_t *order, r, n;
	bool *twin;

	if (h < 1 || t->nr_cols > 32)
		return 0;
	/* a strip of at most a third of the screen; lower-priority columns
	 * give way to it before the name falls under STRIP_NAME_KEEP */
	if (s)
		strip_w = ui_strip_fit(s, t, v->w / 3);
	if (strip_w)
		table_layout_name(t, v->w - strip_w - 1, STRIP_NAME_KEEP, widths);
	else
		table_layout(t, v->w, widths);
	draw_header(v, t, widths, y, col, desc, s, strip_w);
	order = malloc((t->nr_rows + 1) * sizeof(*order));
	twin = calloc(t->nr_rows + 1, sizeof(*twin));
	if (!order || !twin) {
		free(order);
		free(twin);
		return 1;
	}
	n = table_sort(t, order, col, desc, v->filter);
	/* same-named rows carry what tells them apart */
	table_mark_twins(t, order, n, twin);
	ts->nr_shown = n;
	if (focus)
		follow_selection(ts, t, order, n);
	h--;
	if (ts->selected < ts->scroll)
		ts->scroll = ts->selected;
	if (h > 0 && ts->selected >= ts->scroll + h)
		ts->scroll = ts->selected - h + 1;
	if (ts->scroll > n)
		ts->scroll = 0;
	for (r = ts->scroll; r < n && (int)(r - ts->scroll) < h; r++) {
		const void *row = table_row(t, order[r]);

		attr = ui_attr(UI_NORMAL);
		if (t->row_is_gone && t->row_is_gone(row))
			attr = ui_attr(UI_DIM);
		if (focus && r == ts->selected)
			attr = ui_attr(UI_SELECTED);
		draw_row(v, t, widths, y + 1 + (int)(r - ts->scroll), row, twin[r], attr, s,
			 strip_w);
	}
	free(twin);
	free(order);
	return 1 + (int)(r - ts->scroll);
}
