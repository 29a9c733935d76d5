// SPDX-License-Identifier: GPL-2.0
/* f: one container or VM across every pane; the overview's list; its keys. */
#include <stdio.h>
#include <string.h>
#include <curses.h>
#include "escape.h"
#include "focus.h"
#include "table.h"
#include "ui_state.h"
#include "views.h"

static void set_focus(struct ui *u, const struct focus *f)
{
	char what[300], esc[400], msg[500];

	u->focus = *f;
	u->filter.focus = &u->focus;
	focus_describe(f, what, sizeof(what));
	esc_cstr(what, esc, sizeof(esc));
	snprintf(msg, sizeof(msg), "focus on %s in every pane: Esc clears", esc);
	ui_set_notice(u, msg);
}

static void clear_focus(struct ui *u)
{
	u->focus.kind = FOCUS_NONE;
	u->filter.focus = NULL;
}

/* The row of @t the selection of @ts is on, as last drawn. */
static const void *selected_row(const struct table_state *ts, const struct table_src *t)
{
	const void *row;

	if (!ts->has_sel || ts->sel_row >= t->nr_rows)
		return NULL;
	row = table_row(t, ts->sel_row);
	if (t->row_name && strcmp(t->row_name(row), ts->sel_name))
		return NULL;
	return row;
}

/* f on a pane's row: its container or VM; again on the same one: all. */
static void focus_selected(struct ui *u)
{
	struct table_src t;
	const void *row;
	struct focus f;

	if (u->overview) {
		if (u->who_ts.has_sel && u->who_ts.sel_row < u->who.nr)
			set_focus(u, &u->who.rows[u->who_ts.sel_row].who);
		else
			ui_set_notice(u, "no container or VM to focus on");
		return;
	}
	if (!ui_current_table(u, &t) || !(row = selected_row(&u->ts[u->current], &t))) {
		ui_set_notice(u, "f focuses on the selected row's container or VM");
		return;
	}
	if (!focus_of_row(&f, &t, row)) {
		ui_set_notice(u, "this row is about no one container, cgroup or VM");
		return;
	}
	if (u->focus.kind != FOCUS_NONE && focus_equal(&f, &u->focus)) {
		clear_focus(u);
		ui_set_notice(u, "focus cleared: every container and VM");
		return;
	}
	set_focus(u, &f);
}

static void toggle_heatmap(struct ui *u)
{
	struct table_src t;

	if (!u->overview && ui_current_table(u, &t) && !heat_table_has_hist(&t)) {
		ui_set_notice(u, "heatmaps: panes 1, 3 and 5 (latency), and 0 for the host");
		return;
	}
	u->heatmap = !u->heatmap;
	u->detail = false;
}

/* Up, Down, Enter and the rest on the overview's list. */
static bool overview_key(struct ui *u, int ch)
{
	struct table_state *ts = &u->who_ts;
	size_t n = ts->nr_shown;

	switch (ch) {
	case KEY_UP:
		ui_table_move(ts, -1, n);
		return true;
	case KEY_DOWN:
		ui_table_move(ts, 1, n);
		return true;
	case KEY_PPAGE:
		ui_table_move(ts, -10, n);
		return true;
	case KEY_NPAGE:
		ui_table_move(ts, 10, n);
		return true;
	case KEY_HOME:
		ui_table_move(ts, -(long)n, n);
		return true;
	case KEY_END:
		ui_table_move(ts, (long)n, n);
		return true;
	case '\n':
	case '\r':
	case KEY_ENTER:
		focus_selected(u);
		return true;
	default:
		return false;
	}
}

/* A click on the focus line clears it; on the overview's list, a row is
 * selected, and a click on the selected row focuses on it. Other clicks go
 * back to keys.c. */
static bool mouse(struct ui *u)
{
	struct table_state *ts = &u->who_ts;
	MEVENT ev;
	size_t row;

	if (getmouse(&ev) != OK)
		return true;
	if (!(ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) || u->help)
		goto other;
	if (u->focus.kind != FOCUS_NONE && ev.y == u->focus_y) {
		clear_focus(u);
		ui_set_notice(u, "focus cleared: every container and VM");
		return true;
	}
	/* below the heatmap view's few rows of table: no row to select */
	if (u->heatmap && !u->overview && ev.y >= u->heat_y)
		return true;
	if (!u->overview || ev.y <= ts->header_y ||
	    (row = (size_t)(ev.y - ts->header_y - 1) + ts->scroll) >= ts->nr_shown ||
	    ev.y > ts->header_y + (int)ts->nr_shown)
		goto other;
	if (row == ts->selected && ts->has_sel)
		focus_selected(u);
	ts->selected = row;
	ts->sel_name[0] = '\0';
	return true;
other:
	ungetmouse(&ev);
	return false;
}

bool ui_focus_key(struct ui *u, int ch)
{
	if (u->help && ch != KEY_ESC)
		return false;
	switch (ch) {
	case 'f':
		focus_selected(u);
		return true;
	case 'm':
		toggle_heatmap(u);
		return true;
	case KEY_ESC:
		if (u->help || u->detail)
			return false;
		if (u->heatmap) {
			u->heatmap = false;
			return true;
		}
		if (u->focus.kind != FOCUS_NONE) {
			clear_focus(u);
			ui_set_notice(u, "focus cleared: every container and VM");
		}
		return false; /* keys.c clears the filter too */
	case KEY_MOUSE:
		return mouse(u);
	case '\n':
	case '\r':
	case KEY_ENTER:
		if (u->heatmap && !u->overview)
			u->heatmap = false; /* and keys.c opens the detail */
		return u->overview && !u->heatmap && overview_key(u, ch);
	default:
		return u->overview && !u->heatmap && overview_key(u, ch);
	}
}

void ui_focus_line(struct ui *u, struct view *v)
{
	char what[300], esc[400], line[600], extra[80] = "";
	struct table_src t;

	u->focus_y = -1;
	u->heat_y = LINES; /* until a heatmap view is drawn in this frame */
	if (u->focus.kind == FOCUS_NONE || v->h < 4)
		return;
	if (ui_current_table(u, &t) && focus_table_has_identity(&t)) {
		size_t n = 0, i;

		/* whether anything of it is in this pane's table */
		for (i = 0; i < t.nr_rows && !n; i++)
			n = focus_match(&u->focus, &t, table_row(&t, i));
		if (!n)
			snprintf(extra, sizeof(extra), "  (nothing of it in this pane %s)",
				 v->span ?: "this interval");
	}
	focus_describe(&u->focus, what, sizeof(what));
	esc_cstr(what, esc, sizeof(esc));
	snprintf(line, sizeof(line), "Focus: %s%s  [Esc clears]", esc, extra);
	wattrset(v->win, ui_attr(UI_TAB_ACTIVE));
	ui_put(v->win, v->y, v->x, line, v->w, true);
	wattrset(v->win, ui_attr(UI_NORMAL));
	u->focus_y = v->y;
	v->y++;
	v->h--;
}
