/* SPDX-License-Identifier: GPL-2.0 */
/* Structures shared by bpf/cpu.bpf.c and src/cpu.c. */
#ifndef CVTOP_BPF_CPU_H
#define CVTOP_BPF_CPU_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

/* log2 slots of run-queue latency in ns: slot 35 holds everything >= 34 s */
#define CPU_HIST_SLOTS 36
/* cgroups the CPU pane has rows for: at least this many, more when more
 * exist at start (twice their number, up to the cap) */
#define CPU_MAX_CGROUPS 10240
#define CPU_MAX_CGROUPS_CAP (1u << 20)
#define CPU_MAX_PIDNS 4096
#define CPU_NODENAME_LEN 65

/*
 * What one CPU saw of one cgroup in one refresh epoch. The kernel writes the
 * slot of the current epoch (epoch & 1) and zeroes it when it first meets a
 * new epoch there; user space bumps the epoch, waits for running programs
 * (panes_refresh(), once for all panes) and reads the slot of the epoch it
 * closed, so every figure of an interval (counts, sums, histogram, max) comes
 * from that epoch.
 */
struct cpu_cg_slot {
	__u64 epoch; /* the epoch these figures belong to */
	__u64 runq_ns; /* the total wait of the waits counted */
	__u64 runq_max_ns; /* the longest of them */
	__u64 cpu_ns; /* on-CPU time, charged when the task switches out */
	/* counts of one CPU in one epoch (a refresh, seconds): 32 bits hold
	 * them, and the slot is 192 bytes instead of 344 (every refresh reads
	 * each cgroup's slots of every CPU; each switch zeroes one a new epoch) */
	__u32 runq_count; /* run-queue waits that ended (task switched in) */
	__u32 switches; /* times a task of this cgroup was switched out */
	__u32 pidns_switches; /* of those, switches to a task in another pid ns */
	__u32 pad;
	__u32 hist[CPU_HIST_SLOTS];
};

/* Per cgroup (v2 cgroup id), per CPU: the last two epochs. */
struct cpu_cg_val {
	struct cpu_cg_slot slot[2];
};

/*
 * Each CPU's own entries for the cgroups it meets, CPU_CACHE_WAYS per epoch
 * parity, entry cgroup id % CPU_CACHE_WAYS: the first cgroup to meet an entry
 * in an epoch holds it for that epoch and is accounted there without a hash
 * lookup (a per-CPU array lookup is inlined, a hash lookup is calls); another
 * cgroup with the same entry goes to its slot in cpu_cgroups. Every cgroup
 * has an entry in cpu_cgroups (the list of rows); user space adds both.
 */
#define CPU_CACHE_WAYS 8

struct cpu_cache_ent {
	__u64 cgid;
	struct cpu_cg_slot s;
};

struct cpu_percpu {
	__u64 last_switch; /* when this CPU last switched tasks, in the variant's clock */
	struct cpu_cache_ent ent[2 * CPU_CACHE_WAYS]; /* [epoch & 1][cgid % WAYS] */
};

/* Per pid namespace of the task switched out (the victim), per CPU. */
struct cpu_pidns_val {
	__u64 switches;
	char nodename[CPU_NODENAME_LEN]; /* UTS hostname when first seen */
};

#endif
