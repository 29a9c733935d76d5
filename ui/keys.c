// SPDX-License-Identifier: GPL-2.0
/* What each key (and mouse click) of the interactive UI does. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <curses.h>
#include "clock.h"
#include "outfile.h"
#include "replay.h"
#include "snapshot.h"
#include "ui_state.h"
#include "views.h"
#include "header.h"

static const double intervals[] = { 0.2, 0.5, 1, 2, 5, 10, 30, 60 };

/* the next step up (or down) from the current interval */
static void step_interval(struct ui *u, int dir)
{
	int i, n = sizeof(intervals) / sizeof(intervals[0]);
	double next = u->interval;
	char msg[64];

	for (i = 0; i < n; i++) {
		int j = dir > 0 ? i : n - 1 - i;

		if ((dir > 0 && intervals[j] > u->interval + 1e-9) ||
		    (dir < 0 && intervals[j] < u->interval - 1e-9)) {
			next = intervals[j];
			break;
		}
	}
	u->interval = next;
	snprintf(msg, sizeof(msg), "refresh every %.1f s", u->interval);
	ui_set_notice(u, msg);
}

/* "/": typing a filter; false when the key was not for it */
void ui_edit_filter(struct ui *u, int ch)
{
	size_t n = strlen(u->filter_text);

	if (ch == KEY_ESC) {
		u->filter_text[0] = '\0';
		u->editing_filter = false;
	} else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		u->editing_filter = false;
	} else if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		if (n)
			u->filter_text[n - 1] = '\0';
	} else if (ch >= 0x20 && ch < 0x7f && n + 1 < sizeof(u->filter_text)) {
		u->filter_text[n] = (char)ch;
		u->filter_text[n + 1] = '\0';
	}
	u->filter.substring = u->filter_text;
}

/* Shows recorded snapshot @i; its time in the tabs line. */
void ui_replay_to(struct ui *u, size_t i)
{
	if (i >= u->replay->nr || replay_show(u->replay, i, u->panes))
		return;
	u->replay_pos = i;
	ui_header_update(u->panes, 0, u->replay->time);
	ui_heat_replayed(u, i);
	/* "2026-11-25T20:08:53.479Z": the clock part */
	snprintf(u->when, sizeof(u->when), "%.8s",
		 strlen(u->replay->time) > 11 ? u->replay->time + 11 : u->replay->time);
	u->interval = u->replay->interval_s;
}

/* Interval or cumulative figures, shown at once. */
static void toggle_cumulative(struct ui *u)
{
	bool on = !u->panes[u->current].cumulative;

	if (u->replay) {
		ui_set_notice(u,
			      on ? "a recording holds what was recorded: this one is per interval"
				 : "a recording holds what was recorded: this one is cumulative");
		return;
	}
	panes_set_cumulative(u->panes, on);
	ui_set_notice(u, on ? "cumulative: everything since cvtop started (i: per interval)"
			    : "per interval: since the last refresh (i: cumulative)");
	if (!u->paused)
		ui_do_refresh(u);
}

/* The next vCPU thread's rows alone, then all again. */
static void next_vcpu(struct ui *u, const struct table_src *t)
{
	char msg[120];

	if (!t || !t->row_group) {
		ui_set_notice(u, "v picks a vCPU thread in the KVM exit table (pane 5)");
		return;
	}
	u->filter.group = table_next_group(t, u->filter.group);
	if (u->filter.group)
		snprintf(msg, sizeof(msg), "vCPU thread %ld only: v for the next, Esc for all",
			 u->filter.group);
	else
		snprintf(msg, sizeof(msg), "all vCPU threads and VMs");
	ui_set_notice(u, msg);
	u->ts[u->current].has_sel = false;
}

/* -1 is the overview (pane 0) */
static void switch_pane(struct ui *u, int i)
{
	i = (i + 1 + nr_pane_defs + 1) % (nr_pane_defs + 1) - 1;
	u->overview = i < 0;
	if (i >= 0)
		u->current = i;
	u->detail = false;
	u->help = false;
}

static int shown_pane(struct ui *u)
{
	return u->overview ? -1 : u->current;
}

