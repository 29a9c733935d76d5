/* SPDX-License-Identifier: GPL-2.0 */
/* Structures shared by bpf/throttle.bpf.c and src/throttle.c. */
#ifndef CVTOP_BPF_THROTTLE_H
#define CVTOP_BPF_THROTTLE_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define THROTTLE_MAX_KEYS 16384
/* bios held by blk-throttle at once that the decision hooks can time */
#define THROTTLE_MAX_HELD 65536

/* Per cgroup of the bio's blkg (kernfs id in the hierarchy blkio is bound
 * to), per device, per direction. */
struct throttle_key {
	__u64 cgroup_id;
	__u32 dev; /* kernel dev_t: major << 20 | minor */
	__u32 write; /* 0 read, 1 write */
};

/* Per CPU; only grows. */
struct throttle_val {
	__u64 bios; /* bios that went through a bps limit (BIO_BPS_THROTTLED) */
	__u64 bytes;
	__u64 held; /* of those, bios blk-throttle queued (decision hooks only) */
	__u64 hold_ns; /* their total time from the decision to the issue */
};

#endif
