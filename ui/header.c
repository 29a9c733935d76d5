// SPDX-License-Identifier: GPL-2.0
/* The summary header above every pane, like top's first lines: the host at
 * a glance, each figure with a sparkline of the last minute. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "pane.h"
#include "summary.h"
#include "header.h"
#include "units.h"
#include "view.h"

#define SPARK_WINDOW_S 60.0
#define LABEL_W 10
#define VALUE_W 7
#define ITEM_MIN (LABEL_W + 1 + VALUE_W + 1 + 6) /* with a sparkline of 6 cells */
#define SPARK_MAX 60

static struct summary_history history;
static struct summary latest;
/* where each item was drawn, for clicks; w 0: not drawn */
static struct {
	int y, x, w;
} drawn[SUM_NR];

struct item {
	enum summary_item id;
	const char *pane; /* the pane a click on it opens */
	const char *label, *brief; /* in the grid, in the folded line */
	double top; /* the sparkline's full scale; 0: the window's highest */
	double warn; /* the value is shown as a warning above this; 0: never */
};

static const struct item items[] = {
	{ SUM_BUSY, "cpu", "CPU busy", "busy", 100, 90 },
	{ SUM_STEAL, "steal", "steal", "st", 0, 5 },
	{ SUM_PSI_CPU, "cpu", "PSI cpu", "psi cpu", 0, 10 },
	{ SUM_PSI_IO, "throttle", "PSI io", "io", 0, 10 },
	{ SUM_PSI_MEM, NULL, "PSI mem", "mem", 0, 10 },
	{ SUM_RUNQ_P99, "cpu", "runq p99", "p99", 0, 0 },
	{ SUM_CONTAINERS, "cpu", "containers", "ctr", 0, 0 },
	{ SUM_VMS, "steal", "VMs", "vm", 0, 0 },
	{ SUM_THROTTLED, "throttle", "throttled", "thr", 0, 0.5 },
	{ SUM_OVERLAY_OPS, "overlay", "overlay/s", "ovl/s", 0, 0 },
	{ SUM_VM_EXITS, "kvm", "exits/s", "ex/s", 0, 0 },
};

#define NR_ITEMS ((int)(sizeof(items) / sizeof(items[0])))

/* "2026-11-25T20:08:53.479Z" as seconds; 0 when it is not one */
static double recorded_time(const char *iso)
{
	struct tm tm = { 0 };
	const char *rest = strptime(iso, "%Y-%m-%dT%H:%M:%S", &tm);
	double ms = 0;

	if (!rest)
		return 0;
	if (*rest == '.')
		sscanf(rest + 1, "%lf", &ms);
	return (double)timegm(&tm) + ms / 1000;
}

void ui_header_update(const struct pane *panes, double now, const char *recorded)
{
	double t = recorded ? recorded_time(recorded) : now;

	summary_compute(panes, nr_pane_defs, &latest);
	summary_history_push(&history, t, &latest);
}

/* 2.5 below 10, else 25 */
static void short_pct(char *buf, size_t len, double v)
{
	snprintf(buf, len, v < 9.95 ? "%.1f" : "%.0f", v);
}

static void value_of(const struct item *it, char *buf, size_t len)
{
	double v = latest.v[it->id];
	char some[16], full[16] = "-";

	if (!latest.has[it->id]) {
		snprintf(buf, len, "-");
		return;
	}
	switch (it->id) {
	case SUM_BUSY:
	case SUM_STEAL:
		snprintf(buf, len, "%.1f%%", v);
		break;
	case SUM_PSI_CPU:
	case SUM_PSI_IO:
	case SUM_PSI_MEM:
		short_pct(some, sizeof(some), v);
		if (latest.has_full[it->id])
			short_pct(full, sizeof(full), latest.full[it->id]);
		snprintf(buf, len, "%s/%s", some, full);
		break;
	case SUM_RUNQ_P99:
		fmt_ns(buf, len, (uint64_t)v);
		break;
	case SUM_OVERLAY_OPS:
	case SUM_VM_EXITS:
		fmt_count(buf, len, v);
		break;
	default:
		snprintf(buf, len, "%.0f", v);
		break;
	}
}

static const char *label_of(const struct item *it, bool brief)
{
	if (it->id == SUM_VM_EXITS && latest.exits_to_vmm)
		return brief ? "vmm ex/s" : "VMM exit/s";
	return brief ? it->brief : it->label;
}

static bool warns(const struct item *it)
{
	return it->warn > 0 && latest.has[it->id] && latest.v[it->id] > it->warn;
}

