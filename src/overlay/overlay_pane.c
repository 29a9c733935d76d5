// SPDX-License-Identifier: GPL-2.0
/* Pane 3, overlay read/write latency per container: the one definition of the pane. */
#include <stddef.h>
#include "overlay.h"
#include "pane.h"
#include "ui/views.h"

const struct pane_def overlay_pane = {
	.key = "overlay",
	.title = "Overlay latency",
	.short_title = "Overlay",
	.help = "Columns of pane 3 (per cgroup and overlay mount, over the last interval):",
	.help_more = "Enter: read and write latency histograms side by side",
	.collector = &overlay_collector,
	.fields = overlay_fields,
	.nr_fields = NR_OVERLAY_FIELDS,
	.snap_size = sizeof(struct overlay_snapshot),
	.snap_interval = offsetof(struct overlay_snapshot, interval_s),
	.main_table = &overlay_fields[1],
	.view = &overlay_view,
};
