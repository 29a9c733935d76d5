/* SPDX-License-Identifier: GPL-2.0 */
/* Renderers named in the pane table (src/panes.c); no curses types here. */
#ifndef CVTOP_VIEWS_H
#define CVTOP_VIEWS_H

#include <stdbool.h>

struct pane;
struct view;

void cpu_draw(struct view *v, struct pane *p);
bool cpu_draw_detail(struct view *v, struct pane *p);

void overlay_draw(struct view *v, struct pane *p);
bool overlay_draw_detail(struct view *v, struct pane *p);
void throttle_draw(struct view *v, struct pane *p);
bool throttle_draw_detail(struct view *v, struct pane *p);
void steal_draw(struct view *v, struct pane *p);

void kvm_draw(struct view *v, struct pane *p);
bool kvm_draw_detail(struct view *v, struct pane *p);

#endif
