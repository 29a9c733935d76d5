/* SPDX-License-Identifier: GPL-2.0 */
/* Pane 4 collector's state, shared by steal.c (hooks, cpustolen), steal_guest.c and steal_host.c.
 */
#ifndef CVTOP_STEAL_PRIV_H
#define CVTOP_STEAL_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include "bpfmap.h"
#include "counters.h"
#include "bpf/steal.h"
#include "procstat.h"
#include "steal.h"
#include "vmscan.h"

#define VM_SCAN_EVERY 5

enum steal_variant {
	VARIANT_TP_BTF,
	VARIANT_RAW_TP,
	VARIANT_TRACEPOINT,
};

struct tid_total {
	uint32_t tid;
	uint64_t wait_ns, waits;
};

/* struct cpustolen_val summed over CPUs, in user-space types */
struct stolen_totals {
	uint64_t calls, sum_ns;
	uint64_t hist[CPUSTOLEN_HIST_SLOTS];
};

enum cpustolen_variant {
	STOLEN_FEXIT,
	STOLEN_KPROBE,
	NR_STOLEN,
};

struct steal_priv {
	struct steal_bpf *skel;
	bool attached; /* its sched_switch hooks: only while vCPU threads are watched */
	struct map_reader reader;
	struct steal_cpustolen_bpf *stolen;
	struct map_reader stolen_reader;
	struct stolen_totals stolen_prev, stolen_cur;
	const char *proc_stat;
	struct cpu_ticks prev_total, *prev_cpus, *cur_cpus;
	int nr_prev_cpus;
	bool have_prev;
	/* /proc/stat when first read: the cumulative view's baseline */
	struct cpu_ticks first_total, *first_cpus;
	int nr_first_cpus;
	struct vm_list vms;
	struct vm_seen seen; /* processes that are no VMs */
	/* cumulative per tid, sorted: previous refresh and the one being read */
	struct gen_table tids; /* of struct tid_total, by tid */
	struct steal_snapshot snap;
	unsigned long refreshes;
	bool cumulative; /* rows since start rather than since the last refresh */
};

/* steal_guest.c: steal per CPU from /proc/stat */
void steal_refresh_guest(struct steal_priv *sp);
/* steal_host.c: the run-queue wait of the VMs' vCPU threads */
int steal_refresh_host(struct steal_priv *sp, double interval_s);

#endif