/* A click: a tab switches pane, a column header sorts, a row selects. */
static void click(struct ui *u, const struct table_src *t)
{
	struct table_state *ts = &u->ts[u->current];
	MEVENT ev;
	int i;

	if (getmouse(&ev) != OK || !(ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)))
		return;
	if (ev.y == 0) {
		for (i = 0; i <= nr_pane_defs; i++) {
			if (ev.x >= u->tab_x[i] && ev.x < u->tab_x[i] + u->tab_w[i])
				switch_pane(u, i - 1);
		}
		return;
	}
	/* a figure of the summary header opens the pane it comes from */
	if (!u->no_header && !u->help && ui_header_click(ev.y, ev.x) >= 0) {
		switch_pane(u, ui_header_click(ev.y, ev.x));
		return;
	}
	if (!t || u->help || u->detail)
		return;
	if (ev.y == ts->header_y) {
		ui_table_click(ts, t, ev.x);
	} else if (ev.y > ts->header_y &&
		   (size_t)(ev.y - ts->header_y - 1) + ts->scroll < ts->nr_shown) {
		ts->selected = ev.y - ts->header_y - 1 + ts->scroll;
		ts->sel_name[0] = '\0';
	}
}

/* false when the user quits */
bool ui_handle_key(struct ui *u, int ch)
{
	struct table_state *ts = &u->ts[u->current];
	long page = LINES - 5 > 1 ? LINES - 5 : 1;
	struct table_src t = { 0 };
	bool has_table = ui_current_table(u, &t);
	size_t n = has_table ? ts->nr_shown : 0;

	if (ui_focus_key(u, ch))
		return true;
	switch (ch) {
	case 'q':
	case 'Q':
		return false;
	case '0' ... '9':
		if (ch - '1' < nr_pane_defs)
			switch_pane(u, ch - '1');
		break;
	case KEY_TAB:
		switch_pane(u, shown_pane(u) + 1);
		break;
	case KEY_BTAB:
		switch_pane(u, shown_pane(u) - 1);
		break;
	case KEY_MOUSE:
		click(u, has_table ? &t : NULL);
		break;
	case 'c':
		u->filter.containers_only = !u->filter.containers_only;
		break;
	case 'h':
	case '?':
		u->help = !u->help;
		break;
	case KEY_ESC:
		if (!u->help && !u->detail) {
			u->filter_text[0] = '\0';
			u->filter.group = 0;
		}
		u->help = false;
		u->detail = false;
		break;
	case '/':
		u->editing_filter = true;
		break;
	case ' ':
		u->paused = !u->paused;
		break;
	case KEY_LEFT:
	case ',':
		if (u->replay && u->replay_pos > 0) {
			u->paused = true;
			ui_replay_to(u, u->replay_pos - 1);
		}
		break;
	case KEY_RIGHT:
	case '.':
		if (u->replay && u->replay_pos + 1 < u->replay->nr) {
			u->paused = true;
			ui_replay_to(u, u->replay_pos + 1);
		}
		break;
	case 'i':
		toggle_cumulative(u);
		break;
	case 'v':
		next_vcpu(u, has_table ? &t : NULL);
		break;
	case '+':
		step_interval(u, 1);
		break;
	case '-':
		step_interval(u, -1);
		break;
	case 't':
		ui_next_theme(u);
		break;
	case 'H':
		u->no_header = !u->no_header;
		ui_set_notice(u, u->no_header ? "summary header off (H: on)"
					      : "summary header on (H: off)");
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
		if (u->panes[u->current].def->view->draw_detail && ts->has_sel)
			u->detail = !u->detail;
		break;
	case KEY_UP:
		ui_table_move(ts, -1, n);
		break;
	case KEY_DOWN:
		ui_table_move(ts, 1, n);
		break;
	case KEY_PPAGE:
		ui_table_move(ts, -page, n);
		break;
	case KEY_NPAGE:
		ui_table_move(ts, page, n);
		break;
	case KEY_HOME:
		ui_table_move(ts, -(long)n, n);
		break;
	case KEY_END:
		ui_table_move(ts, (long)n, n);
		break;
	case '<':
	case '>':
	case 'r':
		if (has_table)
			ui_table_sort_step(ts, &t, ch == '<' ? -1 : ch == '>' ? 1 : 0);
		break;
	default:
		break;
	}
	return true;
}
