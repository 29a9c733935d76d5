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
#include "ui.h"
#include "view.h"
#include "views.h"

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
	struct replay *replay; /* --replay */
	size_t replay_pos;
	bool overview; /* pane 0 */
	int tab_x[PANE_MAX + 1], tab_w[PANE_MAX + 1]; /* [0] the overview, [i + 1] pane i */
};

/* what t cycles through */
static const char *const theme_names[] = { "default", "light", "mono", "high-contrast" };

static void set_notice(struct ui *u, const char *msg)
{
	snprintf(u->notice, sizeof(u->notice), "%s", msg);
	clock_gettime(CLOCK_MONOTONIC, &u->notice_until);
	u->notice_until.tv_sec += 4;
}

/* Loads a theme; on failure says why (line and reason, never the line's
 * text) and keeps the default. */
static void load_theme(struct ui *u, const char *name, bool to_stderr)
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
	set_notice(u, msg);
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

static bool current_table(struct ui *u, struct table_src *t);

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
		char vcpu[40] = "";

		if (u->filter.group && current_table(u, &t) && t.row_group)
			snprintf(vcpu, sizeof(vcpu), "  [vCPU thread %ld]", u->filter.group);
		snprintf(line, sizeof(line), "%s via %s%s%s%s%s%s%s", p->def->title, p->method,
			 p->cumulative ? "  [cumulative since start]" : "", vcpu,
			 u->paused ? "  [paused]" : "", u->filter_text[0] ? "  [filter: " : "",
			 u->filter_text, u->filter_text[0] ? "]" : "");
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
			 "i interval/total  h help  q quit",
			 nr_pane_defs,
			 u->filter.containers_only ? "show all cgroups" : "containers only");
	attrset(ui_attr(UI_HEADER));
	ui_put(stdscr, LINES - 1, 0, keys, COLS, true);
	attrset(ui_attr(UI_NORMAL));
}

static const char *const help_lines[] = {
	"cvtop keys",
	"",
	"  0            overview: the worst rows of every pane",
	NULL, /* the panes' keys: 1 to nr_pane_defs */
	"  mouse        click a tab, a column header (sort), a row (select)",
	"  Tab, S-Tab   next, previous pane",
	"  Up, Down     move the selection; PgUp, PgDn, Home, End too",
	"  Enter        detail of the selected row (latency histogram)",
	"  Esc          back from the detail or this help",
	"  <  >         sort by the previous / next column",
	"  r            reverse the sort",
	"  c            containers only / all cgroups",
	"  /            filter rows by name (substring); Esc clears it",
	"  space        pause the display (collection goes on in the kernel)",
	"  +  -         longer / shorter refresh interval",
	"  i            figures per interval / cumulative since start",
	"  v            KVM exits: one vCPU thread at a time (cycles; Esc: all)",
	"  t            next theme (default, light, mono, high-contrast)",
	"  Left Right   replay: previous / next snapshot (also , and .)",
	"  h  ?         this help",
	"  q            quit",
	""
};

/* what the columns of the pane mean, from its fields, under the keys */
static int draw_pane_help(const struct pane_def *def, int y)
{
	const char *lines[32];
	char buf[4096];
	struct table_src t;
	int n, i;

	if (!def->fields)
		return y;
	ui_put(stdscr, y++, 1, def->help ? def->help : def->title, COLS - 2, true);
	schema_field_table(def->main_table, NULL, 0, &t);
	n = schema_help_lines(def->main_table->table, lines, buf, sizeof(buf), 32);
	for (i = 0; i < n && y < LINES - 1; i++)
		ui_put(stdscr, y++, 1, lines[i], COLS - 2, true);
	if (def->help_more && y < LINES - 1)
		ui_put(stdscr, y++, 1, def->help_more, COLS - 2, true);
	return y;
}

