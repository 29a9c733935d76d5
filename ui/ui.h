/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_UI_H
#define CVTOP_UI_H

#include <signal.h>

struct options;
struct replay;
struct pane;

/* The interactive UI: owns the terminal until the user quits or @stop is
 * set. With @replay, the panes show a recording instead of live data. */
int ui_run(struct pane *panes, const struct options *o, volatile sig_atomic_t *stop,
	   struct replay *replay);

#endif
