/* SPDX-License-Identifier: GPL-2.0 */
/* Statistics of one exit reason's handling times. */
#ifndef CVTOP_EXIT_STATS_H
#define CVTOP_EXIT_STATS_H

#include <stdbool.h>
#include <stdint.h>

struct exit_stats {
	uint64_t count;
	uint64_t sum_ns;
	unsigned __int128 sumsq; /* ns^2 */
	uint64_t min_ns, max_ns; /* 0 when count is 0 */
};

/* Adds one duration (what the BPF side does, for tests and merging). */
void exit_stats_add(struct exit_stats *s, uint64_t ns);
/* a += b (e.g. two CPUs' or two vCPUs' values) */
void exit_stats_merge(struct exit_stats *a, const struct exit_stats *b);

double exit_stats_mean(const struct exit_stats *s);
/* Sample standard deviation (n - 1); false when count < 2. */
bool exit_stats_stddev(const struct exit_stats *s, double *sd);
/* perf kvm stat's "+-%": the relative standard error of the mean,
 * 100 * sd / sqrt(n) / mean; false when count < 2 or the mean is 0. */
bool exit_stats_rel_stderr_pct(const struct exit_stats *s, double *pct);

#endif
