/* SPDX-License-Identifier: GPL-2.0 */
/* The summary header above every pane (ui/header.c). */
#ifndef CVTOP_UI_HEADER_H
#define CVTOP_UI_HEADER_H

#include <stdbool.h>
#include <curses.h>

struct pane;

/* After a refresh: the new figures into the sparklines' history, taken at
 * @now (monotonic seconds), or at the @recorded time of a replayed snapshot. */
void ui_header_update(const struct pane *panes, double now, const char *recorded);
/* Draws at most @rows rows from @y, @w wide: a grid of figures with
 * sparklines, folded into short lines when the grid does not fit. Returns
 * the rows used. */
int ui_header_draw(WINDOW *win, int y, int w, int rows, bool utf8);
/* The pane whose figure was drawn at (@y, @x) of the last header, -1: none. */
int ui_header_click(int y, int x);
/* The rows the header may take on a screen of @lines. */
int ui_header_rows(int lines);

#endif
