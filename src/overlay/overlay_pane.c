// SPDX-License-Identifier: GPL-2.0
/* The one definition of the overlay pane. */
#include "overlay.h"
#include "out.h"
#include "pane.h"
#include "ui/views.h"

const struct pane_def overlay_pane = {
	.key = "overlay",
	.title = "Overlay latency",
	.short_title = "Overlay",
	.collector = &overlay_collector,
	.write_text = overlay_write_text,
	.write_json = overlay_write_json,
	.read_json = overlay_read_json,
	.table = overlay_table,
	.view = &overlay_view,
};
