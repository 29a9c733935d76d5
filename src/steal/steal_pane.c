// SPDX-License-Identifier: GPL-2.0
/* Pane 4, stolen time as a guest sees it and as this host deals it out:
 * the one definition of the pane. */
#include <stddef.h>
#include "steal.h"
#include "pane.h"
#include "ui/views.h"

const struct pane_def steal_pane = {
	.key = "steal",
	.title = "Stolen time",
	.short_title = "Steal",
	.help = "Pane 4: guest steal per CPU from /proc/stat, with its history; then the VMs on "
		"this host:",
	.collector = &steal_collector,
	.fields = steal_fields,
	.nr_fields = NR_STEAL_FIELDS,
	.snap_size = sizeof(struct steal_snapshot),
	.snap_interval = offsetof(struct steal_snapshot, interval_s),
	.main_table = &steal_host_fields[1],
	.view = &steal_view,
};
