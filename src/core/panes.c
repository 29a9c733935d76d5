// SPDX-License-Identifier: GPL-2.0
/* The one explicit table of panes, and what is done to all of them. */
#include <stdio.h>
#include <string.h>
#include "clock.h"
#include "cpu.h"
#include "kvm.h"
#include "steal.h"
#include "log.h"
#include "pane.h"
#include "out.h"
#include "overlay.h"
#include "throttle.h"
#include "ui/views.h"

const struct pane_def pane_defs[] = {
	{
		.key = "cpu",
		.title = "CPU contention",
		.short_title = "CPU",
		.collector = &cpu_collector,
		.write_text = cpu_write_text,
		.write_json = cpu_write_json,
		.read_json = cpu_read_json,
		.table = cpu_table,
		.draw = cpu_draw,
		.draw_detail = cpu_draw_detail,
	},
	{
		.key = "throttle",
		.title = "Throttling",
		.short_title = "Throttle",
		.collector = &throttle_collector,
		.write_text = throttle_write_text,
		.write_json = throttle_write_json,
		.read_json = throttle_read_json,
		.table = throttle_table,
		.draw = throttle_draw,
		.draw_detail = throttle_draw_detail,
	},
	{
		.key = "overlay",
		.title = "Overlay latency",
		.short_title = "Overlay",
		.collector = &overlay_collector,
		.write_text = overlay_write_text,
		.write_json = overlay_write_json,
		.read_json = overlay_read_json,
		.table = overlay_table,
		.draw = overlay_draw,
		.draw_detail = overlay_draw_detail,
	},
	{
		.key = "steal",
		.title = "Stolen time",
		.short_title = "Steal",
		.collector = &steal_collector,
		.write_text = steal_write_text,
		.write_json = steal_write_json,
		.read_json = steal_read_json,
		.table = steal_vm_table,
		.draw = steal_draw,
	},
	{
		.key = "kvm",
		.title = "KVM exits",
		.short_title = "KVM",
		.collector = &kvm_collector,
		.write_text = kvm_write_text,
		.write_json = kvm_write_json,
		.read_json = kvm_read_json,
		.table = kvm_table,
		.draw = kvm_draw,
		.draw_detail = kvm_draw_detail,
	},
};

const int nr_pane_defs = sizeof(pane_defs) / sizeof(pane_defs[0]);

int panes_open(struct pane *panes, panes_progress_fn progress, void *ctx)
{
	int i, err;

	for (i = 0; i < nr_pane_defs; i++) {
		struct pane *p = &panes[i];

		if (progress)
			progress(&pane_defs[i], i, ctx);
		memset(p, 0, sizeof(*p));
		p->def = &pane_defs[i];
		if (!p->def->collector) {
			pane_set_unavailable(p, "%s", p->def->not_built);
			continue;
		}
		err = p->def->collector->open(p);
		if (err)
			return err;
		p->opened_s = monotonic_s();
	}
	return 0;
}

void panes_refresh(struct pane *panes, double interval_s)
{
	int i, err;

	for (i = 0; i < nr_pane_defs; i++) {
		struct pane *p = &panes[i];

		if (p->status != PANE_OK || !p->def->collector)
			continue;
		/* the kernel's counters start when the collector attaches;
		 * whole microseconds, like the interval */
		p->elapsed_s = round_us(monotonic_s() - p->opened_s);
		err = p->def->collector->refresh(p, p->cumulative ? p->elapsed_s : interval_s);
		/* a pane that fails to refresh goes dark; the others carry on */
		if (err) {
			log_msg("%s: refresh failed: %s\n", p->def->key, strerror(-err));
			pane_set_unavailable(p, "refresh failed: %s", strerror(-err));
		}
	}
}

void panes_set_cumulative(struct pane *panes, bool cumulative)
{
	int i;

	for (i = 0; i < nr_pane_defs; i++)
		panes[i].cumulative = cumulative;
}

double panes_cumulative_s(const struct pane *panes)
{
	int i;

	for (i = 0; i < nr_pane_defs; i++) {
		if (panes[i].cumulative && panes[i].status == PANE_OK)
			return panes[i].elapsed_s;
	}
	return 0;
}

void panes_close(struct pane *panes)
{
	int i;

	for (i = 0; i < nr_pane_defs; i++) {
		if (panes[i].def && panes[i].def->collector)
			panes[i].def->collector->close(&panes[i]);
	}
}

void panes_write_probe_report(FILE *f, const struct pane *panes)
{
	int i, j;

	for (i = 0; i < nr_pane_defs; i++) {
		const struct pane *p = &panes[i];

		fprintf(f, "%-9s %s\n", p->def->key, p->status == PANE_OK ? "ok" : "unavailable");
		for (j = 0; j < p->nr_hooks; j++) {
			const struct hook_attempt *h = &p->hooks[j];

			if (h->chosen)
				fprintf(f, "  + %-10s chosen: %s\n", h->name, h->what);
			else if (h->tried)
				fprintf(f, "  - %-10s failed: %s\n", h->name, h->why);
			else if (h->why[0])
				fprintf(f, "  . %-10s %s\n", h->name, h->why);
			else
				fprintf(f, "  . %-10s not tried: a preferred hook works\n",
					h->name);
		}
		if (p->status != PANE_OK)
			fprintf(f, "  reason: %s\n", p->reason);
	}
}
