/* SPDX-License-Identifier: GPL-2.0 */
/* Structures shared by bpf/kvm.bpf.c, bpf/kvm_exits.bpf.c and src/kvm/kvm.c. */
#ifndef CVTOP_BPF_KVM_H
#define CVTOP_BPF_KVM_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define KVM_MAX_KEYS 8192
/* log2 slots of exit handling time in ns: slot 35 holds everything >= 34 s */
#define KVM_HIST_SLOTS 36
/* VMMs whose command line the kernel keeps (kvm_vm_args) */
#define KVM_MAX_VMS 1024
/* bytes of a VMM's command line kept: where -name is found */
#define KVM_ARGS_LEN 4096
/* kvm_userspace_exit with errno < 0: reason is this bit | -errno */
#define KVM_UEXIT_ERRNO 0x80000000u

/*
 * A VMM's command line (NUL-separated, as /proc/PID/cmdline), read by the
 * kernel at the VM's first event: what names a VM that exits before
 * user space can read /proc.
 */
struct kvm_vm_args {
	__u32 len;
	char args[KVM_ARGS_LEN];
};

/* Every key starts with the VMM process and the vCPU thread. */
struct kvm_pio_key {
	__u32 tgid, tid;
	__u32 port;
	__u8 write; /* 0 in, 1 out */
	__u8 size; /* bytes per item */
	__u16 pad;
};

/* kvm_pio: one exit moves "count" items (rep ins/outs) */
struct kvm_pio_val {
	__u64 exits;
	__u64 items;
};

struct kvm_mmio_key {
	__u32 tgid, tid;
	__u64 gpa;
	__u32 type; /* 0 unsatisfied read, 1 read, 2 write */
	__u32 len;
};

struct kvm_msr_key {
	__u32 tgid, tid;
	__u32 msr;
	__u8 write;
	__u8 exception; /* the access raised #GP in the guest */
	__u16 pad;
};

struct kvm_uexit_key {
	__u32 tgid, tid;
	__u32 reason; /* KVM_EXIT_*, or KVM_UEXIT_ERRNO | -errno */
	__u32 pad;
};

/* Values of the pio/mmio/msr/uexit maps other than pio: a count per CPU. */

struct kvm_exit_key {
	__u32 tgid, tid;
	__u32 isa; /* 1 VMX, 2 SVM (KVM_ISA_*) */
	__u32 reason; /* full VMX exit reason (flags in bits 16-31) or SVM exit code */
};

/*
 * One refresh epoch's figures of an exit reason on one CPU. The kernel
 * resets a slot when it first writes to it in a new epoch, so every figure
 * of a slot (counts, sums, histogram, min, max) is from the one epoch it is
 * tagged with; user space reads the closed epoch's slot and folds it into
 * its totals since start.
 */
struct kvm_exit_epoch {
	__u64 epoch; /* the epoch these figures are of */
	__u64 count;
	__u64 sum_ns;
	__u64 sumsq_hi, sumsq_lo; /* sum of squares in ns^2, 128 bits */
	__u64 min_ns, max_ns;
	__u64 hist[KVM_HIST_SLOTS];
};

/* Per exit reason, per CPU: time from kvm_exit to the next kvm_entry on the
 * same vCPU thread; epoch e in slot[e & 1]. */
struct kvm_exit_val {
	struct kvm_exit_epoch slot[2];
};

enum kvm_io_kind {
	KVM_IO_PIO = 1,
	KVM_IO_MMIO,
	KVM_IO_MSR,
};

/*
 * A port, MMIO address or MSR access of a vCPU thread, timed like perf kvm
 * stat's ioport and mmio events: from the kvm_pio/kvm_mmio/kvm_msr event to
 * the next kvm_entry. Values: struct kvm_exit_val.
 */
struct kvm_io_key {
	__u32 tgid, tid;
	__u32 kind; /* KVM_IO_* */
	__u32 sub; /* pio: write << 8 | size; mmio: type << 16 | len; msr: write | exception << 1 */
	__u64 addr; /* port, guest physical address, MSR */
};

/* The exit of a vCPU thread waiting for its kvm_entry (kvm_pending, by tid),
 * and the access it made, if any (io_ts 0: none). */
struct kvm_pending_exit {
	__u64 ts;
	__u32 isa;
	__u32 reason;
	__u64 io_ts, io_end; /* io_end 0: timed to the kvm_entry */
	struct kvm_io_key io;
};

/* sumsq += d * d in 128 bits, from 32-bit halves: no overflow for any d */
static inline void kvm_sumsq_add(__u64 *hi, __u64 *lo, __u64 d)
{
	__u64 a = d >> 32, b = d & 0xffffffffULL;
	__u64 ab = a * b, bb = b * b, mid_lo, old;

	/* d^2 = a^2 2^64 + 2ab 2^32 + b^2; 2ab 2^32 split into high and low words */
	*hi += a * a + (ab >> 31);
	mid_lo = ab << 33;
	old = *lo;
	*lo += mid_lo;
	if (*lo < old)
		(*hi)++;
	old = *lo;
	*lo += bb;
	if (*lo < old)
		(*hi)++;
}

/* One duration into the slot of epoch @e: reset when first used in it. */
static inline __attribute__((always_inline)) void kvm_epoch_add(struct kvm_exit_epoch *sl, __u64 e,
								__u64 d, __u64 hslot)
{
	if (sl->epoch != e) {
		__builtin_memset(sl, 0, sizeof(*sl));
		sl->epoch = e;
		sl->min_ns = d;
	}
	if (d < sl->min_ns)
		sl->min_ns = d;
	if (d > sl->max_ns)
		sl->max_ns = d;
	sl->sum_ns += d;
	kvm_sumsq_add(&sl->sumsq_hi, &sl->sumsq_lo, d);
	sl->hist[hslot]++;
	sl->count++;
}

#endif
