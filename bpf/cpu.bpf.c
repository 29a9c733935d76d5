// SPDX-License-Identifier: GPL-2.0
/*
 * Pane 1, container CPU contention: per cgroup run-queue latency of the task
 * switched in, CPU time, and pid-namespace switches; all from sched_switch.
 *
 * The run-queue wait comes from the kernel's own bookkeeping: with
 * CONFIG_SCHED_INFO the scheduler stamps task->sched_info.last_queued with
 * rq_clock() when a task becomes runnable and clears it in
 * sched_info_arrive(), which runs after the sched_switch tracepoint. So at
 * the tracepoint rq->clock - next->sched_info.last_queued is the wait of the
 * woken (or preempted) task, measured by the scheduler itself: no wakeup hook,
 * no per-task map, and the wait is charged to the task that waited, never to
 * its waker. rq->clock is reached through the outgoing task's cfs_rq (which
 * needs CONFIG_FAIR_GROUP_SCHED): the runqueues per-CPU symbol is not
 * resolvable on kernels without CONFIG_KALLSYMS_ALL. A task migrated while
 * queued is stamped again on its new run queue, so only its wait there counts.
 *
 * Three attach variants, one chosen at run time (src/cpu.c):
 *   cpu_switch_cast tp_btf/sched_switch, direct BTF reads (cpu_switch_btf
 *                   where the kernel has no bpf_rdonly_cast())
 *   cpu_switch_raw  raw_tp/sched_switch, the same logic with probe reads
 *   cpu_*_tp        classic tracepoints: wakeup stamps in a pid hash,
 *                   ktime clock, no pid-namespace switches
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "cpu.h"
#include "bits.bpf.h"

char LICENSE[] SEC("license") = "GPL";

/* Refresh epoch, bumped by user space: selects the slot written (cpu.h). */
volatile __u64 epoch;

static const struct cpu_cg_val zero_cg;
static const struct cpu_pidns_val zero_pidns;

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, CPU_MAX_CGROUPS);
	__type(key, __u64);
	__type(value, struct cpu_cg_val);
} cpu_cgroups SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, CPU_MAX_PIDNS);
	__type(key, __u32);
	__type(value, struct cpu_pidns_val);
} cpu_pidns SEC(".maps");

/* This CPU's last switch and its own cgroup entries (cpu.h). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct cpu_percpu);
} cpu_state SEC(".maps");

static __always_inline struct cpu_cg_slot *fresh_slot(struct cpu_cg_slot *s, __u64 e)
{
	if (s->epoch != e) {
		__builtin_memset(s, 0, sizeof(*s));
		s->epoch = e;
	}
	return s;
}

/* This CPU's slot of epoch @e for cgroup @cgid, zeroed when @e is new to it:
 * in the CPU's own entries unless another cgroup holds that one in this epoch
 * (cpu.h); NULL (counted) when cpu_cgroups is full. */
static __always_inline struct cpu_cg_slot *cg_slot(struct cpu_percpu *pc, __u64 cgid, __u64 e)
{
	__u64 i = (e & 1) * CPU_CACHE_WAYS + (cgid & (CPU_CACHE_WAYS - 1));
	struct cpu_cache_ent *ce;
	struct cpu_cg_val *v;

	/* older verifiers (6.1) want the bound checked where it is used */
	barrier_var(i);
	if (i >= 2 * CPU_CACHE_WAYS)
		return NULL;
	ce = &pc->ent[i];
	if (ce->s.epoch == e && ce->cgid == cgid)
		return &ce->s;
	/* once per cgroup, CPU and epoch: its entry in the list of rows */
	v = map_get_or_add(&cpu_cgroups, &cgid, &zero_cg);
	if (!v)
		return NULL;
	if (ce->s.epoch != e) {
		ce->cgid = cgid;
		return fresh_slot(&ce->s, e);
	}
	return fresh_slot(&v->slot[e & 1], e);
}

static __always_inline void account_wait(struct cpu_cg_slot *s, __u64 wait)
{
	__u64 slot = hist_slot_of(wait, CPU_HIST_SLOTS);

	s->runq_count++;
	s->runq_ns += wait;
	/* checked again where it is used: older verifiers (6.1) lose the
	 * bound when the compiler checks a copy of the register */
	barrier_var(slot);
	if (slot < CPU_HIST_SLOTS)
		s->hist[slot]++;
	if (wait > s->runq_max_ns)
		s->runq_max_ns = wait;
}

static __always_inline struct cpu_percpu *this_cpu(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&cpu_state, &zero);
}

/*
 * The pid namespace a task lives in: thread_pid->numbers[thread_pid->level].ns.
 * Everything here goes through probe reads, so the pid pointer is a plain
 * number: a variable index into a BTF pointer is refused by older verifiers.
 */
static __always_inline struct pid_namespace *task_pid_ns(struct task_struct *t)
{
	struct pid *pid = BPF_CORE_READ(t, thread_pid);
	struct pid_namespace *ns = NULL;
	unsigned long addr, level = BPF_CORE_READ(pid, level);

	/* variable index into a flexible array: compute the address by hand */
	addr = (unsigned long)pid + bpf_core_field_offset(struct pid, numbers) +
	       level * bpf_core_type_size(struct upid) + bpf_core_field_offset(struct upid, ns);
	bpf_probe_read_kernel(&ns, sizeof(ns), (void *)addr);
	return ns;
}

