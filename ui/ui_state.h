/* SPDX-License-Identifier: GPL-2.0 */
/* The interactive UI's state, shared by ui.c (the loop, drawing), keys.c
 * (what each key does) and help.c. */
#ifndef CVTOP_UI_STATE_H
#define CVTOP_UI_STATE_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>
#include "focus.h"
#include "heatring.h"
#include "pane.h"
#include "suffer.h"
#include "table.h"
#include "theme.h"
#include "view.h"

#define MIN_W 60
#define MIN_H 10
#define KEY_ESC 27
#define KEY_TAB '\t'

struct ui {
	struct pane *panes;
	int current;
	bool detail, help;
	struct table_state ts[PANE_MAX];
	struct table_filter filter;
	double interval;
	bool utf8;
	bool paused;
	struct timespec last_refresh;
	char when[16];
	struct theme theme;
	int theme_idx;
	char notice[200]; /* shown in the status line until notice_until */
	struct timespec notice_until;
	bool editing_filter;
	char filter_text[64];
	bool last_refresh_done;
	FILE *record; /* --record */
	int record_err; /* why the recording stopped (the exit status) */
	struct replay *replay; /* --replay */
	size_t replay_pos;
	bool overview; /* pane 0 */
	bool no_header; /* H, --no-header: no summary header */
	int tab_x[PANE_MAX + 1], tab_w[PANE_MAX + 1]; /* [0] the overview, [i + 1] pane i */
	/* focus.c: f, one container or VM across every pane (filter.focus) */
	struct focus focus;
	int focus_y; /* the row of the focus line, -1 when not shown */
	struct table_state who_ts; /* the overview's containers and VMs */
	struct suffer_list who; /* as last drawn */
	/* heatmap.c: m, and every pane's history of latency histograms */
	bool heatmap;
	struct heat_ring heat[PANE_MAX];
	int heat_y; /* the first row below the heatmap view's table */
	bool heat_fed; /* replay: heat_pos is the snapshot last fed */
	size_t heat_pos;
};

/* ui.c */
void ui_set_notice(struct ui *u, const char *msg);
void ui_load_theme(struct ui *u, const char *name, bool to_stderr);
void ui_do_refresh(struct ui *u);
bool ui_current_table(struct ui *u, struct table_src *t);
void ui_next_theme(struct ui *u);
/* keys.c: false when the key quits; the filter being typed */
bool ui_handle_key(struct ui *u, int ch);
void ui_edit_filter(struct ui *u, int ch);
/* replay: show snapshot @i */
void ui_replay_to(struct ui *u, size_t i);
/* focus.c: keys f, Esc, m and the overview's list; true when @ch was
 * handled (then keys.c does nothing more with it) */
bool ui_focus_key(struct ui *u, int ch);
/* the line that says what is focused, at the top of @v (taken from it) */
void ui_focus_line(struct ui *u, struct view *v);
/* heatmap.c: feeds every pane's history after a refresh; after replay
 * showed snapshot @i (rebuilding the history after a jump) */
void ui_heat_record(struct ui *u);
void ui_heat_replayed(struct ui *u, size_t i);
/* the heatmap view of pane @p (NULL: the host's of every pane); false when
 * the pane has no latency histograms */
bool ui_heatmap_draw(struct ui *u, struct view *v, struct pane *p);
void ui_heat_free(struct ui *u);
/* help.c: the keys, then what the columns of @def mean (NULL: the overview) */
void ui_help_draw(const struct pane_def *def);

#endif
