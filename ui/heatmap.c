// SPDX-License-Identifier: GPL-2.0
/*
 * m: latency heatmaps over time, like Brendan Gregg's: the last intervals
 * across (the newest on the right), log2 latency buckets up, each cell
 * shaded by how many samples fell in it (on a log scale), with the p50 and
 * p99 of each interval marked. For the selected row of panes 1, 3 and 5 and
 * for the whole host (pane 0: the host's of each). 256 colours get a ramp,
 * 8 colours five, and no colour (or the mono theme) shading characters.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <curses.h>
#include "escape.h"
#include "hist.h"
#include "replay.h"
#include "table.h"
#include "ui_state.h"
#include "units.h"

#define HEAT_PAIR0 40 /* colour pairs after the theme's */
#define LABEL_W 8

struct shades {
	int nr; /* levels */
	bool colour;
	const char *ch[8]; /* without colour: the character of each level */
};

/* light to dark, like a heatmap's yellow to red */
static const short ramp256[] = { 230, 228, 220, 214, 208, 202, 160, 88 };
static const short ramp8[] = { COLOR_BLUE, COLOR_CYAN, COLOR_GREEN, COLOR_YELLOW, COLOR_RED };

/* Colours only when the terminal has them and the theme uses any. */
static void pick_shades(const struct ui *u, struct shades *s)
{
	bool themed = false;
	int i;

	for (i = 0; i < THEME_NR_SLOTS; i++)
		themed |= u->theme.slot[i].fg >= 0 || u->theme.slot[i].bg >= 0;
	memset(s, 0, sizeof(*s));
	if (themed && has_colors() && COLOR_PAIRS > HEAT_PAIR0 + 8 && COLORS >= 8) {
		const short *ramp = COLORS >= 256 ? ramp256 : ramp8;

		s->colour = true;
		s->nr = COLORS >= 256 ? 8 : 5;
		for (i = 0; i < s->nr; i++)
			init_pair((short)(HEAT_PAIR0 + i), COLOR_BLACK, ramp[i]);
		return;
	}
	s->nr = 4;
	if (u->utf8) {
		static const char *const block[] = { "\u2591", "\u2592", "\u2593", "\u2588" };

		memcpy(s->ch, block, sizeof(block));
	} else {
		static const char *const ascii[] = { ".", ":", "+", "#" };

		memcpy(s->ch, ascii, sizeof(ascii));
	}
}

static int level(uint32_t c, uint32_t max, int nr)
{
	if (max <= 1)
		return nr - 1;
	return (int)(log((double)c) / log((double)max) * (nr - 1) + 0.5);
}

/* The slot of percentile @pct of column @col; -1 when empty. */
static int pct_slot(const uint32_t *col, double pct)
{
	uint64_t h[HEAT_SLOTS], total = 0;
	int i;

	for (i = 0; i < HEAT_SLOTS; i++)
		total += h[i] = col[i];
	if (!total)
		return -1;
	return (int)hist_slot(hist_percentile(h, HEAT_SLOTS, pct, 0), HEAT_SLOTS);
}

static void put_cell(struct view *v, int y, int x, const struct shades *s, int lvl,
		     const char *mark)
{
	if (s->colour) {
		wattrset(v->win, COLOR_PAIR(HEAT_PAIR0 + lvl) | (mark ? A_BOLD : 0));
		mvwaddstr(v->win, y, x, mark ? mark : " ");
	} else if (mark) {
		wattrset(v->win, A_BOLD | A_REVERSE);
		mvwaddstr(v->win, y, x, mark);
	} else {
		wattrset(v->win, ui_attr(UI_BAR));
		mvwaddstr(v->win, y, x, s->ch[lvl]);
	}
	wattrset(v->win, ui_attr(UI_NORMAL));
}

/* The buckets of a heatmap's rows: each row @group log2 slots, from @hi down. */
struct bands {
	int lo, hi, group, nr;
};

static int band_of(const struct bands *b, int slot)
{
	return (b->hi - slot) / b->group;
}

/* the samples of band @band of @col */
static uint32_t band_count(const struct bands *b, const uint32_t *col, int band)
{
	int slot = b->hi - band * b->group, end = slot - b->group;
	uint64_t sum = 0;

	for (; slot > end && slot >= b->lo; slot--)
		sum += col[slot];
	return sum > UINT32_MAX ? UINT32_MAX : (uint32_t)sum;
}

/* The columns drawn, newest on the right, with their p50 and p99 marks;
 * the largest band count first, for the shades. */
