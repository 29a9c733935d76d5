// SPDX-License-Identifier: GPL-2.0
/* The interactive loop: tabs, keys, refresh timing, resize. */
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <curses.h>
#include "clock.h"
#include "options.h"
#include "pane.h"
#include "table.h"
#include "outfile.h"
#include "replay.h"
#include "schema.h"
#include "snapshot.h"
#include "theme.h"
#include "units.h"
#include "header.h"
#include "ui.h"
#include "view.h"
#include "views.h"
#include "ui_state.h"

/* what t cycles through */
static const char *const theme_names[] = { "default", "light", "mono", "high-contrast" };

void ui_set_notice(struct ui *u, const char *msg)
{
	snprintf(u->notice, sizeof(u->notice), "%s", msg);
	clock_gettime(CLOCK_MONOTONIC, &u->notice_until);
	u->notice_until.tv_sec += 4;
}

/* Loads a theme; on failure says why (line and reason, never the line's
 * text) and keeps the default. */
void ui_load_theme(struct ui *u, const char *name, bool to_stderr)
{
	struct theme_diag diags[4];
	char path[512] = "", msg[200];
	int nr = 0, err, i;

	err = theme_load(name, CVTOP_DATADIR, &u->theme, diags, 4, &nr, path, sizeof(path));
	if (err == -ENOENT) {
		snprintf(msg, sizeof(msg), "theme %s: not found; using the default", name);
	} else if (err) {
		snprintf(msg, sizeof(msg), "theme %s: %s; using the default", path,
			 nr ? "" : strerror(-err));
		for (i = 0; i < nr && i < 4; i++) {
			if (!diags[i].error)
				continue;
			snprintf(msg, sizeof(msg), "theme %s: line %d: %s; using the default", path,
				 diags[i].line, diags[i].msg);
			break;
		}
	} else if (nr) {
		snprintf(msg, sizeof(msg), "theme %s: line %d: %s", path, diags[0].line,
			 diags[0].msg);
	} else {
		snprintf(msg, sizeof(msg), "theme %s", u->theme.name);
	}
	if (to_stderr && (err || nr))
		fprintf(stderr, "cvtop: %s\n", msg);
	ui_set_notice(u, msg);
}

void ui_next_theme(struct ui *u)
{
	u->theme_idx = (u->theme_idx + 1) % (int)(sizeof(theme_names) / sizeof(theme_names[0]));
	ui_load_theme(u, theme_names[u->theme_idx], false);
	ui_theme_apply(&u->theme);
}

static const char *tab_title(struct ui *u, int i, bool brief)
{
	if (i < 0)
		return brief ? "All" : "Overview";
	return brief && u->panes[i].def->short_title ? u->panes[i].def->short_title
						     : u->panes[i].def->title;
}

static void draw_tabs(struct ui *u)
{
	char tab[64];
	int i, x = 0, full = 0;
	bool brief;

	move(0, 0);
	clrtoeol();
	for (i = -1; i < nr_pane_defs; i++)
		full += (int)strlen(tab_title(u, i, false)) + 5;
	/* long titles only when they leave room for the clock */
	brief = full > COLS - 16;
	for (i = -1; i < nr_pane_defs && x < COLS; i++) {
		bool active = i < 0 ? u->overview : !u->overview && i == u->current;
		int w;

		snprintf(tab, sizeof(tab), " %d %s ", i + 1, tab_title(u, i, brief));
		w = (int)strlen(tab) < COLS - x ? (int)strlen(tab) : COLS - x;
		attrset(ui_attr(active ? UI_TAB_ACTIVE : UI_TAB));
		ui_put(stdscr, 0, x, tab, w, true);
		u->tab_x[i + 1] = x;
		u->tab_w[i + 1] = w;
		x += w;
		attrset(ui_attr(UI_NORMAL));
		if (x < COLS)
			mvaddch(0, x++, ' ');
	}
	if (panes_cumulative_s(u->panes) > 0) {
		char span[16];

		fmt_elapsed(span, sizeof(span), panes_cumulative_s(u->panes));
		snprintf(tab, sizeof(tab), "%s  all %s", u->when, span);
	} else {
		snprintf(tab, sizeof(tab), "%s  %.1fs", u->when, u->interval);
	}
	if (x + (int)strlen(tab) < COLS)
		ui_put(stdscr, 0, COLS - (int)strlen(tab), tab, (int)strlen(tab), false);
}

