/* SPDX-License-Identifier: GPL-2.0 */
/* Structures shared by bpf/overlay.bpf.c and src/overlay.c. */
#ifndef CVTOP_BPF_OVERLAY_H
#define CVTOP_BPF_OVERLAY_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

/* log2 slots of latency in ns: slot 35 holds everything >= 34 s */
#define OVL_HIST_SLOTS 36
#define OVL_MAX_ENTRIES 10240
#define OVL_SUPER_MAGIC 0x794c7630

enum ovl_dir {
	OVL_READ,
	OVL_WRITE,
	OVL_NR_DIRS,
};

/* One cgroup doing I/O on one overlay superblock. */
struct ovl_key {
	__u64 cgroup_id; /* v2 cgroup id */
	__u32 dev; /* the overlay superblock's s_dev, kernel encoding */
	__u32 pad;
};

/* Per direction, per CPU, per refresh epoch. */
struct ovl_dir_val {
	__u64 count; /* calls that returned >= 0 */
	__u64 bytes; /* what they returned */
	__u64 errors; /* calls that returned an error (not in the histogram) */
	__u64 ns; /* total latency of the counted calls */
	__u64 max_ns; /* the longest of them */
	__u64 hist[OVL_HIST_SLOTS];
};

/*
 * What one CPU saw of one key in one refresh epoch. The kernel writes the slot
 * of the current epoch (epoch & 1) and zeroes it when it first meets a new
 * epoch there; user space bumps the epoch, waits for running programs
 * (panes_refresh(), once for all panes) and reads the slot of the epoch it
 * closed, so every figure of an interval comes from that epoch.
 */
struct ovl_epoch_val {
	__u64 epoch;
	struct ovl_dir_val dir[OVL_NR_DIRS];
};

struct ovl_val {
	struct ovl_epoch_val slot[2];
};

/* The call a thread is in, from entry to exit (task storage). */
struct ovl_inflight {
	__u64 start_ns; /* 0: none */
	__u32 dev;
	__u32 dir;
	__u64 attached; /* the attachment it started in (stale after a detach) */
};

#endif
