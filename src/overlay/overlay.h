/* SPDX-License-Identifier: GPL-2.0 */
/* Pane 3 snapshot: what the collector hands to the renderers. */
#ifndef CVTOP_OVERLAY_H
#define CVTOP_OVERLAY_H

#include <stddef.h>
#include <stdint.h>
#include "bpf/overlay.h"
#include "identity.h"
#include "schema.h"

/* One direction (read or write) over the last interval. */
struct overlay_dir_row {
	uint64_t count; /* calls that returned >= 0 */
	uint64_t bytes;
	uint64_t errors;
	uint64_t total_ns;
	uint64_t p50_ns, p99_ns, max_ns;
	uint64_t hist[OVL_HIST_SLOTS]; /* log2 ns */
};

/* One cgroup on one overlay superblock. Strings are raw: escape to show. */
struct overlay_row {
	uint64_t cgroup_id;
	unsigned int dev_major, dev_minor; /* the overlay superblock */
	const char *path; /* cgroup, relative to the v2 root */
	const struct cg_identity *ident; /* who the cgroup belongs to, its name */
	const char *mount; /* mount point; NULL when not in cvtop's mount namespace */
	const char *upper; /* upper dir; NULL when unknown or read-only */
	const char *name; /* "<cgroup> <major>:<minor>", unique: selects the row */
	struct overlay_dir_row dir[OVL_NR_DIRS];
};

struct overlay_snapshot {
	double interval_s;
	const char *misses; /* what the method in use cannot see */
	struct overlay_row *rows;
	size_t nr_rows;
};

extern const struct collector_ops overlay_collector;

/* the snapshot's field schema (overlay_fields.c) */
#define NR_OVERLAY_FIELDS 2
extern const struct field overlay_fields[NR_OVERLAY_FIELDS];

#endif