static __always_inline void count_pidns_victim(struct pid_namespace *ns, struct task_struct *prev)
{
	struct cpu_pidns_val *v;
	__u32 inum;

	/* a dying task that released its pid has no namespace left to name
	 * (it made the table's "0  0" row) */
	if (!ns)
		return;
	inum = BPF_CORE_READ(ns, ns.inum);
	v = bpf_map_lookup_elem(&cpu_pidns, &inum);
	if (!v) {
		bpf_map_update_elem(&cpu_pidns, &inum, &zero_pidns, BPF_NOEXIST);
		v = bpf_map_lookup_elem(&cpu_pidns, &inum);
		if (!v) {
			count_untracked();
			return;
		}
	}
	/* read until known: a task past exit_task_namespaces() has no
	 * nsproxy, and may be the first one seen of its namespace */
	if (!v->nodename[0])
		BPF_CORE_READ_STR_INTO(&v->nodename, prev, nsproxy, uts_ns, name.nodename);
	v->switches++;
}

/* The tp_btf and raw_tp handlers: one body, two ways of reading memory. */
#define RD(src, field) ((src)->field)
#define TASK_CGROUP_ID(t) ((t)->cgroups->dfl_cgrp->kn->id)
/* four direct loads cost less than the helper call */
#define PREV_CGROUP_ID(t) TASK_CGROUP_ID(t)
#define RQ_CLOCK(t) ((t)->se.cfs_rq->rq->clock)
#define ON_SWITCH on_switch_btf
#include "cpu_switch.bpf.h"
#undef RD
#undef TASK_CGROUP_ID
#undef PREV_CGROUP_ID
#undef RQ_CLOCK
#undef ON_SWITCH

#define RD(src, field) BPF_CORE_READ(src, field)
#define TASK_CGROUP_ID(t) BPF_CORE_READ(t, cgroups, dfl_cgrp, kn, id)
/* one helper call instead of four probe reads */
#define PREV_CGROUP_ID(t) bpf_get_current_cgroup_id()
#define RQ_CLOCK(t) BPF_CORE_READ(t, se.cfs_rq, rq, clock)
#define ON_SWITCH on_switch_raw
#include "cpu_switch.bpf.h"
#undef RD
#undef TASK_CGROUP_ID
#undef PREV_CGROUP_ID
#undef RQ_CLOCK
#undef ON_SWITCH

SEC("tp_btf/sched_switch")
int BPF_PROG(cpu_switch_btf, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	return on_switch_btf(prev, next);
}

extern void *bpf_rdonly_cast(void *obj, __u32 btf_id) __ksym __weak;

/*
 * The same through read-only casts of the two tasks (kernel 6.2+; the cast
 * costs nothing at run time): the verifier searches the kernel's BTF for a
 * "__safe_trusted" variant at each pointer loaded from a trusted task, some
 * 2 ms a time here, and the tasks' loads are the same either way. User space
 * loads this one and falls back to cpu_switch_btf.
 */
SEC("tp_btf/sched_switch")
int BPF_PROG(cpu_switch_cast, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	__u32 id = bpf_core_type_id_kernel(struct task_struct);

	return on_switch_btf(bpf_rdonly_cast(prev, id), bpf_rdonly_cast(next, id));
}

SEC("raw_tp/sched_switch")
int BPF_PROG(cpu_switch_raw, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	return on_switch_raw(prev, next);
}

/*
 * Classic tracepoints: no task pointers for the task switched in, so the
 * wait is measured from a wakeup stamp kept by pid, and charged to the
 * task's cgroup when it switches out again (then it is current).
 */
struct tp_task {
	__u64 queued; /* ktime when it became runnable, 0 when not queued */
	__u64 pending; /* wait measured at switch-in, not yet charged */
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 65536);
	__type(key, __u32);
	__type(value, struct tp_task);
} cpu_tp_tasks SEC(".maps");

static __always_inline void stamp_queued(__u32 pid, __u64 now)
{
	struct tp_task t = { .queued = now };
	struct tp_task *cur = bpf_map_lookup_elem(&cpu_tp_tasks, &pid);

	if (cur) {
		if (!cur->queued)
			cur->queued = now;
		return;
	}
	bpf_map_update_elem(&cpu_tp_tasks, &pid, &t, BPF_ANY);
}

SEC("tracepoint/sched/sched_wakeup")
int cpu_wakeup_tp(struct trace_event_raw_sched_wakeup_template *ctx)
{
	stamp_queued(ctx->pid, bpf_ktime_get_ns());
	return 0;
}

SEC("tracepoint/sched/sched_wakeup_new")
int cpu_wakeup_new_tp(struct trace_event_raw_sched_wakeup_template *ctx)
{
	stamp_queued(ctx->pid, bpf_ktime_get_ns());
	return 0;
}

SEC("tracepoint/sched/sched_switch")
int cpu_switch_tp(struct trace_event_raw_sched_switch *ctx)
{
	__u64 now = bpf_ktime_get_ns(), e = epoch;
	__u32 prev_pid = ctx->prev_pid, next_pid = ctx->next_pid;
	struct cpu_percpu *pc = this_cpu();
	struct cpu_cg_slot *v;
	struct tp_task *t;

	if (!pc)
		return 0;
	if (prev_pid) {
		v = cg_slot(pc, bpf_get_current_cgroup_id(), e);
		if (v) {
			if (pc->last_switch && now > pc->last_switch)
				v->cpu_ns += now - pc->last_switch;
			v->switches++;
			t = bpf_map_lookup_elem(&cpu_tp_tasks, &prev_pid);
			if (t && t->pending) {
				account_wait(v, t->pending);
				t->pending = 0;
			}
		}
		/* still runnable (preempted): it waits again from now */
		if (!(ctx->prev_state & 0xff))
			stamp_queued(prev_pid, now);
	}
	pc->last_switch = now;
	if (next_pid) {
		t = bpf_map_lookup_elem(&cpu_tp_tasks, &next_pid);
		if (t && t->queued) {
			if (now > t->queued)
				t->pending += now - t->queued;
			t->queued = 0;
		}
	}
	return 0;
}
