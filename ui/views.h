/* SPDX-License-Identifier: GPL-2.0 */
/* How the UI draws each pane; a pane_def points at its pane_view. */
#ifndef CVTOP_VIEWS_H
#define CVTOP_VIEWS_H

#include <stdbool.h>

struct pane;
struct view;

struct pane_view {
	void (*draw)(struct view *v, struct pane *p);
	/* Enter on the selected row; NULL or false when there is no detail view */
	bool (*draw_detail)(struct view *v, struct pane *p);
};

extern const struct pane_view cpu_view;
extern const struct pane_view throttle_view;
extern const struct pane_view overlay_view;
extern const struct pane_view steal_view;
extern const struct pane_view kvm_view;

#endif