static void draw_help(struct ui *u)
{
	const struct pane_def *def = u->overview ? NULL : u->panes[u->current].def;
	int y = 2;
	size_t i;

	for (i = 0; i < sizeof(help_lines) / sizeof(help_lines[0]) && y < LINES - 1; i++) {
		char line[160];

		snprintf(line, sizeof(line), "  1-%-10d show pane 1 (%s) to %d (%s)", nr_pane_defs,
			 pane_defs[0]->title, nr_pane_defs, pane_defs[nr_pane_defs - 1]->title);
		ui_put(stdscr, y++, 1, help_lines[i] ? help_lines[i] : line, COLS - 2, true);
	}
	if (!def)
		return;
	draw_pane_help(def, y + 1);
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
	if (u->help) {
		draw_help(u);
	} else if (u->overview) {
		ui_overview_draw(&v, u->panes, nr_pane_defs);
	} else if (p->status != PANE_OK) {
		char reason[1024];

		attrset(ui_attr(UI_WARN));
		mvaddstr(3, 1, "unavailable: ");
		attrset(ui_attr(UI_NORMAL));
		snprintf(reason, sizeof(reason), "%s", p->reason);
		ui_put(stdscr, 3, 14, reason, COLS - 15, true);
	} else if (p->generation < 2) {
		/* the first refresh is the baseline the first interval is measured from */
		mvaddstr(3, 1, "collecting the first interval...");
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
	set_notice(u, msg);
}

/* "/": typing a filter; false when the key was not for it */
static void edit_filter(struct ui *u, int ch)
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
static void replay_to(struct ui *u, size_t i)
{
	if (i >= u->replay->nr || replay_show(u->replay, i, u->panes))
		return;
	u->replay_pos = i;
	/* "2026-11-25T20:08:53.479Z": the clock part */
	snprintf(u->when, sizeof(u->when), "%.8s",
		 strlen(u->replay->time) > 11 ? u->replay->time + 11 : u->replay->time);
	u->interval = u->replay->interval_s;
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
	snprintf(msg, sizeof(msg), "recording stopped: %s", strerror(-err));
	set_notice(u, msg);
	outfile_close(u->record);
	u->record = NULL;
}

static void do_refresh(struct ui *u)
{
	struct timespec now, wall;
	double interval_s;
	bool baseline = !u->last_refresh_done;
	struct tm tm;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (u->replay) {
		u->last_refresh = now;
		if (u->replay_pos + 1 < u->replay->nr)
			replay_to(u, u->replay_pos + 1);
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
	if (!baseline)
		record(u, interval_s);
}

/* Interval or cumulative figures, shown at once. */
static void toggle_cumulative(struct ui *u)
{
	bool on = !u->panes[u->current].cumulative;

	if (u->replay) {
		set_notice(u, on ? "a recording holds what was recorded: this one is per interval"
				 : "a recording holds what was recorded: this one is cumulative");
		return;
	}
	panes_set_cumulative(u->panes, on);
	set_notice(u, on ? "cumulative: everything since cvtop started (i: per interval)"
			 : "per interval: since the last refresh (i: cumulative)");
	if (!u->paused)
		do_refresh(u);
}

/* The next vCPU thread's rows alone, then all again. */
static void next_vcpu(struct ui *u, const struct table_src *t)
{
	char msg[120];

	if (!t || !t->row_group) {
		set_notice(u, "v picks a vCPU thread in the KVM exit table (pane 5)");
		return;
	}
	u->filter.group = table_next_group(t, u->filter.group);
	if (u->filter.group)
		snprintf(msg, sizeof(msg), "vCPU thread %ld only: v for the next, Esc for all",
			 u->filter.group);
	else
		snprintf(msg, sizeof(msg), "all vCPU threads and VMs");
	set_notice(u, msg);
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

/* The current pane's main table, false when it has none to act on. */
static bool current_table(struct ui *u, struct table_src *t)
{
	struct pane *p = &u->panes[u->current];

	if (u->overview || p->status != PANE_OK || p->generation < 2)
		return false;
	pane_table(p, t);
	return true;
}

/* false when the user quits */
static bool handle_key(struct ui *u, int ch)
{
	struct table_state *ts = &u->ts[u->current];
	long page = LINES - 5 > 1 ? LINES - 5 : 1;
	struct table_src t = { 0 };
	bool has_table = current_table(u, &t);
	size_t n = has_table ? ts->nr_shown : 0;

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
			replay_to(u, u->replay_pos - 1);
		}
		break;
	case KEY_RIGHT:
	case '.':
		if (u->replay && u->replay_pos + 1 < u->replay->nr) {
			u->paused = true;
			replay_to(u, u->replay_pos + 1);
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
		u->theme_idx =
			(u->theme_idx + 1) % (int)(sizeof(theme_names) / sizeof(theme_names[0]));
		load_theme(u, theme_names[u->theme_idx], false);
		ui_theme_apply(&u->theme);
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
	struct ui u = { .panes = panes, .interval = o->interval, .replay = replay };
	int ch, i, err;

	if (o->record) {
		err = outfile_open(o->record, &u.record);
		if (err) {
			fprintf(stderr, "cvtop: cannot record to %s: %s\n", o->record,
				err == -ELOOP ? "it is a symlink (refusing to follow it)"
					      : strerror(-err));
			return err;
		}
	}
	u.filter.substring = u.filter_text;
	theme_default(&u.theme);
	if (o->theme)
		load_theme(&u, o->theme, true);
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
		replay_to(&u, 0);
	else
		do_refresh(&u);
	while (!*stop) {
		draw(&u);
		timeout(ms_until_refresh(&u));
		ch = getch();
		if (ch == ERR) {
			/* paused: the kernel keeps counting; the next refresh
			 * after the pause covers all of it */
			if (!ms_until_refresh(&u) && !u.paused)
				do_refresh(&u);
			continue;
		}
		if (ch == KEY_RESIZE)
			continue;
		if (u.editing_filter) {
			edit_filter(&u, ch);
			continue;
		}
		if (!handle_key(&u, ch))
			break;
	}
	endwin();
	if (u.record && (err = outfile_close(u.record))) {
		fprintf(stderr, "cvtop: recording to %s: %s\n", o->record, strerror(-err));
		return err;
	}
	return 0;
}
