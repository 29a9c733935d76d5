// SPDX-License-Identifier: GPL-2.0
/*
 * Pane 0, the one to leave running: the containers and VMs, worst first,
 * with their worst figure from each pane (Enter or f focuses every pane on
 * one), then every pane's worst rows (the focused one's only).
 */
#include <stdio.h>
#include <string.h>
#include "escape.h"
#include "pane.h"
#include "suffer.h"
#include "table.h"
#include "view.h"

/* the overview's own table states: shown, not navigated */
static struct table_state states[PANE_MAX];

#define ROW(r) ((const struct suffer_row *)(r))

static void f_name(const void *r, double iv, char *buf, size_t len)
{
	esc_cstr(ROW(r)->who.label, buf, len);
}

static void f_kind(const void *r, double iv, char *buf, size_t len)
{
	esc_cstr(ROW(r)->who.runtime, buf, len);
}

/* what tells same-named ones apart: a short container id, a VM's pid */
static void f_id(const void *r, double iv, char *buf, size_t len)
{
	if (ROW(r)->who.kind == FOCUS_VM)
		snprintf(buf, len, "pid %d", ROW(r)->who.pid);
	else
		esc_cstr(ROW(r)->who.id, buf, len < 13 ? len : 13);
}

static void f_score(const void *r, double iv, char *buf, size_t len)
{
	snprintf(buf, len, "%.2f", ROW(r)->score);
}

static int c_score(const void *a, const void *b)
{
	return (ROW(a)->score > ROW(b)->score) - (ROW(a)->score < ROW(b)->score);
}

static int c_name(const void *a, const void *b)
{
	return strcmp(ROW(a)->who.label, ROW(b)->who.label);
}

/* one column per pane: its figure of the entity's worst row */
#define PANE_COLUMN(i)                                                            \
	static void f_pane##i(const void *r, double iv, char *buf, size_t len)    \
	{                                                                         \
		snprintf(buf, len, "%s", ROW(r)->has[i] ? ROW(r)->cell[i] : "-"); \
	}                                                                         \
	static int c_pane##i(const void *a, const void *b)                        \
	{                                                                         \
		return (ROW(a)->worst[i] > ROW(b)->worst[i]) -                    \
		       (ROW(a)->worst[i] < ROW(b)->worst[i]);                     \
	}
PANE_COLUMN(0)
PANE_COLUMN(1)
PANE_COLUMN(2)
PANE_COLUMN(3)
PANE_COLUMN(4)
PANE_COLUMN(5)
PANE_COLUMN(6)
PANE_COLUMN(7)
_Static_assert(PANE_MAX == 8, "one PANE_COLUMN a pane");

static void (*const pane_format[PANE_MAX])(const void *, double, char *, size_t) = {
	f_pane0, f_pane1, f_pane2, f_pane3, f_pane4, f_pane5, f_pane6, f_pane7,
};
static int (*const pane_compare[PANE_MAX])(const void *, const void *) = {
	c_pane0, c_pane1, c_pane2, c_pane3, c_pane4, c_pane5, c_pane6, c_pane7,
};

static const char *row_key(const void *r)
{
	return ROW(r)->key;
}

static const char *row_label(const void *r)
{
	return ROW(r)->who.label;
}

/* "1 WAITED": the pane's number and its figure's column */
static char headers[PANE_MAX][24];
static struct column cols[PANE_MAX + 4];

static int who_columns(const struct suffer_list *l, const struct pane *panes, int nr)
{
	int i, n = 0;

	cols[n++] = (struct column){
		.name = "SCORE", .width = 5, .format = f_score, .compare = c_score
	};
	for (i = 0; i < nr && i < PANE_MAX; i++) {
		snprintf(headers[i], sizeof(headers[i]), "%d %s", i + 1,
			 l->figure[i] ? l->figure[i] : panes[i].def->short_title);
		cols[n++] = (struct column){ .name = headers[i],
					     .width = (int)strlen(headers[i]) > 8
							      ? (int)strlen(headers[i])
							      : 8,
					     .format = pane_format[i],
					     .compare = pane_compare[i],
					     .prio = 1 };
	}
	cols[n++] = (struct column){
		.name = "KIND", .width = 7, .left = true, .format = f_kind, .prio = 3
	};
	cols[n++] = (struct column){
		.name = "ID", .width = 12, .left = true, .format = f_id, .prio = 2
	};
	cols[n++] = (struct column){ .name = "NAME",
				     .width = 16,
				     .left = true,
				     .flex = true,
				     .format = f_name,
				     .compare = c_name };
	return n;
}

