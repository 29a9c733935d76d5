// SPDX-License-Identifier: GPL-2.0
/* Per-interval numbers of a pane 2 row from cumulative counters. */
#include <string.h>
#include "hist.h"
#include "throttle.h"
#include "throttle_cgfs.h"

void throttle_fill_cpu(struct throttle_row *row, const struct cgfs_cpu *c,
		       const struct cgfs_cpu *old, double interval_s)
{
	const struct cpu_stat *st = &c->st, *ost;

	row->has_quota = true;
	row->quota_us = c->quota_us;
	row->period_us = c->period_us;
	row->quota_cpus = (double)c->quota_us / c->period_us;
	/* a cgroup first seen now has no interval yet: unknown, not zero */
	if (!old)
		return;
	ost = &old->st;
	row->has_periods = st->has_periods && ost->has_periods;
	row->periods = counter_delta(st->nr_periods, ost->nr_periods);
	row->throttled_periods = counter_delta(st->nr_throttled, ost->nr_throttled);
	if (row->periods)
		row->throttled_pct = 100.0 * row->throttled_periods / row->periods;
	row->has_throttled_time = st->has_throttled_time && ost->has_throttled_time;
	row->throttled_ns = counter_delta(st->throttled_ns, ost->throttled_ns);
	row->has_bursts = st->has_bursts && ost->has_bursts;
	row->bursts = counter_delta(st->nr_bursts, ost->nr_bursts);
	row->burst_ns = counter_delta(st->burst_ns, ost->burst_ns);
	row->has_usage = c->has_usage && old->has_usage;
	if (row->has_usage) {
		row->usage_ns = counter_delta(c->usage_ns, old->usage_ns);
		if (interval_s > 0 && row->quota_cpus > 0)
			row->quota_used_pct =
				100.0 * row->usage_ns / (interval_s * 1e9 * row->quota_cpus);
	}
}

double throttle_score(const struct throttle_row *row, double interval_s)
{
	double score = row->throttled_pct;

	/* I/O: the share of the interval bios were held where that is seen;
	 * else any held (or, when holds cannot be told, throttled) bio counts
	 * as fully throttled */
	if (row->hold_visible && interval_s > 0)
		score += 100.0 * row->io_hold_ns / (interval_s * 1e9);
	else if (row->held_visible ? row->io_held : row->io_bios)
		score += 100.0;
	return score;
}
