// SPDX-License-Identifier: GPL-2.0
/*
 * Pane 4, host view: how long the vCPU threads of the VMs on this host wait
 * runnable on its run queues; that wait is the steal their guests see.
 * Only threads whose tid user space put in steal_tids are measured.
 *
 * As in bpf/cpu.bpf.c, at sched_switch rq->clock - next->sched_info.last_queued
 * is the wait of the task switched in, stamped by the scheduler itself.
 *   steal_switch_btf  tp_btf/sched_switch, direct BTF reads
 *   steal_switch_raw  raw_tp/sched_switch, CO-RE probe reads
 *   steal_*_tp        classic tracepoints: wakeup stamps in the value, ktime
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "steal.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, STEAL_MAX_TIDS);
	__type(key, __u32);
	__type(value, struct steal_val);
} steal_tids SEC(".maps");

static __always_inline void account(__u32 tid, __u64 now, __u64 queued)
{
	struct steal_val *v;

	if (!queued || now <= queued)
		return;
	v = bpf_map_lookup_elem(&steal_tids, &tid);
	if (!v)
		return;
	__sync_fetch_and_add(&v->wait_ns, now - queued);
	__sync_fetch_and_add(&v->waits, 1);
}

SEC("tp_btf/sched_switch")
int BPF_PROG(steal_switch_btf, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	/* prev runs here: its cfs_rq is this CPU's, its clock is "now" */
	account(next->pid, prev->se.cfs_rq->rq->clock, next->sched_info.last_queued);
	return 0;
}

SEC("raw_tp/sched_switch")
int BPF_PROG(steal_switch_raw, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	account(BPF_CORE_READ(next, pid), BPF_CORE_READ(prev, se.cfs_rq, rq, clock),
		BPF_CORE_READ(next, sched_info.last_queued));
	return 0;
}

static __always_inline void stamp(__u32 tid, __u64 now)
{
	struct steal_val *v = bpf_map_lookup_elem(&steal_tids, &tid);

	if (v && !v->queued)
		v->queued = now;
}

SEC("tracepoint/sched/sched_wakeup")
int steal_wakeup_tp(struct trace_event_raw_sched_wakeup_template *ctx)
{
	stamp(ctx->pid, bpf_ktime_get_ns());
	return 0;
}

SEC("tracepoint/sched/sched_wakeup_new")
int steal_wakeup_new_tp(struct trace_event_raw_sched_wakeup_template *ctx)
{
	stamp(ctx->pid, bpf_ktime_get_ns());
	return 0;
}

SEC("tracepoint/sched/sched_switch")
int steal_switch_tp(struct trace_event_raw_sched_switch *ctx)
{
	__u64 now = bpf_ktime_get_ns();
	__u32 next_pid = ctx->next_pid;
	struct steal_val *v;

	/* preempted but still runnable: it waits again from now */
	if (!(ctx->prev_state & 0xff))
		stamp(ctx->prev_pid, now);
	v = bpf_map_lookup_elem(&steal_tids, &next_pid);
	if (!v || !v->queued)
		return 0;
	if (now > v->queued) {
		__sync_fetch_and_add(&v->wait_ns, now - v->queued);
		__sync_fetch_and_add(&v->waits, 1);
	}
	v->queued = 0;
	return 0;
}
