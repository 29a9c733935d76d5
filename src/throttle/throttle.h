/* SPDX-License-Identifier: GPL-2.0 */
/* Pane 2 snapshot: what the collector hands to the renderers. */
#ifndef CVTOP_THROTTLE_H
#define CVTOP_THROTTLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "identity.h"
#include "schema.h"
#include "throttle_parse.h"

/* One device of one cgroup: limits in force and throttled I/O in the
 * interval, [0] read, [1] write. */
struct throttle_dev {
	uint32_t major, minor;
	char name[32]; /* "loop0", or "MAJ:MIN" when it has no name */
	bool has_limit;
	uint64_t limit[IO_NR_LIMITS]; /* IO_NO_LIMIT when not limited */
	uint64_t bios[2], bytes[2];
	uint64_t held[2]; /* only when held_visible */
	uint64_t hold_ns[2]; /* only when hold_visible */
	bool io_visible, held_visible, hold_visible; /* as in its row */
};

/* One cgroup with a CPU quota, a block limit or throttled I/O. Paths are
 * relative to the hierarchies' roots and raw: escape to show. */
struct throttle_row {
	const char *path;
	const struct cg_identity *ident; /* who the cgroup belongs to, its name */
	/* CPU bandwidth: only when has_quota */
	bool has_quota;
	uint64_t quota_us, period_us;
	double quota_cpus;
	bool has_periods; /* cpu.stat could be read */
	uint64_t periods, throttled_periods;
	double throttled_pct; /* of the interval's periods */
	bool has_throttled_time;
	uint64_t throttled_ns;
	bool has_bursts;
	uint64_t bursts, burst_ns;
	bool has_usage;
	uint64_t usage_ns;
	double quota_used_pct; /* usage against quota over the interval */
	/* block I/O, summed over devices */
	bool has_io_limit;
	uint64_t io_bios, io_bytes, io_held, io_hold_ns;
	bool io_visible; /* a block hook counts io_bios and io_bytes */
	bool held_visible; /* io_held means something */
	bool hold_visible; /* io_hold_ns means something */
	const struct throttle_dev *devs; /* nr_devs of them, in throttle_snapshot.devs */
	size_t dev_first, nr_devs;
	double score; /* worst first: higher is more throttled */
};

struct throttle_snapshot {
	double interval_s;
	const char *cpu_source; /* "cgroup v1 cpu at /sys/fs/cgroup/cpu", or NULL */
	const char *io_source;
	bool io_available; /* a block hook is attached */
	bool has_held; /* the method tells held bios from bios that passed */
	bool has_hold; /* and sees how long they were held */
	const char *io_missing; /* what the block method cannot show, or why it is off */
	struct throttle_row *rows;
	size_t nr_rows;
	struct throttle_dev *devs;
	size_t nr_devs;
};

struct cgfs_cpu;

/* CPU fields of @row for the interval from @old (NULL: first sight, no
 * delta) to @cur. */
void throttle_fill_cpu(struct throttle_row *row, const struct cgfs_cpu *cur,
		       const struct cgfs_cpu *old, double interval_s);
/* Worst first: % of periods throttled + % of the interval bios were held
 * (100 when bios were held, or went through a limit, and hold times cannot
 * be seen). */
double throttle_score(const struct throttle_row *row, double interval_s);

extern const struct collector_ops throttle_collector;

/* the snapshot's field schema (throttle_fields.c) */
#define NR_THROTTLE_FIELDS 8
extern const struct field throttle_fields[NR_THROTTLE_FIELDS];

#endif