static uint32_t draw_columns(struct ui *u, struct view *v, int y, int x0, const struct bands *b,
			     const struct heat_ring *r, const struct heat_series *s, unsigned int n)
{
	unsigned int a;
	uint32_t max = 0, c;
	struct shades sh;
	int band;

	for (a = 0; a < n; a++) {
		for (band = 0; band < b->nr; band++) {
			c = band_count(b, heat_column(r, s, a), band);
			max = c > max ? c : max;
		}
	}
	pick_shades(u, &sh);
	for (a = 0; a < n; a++) {
		const uint32_t *col = heat_column(r, s, a);
		int p50 = pct_slot(col, 50), p99 = pct_slot(col, 99);

		p50 = p50 >= b->lo ? band_of(b, p50) : -1;
		p99 = p99 >= b->lo ? band_of(b, p99) : -1;
		for (band = 0; band < b->nr; band++) {
			const char *mark = band == p99 ? "=" : band == p50 ? "-" : NULL;

			c = band_count(b, col, band);
			if (c || mark)
				put_cell(v, y + band, x0 + (int)(n - 1 - a), &sh,
					 c ? level(c, max, sh.nr) : 0, mark);
		}
	}
	return max;
}

/* One heatmap of @key's series in rows [y, y + h) of @v; @what says of what. */
static void draw_map(struct ui *u, struct view *v, int y, int h, const struct heat_ring *r,
		     const char *key, const char *what, double interval_s)
{
	const struct heat_series *s = heat_ring_find(r, key);
	unsigned int len = heat_ring_len(r), n, a;
	int width = v->w - LABEL_W - 1, x0, band, lx, i;
	struct bands b = { .lo = HEAT_SLOTS, .hi = -1 };
	char line[600], lab[16], span[16], group[32];
	uint32_t max;

	if (h < 2 || width < 4)
		return;
	n = len < (unsigned int)width ? len : (unsigned int)width;
	for (a = 0; s && a < n; a++) {
		const uint32_t *col = heat_column(r, s, a);

		for (i = 0; i < HEAT_SLOTS; i++) {
			if (col[i]) {
				b.lo = i < b.lo ? i : b.lo;
				b.hi = i > b.hi ? i : b.hi;
			}
		}
	}
	fmt_elapsed(span, sizeof(span), n * interval_s);
	snprintf(line, sizeof(line), "%s, last %u intervals (%s)", what, n, span);
	wattrset(v->win, ui_attr(UI_TITLE));
	ui_put(v->win, y, v->x, line, v->w, true);
	wattrset(v->win, ui_attr(UI_NORMAL));
	if (b.hi < 0) {
		ui_put(v->win, y + 1, v->x,
		       n ? "  no samples in these intervals"
			 : "  no interval yet: the history starts now",
		       v->w, true);
		return;
	}
	/* a row a bucket, or on a short screen a row for every few */
	i = h - 3 > 1 ? h - 3 : 1;
	b.group = (b.hi - b.lo + i) / i;
	b.nr = (b.hi - b.lo + b.group) / b.group;
	x0 = v->x + LABEL_W + 1 + width - (int)n;
	for (band = 0; band < b.nr; band++) {
		int low = b.hi - (band + 1) * b.group + 1;

		fmt_ns_short(lab, sizeof(lab), hist_slot_low(low > b.lo ? low : b.lo));
		ui_put(v->win, y + 1 + band, v->x, lab, LABEL_W - 1, false);
		mvwaddch(v->win, y + 1 + band, v->x + LABEL_W - 1, '|');
	}
	max = draw_columns(u, v, y + 1, x0, &b, r, s, n);
	/* the time axis: how long ago the first column was, and now */
	y += 1 + b.nr;
	snprintf(line, sizeof(line), "-%s", span);
	lx = x0 + (int)strlen(line) <= v->x + v->w ? x0 : v->x + v->w - (int)strlen(line);
	ui_put(v->win, y, lx, line, (int)strlen(line), true);
	if ((int)n >= (int)strlen(line) + 4)
		ui_put(v->win, y, x0 + (int)n - 3, "now", 3, true);
	snprintf(group, sizeof(group), "  a row: %d buckets", b.group);
	snprintf(line, sizeof(line), "shade: samples, log scale, max %u  - p50  = p99%s%s", max,
		 b.group > 1 ? group : "", u->heatmap ? "  m/Esc: back" : "");
	wattrset(v->win, ui_attr(UI_DIM));
	ui_put(v->win, y + 1, v->x, line, v->w, true);
	wattrset(v->win, ui_attr(UI_NORMAL));
}

