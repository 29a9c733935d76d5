// SPDX-License-Identifier: GPL-2.0
/*
 * Every cgroup's CPU pressure in one read: an iter/cgroup program (kernel
 * 6.1+) that walks a hierarchy and writes one struct cgroup_iter_rec per
 * cgroup, instead of a read of cpu.pressure per cgroup, for which the kernel
 * folds the per-CPU PSI state and formats text each time.
 *
 * The totals are what the file would say if read now: the group's PSI_AVGS
 * totals plus what the per-CPU times gathered since the kernel last folded
 * them in (psi_avgs_work does so every 2 s while the group is busy; a read of
 * the file too), weighted by each CPU's non-idle time as collect_percpu_times()
 * does. The state in progress counts up to its CPU's run-queue clock as read
 * when the walk began.
 *
 * Per-CPU data without kallsyms' data symbols (no CONFIG_KALLSYMS_ALL) and
 * without percpu type tags in the kernel BTF: a per-CPU array of our own gives
 * each CPU's per-CPU offset (the address of its slot on that CPU less the
 * array's raw per-CPU pointer), and the reading task's run queue, reached from
 * the task, gives the run queues of the other CPUs by the same offsets.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include "cgroup_iter.h"

char LICENSE[] SEC("license") = "GPL";

/* possible CPUs, set by user space */
const volatile __u32 nr_cpus = 1;

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} cgiter_anchor SEC(".maps");

/* The walk's records, in the order visited: written to a map rather than to
 * the iterator's output, which the kernel hands out 32 KiB per read() and a
 * cgroup iterator cannot resume across reads (EOPNOTSUPP past ~680 cgroups).
 * User space sizes it, maps it, and zeroes nr_recs before each walk; a walk
 * that saw more cgroups than it holds says so in nr_recs. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct cgroup_iter_rec);
} cgiter_recs SEC(".maps");

__u32 nr_recs;
/* start_walk() found the CPUs' clocks for this walk */
bool clocks_read;

/* __per_cpu_offset[cpu], found once */
__u64 cpu_off[CGITER_MAX_CPUS];
bool offsets_known;

/* each CPU's run-queue clock, read once at the start of a walk: every
 * cgroup's totals are as of that instant, and a walk of thousands reads the
 * other CPUs' clock lines (written at every switch there) once, not each time */
__u64 walk_now[CGITER_MAX_CPUS];

/* what one CPU adds to a group's totals */
struct psi_sum {
	void *pcpu; /* raw per-CPU pointer of the group's psi_group_cpu */
	__u32 s_some, s_full, s_nonidle, nr_states;
	__u64 some, full, nonidle_total;
};

/* the reader's run queue and CPU, from which the others' are reached */
struct walk_start {
	void *this_rq;
	__u32 this_cpu;
};

/* A pointer's value as a number, for arithmetic the verifier does not allow
 * on the pointer itself: copied out of the stack slot it was spilled to. */
static __u64 ptr_value(void *p)
{
	void *volatile slot = p;
	__u64 v = 0;

	bpf_probe_read_kernel(&v, sizeof(v), (void *)&slot);
	return v;
}

static long find_offset(__u32 cpu, __u64 *raw)
{
	__u64 idx = cpu;
	__u32 zero = 0;
	void *slot;

	if (cpu >= nr_cpus)
		return 1;
	/* checked where it is used (see add_cpu()) */
	barrier_var(idx);
	if (idx >= CGITER_MAX_CPUS)
		return 1;
	slot = bpf_map_lookup_percpu_elem(&cgiter_anchor, &zero, cpu);
	if (!slot)
		return 1;
	cpu_off[idx] = ptr_value(slot) - *raw;
	return 0;
}

static bool find_offsets(void)
{
	__u64 arr, raw = 0;

	if (offsets_known)
		return true;
	/* struct bpf_array's pptrs[0]: the raw per-CPU pointer of our slot */
	arr = ptr_value(&cgiter_anchor);
	if (!arr ||
	    bpf_probe_read_kernel(&raw, sizeof(raw),
				  (void *)(arr + bpf_core_field_offset(struct bpf_array, pptrs))) ||
	    !raw)
		return false;
	bpf_loop(nr_cpus < CGITER_MAX_CPUS ? nr_cpus : CGITER_MAX_CPUS, find_offset, &raw, 0);
	offsets_known = true;
	return true;
}