static void draw_spark(WINDOW *win, int y, int x, const struct item *it, int w, bool utf8)
{
	static const char *const bars[SPARK_LEVELS] = { "\u2581", "\u2582", "\u2583", "\u2584",
							"\u2585", "\u2586", "\u2587", "\u2588" };
	static const char ascii[SPARK_LEVELS + 1] = "_.,:-=+*#";
	int levels[SPARK_MAX], i;

	if (w > SPARK_MAX)
		w = SPARK_MAX;
	summary_spark(&history, it->id, SPARK_WINDOW_S, it->top, w, levels);
	wattrset(win, ui_attr(UI_BAR));
	for (i = 0; i < w; i++) {
		if (!levels[i])
			mvwaddch(win, y, x + i, ' ');
		else if (utf8)
			mvwaddstr(win, y, x + i, bars[levels[i] - 1]);
		else
			mvwaddch(win, y, x + i, ascii[levels[i]]);
	}
	wattrset(win, ui_attr(UI_NORMAL));
}

static void draw_item(WINDOW *win, int y, int x, const struct item *it, int spark_w, bool utf8)
{
	char value[32];

	drawn[it->id].y = y;
	drawn[it->id].x = x;
	drawn[it->id].w = LABEL_W + 1 + VALUE_W + 1 + spark_w;
	value_of(it, value, sizeof(value));
	wattrset(win, ui_attr(UI_DIM));
	ui_put(win, y, x, label_of(it, false), LABEL_W, true);
	wattrset(win, ui_attr(warns(it) ? UI_WARN : UI_NORMAL));
	ui_put(win, y, x + LABEL_W + 1, value, VALUE_W, false);
	wattrset(win, ui_attr(UI_NORMAL));
	if (spark_w > 0)
		draw_spark(win, y, x + LABEL_W + 1 + VALUE_W + 1, it, spark_w, utf8);
}

/* Folded: "busy 70.0%  st 0.0%  psi cpu 22/0 ..." over at most @rows lines. */
static int draw_folded(WINDOW *win, int y, int w, int rows)
{
	int i, x = 0, row = 0;

	for (i = 0; i < NR_ITEMS && row < rows; i++) {
		char value[32], tok[64];
		int n;

		value_of(&items[i], value, sizeof(value));
		n = snprintf(tok, sizeof(tok), "%s %s", label_of(&items[i], true), value);
		if (x && x + 2 + n > w) {
			row++;
			x = 0;
			if (row == rows)
				break;
		}
		if (x)
			x += 2;
		wattrset(win, ui_attr(warns(&items[i]) ? UI_WARN : UI_NORMAL));
		ui_put(win, y + row, x, tok, n < w - x ? n : w - x, true);
		drawn[items[i].id].y = y + row;
		drawn[items[i].id].x = x;
		drawn[items[i].id].w = n;
		x += n;
	}
	wattrset(win, ui_attr(UI_NORMAL));
	return row + (x > 0 && row < rows);
}

int ui_header_draw(WINDOW *win, int y, int w, int rows, bool utf8)
{
	int per_max = (w + 1) / (ITEM_MIN + 1), per, cell, i;

	memset(drawn, 0, sizeof(drawn));
	if (rows < 1)
		return 0;
	/* the fewest items per row in 3 rows (else in @rows): long
	 * sparklines, and the pane keeps its lines */
	per = (NR_ITEMS + (rows < 3 ? rows : 3) - 1) / (rows < 3 ? rows : 3);
	if (per > per_max)
		per = (NR_ITEMS + rows - 1) / rows;
	if (per > per_max)
		return draw_folded(win, y, w, rows);
	cell = (w + 1) / per - 1;
	if (cell > LABEL_W + VALUE_W + 2 + SPARK_MAX)
		cell = LABEL_W + VALUE_W + 2 + SPARK_MAX;
	for (i = 0; i < NR_ITEMS; i++)
		draw_item(win, y + i / per, (i % per) * (cell + 1), &items[i],
			  cell - (LABEL_W + VALUE_W + 2), utf8);
	return (NR_ITEMS + per - 1) / per;
}

int ui_header_rows(int lines)
{
	int rows = (lines - 10) / 4;

	return rows < 1 ? 1 : rows > 4 ? 4 : rows;
}

int ui_header_click(int y, int x)
{
	int i, k;

	for (i = 0; i < NR_ITEMS; i++) {
		const struct item *it = &items[i];

		if (!drawn[it->id].w || y != drawn[it->id].y || x < drawn[it->id].x ||
		    x >= drawn[it->id].x + drawn[it->id].w || !it->pane)
			continue;
		for (k = 0; k < nr_pane_defs; k++) {
			if (!strcmp(pane_defs[k]->key, it->pane))
				return k;
		}
	}
	return -1;
}
