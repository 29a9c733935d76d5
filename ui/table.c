// SPDX-License-Identifier: GPL-2.0
/* The curses side of src/table.h: a sortable table with a selection. */
#include <stdlib.h>
#include <string.h>
#include "src/table.h"
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
	} while (!t->cols[col].compare);
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
static void follow_selection(struct table_state *ts, const struct table_src *t, const size_t *order)
{
	size_t i;

	if (ts->sel_name[0] && t->row_name) {
		for (i = 0; i < t->nr_rows; i++) {
			if (!strcmp(t->row_name(table_row(t, order[i])), ts->sel_name)) {
				ts->selected = i;
				break;
			}
		}
	}
	if (ts->selected >= t->nr_rows)
		ts->selected = t->nr_rows ? t->nr_rows - 1 : 0;
	ts->has_sel = t->nr_rows > 0;
	if (ts->has_sel) {
		ts->sel_row = order[ts->selected];
		if (t->row_name)
			snprintf(ts->sel_name, sizeof(ts->sel_name), "%s",
				 t->row_name(table_row(t, ts->sel_row)));
	}
}

int ui_table_draw(struct view *v, const struct table_src *t, int y, int h, bool focus)
{
	int widths[32], n, i, x, col = sort_col(v->ts, t);
	bool desc = sort_desc(v->ts, t);
	size_t *order, r;
	char cell[512];

	if (h < 1 || t->nr_cols > 32)
		return 0;
	n = table_layout(t, v->w, widths);
	wattrset(v->win, ui_attr(UI_HEADER));
	for (i = 0, x = v->x; i < n; i++) {
		/* the sort column carries v (descending) or ^ (ascending) */
		snprintf(cell, sizeof(cell), "%s%s", t->cols[i].name,
			 i == col ? (desc ? "v" : "^") : "");
		ui_put(v->win, y, x, cell, widths[i], t->cols[i].left);
		x += widths[i];
		if (x - v->x < v->w)
			mvwaddch(v->win, y, x++, ' ');
	}
	if (x - v->x < v->w)
		ui_put(v->win, y, x, "", v->w - (x - v->x), true);
	wattrset(v->win, ui_attr(UI_NORMAL));
	order = malloc((t->nr_rows + 1) * sizeof(*order));
	if (!order)
		return 1;
	table_sort(t, order, col, desc);
	if (focus)
		follow_selection(v->ts, t, order);
	h--;
	if (v->ts->selected < v->ts->scroll)
		v->ts->scroll = v->ts->selected;
	if (h > 0 && v->ts->selected >= v->ts->scroll + h)
		v->ts->scroll = v->ts->selected - h + 1;
	if (v->ts->scroll > t->nr_rows)
		v->ts->scroll = 0;
	for (r = v->ts->scroll; r < t->nr_rows && (int)(r - v->ts->scroll) < h; r++) {
		const void *row = table_row(t, order[r]);
		int ry = y + 1 + (int)(r - v->ts->scroll);

		wattrset(v->win, ui_attr(focus && r == v->ts->selected ? UI_SELECTED : UI_NORMAL));
		for (i = 0, x = v->x; i < n; i++) {
			t->cols[i].format(row, t->interval_s, cell, sizeof(cell));
			ui_put(v->win, ry, x, cell, widths[i], t->cols[i].left);
			if (i < n - 1)
				waddch(v->win, ' ');
			x += widths[i] + 1;
		}
	}
	wattrset(v->win, ui_attr(UI_NORMAL));
	free(order);
	return 1 + (int)(r - v->ts->scroll);
}