static __u32 u32_at(const __u8 *buf, __u32 off)
{
	__u32 v = 0;

	if (off <= 252)
		__builtin_memcpy(&v, buf + off, sizeof(v));
	return v;
}

/* the psi_group_cpu of one CPU, read whole */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u8[256]);
} cgiter_buf SEC(".maps");

static long add_cpu(__u32 cpu, struct psi_sum *sum)
{
	__u32 times_off = bpf_core_field_offset(struct psi_group_cpu, times);
	__u32 prev_off = bpf_core_field_offset(struct psi_group_cpu, times_prev);
	__u32 mask_off = bpf_core_field_offset(struct psi_group_cpu, state_mask);
	__u32 start_off = bpf_core_field_offset(struct psi_group_cpu, state_start);
	__u32 size = bpf_core_type_size(struct psi_group_cpu);
	__u32 zero = 0, mask, t[3], s[3] = { sum->s_some, sum->s_full, sum->s_nonidle }, i;
	__u64 now, start = 0, nonidle, idx = cpu;
	__u8 *buf;

	/* a 64-bit index checked where it is used: clang would check a
	 * zero-extended copy of a 32-bit one and the verifier lose the bound */
	barrier_var(idx);
	if (idx >= CGITER_MAX_CPUS)
		return 1;
	buf = bpf_map_lookup_elem(&cgiter_buf, &zero);
	if (!buf || size > 256)
		return 1;
	if (bpf_probe_read_kernel(buf, size, sum->pcpu + cpu_off[idx]))
		return 0;
	mask = u32_at(buf, mask_off);
	if (start_off <= 248)
		__builtin_memcpy(&start, buf + start_off, sizeof(start));
	now = walk_now[idx];
	for (i = 0; i < 3; i++) {
		/* times_prev[PSI_AVGS][s]: what the kernel has folded in */
		t[i] = u32_at(buf, times_off + s[i] * 4);
		if (mask & (1u << s[i]) && now > start)
			t[i] += (__u32)(now - start);
		t[i] -= u32_at(buf, prev_off + s[i] * 4);
	}
	/* the kernel weighs by jiffies; microseconds here */
	nonidle = t[2] / 1000;
	sum->nonidle_total += nonidle;
	sum->some += (__u64)t[0] * nonidle;
	sum->full += (__u64)t[1] * nonidle;
	return 0;
}

static long read_clock(__u32 cpu, struct walk_start *w)
{
	__u64 idx = cpu, now = 0;
	struct rq *rq;

	barrier_var(idx);
	if (idx >= CGITER_MAX_CPUS)
		return 1;
	rq = w->this_rq + (cpu_off[idx] - cpu_off[w->this_cpu & (CGITER_MAX_CPUS - 1)]);
	bpf_probe_read_kernel(&now, sizeof(now), __builtin_preserve_access_index(&rq->clock));
	walk_now[idx] = now;
	return 0;
}

/* The clock of each CPU's run queue: the reader's, through its cfs_rq
 * (CONFIG_FAIR_GROUP_SCHED), then the others' at the same offsets. */
static bool start_walk(void)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct walk_start w = {};

	if (!find_offsets() || nr_cpus > CGITER_MAX_CPUS)
		return false;
	if (bpf_core_field_exists(task->se.cfs_rq))
		w.this_rq = BPF_CORE_READ(task, se.cfs_rq, rq);
	w.this_cpu = bpf_get_smp_processor_id();
	if (!w.this_rq)
		return false;
	bpf_loop(nr_cpus, read_clock, &w, 0);
	return true;
}

static __u64 u64_at(const __u8 *buf, __u32 off)
{
	__u64 v = 0;

	if (off <= 248)
		__builtin_memcpy(&v, buf + off, sizeof(v));
	return v;
}

/*
 * A group's totals and averages, from its struct psi_group at @g (enabled)
 * whose per-CPU part is @pcpu: total[PSI_AVGS][some], total[PSI_AVGS][full]
 * and avg[some][0] lie within one span of the struct, read in one copy.
 */
