// SPDX-License-Identifier: GPL-2.0
/* The one definition of the kvm pane. */
#include "kvm.h"
#include "out.h"
#include "pane.h"
#include "ui/views.h"

const struct pane_def kvm_pane = {
	.key = "kvm",
	.title = "KVM exits",
	.short_title = "KVM",
	.collector = &kvm_collector,
	.write_text = kvm_write_text,
	.write_json = kvm_write_json,
	.read_json = kvm_read_json,
	.table = kvm_table,
	.view = &kvm_view,
};
