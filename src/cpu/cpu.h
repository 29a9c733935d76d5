/* SPDX-License-Identifier: GPL-2.0 */
/* Pane 1 snapshot: what the collector hands to the renderers. */
#ifndef CVTOP_CPU_H
#define CVTOP_CPU_H

#include <stdbool.h>
#include <stdint.h>
#include "bpf/cpu.h"
#include "identity.h"
#include "schema.h"

/* One cgroup over the last interval. Strings are raw: escape to show. */
struct cpu_row {
	uint64_t cgroup_id;
	const char *path; /* relative to the v2 root; owned by the collector */
	const struct cg_identity *ident; /* who it belongs to, its name */
	bool gone; /* the cgroup was removed: kept a few refreshes, dimmed */
	uint64_t runq_count; /* waits that ended in the interval */
	uint64_t runq_ns;
	uint64_t runq_max_ns;
	uint64_t runq_p50_ns, runq_p99_ns;
	uint64_t hist[CPU_HIST_SLOTS];
	uint64_t cpu_ns;
	uint64_t switches;
	uint64_t pidns_switches;
	bool has_psi;
	double psi_some_avg10; /* percent */
	uint64_t psi_some_stall_us; /* in the interval */
};

/* Victims of pid-namespace switches, by the namespace they were in. */
struct cpu_pidns_row {
	uint32_t inum;
	const char *hostname;
	uint64_t switches;
};

struct cpu_snapshot {
	double interval_s;
	bool has_pidns; /* the hook in use can see pid namespaces */
	struct cpu_row *rows;
	size_t nr_rows;
	struct cpu_pidns_row *pidns;
	size_t nr_pidns;
};

extern const struct collector_ops cpu_collector;

/* the snapshot's field schema (cpu_fields.c): rows, pidns */
#define NR_CPU_FIELDS 2
extern const struct field cpu_fields[NR_CPU_FIELDS];

#endif