/* rows a heatmap of every bucket would take: 36 buckets, title, axis, legend */
#define MAP_H_MAX (HEAT_SLOTS + 3)

static const char *row_label(const struct table_src *t, const void *row)
{
	return t->row_label ? t->row_label(row) : t->row_name ? t->row_name(row) : "";
}

bool ui_heatmap_draw(struct ui *u, struct view *v, struct pane *p)
{
	char what[600], name[400];
	struct table_src t;
	int i, y = v->y, h, n = 0, tbl;

	if (!p) { /* the overview: the host's heatmap of each pane that has one */
		for (i = 0; i < nr_pane_defs; i++) {
			if (u->panes[i].status != PANE_OK)
				continue;
			pane_table(&u->panes[i], &t);
			n += heat_table_has_hist(&t);
		}
		for (i = 0; i < nr_pane_defs && n; i++) {
			if (u->panes[i].status != PANE_OK)
				continue;
			pane_table(&u->panes[i], &t);
			if (!heat_table_has_hist(&t))
				continue;
			h = (v->y + v->h - y) / n--;
			snprintf(what, sizeof(what), "Latency heatmap: the whole host (%d %s)",
				 i + 1, u->panes[i].def->title);
			draw_map(u, v, y, h, &u->heat[i], HEAT_HOST, what, u->interval);
			y += h;
		}
		if (!n)
			ui_put(v->win, y, v->x, "no pane with latency histograms runs", v->w, true);
		return true;
	}
	pane_table(p, &t);
	if (!heat_table_has_hist(&t))
		return false;
	if (p->cumulative) {
		ui_put(v->win, y, v->x,
		       u->replay ? "heatmaps show intervals: this recording is cumulative"
				 : "heatmaps show intervals: i goes back to per-interval figures",
		       v->w, true);
		return true;
	}
	/* the table, a few rows of it, to move the selection in */
	tbl = (int)t.nr_rows + 1 < v->h / 4 ? (int)t.nr_rows + 1 : v->h / 4;
	if (tbl < 2)
		tbl = 2;
	y += ui_table_draw(v, &t, y, tbl, true) + 1;
	u->heat_y = y - 1;
	h = v->y + v->h - y;
	if (v->ts->has_sel && v->ts->sel_row < t.nr_rows) {
		const void *row = table_row(&t, v->ts->sel_row);
		int mh = h / 2 > MAP_H_MAX ? MAP_H_MAX : h / 2;

		esc_cstr(row_label(&t, row), name, sizeof(name));
		snprintf(what, sizeof(what), "Latency heatmap: %s (%s)", name, p->def->title);
		if (t.row_name)
			draw_map(u, v, y, mh, &u->heat[p - u->panes], t.row_name(row), what,
				 u->interval);
		y += mh;
		h -= mh;
	}
	snprintf(what, sizeof(what), "Latency heatmap: the whole host (%s)", p->def->title);
	draw_map(u, v, y, h, &u->heat[p - u->panes], HEAT_HOST, what, u->interval);
	return true;
}

void ui_heat_record(struct ui *u)
{
	struct table_src t;
	int i;

	for (i = 0; i < nr_pane_defs; i++) {
		struct pane *p = &u->panes[i];

		if (p->status != PANE_OK || p->cumulative || !p->snap)
			continue;
		pane_table(p, &t);
		heat_ring_feed(&u->heat[i], &t, u->ts[i].has_sel ? u->ts[i].sel_name : NULL);
	}
}

void ui_heat_replayed(struct ui *u, size_t i)
{
	size_t j;
	int k;

	if (u->heat_fed && i == u->heat_pos)
		return;
	if (!u->heat_fed || i != u->heat_pos + 1) {
		/* a jump: the history up to @i, as it would have been built */
		for (k = 0; k < nr_pane_defs; k++)
			heat_ring_clear(&u->heat[k]);
		for (j = i >= HEAT_COLS ? i - HEAT_COLS + 1 : 0; j < i; j++) {
			if (!replay_show(u->replay, j, u->panes))
				ui_heat_record(u);
		}
		if (j && replay_show(u->replay, i, u->panes))
			return;
	}
	ui_heat_record(u);
	u->heat_pos = i;
	u->heat_fed = true;
}

void ui_heat_free(struct ui *u)
{
	int k;

	for (k = 0; k < PANE_MAX; k++)
		heat_ring_clear(&u->heat[k]);
}
