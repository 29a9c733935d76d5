/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_BATCH_H
#define CVTOP_BATCH_H

#include <signal.h>

struct options;
struct pane;

/* Writes a snapshot of every pane per interval; 0 or -errno (write errors). */
int batch_run(struct pane *panes, const struct options *o, volatile sig_atomic_t *stop);

#endif
