// SPDX-License-Identifier: GPL-2.0
/* Pane 5, KVM exits per VM like `perf kvm stat live`: the one definition
 * of the pane. */
#include <stddef.h>
#include "kvm.h"
#include "out.h"
#include "pane.h"
#include "ui/views.h"

const struct pane_def kvm_pane = {
	.key = "kvm",
	.title = "KVM exits",
	.short_title = "KVM",
	.help = "Columns of pane 5 (per exit reason of all VMs, of a VM, of a vCPU thread):",
	.help_more = "then port I/O, exits to the VMM, MMIO and MSR counts, with their totals",
	.collector = &kvm_collector,
	.fields = kvm_fields,
	.nr_fields = NR_KVM_FIELDS,
	.snap_size = sizeof(struct kvm_snapshot),
	.snap_interval = offsetof(struct kvm_snapshot, interval_s),
	.main_table = &kvm_exits_fields[KVM_EXITS_ROWS],
	/* the exit table where it can be seen, else port I/O */
	.table = kvm_table,
	.view = &kvm_view,
};
