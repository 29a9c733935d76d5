// SPDX-License-Identifier: GPL-2.0
/* The one definition of the throttle pane. */
#include "throttle.h"
#include "out.h"
#include "pane.h"
#include "ui/views.h"

const struct pane_def throttle_pane = {
	.key = "throttle",
	.title = "Throttling",
	.short_title = "Throttle",
	.collector = &throttle_collector,
	.write_text = throttle_write_text,
	.write_json = throttle_write_json,
	.read_json = throttle_read_json,
	.table = throttle_table,
	.view = &throttle_view,
};
