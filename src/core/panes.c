// SPDX-License-Identifier: GPL-2.0
/* The one explicit table of panes, and what is done to all of them. */
#include <stdio.h>
#include <string.h>
#include "clock.h"
#include "heap.h"
#include "host.h"
#include "log.h"
#include "pane.h"
#include "out.h"
#include "rcu_barrier.h"

/* Each pane's folder exports its definition; the tabs are in this order. */
extern const struct pane_def cpu_pane, throttle_pane, overlay_pane, steal_pane, kvm_pane;

const struct pane_def *const pane_defs[] = {
	&cpu_pane, &throttle_pane, &overlay_pane, &steal_pane, &kvm_pane,
};

_Static_assert(sizeof(pane_defs) / sizeof(pane_defs[0]) <= PANE_MAX, "raise PANE_MAX");

const int nr_pane_defs = sizeof(pane_defs) / sizeof(pane_defs[0]);

/* the one wait of a refresh for the programs of the epochs just closed */
static struct rcu_barrier barrier = { -1, -1 };

bool panes_close_epochs(void)
{
	return barrier.outer >= 0;
}

int panes_open(struct pane *panes, panes_progress_fn progress, void *ctx)
{
	int i, err = 0;

	heap_load_begin();
	probe_kernel_mechanisms();
	if (barrier.outer < 0)
		rcu_barrier_open(&barrier);
	for (i = 0; i < nr_pane_defs; i++) {
		struct pane *p = &panes[i];

		if (progress)
			progress(pane_defs[i], i, ctx);
		memset(p, 0, sizeof(*p));
		p->def = pane_defs[i];
		if (!p->def->collector) {
			pane_set_unavailable(p, "%s", p->def->not_built);
			continue;
		}
		err = p->def->collector->open(p);
		if (err)
			goto out;
		p->opened_s = monotonic_s();
	}
out:
	heap_load_end();
	return err;
}

static void (*refresh_hook)(const struct pane *panes, void *ctx);
static void *refresh_ctx;

void panes_on_refresh(void (*fn)(const struct pane *panes, void *ctx), void *ctx)
{
	refresh_hook = fn;
	refresh_ctx = ctx;
}

/* Closes the epoch of every pane that has one, and waits once for them all. */
static void close_epochs(struct pane *panes)
{
	bool closed = false;
	int i, err;

	for (i = 0; i < nr_pane_defs; i++) {
		struct pane *p = &panes[i];

		if (p->status != PANE_OK || !p->def->collector || !p->def->collector->close_epoch)
			continue;
		p->def->collector->close_epoch(p);
		closed = true;
	}
	if (!closed || barrier.outer < 0)
		return;
	err = rcu_barrier_wait(&barrier);
	if (err)
		log_msg("waiting for the programs of the closed epochs: %s\n", strerror(-err));
}

void panes_refresh(struct pane *panes, double interval_s)
{
	int i, err;

	close_epochs(panes);
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
	/* the summary header's host figures, recorded with the panes */
	host_refresh("");
	if (refresh_hook)
		refresh_hook(panes, refresh_ctx);
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
	rcu_barrier_close(&barrier);
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