static void draw_status(struct ui *u)
{
	struct table_src t;
	struct pane *p = &u->panes[u->current];
	char line[512];

	move(1, 0);
	clrtoeol();
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (u->overview && !u->editing_filter && !u->replay &&
	    !(u->notice[0] && ts_diff(&u->notice_until, &now) > 0)) {
		snprintf(line, sizeof(line), "Overview: the worst rows of every pane%s",
			 u->paused ? "  [paused]" : "");
		attrset(ui_attr(UI_DIM));
	} else if (u->editing_filter) {
		snprintf(line, sizeof(line), "filter: %s_  (Enter keeps it, Esc clears it)",
			 u->filter_text);
		attrset(ui_attr(UI_WARN));
	} else if (u->notice[0] && ts_diff(&u->notice_until, &now) > 0) {
		snprintf(line, sizeof(line), "%s", u->notice);
		attrset(ui_attr(UI_WARN));
	} else if (u->replay) {
		snprintf(line, sizeof(line), "replay %zu/%zu %s%s%s%s", u->replay_pos + 1,
			 u->replay->nr, u->replay->time, u->paused ? "  [paused]" : "",
			 u->replay->stopped_line ? "  (the recording stops at a damaged line)" : "",
			 u->filter_text[0] ? "  [filtered]" : "");
		attrset(ui_attr(UI_WARN));
	} else if (p->status == PANE_OK) {
		char vcpu[40] = "", state[300];
		int room;

		if (u->filter.group && ui_current_table(u, &t) && t.row_group)
			snprintf(vcpu, sizeof(vcpu), "  [vCPU thread %ld]", u->filter.group);
		snprintf(state, sizeof(state), "%s%s%s%s%s%s",
			 p->cumulative ? "  [cumulative since start]" : "", vcpu,
			 u->paused ? "  [paused]" : "", u->filter_text[0] ? "  [filter: " : "",
			 u->filter_text, u->filter_text[0] ? "]" : "");
		if (p->untracked)
			snprintf(state + strlen(state), sizeof(state) - strlen(state),
				 "  [%llu events not tracked since start: map full or busy]",
				 (unsigned long long)p->untracked);
		/* what the operator set stays in sight: the method gives way */
		snprintf(line, sizeof(line), "%s via %s", p->def->title, p->method);
		room = COLS - (int)strlen(state);
		if (room > 24 && (int)strlen(line) > room)
			snprintf(line + room - 3, sizeof(line) - room + 3, "...");
		snprintf(line + strlen(line), sizeof(line) - strlen(line), "%s", state);
		attrset(ui_attr(UI_DIM));
	} else {
		snprintf(line, sizeof(line), "%s: unavailable", p->def->title);
		attrset(ui_attr(UI_WARN));
	}
	ui_put(stdscr, 1, 0, line, COLS, true);
	attrset(ui_attr(UI_NORMAL));
}

static void draw_footer(struct ui *u)
{
	char keys[200];

	if (u->detail)
		snprintf(keys, sizeof(keys), "Esc back  0-%d panes  h help  q quit", nr_pane_defs);
	else
		snprintf(keys, sizeof(keys),
			 "0-%d/Tab panes  Enter detail  < > sort  r reverse  c %s  "
			 "i interval/total  f focus  m heatmap  h help  q quit",
			 nr_pane_defs,
			 u->filter.containers_only ? "show all cgroups" : "containers only");
	attrset(ui_attr(UI_HEADER));
	ui_put(stdscr, LINES - 1, 0, keys, COLS, true);
	attrset(ui_attr(UI_NORMAL));
}

