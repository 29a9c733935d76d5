/* SPDX-License-Identifier: GPL-2.0 */
/* Structures shared by bpf/cpustolen.bpf.c and src/steal.c. */
#ifndef CVTOP_BPF_CPUSTOLEN_H
#define CVTOP_BPF_CPUSTOLEN_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

/* log2 slots of per-call steal deltas in ns */
#define CPUSTOLEN_HIST_SLOTS 36
#define CPUSTOLEN_MAX_CPUS 1024

/*
 * Per CPU whose steal clock was read (the argument of kvm_steal_clock or
 * xen_steal_clock): the last value returned, and the deltas between calls.
 */
struct cpustolen_val {
	__u64 last; /* the clock at the last call, ns */
	__u64 calls; /* calls that returned more than the last one */
	__u64 sum_ns;
	__u64 hist[CPUSTOLEN_HIST_SLOTS];
};

#endif
