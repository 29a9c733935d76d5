// SPDX-License-Identifier: GPL-2.0
/* The interactive loop: tabs, keys, refresh timing, resize. */
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <curses.h>
#include "src/options.h"
#include "src/pane.h"
#include "src/table.h"
#include "ui.h"
#include "view.h"

#define MIN_W 60
#define MIN_H 10
#define KEY_ESC 27
#define KEY_TAB '\t'

struct ui {
	struct pane *panes;
	int current;
	bool detail, help;
	struct table_state ts[16];
	double interval;
	bool utf8;
	struct timespec last_refresh;
	char when[16];
};

static int attrs[UI_NR_ATTRS];

int ui_attr(enum ui_attr a)
{
	return attrs[a];
}

static void init_attrs(void)
{
	attrs[UI_NORMAL] = A_NORMAL;
	attrs[UI_TITLE] = A_BOLD;
	attrs[UI_HEADER] = A_REVERSE;
	attrs[UI_SELECTED] = A_REVERSE | A_BOLD;
	attrs[UI_DIM] = A_DIM;
	attrs[UI_WARN] = A_BOLD;
	attrs[UI_BAR] = A_NORMAL;
	attrs[UI_TAB] = A_NORMAL;
	attrs[UI_TAB_ACTIVE] = A_REVERSE | A_BOLD;
	if (!has_colors() || start_color() == ERR)
		return;
	use_default_colors();
	init_pair(1, COLOR_BLACK, COLOR_CYAN);
	init_pair(2, COLOR_YELLOW, -1);
	init_pair(3, COLOR_GREEN, -1);
	init_pair(4, COLOR_CYAN, -1);
	attrs[UI_HEADER] = COLOR_PAIR(1);
	attrs[UI_WARN] = COLOR_PAIR(2) | A_BOLD;
	attrs[UI_BAR] = COLOR_PAIR(3);
	attrs[UI_TITLE] = COLOR_PAIR(4) | A_BOLD;
	attrs[UI_TAB_ACTIVE] = COLOR_PAIR(1) | A_BOLD;
}

static double ts_diff(const struct timespec *a, const struct timespec *b)
{
	return (a->tv_sec - b->tv_sec) + (a->tv_nsec - b->tv_nsec) / 1e9;
}

static void draw_tabs(struct ui *u)
{
	char tab[64];
	int i, x = 0;

	move(0, 0);
	clrtoeol();
	for (i = 0; i < nr_pane_defs && x < COLS; i++) {
		snprintf(tab, sizeof(tab), " %d %s ", i + 1, u->panes[i].def->title);
		attrset(ui_attr(i == u->current ? UI_TAB_ACTIVE : UI_TAB));
		ui_put(stdscr, 0, x, tab, (int)strlen(tab) < COLS - x ? (int)strlen(tab) : COLS - x,
		       true);
		x += (int)strlen(tab);
		attrset(ui_attr(UI_NORMAL));
		if (x < COLS)
			mvaddch(0, x++, ' ');
	}
	snprintf(tab, sizeof(tab), "%s  %.1fs", u->when, u->interval);
	if (x + (int)strlen(tab) < COLS)
		ui_put(stdscr, 0, COLS - (int)strlen(tab), tab, (int)strlen(tab), false);
}

