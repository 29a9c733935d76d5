// SPDX-License-Identifier: GPL-2.0
/* Pane 1, run-queue latency per cgroup: the one definition of the pane. */
#include <stddef.h>
#include "cpu.h"
#include "pane.h"
#include "ui/views.h"

const struct pane_def cpu_pane = {
	.key = "cpu",
	.title = "CPU contention",
	.short_title = "CPU",
	.help = "Columns of pane 1 (per cgroup, over the last interval):",
	.collector = &cpu_collector,
	.fields = cpu_fields,
	.nr_fields = NR_CPU_FIELDS,
	.snap_size = sizeof(struct cpu_snapshot),
	.snap_interval = offsetof(struct cpu_snapshot, interval_s),
	.main_table = &cpu_fields[0],
	.view = &cpu_view,
};
