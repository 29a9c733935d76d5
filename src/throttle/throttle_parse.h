/* SPDX-License-Identifier: GPL-2.0 */
/* Parsers of the cgroup v1 and v2 files that say how a cgroup is throttled. */
#ifndef CVTOP_THROTTLE_PARSE_H
#define CVTOP_THROTTLE_PARSE_H

#include <stdbool.h>
#include <stdint.h>

/* no limit, in any io limit field */
#define IO_NO_LIMIT UINT64_MAX

enum io_limit_kind {
	IO_RBPS,
	IO_WBPS,
	IO_RIOPS,
	IO_WIOPS,
	IO_NR_LIMITS,
};

struct io_limit {
	uint32_t major, minor;
	uint64_t limit[IO_NR_LIMITS]; /* IO_NO_LIMIT when not limited */
};

/* cpu.stat of v1 or v2, times in ns; has_* say which lines were there */
struct cpu_stat {
	bool has_periods, has_throttled_time, has_bursts, has_usage;
	uint64_t nr_periods, nr_throttled, throttled_ns;
	uint64_t nr_bursts, burst_ns;
	uint64_t usage_ns; /* v2 usage_usec */
};

/* v2 cpu.max "QUOTA PERIOD" or "max PERIOD": quota -1 when unlimited.
 * 0 or -EINVAL. */
int parse_cpu_max(const char *text, int64_t *quota_us, uint64_t *period_us);

/* One signed integer (v1 cpu.cfs_quota_us is -1 when unlimited). */
int parse_s64(const char *text, int64_t *v);

/* v1 and v2 cpu.stat; unknown lines are skipped. 0 or -EINVAL when no
 * known line was found. */
int parse_cpu_stat(const char *text, struct cpu_stat *st);

/*
 * Limits of v2 io.max ("MAJ:MIN rbps=N wbps=max riops=N wiops=N") or of one
 * v1 blkio.throttle.*_device file ("MAJ:MIN N", @kind says which limit),
 * merged into @lims (@nr in use, @max room). Odd lines are skipped.
 * Returns 0, or -E2BIG when some device did not fit.
 */
int parse_io_max(const char *text, struct io_limit *lims, int *nr, int max);
int parse_blkio_device(const char *text, enum io_limit_kind kind, struct io_limit *lims, int *nr,
		       int max);

/* true when @l limits anything */
bool io_limit_any(const struct io_limit *l);

#endif
