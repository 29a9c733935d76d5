// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include "exit_stats.h"

void exit_stats_add(struct exit_stats *s, uint64_t ns)
{
	if (!s->count || ns < s->min_ns)
		s->min_ns = ns;
	if (ns > s->max_ns)
		s->max_ns = ns;
	s->count++;
	s->sum_ns += ns;
	s->sumsq += (unsigned __int128)ns * ns;
}

void exit_stats_merge(struct exit_stats *a, const struct exit_stats *b)
{
	if (!b->count)
		return;
	if (!a->count || b->min_ns < a->min_ns)
		a->min_ns = b->min_ns;
	if (b->max_ns > a->max_ns)
		a->max_ns = b->max_ns;
	a->count += b->count;
	a->sum_ns += b->sum_ns;
	a->sumsq += b->sumsq;
}

double exit_stats_mean(const struct exit_stats *s)
{
	return s->count ? (double)s->sum_ns / (double)s->count : 0;
}

bool exit_stats_stddev(const struct exit_stats *s, double *sd)
{
	unsigned __int128 n = s->count, sum = s->sum_ns, num;
	long double var;

	if (s->count < 2)
		return false;
	/*
	 * (n sumsq - sum^2) / (n (n - 1)), exact in 128 bits while n sumsq fits:
	 * long double would cancel away the spread of long, similar durations.
	 * sum^2 always fits (sum < 2^64).
	 */
	if (s->sumsq <= ~(unsigned __int128)0 / n) {
		num = n * s->sumsq;
		num = num > sum * sum ? num - sum * sum : 0;
		var = (long double)num / ((long double)s->count * (s->count - 1));
	} else {
		long double ln = s->count, ls = s->sum_ns;

		var = ((long double)s->sumsq - ls * ls / ln) / (ln - 1);
	}
	*sd = var > 0 ? sqrtl(var) : 0;
	return true;
}

bool exit_stats_rel_stderr_pct(const struct exit_stats *s, double *pct)
{
	double sd, mean = exit_stats_mean(s);

	if (!exit_stats_stddev(s, &sd) || mean <= 0)
		return false;
	*pct = 100.0 * sd / sqrt((double)s->count) / mean;
	return true;
}