static void draw(struct ui *u)
{
	struct pane *p = &u->panes[u->current];
	struct view v = { .win = stdscr,
			  .y = 2,
			  .x = 0,
			  .h = LINES - 3,
			  .w = COLS,
			  .ts = &u->ts[u->current],
			  .filter = &u->filter,
			  .utf8 = u->utf8,
			  .span = p->cumulative ? "since start" : "this interval" };

	erase();
	if (COLS < MIN_W || LINES < MIN_H) {
		mvprintw(0, 0, "cvtop needs %dx%d,", MIN_W, MIN_H);
		mvprintw(1, 0, "this is %dx%d", COLS, LINES);
		refresh();
		return;
	}
	draw_tabs(u);
	draw_status(u);
	if (!u->no_header && !u->help) {
		int rows = ui_header_draw(stdscr, v.y, COLS, ui_header_rows(LINES), u->utf8);

		v.y += rows;
		v.h -= rows;
	}
	if (!u->help)
		ui_focus_line(u, &v);
	if (u->help) {
		ui_help_draw(u->overview ? NULL : u->panes[u->current].def);
	} else if (u->overview && u->heatmap) {
		ui_heatmap_draw(u, &v, NULL);
	} else if (u->overview) {
		ui_overview_draw(&v, u->panes, nr_pane_defs, &u->who_ts, &u->who);
	} else if (p->status != PANE_OK) {
		char reason[1024];

		attrset(ui_attr(UI_WARN));
		mvaddstr(v.y + 1, 1, "unavailable: ");
		attrset(ui_attr(UI_NORMAL));
		snprintf(reason, sizeof(reason), "%s", p->reason);
		ui_put(stdscr, v.y + 1, 14, reason, COLS - 15, true);
	} else if (p->generation < 2) {
		/* the first refresh is the baseline the first interval is measured from */
		mvaddstr(v.y + 1, 1, "collecting the first interval...");
	} else if (u->heatmap && ui_heatmap_draw(u, &v, p)) {
		/* m: the selected row's latency over time */
	} else if (u->detail && p->def->view->draw_detail) {
		p->def->view->draw_detail(&v, p);
	} else {
		p->def->view->draw(&v, p);
	}
	draw_footer(u);
	refresh();
}

static int ms_until_refresh(struct ui *u)
{
	struct timespec now;
	double left;

	clock_gettime(CLOCK_MONOTONIC, &now);
	left = u->interval - ts_diff(&now, &u->last_refresh);
	return left <= 0 ? 0 : (int)(left * 1000) + 1;
}

static void record(struct ui *u, double interval_s)
{
	struct timespec wall;
	char msg[200], when[40];
	int err;

	if (!u->record)
		return;
	clock_gettime(CLOCK_REALTIME, &wall);
	snapshot_time(when, sizeof(when), &wall);
	snapshot_write_json(u->record, u->panes, when, interval_s);
	err = outfile_flush(u->record);
	if (!err)
		return;
	snprintf(msg, sizeof(msg), "recording stopped: %s", outfile_strerror(err));
	ui_set_notice(u, msg);
	fclose(u->record);
	u->record = NULL;
	u->record_err = err;
}

void ui_do_refresh(struct ui *u)
{
	struct timespec now, wall;
	double interval_s;
	bool baseline = !u->last_refresh_done;
	struct tm tm;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (u->replay) {
		u->last_refresh = now;
		if (u->replay_pos + 1 < u->replay->nr)
			ui_replay_to(u, u->replay_pos + 1);
		else
			u->paused = true; /* the end of the recording */
		return;
	}
	/* whole microseconds, like batch mode: a replay gets the same rates */
	interval_s = round_us(ts_diff(&now, &u->last_refresh));
	panes_refresh(u->panes, interval_s);
	u->last_refresh = now;
	u->last_refresh_done = true;
	clock_gettime(CLOCK_REALTIME, &wall);
	localtime_r(&wall.tv_sec, &tm);
	strftime(u->when, sizeof(u->when), "%H:%M:%S", &tm);
	if (!baseline) {
		record(u, interval_s);
		ui_header_update(u->panes, monotonic_s(), NULL);
		ui_heat_record(u);
	}
}

