// SPDX-License-Identifier: GPL-2.0
/* The one definition of the steal pane. */
#include "steal.h"
#include "out.h"
#include "pane.h"
#include "ui/views.h"

const struct pane_def steal_pane = {
	.key = "steal",
	.title = "Stolen time",
	.short_title = "Steal",
	.collector = &steal_collector,
	.write_text = steal_write_text,
	.write_json = steal_write_json,
	.read_json = steal_read_json,
	.table = steal_vm_table,
	.view = &steal_view,
};
