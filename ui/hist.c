// SPDX-License-Identifier: GPL-2.0
/* Log2 histograms as horizontal bars, like runqlat's, with time labels. */
#include <stdio.h>
#include "hist.h"
#include "units.h"
#include "view.h"

void ui_hist_draw(struct view *v, int y, int h, const char *title, const uint64_t *hist,
		  int nr_slots)
{
	int first = -1, last = -1, i, row, bar_w;
	uint64_t top = 0;
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
	/* the label column, the count column, then the bar */
	bar_w = v->w - 20 - 10 - 3;
	for (i = first, row = 1; i <= last && row < h; i++, row++) {
		int len = bar_w > 0 && top ? (int)((double)hist[i] * bar_w / top + 0.5) : 0, j;

		fmt_ns_short(lo, sizeof(lo), hist_slot_low(i));
		if (i == nr_slots - 1)
			snprintf(label, sizeof(label), "%s and up", lo);
		else {
			fmt_ns_short(hi, sizeof(hi), hist_slot_high(i));
			snprintf(label, sizeof(label), "%s -> %s", lo, hi);
		}
		snprintf(num, sizeof(num), "%llu", (unsigned long long)hist[i]);
		ui_put(v->win, y + row, v->x, label, 19, false);
		ui_put(v->win, y + row, v->x + 19, " |", 2, true);
		ui_put(v->win, y + row, v->x + 21, num, 9, false);
		waddstr(v->win, " ");
		if (hist[i] && !len)
			len = 1;
		wattrset(v->win, ui_attr(UI_BAR));
		for (j = 0; j < len; j++)
			waddstr(v->win, v->utf8 ? "\u2588" : "#");
		wattrset(v->win, ui_attr(UI_NORMAL));
	}
}
