/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Body of the sched_switch handler, included once per way of reading kernel
 * memory: RD(src, field) is a direct BTF load for tp_btf and a CO-RE probe
 * read for raw_tp; TASK_CGROUP_ID(t) and RQ_CLOCK(t) the same for the v2
 * cgroup id and the clock of the task's run queue; PREV_CGROUP_ID(prev) the
 * outgoing (current) task's cgroup id the cheapest way each variant has.
 * ON_SWITCH names the function.
 */
static __always_inline int ON_SWITCH(struct task_struct *prev, struct task_struct *next)
{
	/* prev runs here, so its cfs_rq is this CPU's: its rq clock is "now" */
	__u64 now = RQ_CLOCK(prev), queued = 0, prev_cg = 0, next_cg = 0, e = epoch;
	pid_t prev_pid = RD(prev, pid), next_pid = RD(next, pid);
	struct cpu_cg_slot *pv = NULL, *nv;
	struct cpu_percpu *pc = this_cpu();

	if (!pc)
		return 0;
	if (next_pid) {
		queued = RD(next, sched_info.last_queued);
		/* the rq clock may not have advanced since it was queued: a
		 * wait all the same, of 0 ns (slot 0), as runqlat counts it */
		if (queued && now >= queued)
			next_cg = TASK_CGROUP_ID(next);
	}
	if (prev_pid) {
		prev_cg = PREV_CGROUP_ID(prev);
		pv = cg_slot(pc, prev_cg, e);
	}
	if (pv) {
		struct pid *pp = RD(prev, thread_pid), *np = RD(next, thread_pid);
		unsigned int pl = RD(pp, level), nl = RD(np, level);

		if (pc->last_switch && now > pc->last_switch)
			pv->cpu_ns += now - pc->last_switch;
		pv->switches++;
		/* level 0 is the initial pid namespace for both: no switch */
		if (next_pid && (pl || nl)) {
			struct pid_namespace *pns = task_pid_ns(prev);

			if (pns != task_pid_ns(next)) {
				pv->pidns_switches++;
				count_pidns_victim(pns, prev);
			}
		}
	}
	pc->last_switch = now;
	if (!next_cg)
		return 0;
	/* tasks of one cgroup handing the CPU to each other: one lookup */
	nv = next_cg == prev_cg ? pv : cg_slot(pc, next_cg, e);
	if (nv)
		account_wait(nv, now - queued);
	return 0;
}