/* The containers and VMs, in at most @h rows; returns the rows used. */
static int draw_who(struct view *v, struct pane *panes, int nr, struct table_state *ts,
		    struct suffer_list *l, int h)
{
	struct table_src tables[PANE_MAX] = { 0 }, t;
	char line[160];
	int i, rows;

	for (i = 0; i < nr && i < PANE_MAX; i++) {
		if (panes[i].status == PANE_OK && panes[i].generation >= 2)
			pane_table(&panes[i], &tables[i]);
	}
	if (suffer_build(l, tables, nr < PANE_MAX ? nr : PANE_MAX))
		l->nr = 0;
	snprintf(line, sizeof(line), "Containers and VMs, worst first (%zu; Enter focuses)", l->nr);
	wattrset(v->win, ui_attr(UI_TITLE));
	ui_put(v->win, v->y, v->x, line, v->w, true);
	wattrset(v->win, ui_attr(UI_NORMAL));
	if (!l->nr) {
		snprintf(line, sizeof(line), "  none with rows %s", v->span ?: "this interval");
		ui_put(v->win, v->y + 1, v->x, line, v->w, true);
		ts->nr_shown = 0;
		ts->has_sel = false;
		return 2;
	}
	t = (struct table_src){ .cols = cols,
				.nr_cols = who_columns(l, panes, nr),
				.default_sort = 0,
				.default_desc = true,
				.rows = l->rows,
				.nr_rows = l->nr,
				.row_size = sizeof(*l->rows),
				.row_name = row_key,
				.row_label = row_label };
	rows = (int)l->nr + 1 < h - 1 ? (int)l->nr + 1 : h - 1;
	struct view wv = *v;

	wv.ts = ts;
	wv.filter = NULL;
	return 1 + ui_table_draw(&wv, &t, v->y + 1, rows, true);
}

void ui_overview_draw(struct view *v, struct pane *panes, int nr, struct table_state *who_ts,
		      struct suffer_list *who)
{
	int i, y = v->y, ok_left = 0, lines_left, per, who_h;
	char line[512], reason[300];

	/* the list takes up to half the screen, the worst rows the rest */
	who_h = draw_who(v, panes, nr, who_ts, who, v->h / 2 > 4 ? v->h / 2 : 4);
	y += who_h;
	for (i = 0; i < nr; i++)
		ok_left += panes[i].status == PANE_OK;
	/* unavailable panes take one line each; the others share the rest,
	 * a pane with few rows leaving its spare lines to the next */
	lines_left = v->h - who_h - (nr - ok_left);
	for (i = 0; i < nr && y < v->y + v->h; i++) {
		struct pane *p = &panes[i];
		struct view pv = *v;
		struct table_src t;

		if (p->status != PANE_OK) {
			esc_cstr(p->reason, reason, sizeof(reason));
			snprintf(line, sizeof(line), "%d %s: unavailable: %s", i + 1, p->def->title,
				 reason);
			wattrset(v->win, ui_attr(UI_DIM));
			ui_put(v->win, y++, v->x, line, v->w, true);
			wattrset(v->win, ui_attr(UI_NORMAL));
			continue;
		}
		per = lines_left / ok_left--;
		snprintf(line, sizeof(line), "%d %s", i + 1, p->def->title);
		wattrset(v->win, ui_attr(UI_TITLE));
		ui_put(v->win, y, v->x, line, v->w, true);
		wattrset(v->win, ui_attr(UI_NORMAL));
		if (p->generation < 2 || per < 3) {
			y++;
			lines_left--;
			continue;
		}
		/* the pane's own default order is worst first */
		states[i].sort_col = -1;
		pv.ts = &states[i];
		pane_table(p, &t);
		per = 1 + ui_table_draw(&pv, &t, y + 1, per - 1, false);
		y += per;
		lines_left -= per;
	}
}
