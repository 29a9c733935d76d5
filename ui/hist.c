// SPDX-License-Identifier: GPL-2.0
/* Log2 histograms as horizontal bars, like runqlat's, with time labels. */
#include <stdio.h>
#include <string.h>
#include "hist.h"
#include "strip.h"
#include "table.h"
#include "units.h"
#include "view.h"

void ui_hist_draw(struct view *v, int y, int h, const char *title, const uint64_t *hist,
		  int nr_slots)
{
	int first = -1, last = -1, i, row, bar_w;
	uint64_t top = 0, merged;
	char lo[16], hi[16], label[48], num[16];

	for (i = 0; i < nr_slots; i++) {
		if (!hist[i])
			continue;
		if (first < 0)
			first = i;
		last = i;
		if (hist[i] > top)
			top = hist[i];
	}
	wattrset(v->win, ui_attr(UI_TITLE));
	ui_put(v->win, y, v->x, title, v->w, true);
	wattrset(v->win, ui_attr(UI_NORMAL));
	if (first < 0) {
		char line[64];

		snprintf(line, sizeof(line), "  no samples %s", v->span ?: "this interval");
		ui_put(v->win, y + 1, v->x, line, v->w, true);
		return;
	}
	/* too many buckets for the rows: the slowest stay, the first row
	 * holds everything faster */
	merged = hist[first];
	if (last - first + 2 > h && h >= 2) {
		merged = 0;
		for (i = first; i <= last - (h - 2); i++)
			merged += hist[i];
		first = last - (h - 2);
		top = merged > top ? merged : top;
	}
	/* the label column, the count column, then the bar */
	bar_w = v->w - 20 - 10 - 3;
	for (i = first, row = 1; i <= last && row < h; i++, row++) {
		uint64_t c = i == first ? merged : hist[i];
		int len = bar_w > 0 && top ? (int)((double)c * bar_w / top + 0.5) : 0, j;

		fmt_ns_short(lo, sizeof(lo), hist_slot_low(i));
		if (i == first && merged != hist[i]) {
			fmt_ns_short(hi, sizeof(hi), hist_slot_high(i));
			snprintf(label, sizeof(label), "below %s", hi);
		} else if (i == nr_slots - 1)
			snprintf(label, sizeof(label), "%s and up", lo);
		else {
			fmt_ns_short(hi, sizeof(hi), hist_slot_high(i));
			snprintf(label, sizeof(label), "%s -> %s", lo, hi);
		}
		snprintf(num, sizeof(num), "%llu", (unsigned long long)c);
		ui_put(v->win, y + row, v->x, label, 19, false);
		ui_put(v->win, y + row, v->x + 19, " |", 2, true);
		ui_put(v->win, y + row, v->x + 21, num, 9, false);
		waddstr(v->win, " ");
		if (c && !len)
			len = 1;
		wattrset(v->win, ui_attr(UI_BAR));
		for (j = 0; j < len; j++)
			waddstr(v->win, v->utf8 ? "\u2588" : "#");
		wattrset(v->win, ui_attr(UI_NORMAL));
	}
}

/* The inline strips (strip.h): cells of a row's log2 buckets. */
#define STRIP_SLOTS 64

int ui_strip_fit(struct table_strip *s, const struct table_src *t, int room)
{
	uint64_t h[STRIP_SLOTS];
	size_t r;
	int i, n;

	s->lo = -1;
	s->hi = -1;
	for (r = 0; r < t->nr_rows; r++) {
		n = s->hist(table_row(t, r), h, STRIP_SLOTS);
		for (i = 0; i < n; i++) {
			if (!h[i])
				continue;
			if (s->lo < 0 || i < s->lo)
				s->lo = i;
			if (i > s->hi)
				s->hi = i;
		}
	}
	if (s->lo < 0 || room < 4)
		return 0;
	/* the slowest buckets matter most: the fastest are merged into the first */
	if (s->hi - s->lo + 1 > STRIP_MAX)
		s->lo = s->hi - STRIP_MAX + 1;
	if (s->hi - s->lo + 1 > room)
		s->lo = s->hi - room + 1;
	return s->hi - s->lo + 1;
}

void ui_strip_header(WINDOW *win, int y, int x, int w, const struct table_strip *s)
{
	char lo[16], hi[16], cell[64];

	fmt_ns_short(lo, sizeof(lo), hist_slot_low(s->lo));
	fmt_ns_short(hi, sizeof(hi), hist_slot_high(s->hi));
	if ((int)(strlen(lo) + strlen(hi)) + 1 <= w)
		snprintf(cell, sizeof(cell), "%-*s%s", w - (int)strlen(hi), lo, hi);
	else
		snprintf(cell, sizeof(cell), "<%s", hi);
	ui_put(win, y, x, cell, w, true);
}

void ui_strip_row(WINDOW *win, int y, int x, const struct table_strip *s, const void *row,
		  bool utf8, int attr)
{
	static const char *const shades[] = { "\u2591", "\u2592", "\u2593", "\u2588" };
	static const char ascii[] = ".:*#";
	uint64_t h[STRIP_SLOTS], top = 0, c;
	int n = s->hist(row, h, STRIP_SLOTS), i, j, l;
	/* the selection's highlight stays whole */
	int bar = attr == ui_attr(UI_SELECTED) ? attr : ui_attr(UI_BAR);

	for (i = n; i < STRIP_SLOTS; i++)
		h[i] = 0;
	/* buckets below the strip count in its first cell */
	for (i = 0; i < s->lo; i++)
		h[s->lo] += h[i];
	for (i = s->lo; i <= s->hi; i++)
		top = h[i] > top ? h[i] : top;
	for (i = s->lo, j = 0; i <= s->hi; i++, j++) {
		c = h[i];
		wattrset(win, c ? bar : attr);
		if (!c) {
			mvwaddstr(win, y, x + j, utf8 ? "\u00b7" : " ");
			continue;
		}
		/* a quarter of the fullest bucket or less is the lightest shade */
		l = (int)((c * 4 - 1) / top);
		l = l > 3 ? 3 : l;
		if (utf8)
			mvwaddstr(win, y, x + j, shades[l]);
		else
			mvwaddch(win, y, x + j, ascii[l]);
	}
	wattrset(win, attr);
}
