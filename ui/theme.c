// SPDX-License-Identifier: GPL-2.0
/* The curses side of themes: slots to colour pairs, fitted to the terminal. */
#include <curses.h>
#include "theme.h"
#include "view.h"

_Static_assert((int)UI_NR_ATTRS == (int)THEME_NR_SLOTS, "one UI attribute per theme slot");

static int attrs[UI_NR_ATTRS];
static bool colors;

int ui_attr(enum ui_attr a)
{
	return attrs[a];
}

void ui_theme_start(void)
{
	colors = has_colors() && start_color() != ERR;
	if (colors)
		use_default_colors();
}

/* 256-colour indexes on a terminal with fewer: the nearest of the first 8 */
static short fit_color(short c, unsigned int *attrs_out)
{
	int r, g, b;

	if (c < 0 || c < COLORS)
		return c;
	if (c < 16) {
		*attrs_out |= A_BOLD; /* bright colours as bold, like 8-colour terminals */
		return (short)(c - 8);
	}
	if (c >= 232) /* grey ramp */
		return c < 244 ? COLOR_BLACK : COLOR_WHITE;
	c -= 16;
	r = c / 36 >= 3;
	g = c / 6 % 6 >= 3;
	b = c % 6 >= 3;
	return (short)(r | g << 1 | b << 2); /* curses' colour bits: red 1, green 2, blue 4 */
}

static int curses_attrs(unsigned int a)
{
	return (a & THEME_BOLD ? A_BOLD : 0) | (a & THEME_DIM_ATTR ? A_DIM : 0) |
	       (a & THEME_REVERSE ? A_REVERSE : 0) | (a & THEME_UNDERLINE ? A_UNDERLINE : 0);
}

void ui_theme_apply(const struct theme *t)
{
	int i;

	for (i = 0; i < THEME_NR_SLOTS; i++) {
		const struct theme_style *st = &t->slot[i];
		unsigned int extra = 0;
		short fg, bg;

		if (!colors || COLOR_PAIRS <= THEME_NR_SLOTS) {
			attrs[i] = curses_attrs(st->attrs);
			/* without colours a coloured header still needs to stand out */
			if ((i == UI_HEADER || i == UI_TAB_ACTIVE) && st->bg >= 0)
				attrs[i] |= A_REVERSE;
			continue;
		}
		fg = fit_color(st->fg, &extra);
		bg = fit_color(st->bg, &extra);
		init_pair((short)(i + 1), fg, bg);
		attrs[i] = COLOR_PAIR(i + 1) | curses_attrs(st->attrs | extra);
	}
}