static bool read_psi(void *g, void *pcpu, struct cgroup_iter_rec *rec)
{
	struct psi_sum sum = { .pcpu = pcpu };
	__u32 total_off, avg_off, some, full, avg, zero = 0;
	__u8 *buf;

	sum.s_some = bpf_core_enum_value(enum psi_states, PSI_CPU_SOME);
	sum.s_full = bpf_core_enum_value(enum psi_states, PSI_CPU_FULL);
	sum.s_nonidle = bpf_core_enum_value(enum psi_states, PSI_NONIDLE);
	if (sum.s_some > 15 || sum.s_full > 15 || sum.s_nonidle > 15)
		return false;
	/* offsets within the span, which starts at total[0][0] */
	total_off = bpf_core_field_offset(struct psi_group, total);
	avg_off = bpf_core_field_offset(struct psi_group, avg);
	if (avg_off < total_off || avg_off - total_off > 128)
		return false;
	some = sum.s_some * 8;
	full = sum.s_full * 8;
	avg = avg_off - total_off + sum.s_some * 3 * sizeof(long);
	buf = bpf_map_lookup_elem(&cgiter_buf, &zero);
	if (!buf || avg > 248 || bpf_probe_read_kernel(buf, avg + 8, g + total_off))
		return false;
	rec->psi_some_ns = u64_at(buf, some);
	rec->psi_full_ns = u64_at(buf, full);
	rec->psi_some_avg10 = u64_at(buf, avg);
	/* add_cpu() reuses the buffer */
	bpf_loop(nr_cpus, add_cpu, &sum, 0);
	if (sum.nonidle_total) {
		rec->psi_some_ns += sum.some / sum.nonidle_total;
		rec->psi_full_ns += sum.full / sum.nonidle_total;
	}
	return true;
}

SEC("iter/cgroup")
int cgroup_stats(struct bpf_iter__cgroup *ctx)
{
	struct cgroup *cgrp = ctx->cgroup;
	struct cgroup_iter_rec *rec;
	struct psi_group *g;
	void *pcpu;
	__u32 idx;

	if (!cgrp)
		return 0; /* the walk's end */
	/* one reader walks at a time: its own read() */
	idx = nr_recs++;
	if (!idx)
		clocks_read = start_walk();
	rec = bpf_map_lookup_elem(&cgiter_recs, &idx);
	if (!rec)
		return 0; /* counted: user space makes room and walks again */
	__builtin_memset(rec, 0, sizeof(*rec));
	/* probe reads: a pointer loaded directly from the trusted cgroup
	 * costs the verifier a search of the kernel's BTF (ms at each start) */
	rec->id = BPF_CORE_READ(cgrp, kn, id);
	rec->level = cgrp->level;
	g = BPF_CORE_READ(cgrp, psi);
	if (!clocks_read || !g || !BPF_CORE_READ(g, enabled))
		return 0;
	pcpu = BPF_CORE_READ(g, pcpu);
	if (pcpu && read_psi(g, pcpu, rec))
		rec->flags |= CGITER_HAS_PSI;
	return 0;
}

extern void *bpf_rdonly_cast(void *obj, __u32 btf_id) __ksym __weak;

/*
 * The same through a read-only cast of the cgroup (kernel 6.2+): its loads
 * are inlined instead of a helper call each (a copy_from_kernel_nofault()
 * per field and cgroup, thousands of cgroups a walk), and the verifier does
 * not search the kernel's BTF for each pointer loaded. User space loads this
 * one and falls back to cgroup_stats.
 */
SEC("iter/cgroup")
int cgroup_stats_cast(struct bpf_iter__cgroup *ctx)
{
	struct cgroup *cgrp = ctx->cgroup;
	struct cgroup_iter_rec *rec;
	struct psi_group *g;
	void *pcpu = NULL;
	__u32 idx;

	if (!cgrp)
		return 0;
	idx = nr_recs++;
	if (!idx)
		clocks_read = start_walk();
	rec = bpf_map_lookup_elem(&cgiter_recs, &idx);
	if (!rec)
		return 0;
	__builtin_memset(rec, 0, sizeof(*rec));
	cgrp = bpf_rdonly_cast(cgrp, bpf_core_type_id_kernel(struct cgroup));
	rec->id = cgrp->kn->id;
	rec->level = cgrp->level;
	g = cgrp->psi;
	if (!clocks_read || !g || !g->enabled)
		return 0;
	/* a per-CPU pointer, added to as a number: copied, not loaded */
	if (bpf_probe_read_kernel(&pcpu, sizeof(pcpu), &g->pcpu) || !pcpu)
		return 0;
	if (read_psi(g, pcpu, rec))
		rec->flags |= CGITER_HAS_PSI;
	return 0;
}