static void draw_status(struct ui *u)
{
	struct pane *p = &u->panes[u->current];
	char line[512];

	move(1, 0);
	clrtoeol();
	if (p->status == PANE_OK) {
		snprintf(line, sizeof(line), "%s via %s", p->def->title, p->method);
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
	const char *keys = u->detail ? "Esc back  1-5 panes  h help  q quit"
				     : "1-5/Tab panes  Up/Down select  Enter detail  < > sort  "
				       "r reverse  h help  q quit";

	attrset(ui_attr(UI_HEADER));
	ui_put(stdscr, LINES - 1, 0, keys, COLS, true);
	attrset(ui_attr(UI_NORMAL));
}

static const char *const help_lines[] = {
	"cvtop keys",
	"",
	"  1-5          show pane 1 (CPU contention) to 5 (KVM exits)",
	"  Tab, S-Tab   next, previous pane",
	"  Up, Down     move the selection; PgUp, PgDn, Home, End too",
	"  Enter        detail of the selected row (latency histogram)",
	"  Esc          back from the detail or this help",
	"  <  >         sort by the previous / next column",
	"  r            reverse the sort",
	"  h  ?         this help",
	"  q            quit",
	"",
	"Columns of pane 1 (per cgroup, over the last interval):",
	"  WAITS/s  run-queue waits that ended (a task of the cgroup got the CPU)",
	"  WAITED   total time its tasks waited runnable; P50 P99 MAX of one wait",
	"  CPU%     CPU time (100 = one CPU)    CSW/s  its tasks switched out",
	"  NSSW/s   switches from its task to a task of another pid namespace",
	"  PSI10    cpu.pressure some avg10     STALL  some stall time",
	"",
	"Pane 4 (stolen time): guest steal per CPU from /proc/stat, with its history;",
	"  VMs on this host: STEAL% = run-queue wait of their vCPU threads / (interval x vCPUs)",
	"  VCPUS/THR vCPU fds / threads measured, * = threads not told apart by name",
	"Pane 5 (KVM exits): per exit reason SAMPLES, SAMPL% TIME% of the VM's, MIN MAX MEAN,",
	"  STDDEV of one exit, SEM% = what perf kvm stat calls +-: relative standard error",
	"  of the mean; ALL N, ALLMEAN, ALLMAX since cvtop started (sort on them: cumulative);",
	"  then port I/O, exits to the VMM, MMIO and MSR counts",
};

static void draw_help(void)
{
	size_t i;

	for (i = 0; i < sizeof(help_lines) / sizeof(help_lines[0]) && (int)i + 2 < LINES - 1; i++)
		ui_put(stdscr, (int)i + 2, 1, help_lines[i], COLS - 2, true);
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
			  .utf8 = u->utf8 };

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
		draw_help();
	} else if (p->status != PANE_OK) {
		char reason[1024];

		attrset(ui_attr(UI_WARN));
		mvaddstr(3, 1, "unavailable: ");
		attrset(ui_attr(UI_NORMAL));
		snprintf(reason, sizeof(reason), "%s", p->reason);
		ui_put(stdscr, 3, 14, reason, COLS - 15, true);
	} else if (!p->generation) {
		mvaddstr(3, 1, "collecting the first interval...");
	} else if (u->detail && p->def->draw_detail) {
		p->def->draw_detail(&v, p);
	} else {
		p->def->draw(&v, p);
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

static void do_refresh(struct ui *u)
{
	struct timespec now, wall;
	struct tm tm;

	clock_gettime(CLOCK_MONOTONIC, &now);
	panes_refresh(u->panes, ts_diff(&now, &u->last_refresh));
	u->last_refresh = now;
	clock_gettime(CLOCK_REALTIME, &wall);
	localtime_r(&wall.tv_sec, &tm);
	strftime(u->when, sizeof(u->when), "%H:%M:%S", &tm);
}

static void switch_pane(struct ui *u, int i)
{
	u->current = (i + nr_pane_defs) % nr_pane_defs;
	u->detail = false;
	u->help = false;
}

/* The current pane's main table, false when it has none to act on. */
static bool current_table(struct ui *u, struct table_src *t)
{
	struct pane *p = &u->panes[u->current];

	if (p->status != PANE_OK || !p->def->table || !p->generation)
		return false;
	p->def->table(p, t);
	return true;
}

/* false when the user quits */
static bool handle_key(struct ui *u, int ch)
{
	struct table_state *ts = &u->ts[u->current];
	long page = LINES - 5 > 1 ? LINES - 5 : 1;
	struct table_src t = { 0 };
	bool has_table = current_table(u, &t);
	size_t n = has_table ? t.nr_rows : 0;

	switch (ch) {
	case 'q':
	case 'Q':
		return false;
	case '1' ... '9':
		if (ch - '1' < nr_pane_defs)
			switch_pane(u, ch - '1');
		break;
	case KEY_TAB:
		switch_pane(u, u->current + 1);
		break;
	case KEY_BTAB:
		switch_pane(u, u->current - 1);
		break;
	case 'h':
	case '?':
		u->help = !u->help;
		break;
	case KEY_ESC:
		u->help = false;
		u->detail = false;
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
		if (u->panes[u->current].def->draw_detail && ts->has_sel)
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

int ui_run(struct pane *panes, const struct options *o, volatile sig_atomic_t *stop)
{
	struct ui u = { .panes = panes, .interval = o->interval };
	int ch, i;

	for (i = 0; i < (int)(sizeof(u.ts) / sizeof(u.ts[0])); i++)
		u.ts[i].sort_col = -1;
	setlocale(LC_ALL, "");
	u.utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
	if (!initscr())
		return -ENOTTY;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	init_attrs();
	clock_gettime(CLOCK_MONOTONIC, &u.last_refresh);
	/* the first frame comes before the first interval is over */
	draw(&u);
	do_refresh(&u);
	while (!*stop) {
		draw(&u);
		timeout(ms_until_refresh(&u));
		ch = getch();
		if (ch == ERR) {
			if (!ms_until_refresh(&u))
				do_refresh(&u);
			continue;
		}
		if (ch == KEY_RESIZE)
			continue;
		if (!handle_key(&u, ch))
			break;
	}
	endwin();
	return 0;
}
