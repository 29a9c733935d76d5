/* SPDX-License-Identifier: GPL-2.0 */
/* Records of bpf/cgroup_iter.bpf.c, read by src/core/cgroup_iter.c. */
#ifndef CVTOP_BPF_CGROUP_ITER_H
#define CVTOP_BPF_CGROUP_ITER_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

/* per-CPU offsets are found for this many CPUs; a cgroup's PSI on a machine
 * with more is left to its file */
#define CGITER_MAX_CPUS 1024

#define CGITER_HAS_PSI (1u << 0)

/* One cgroup, as one read of its cpu.pressure would show it now. */
struct cgroup_iter_rec {
	__u64 id; /* kernfs id: the cgroup id of its hierarchy */
	/* the PSI_AVGS totals (cpu.pressure "total=", in ns here) with what the
	 * per-CPU state holds since the kernel last folded it in */
	__u64 psi_some_ns, psi_full_ns;
	/* the kernel's avg10 (fixed point, 2048 = 1 %) as of its last update */
	__u64 psi_some_avg10;
	__u32 flags;
	__u32 level;
};

#endif