/* The current pane's main table, false when it has none to act on. */
bool ui_current_table(struct ui *u, struct table_src *t)
{
	struct pane *p = &u->panes[u->current];

	if (u->overview || p->status != PANE_OK || p->generation < 2)
		return false;
	pane_table(p, t);
	return true;
}

/* Frames while the panes attach: the screen is up before the BPF loads. */
static void starting_frame(const struct pane_def *def, int index, void *ctx)
{
	struct ui *u = ctx;
	char line[200];

	erase();
	draw_tabs(u);
	snprintf(line, sizeof(line), "attaching %s (%d of %d)...", def->title, index + 1,
		 nr_pane_defs);
	attrset(ui_attr(UI_DIM));
	ui_put(stdscr, 1, 0, line, COLS, true);
	attrset(ui_attr(UI_NORMAL));
	draw_footer(u);
	refresh();
}

int ui_run(struct pane *panes, const struct options *o, volatile sig_atomic_t *stop,
	   struct replay *replay)
{
	struct ui u = {
		.panes = panes, .interval = o->interval, .replay = replay, .no_header = o->no_header
	};
	int ch, i, err;

	if (o->record) {
		err = outfile_open(o->record, &u.record);
		if (err) {
			fprintf(stderr, "cvtop: cannot record to %s: %s\n", o->record,
				outfile_strerror(err));
			return err;
		}
	}
	u.filter.substring = u.filter_text;
	u.focus_y = -1;
	u.who_ts.sort_col = -1;
	theme_default(&u.theme);
	if (o->theme)
		ui_load_theme(&u, o->theme, true);
	for (i = 0; o->theme && i < (int)(sizeof(theme_names) / sizeof(theme_names[0])); i++) {
		if (!strcmp(o->theme, theme_names[i]))
			u.theme_idx = i;
	}
	for (i = 0; i < (int)(sizeof(u.ts) / sizeof(u.ts[0])); i++)
		u.ts[i].sort_col = -1;
	setlocale(LC_ALL, "");
	/* numbers in JSON and /proc stay "1.5" whatever the user's locale */
	setlocale(LC_NUMERIC, "C");
	u.utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
	if (!initscr())
		return -ENOTTY;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	/* tmux and screen send these for Home and End whatever TERM says */
	define_key("\033[1~", KEY_HOME);
	define_key("\033[4~", KEY_END);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED, NULL);
	mouseinterval(0);
	ui_theme_start();
	ui_theme_apply(&u.theme);
	if (!replay) {
		for (i = 0; i < nr_pane_defs; i++)
			panes[i].def = pane_defs[i];
		err = panes_open(panes, starting_frame, &u);
		if (err) {
			endwin();
			return err;
		}
		panes_set_cumulative(panes, o->cumulative);
	}
	clock_gettime(CLOCK_MONOTONIC, &u.last_refresh);
	/* the first frame comes before the first interval is over */
	draw(&u);
	if (replay)
		ui_replay_to(&u, 0);
	else
		ui_do_refresh(&u);
	while (!*stop) {
		draw(&u);
		timeout(ms_until_refresh(&u));
		ch = getch();
		if (ch == ERR) {
			/* paused: the kernel keeps counting; the next refresh
			 * after the pause covers all of it */
			if (!ms_until_refresh(&u) && !u.paused)
				ui_do_refresh(&u);
			continue;
		}
		if (ch == KEY_RESIZE)
			continue;
		if (u.editing_filter) {
			ui_edit_filter(&u, ch);
			continue;
		}
		if (!ui_handle_key(&u, ch))
			break;
	}
	endwin();
	ui_heat_free(&u);
	suffer_free(&u.who);
	if (u.record && (err = outfile_close(u.record)))
		u.record_err = err;
	if (u.record_err)
		fprintf(stderr, "cvtop: recording to %s: %s\n", o->record,
			outfile_strerror(u.record_err));
	return u.record_err;
}
