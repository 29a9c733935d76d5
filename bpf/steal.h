/* SPDX-License-Identifier: GPL-2.0 */
/* Structures shared by bpf/steal.bpf.c and src/steal.c. */
#ifndef CVTOP_BPF_STEAL_H
#define CVTOP_BPF_STEAL_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define STEAL_MAX_TIDS 4096

/*
 * One vCPU thread (key: its tid). User space adds the tids it wants with a
 * zeroed value and deletes the ones that are gone; the kernel only adds to
 * wait_ns and waits, so only threads in the map are measured.
 */
struct steal_val {
	__u64 wait_ns; /* time it waited runnable on a host run queue */
	__u64 waits; /* waits that ended (it got the CPU) */
	__u64 queued; /* classic tracepoints only: ktime it became runnable */
};

#endif
