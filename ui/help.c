// SPDX-License-Identifier: GPL-2.0
/* The help screen: the keys, then the current pane's columns from its fields. */
#include <stdio.h>
#include <string.h>
#include <curses.h>
#include "schema.h"
#include "ui_state.h"

static const char *const help_lines[] = {
	"cvtop keys",
	"",
	"  0            overview: the worst rows of every pane",
	NULL, /* the panes' keys: 1 to nr_pane_defs */
	"  mouse        click a tab, a column header (sort), a row (select),",
	"               a figure of the summary header (its pane)",
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
	"  f            focus every pane on the row's container or VM (0: Enter too)",
	"  m            latency heatmaps over time: the row's and the host's",
	"  t            next theme (default, light, mono, high-contrast)",
	"  H            summary header on / off (--no-header starts without it)",
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

void ui_help_draw(const struct pane_def *def)
{
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
