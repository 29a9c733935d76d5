/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_RCU_BARRIER_H
#define CVTOP_RCU_BARRIER_H

/*
 * Waits for the BPF programs running at the call to finish. Each refresh,
 * panes_refresh() has every pane close its epoch (bump the epoch in .bss),
 * then calls rcu_barrier_wait() once for all of them before the panes read
 * their closed epoch's slots: every program that saw an old epoch has then
 * finished writing to it, so counts, sums, histograms, min and max of the
 * interval all come from the same closed epoch. One wait, for a grace
 * period takes seconds when the machine's CPUs are saturated.
 *
 * How: updating an element of an array-of-maps makes the bpf() syscall wait
 * for an RCU grace period before it returns (the kernel's
 * maybe_wait_bpf_programs()), and a non-sleepable BPF program (tracepoint,
 * tp_btf, raw_tp, kprobe, fentry) runs inside an RCU read-side section.
 */
struct rcu_barrier {
	int outer; /* BPF_MAP_TYPE_ARRAY_OF_MAPS, one slot */
	int inner; /* the array stored into it */
};

/* 0 or -errno; @b is closed (fds -1) on failure. */
int rcu_barrier_open(struct rcu_barrier *b);
/* 0 or -errno; returns once a grace period has passed. */
int rcu_barrier_wait(const struct rcu_barrier *b);
/* Safe on a barrier that failed to open or was closed already. */
void rcu_barrier_close(struct rcu_barrier *b);

#endif
