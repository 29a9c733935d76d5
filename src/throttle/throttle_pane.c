// SPDX-License-Identifier: GPL-2.0
/* Pane 2, CPU bandwidth and block I/O throttling: the one definition of the pane. */
#include <stddef.h>
#include "pane.h"
#include "throttle.h"
#include "ui/views.h"

const struct pane_def throttle_pane = {
	.key = "throttle",
	.title = "Throttling",
	.short_title = "Throttle",
	.help = "Columns of pane 2 (cgroups with a CPU quota, a block limit or throttled I/O):",
	.collector = &throttle_collector,
	.fields = throttle_fields,
	.nr_fields = NR_THROTTLE_FIELDS,
	.snap_size = sizeof(struct throttle_snapshot),
	.snap_interval = offsetof(struct throttle_snapshot, interval_s),
	.main_table = &throttle_fields[6],
	.view = &throttle_view,
};
