// SPDX-License-Identifier: GPL-2.0
/* Pane 4, the guest view: steal per CPU from /proc/stat, with its history. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "steal_priv.h"

static void push_history(struct steal_cpu_row *r, double pct)
{
	if (r->nr_history == STEAL_HISTORY) {
		memmove(r->history, r->history + 1, (STEAL_HISTORY - 1) * sizeof(r->history[0]));
		r->nr_history--;
	}
	r->history[r->nr_history++] = (float)pct;
}

/* The row covers @base to @cur; the history always gets the last interval. */
static void fill_cpu_row(struct steal_cpu_row *r, const struct cpu_ticks *prev,
			 const struct cpu_ticks *cur, const struct cpu_ticks *base)
{
	uint64_t t0 = cpu_ticks_total(base), t1 = cpu_ticks_total(cur);

	r->cpu = cur->cpu;
	r->total_ticks = t1 > t0 ? t1 - t0 : 0;
	r->steal_ticks = cur->steal > base->steal && t1 > t0 ? cur->steal - base->steal : 0;
	push_history(r, cpu_ticks_steal_pct(prev, cur));
}

static const struct cpu_ticks *find_cpu(const struct cpu_ticks *cpus, int nr, int cpu)
{
	int i;

	for (i = 0; i < nr; i++) {
		if (cpus[i].cpu == cpu)
			return &cpus[i];
	}
	return NULL;
}

void steal_refresh_guest(struct steal_priv *sp)
{
	struct steal_snapshot *s = &sp->snap;
	struct cpu_ticks total, *tmp;
	int nr, i;

	nr = procstat_read(sp->proc_stat, &total, sp->cur_cpus, PROCSTAT_MAX_CPUS);
	if (nr < 0) {
		s->guest_ok = false;
		snprintf(s->guest_reason, sizeof(s->guest_reason), "%s: %s", sp->proc_stat,
			 strerror(-nr));
		return;
	}
	s->guest_ok = true;
	if (!sp->have_prev) {
		sp->first_total = total;
		memcpy(sp->first_cpus, sp->cur_cpus, nr * sizeof(*sp->first_cpus));
		sp->nr_first_cpus = nr;
	} else {
		fill_cpu_row(&s->total, &sp->prev_total, &total,
			     sp->cumulative ? &sp->first_total : &sp->prev_total);
		for (i = 0; i < nr; i++) {
			const struct cpu_ticks *cur = &sp->cur_cpus[i], *prev, *base;
			struct steal_cpu_row *r = &s->cpus[i];

			/* a CPU that came or went shifts the lines: match by number */
			prev = find_cpu(sp->prev_cpus, sp->nr_prev_cpus, cur->cpu) ?: cur;
			base = sp->cumulative
				       ? find_cpu(sp->first_cpus, sp->nr_first_cpus, cur->cpu)
				       : prev;
			if (r->cpu != cur->cpu)
				r->nr_history = 0;
			fill_cpu_row(r, prev, cur, base ?: prev);
		}
		s->nr_cpus = nr;
	}
	sp->prev_total = total;
	tmp = sp->prev_cpus;
	sp->prev_cpus = sp->cur_cpus;
	sp->cur_cpus = tmp;
	sp->nr_prev_cpus = nr;
	sp->have_prev = true;
}
