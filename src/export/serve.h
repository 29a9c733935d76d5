/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_SERVE_H
#define CVTOP_SERVE_H

#include <signal.h>

struct options;
struct pane;

/* Headless: refreshes the panes every interval (the exporter's hook does
 * the rest) until *@stop or o->count refreshes. 0. */
int serve_run(struct pane *panes, const struct options *o, volatile sig_atomic_t *stop);

#endif
