// SPDX-License-Identifier: GPL-2.0
/* The summary header's figures, from the panes' snapshots, and their history. */
#include <string.h>
#include "cpu.h"
#include "hist.h"
#include "host.h"
#include "kvm.h"
#include "overlay.h"
#include "pane.h"
#include "steal.h"
#include "summary.h"
#include "throttle.h"

static const void *snap_of(const struct pane *panes, int nr, const char *key)
{
	int i;

	for (i = 0; i < nr; i++) {
		if (!strcmp(panes[i].def->key, key))
			return panes[i].status == PANE_OK ? panes[i].snap : NULL;
	}
	return NULL;
}

static void set(struct summary *s, enum summary_item i, double v)
{
	s->has[i] = true;
	s->v[i] = v;
}

/* CPU time, run-queue p99 and containers from pane 1; CPUs from pane 4 */
static void from_cpu(struct summary *s, const struct cpu_snapshot *c,
		     const struct steal_snapshot *st)
{
	uint64_t hist[CPU_HIST_SLOTS] = { 0 }, max = 0;
	double cpu_ns = 0;
	size_t i, j;
	int ctrs = 0;

	for (i = 0; i < c->nr_rows; i++) {
		const struct cpu_row *r = &c->rows[i];

		cpu_ns += (double)r->cpu_ns;
		for (j = 0; j < CPU_HIST_SLOTS; j++)
			hist[j] += r->hist[j];
		if (r->runq_max_ns > max)
			max = r->runq_max_ns;
		ctrs += r->ident && r->ident->container && !r->ident->helper && !r->gone;
	}
	if (hist_total(hist, CPU_HIST_SLOTS))
		set(s, SUM_RUNQ_P99, (double)hist_percentile(hist, CPU_HIST_SLOTS, 99, max));
	else
		set(s, SUM_RUNQ_P99, 0);
	set(s, SUM_CONTAINERS, ctrs);
	if (st && st->guest_ok && st->nr_cpus && c->interval_s > 0)
		set(s, SUM_BUSY, cpu_ns / (c->interval_s * 1e7 * (double)st->nr_cpus));
}

static void from_throttle(struct summary *s, const struct throttle_snapshot *t)
{
	size_t i;
	int n = 0;

	for (i = 0; i < t->nr_rows; i++) {
		const struct throttle_row *r = &t->rows[i];
		bool cpu = r->has_periods && r->throttled_periods;
		bool io = r->io_visible && (r->held_visible ? r->io_held : r->io_bios);

		n += cpu || io;
	}
	set(s, SUM_THROTTLED, n);
}

static void from_overlay(struct summary *s, const struct overlay_snapshot *o)
{
	double ops = 0;
	size_t i;
	int d;

	for (i = 0; i < o->nr_rows; i++) {
		for (d = 0; d < OVL_NR_DIRS; d++)
			ops += (double)o->rows[i].dir[d].count;
	}
	if (o->interval_s > 0)
		set(s, SUM_OVERLAY_OPS, ops / o->interval_s);
}

static void from_kvm(struct summary *s, const struct kvm_snapshot *k)
{
	double n = 0;
	size_t i;

	if (k->exits_ok) {
		for (i = 0; i < k->nr_exits; i++)
			n += k->exits[i].scope == KVM_SCOPE_ALL ? (double)k->exits[i].iv.count : 0;
	} else {
		for (i = 0; i < k->nr_uexit; i++)
			n += (double)k->uexit[i].count;
		s->exits_to_vmm = true;
	}
	if (k->interval_s > 0)
		set(s, SUM_VM_EXITS, n / k->interval_s);
}

static void from_host(struct summary *s, const struct host_state *h)
{
	int i;

	for (i = 0; i < HOST_PSI_NR && h->has_psi; i++) {
		if (!h->psi[i].has)
			continue;
		set(s, SUM_PSI_CPU + i, h->psi[i].some_avg10);
		s->has_full[SUM_PSI_CPU + i] = h->psi[i].has_full;
		s->full[SUM_PSI_CPU + i] = h->psi[i].full_avg10;
	}
}

void summary_compute(const struct pane *panes, int nr, struct summary *s)
{
	const struct cpu_snapshot *c = snap_of(panes, nr, "cpu");
	const struct throttle_snapshot *t = snap_of(panes, nr, "throttle");
	const struct overlay_snapshot *o = snap_of(panes, nr, "overlay");
	const struct steal_snapshot *st = snap_of(panes, nr, "steal");
	const struct kvm_snapshot *k = snap_of(panes, nr, "kvm");

	memset(s, 0, sizeof(*s));
	if (c)
		from_cpu(s, c, st);
	if (st && st->guest_ok)
		set(s, SUM_STEAL, steal_cpu_pct(&st->total));
	if (st && st->host_ok)
		set(s, SUM_VMS, (double)st->nr_vms);
	if (t)
		from_throttle(s, t);
	if (o)
		from_overlay(s, o);
	if (k)
		from_kvm(s, k);
	from_host(s, host_now());
}

void summary_history_clear(struct summary_history *h)
{
	h->head = 0;
	h->nr = 0;
}

static int slot(const struct summary_history *h, int age)
{
	return (h->head - 1 - age + 2 * SUMMARY_HISTORY) % SUMMARY_HISTORY;
}

void summary_history_push(struct summary_history *h, double t, const struct summary *s)
{
	while (h->nr && h->t[slot(h, 0)] >= t) {
		h->head = slot(h, 0);
		h->nr--;
	}
	h->t[h->head] = t;
	h->s[h->head] = *s;
	h->head = (h->head + 1) % SUMMARY_HISTORY;
	if (h->nr < SUMMARY_HISTORY)
		h->nr++;
}

int summary_spark(const struct summary_history *h, enum summary_item item, double window,
		  double top, int w, int *levels)
{
	double now, from, best[256];
	bool seen[256] = { false };
	int age, i, n = 0;

	if (w > 256)
		w = 256;
	memset(levels, 0, (size_t)(w > 0 ? w : 0) * sizeof(*levels));
	if (!h->nr || w <= 0 || window <= 0)
		return 0;
	now = h->t[slot(h, 0)];
	from = now - window;
	for (age = 0; age < h->nr; age++) {
		const struct summary *s = &h->s[slot(h, age)];
		double t = h->t[slot(h, age)];

		if (t <= from)
			break;
		if (!s->has[item])
			continue;
		/* the newest sample ends the last cell */
		i = (int)((t - from) / window * w - 1e-9);
		i = i < 0 ? 0 : i >= w ? w - 1 : i;
		if (!seen[i] || s->v[item] > best[i])
			best[i] = s->v[item];
		seen[i] = true;
	}
	if (top <= 0) {
		top = 1;
		for (i = 0; i < w; i++)
			top = seen[i] && best[i] > top ? best[i] : top;
	}
	for (i = 0; i < w; i++) {
		int l;

		if (!seen[i])
			continue;
		l = 1 + (int)(best[i] / top * (SPARK_LEVELS - 1) + 0.5);
		levels[i] = l < 1 ? 1 : l > SPARK_LEVELS ? SPARK_LEVELS : l;
		n++;
	}
	return n;
}
