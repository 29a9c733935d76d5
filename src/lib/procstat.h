/* SPDX-License-Identifier: GPL-2.0 */
/* CPU time counters of /proc/stat, for steal time. */
#ifndef CVTOP_PROCSTAT_H
#define CVTOP_PROCSTAT_H

#include <stdbool.h>
#include <stdint.h>

#define PROCSTAT_MAX_CPUS 1024

/* One "cpu" or "cpuN" line, in USER_HZ ticks. */
struct cpu_ticks {
	int cpu; /* -1 for the total line */
	uint64_t user, nice, system, idle, iowait, irq, softirq, steal;
	/* guest and guest_nice are already inside user and nice */
	uint64_t guest, guest_nice;
};

/* All ticks of the line: user + nice + system + idle + iowait + irq + softirq + steal. */
uint64_t cpu_ticks_total(const struct cpu_ticks *t);

/*
 * Steal share in percent between two readings of the same CPU, 0 when no
 * tick passed; counters that went backwards (CPU hot-unplugged and back)
 * count as no time passed.
 */
double cpu_ticks_steal_pct(const struct cpu_ticks *prev, const struct cpu_ticks *cur);

/*
 * Parses @path (normally /proc/stat): the total line into @total, the
 * per-CPU lines into @cpus (up to @max, in file order). Lines with fewer
 * than 4 numbers are skipped; missing trailing fields (old kernels) are 0.
 * Returns the number of per-CPU lines or -errno (-ENODATA without a total line).
 */
int procstat_read(const char *path, struct cpu_ticks *total, struct cpu_ticks *cpus, int max);

#endif
