/* SPDX-License-Identifier: GPL-2.0 */
/* Structures shared by bpf/cpu.bpf.c and src/cpu.c. */
#ifndef CVTOP_BPF_CPU_H
#define CVTOP_BPF_CPU_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

/* log2 slots of run-queue latency in ns: slot 35 holds everything >= 34 s */
#define CPU_HIST_SLOTS 36
#define CPU_MAX_CGROUPS 10240
#define CPU_MAX_PIDNS 4096
#define CPU_NODENAME_LEN 65

/*
 * Per cgroup (v2 cgroup id), per CPU. Everything only grows except max_ns,
 * which is kept per refresh epoch: the kernel writes slot epoch & 1 and user
 * space reads the slot of the epoch that just ended.
 */
struct cpu_cg_val {
	__u64 runq_count; /* run-queue waits that ended (task switched in) */
	__u64 runq_ns; /* their total wait */
	__u64 cpu_ns; /* on-CPU time, charged when the task switches out */
	__u64 switches; /* times a task of this cgroup was switched out */
	__u64 pidns_switches; /* of those, switches to a task in another pid ns */
	__u64 max_epoch[2];
	__u64 max_ns[2];
	__u64 hist[CPU_HIST_SLOTS];
};

/* Per pid namespace of the task switched out (the victim), per CPU. */
struct cpu_pidns_val {
	__u64 switches;
	char nodename[CPU_NODENAME_LEN]; /* UTS hostname when first seen */
};

#endif
