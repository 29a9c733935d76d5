// SPDX-License-Identifier: GPL-2.0
/* Pane 0: every pane's worst rows on one screen, the one to leave running. */
#include <stdio.h>
#include <string.h>
#include "escape.h"
#include "pane.h"
#include "table.h"
#include "view.h"

/* the overview's own table states: shown, not navigated */
static struct table_state states[PANE_MAX];

void ui_overview_draw(struct view *v, struct pane *panes, int nr)
{
	int i, y = v->y, ok_left = 0, lines_left, per;
	char line[512], reason[300];

	for (i = 0; i < nr; i++)
		ok_left += panes[i].status == PANE_OK;
	/* unavailable panes take one line each; the others share the rest,
	 * a pane with few rows leaving its spare lines to the next */
	lines_left = v->h - (nr - ok_left);
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
