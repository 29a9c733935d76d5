// SPDX-License-Identifier: GPL-2.0
/*
 * Pane 4 collector. Guest view: steal ticks of /proc/stat per CPU, with a
 * bounded history per CPU. Host view: the VMs on this host (vmscan.h, at a
 * bounded rate) and the run-queue waits of their vCPU threads, measured by
 * bpf/steal.bpf.c for the tids user space puts in its map. Where fexit or
 * kprobes work, bpf/steal_cpustolen.bpf.c adds the steal each call of the
 * paravirtual steal clock returns (the book's cpustolen).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bpf/steal.h"
#include "steal_cpustolen.skel.h"
#include "skel.h"
#include "bpfmap.h"
#include "hist.h"
#include "ksym_bpf.h"
#include "pane.h"
#include "procstat.h"
#include "steal.h"
#include "steal_priv.h"
#include "steal.skel.h"
#include "tracefs.h"
#include "vmscan.h"

/* /proc is scanned for VMs every this many refreshes */

static int try_variant(struct pane *p, int index, char *why, size_t why_len)
{
	struct steal_priv *sp = p->priv;
	bool tp = index == VARIANT_TRACEPOINT;
	struct steal_bpf *skel;
	int err;

	/* no object loaded (a kernel BTF parse, the verifier: ~40 ms of the
	 * start) for a view that can have nothing to show */
	if (!vm_kvm_present()) {
		snprintf(why, why_len,
			 "no KVM on this host (its device is not registered): no VM to watch");
		return -ENOENT;
	}
	if (tp) {
		err = tracefs_ensure_why(why, why_len);
		if (err)
			return err;
	}
	skel = steal_bpf__open();
	if (!skel)
		return -errno ? -errno : -ENOMEM;
	skel_autoload(skel->obj, index == VARIANT_TP_BTF   ? "tp_btf/"
				 : index == VARIANT_RAW_TP ? "raw_tp/"
							   : "tracepoint/");
	err = skel_load_attach(skel->skeleton, why, why_len);
	if (err)
		goto fail;
	/* attached for real to choose it; from now on only while there are
	 * vCPU threads to watch (steal_host.c): sched_switch runs too often
	 * to pay for a lookup that finds nothing */
	bpf_object__detach_skeleton(skel->skeleton);
	sp->skel = skel;
	return 0;
fail:
	steal_bpf__destroy(skel);
	return err;
}

static const struct hook_choice steal_hooks[] = {
	[VARIANT_TP_BTF] = { "tp_btf",
			     "sched_switch while there are VMs, vCPU thread waits from sched_info",
			     try_variant },
	[VARIANT_RAW_TP] = { "raw_tp",
			     "sched_switch while there are VMs, vCPU thread waits from sched_info",
			     try_variant },
	[VARIANT_TRACEPOINT] = { "tracepoint",
				 "sched:sched_switch + sched_wakeup{,_new} while there are VMs",
				 try_variant },
};

/* The paravirtual steal clock of this kernel; NULL without one. */
static const char *steal_clock_func(void)
{
	static const char *const funcs[] = { "kvm_steal_clock", "xen_steal_clock" };
	uint64_t addr;
	size_t i;

	for (i = 0; i < sizeof(funcs) / sizeof(funcs[0]); i++) {
		if (!kernel_sym(funcs[i], false, &addr))
			return funcs[i];
	}
	return NULL;
}

static int try_stolen(struct steal_priv *sp, int index, const char *func, char *why, size_t why_len)
{
	bool fexit = index == STOLEN_FEXIT;
	struct steal_cpustolen_bpf *skel;
	int err, cpus = libbpf_num_possible_cpus();

	skel = steal_cpustolen_bpf__open();
	if (!skel)
		return -errno ? -errno : -ENOMEM;
	skel_autoload(skel->obj, fexit ? "fexit/" : "kprobe/ kretprobe/");
	if (cpus > 0 && cpus < CPUSTOLEN_MAX_CPUS)
		bpf_map__set_max_entries(skel->maps.cpustolen_cpus, cpus);
	if (fexit)
		bpf_program__set_attach_target(skel->progs.stolen_fexit, 0, func);
	err = steal_cpustolen_bpf__load(skel);
	if (err) {
		snprintf(why, why_len, "load: %s", strerror(-err));
		goto fail;
	}
	if (fexit) {
		skel->links.stolen_fexit = bpf_program__attach(skel->progs.stolen_fexit);
	} else {
		skel->links.stolen_kprobe =
			bpf_program__attach_kprobe(skel->progs.stolen_kprobe, false, func);
		if (skel->links.stolen_kprobe)
			skel->links.stolen_kret =
				bpf_program__attach_kprobe(skel->progs.stolen_kret, true, func);
	}
	if (!(fexit ? skel->links.stolen_fexit : skel->links.stolen_kret)) {
		err = -errno ? -errno : -EINVAL;
		snprintf(why, why_len, "attach: %s", skel_strerror(-err));
		goto fail;
	}
	sp->stolen = skel;
	return 0;
fail:
	steal_cpustolen_bpf__destroy(skel);
	return err;
}

static int try_cpustolen(struct pane *p, int index, char *why, size_t why_len)
{
	return try_stolen(p->priv, index, steal_clock_func(), why, why_len);
}

static const struct hook_choice cpustolen_hooks[] = {
	[STOLEN_FEXIT] = { "fexit", "cpustolen: return of kvm/xen_steal_clock", try_cpustolen },
	[STOLEN_KPROBE] = { "kprobe", "cpustolen: return of kvm/xen_steal_clock", try_cpustolen },
};

/* Chooses the cpustolen hook; its attempts follow the host view's. */
static void open_cpustolen(struct pane *p, struct steal_priv *sp)
{
	struct steal_snapshot *s = &sp->snap;
	struct part_choice part = {
		.name = "cpustolen",
		.choices = cpustolen_hooks,
		.nr = NR_STOLEN,
		.label = steal_clock_func(),
	};
	int err;

	if (!part.label) {
		part.absent = "this kernel has no kvm_steal_clock or xen_steal_clock "
			      "(not a KVM or Xen guest kernel)";
		part.absent_short = "no kvm_steal_clock or xen_steal_clock";
	}
	if (probe_choose_part(p, &part, s->cpustolen_method, sizeof(s->cpustolen_method),
			      s->cpustolen_reason, sizeof(s->cpustolen_reason)) < 0)
		return;
	err = map_reader_init(&sp->stolen_reader, bpf_map__fd(sp->stolen->maps.cpustolen_cpus),
			      sizeof(uint32_t), sizeof(struct cpustolen_val), 0);
	if (err) {
		snprintf(s->cpustolen_reason, sizeof(s->cpustolen_reason), "map reader: %s",
			 strerror(-err));
		return;
	}
	s->cpustolen_ok = true;
}

static int steal_open(struct pane *p)
{
	struct steal_priv *sp = calloc(1, sizeof(*sp));
	struct steal_snapshot *s;
	int err;

	if (!sp)
		return -ENOMEM;
	p->priv = sp;
	sp->tids.key_size = sizeof(uint32_t);
	sp->tids.entry_size = sizeof(struct tid_total);
	s = &sp->snap;
	p->snap = s;
	sp->proc_stat = getenv("CVTOP_PROC_STAT") ?: "/proc/stat";
	sp->prev_cpus = calloc(PROCSTAT_MAX_CPUS, sizeof(*sp->prev_cpus));
	sp->cur_cpus = calloc(PROCSTAT_MAX_CPUS, sizeof(*sp->cur_cpus));
	sp->first_cpus = calloc(PROCSTAT_MAX_CPUS, sizeof(*sp->first_cpus));
	s->cpus = calloc(PROCSTAT_MAX_CPUS, sizeof(*s->cpus));
	if (!sp->prev_cpus || !sp->cur_cpus || !sp->first_cpus || !s->cpus)
		return -ENOMEM;
	s->total.cpu = -1;
	s->guest_ok = true;
	s->user_hz = (int)sysconf(_SC_CLK_TCK);
	if (probe_choose(p, steal_hooks, sizeof(steal_hooks) / sizeof(steal_hooks[0])) < 0) {
		/* the guest view needs no hook: the pane stays, its host view goes */
		snprintf(s->host_reason, sizeof(s->host_reason), "%s", p->reason);
		p->status = PANE_OK;
		p->reason[0] = '\0';
		snprintf(p->method, sizeof(p->method), "/proc/stat; host view unavailable");
		open_cpustolen(p, sp);
		return 0;
	}
	open_cpustolen(p, sp);
	err = map_reader_init(&sp->reader, bpf_map__fd(sp->skel->maps.steal_tids), sizeof(uint32_t),
			      sizeof(struct steal_val), 0);
	if (err) {
		snprintf(s->host_reason, sizeof(s->host_reason), "map reader: %s", strerror(-err));
		return 0;
	}
	s->host_ok = true;
	return 0;
}

static int sum_stolen(const void *key, const void *values, const struct map_reader *r, void *ctx)
{
	struct stolen_totals *sum = ctx;
	const struct cpustolen_val *v = values;
	int i;

	sum->calls += v->calls;
	sum->sum_ns += v->sum_ns;
	for (i = 0; i < CPUSTOLEN_HIST_SLOTS; i++)
		sum->hist[i] += v->hist[i];
	return 0;
}

static int refresh_stolen(struct steal_priv *sp)
{
	struct steal_snapshot *s = &sp->snap;
	static const struct stolen_totals zero;
	const struct stolen_totals *prev = sp->cumulative ? &zero : &sp->stolen_prev;
	int err;

	memset(&sp->stolen_cur, 0, sizeof(sp->stolen_cur));
	err = map_reader_each(&sp->stolen_reader, sum_stolen, &sp->stolen_cur);
	if (err)
		return err;
	s->cpustolen_calls = counter_delta(sp->stolen_cur.calls, prev->calls);
	s->cpustolen_ns = counter_delta(sp->stolen_cur.sum_ns, prev->sum_ns);
	hist_delta(s->cpustolen_hist, sp->stolen_cur.hist, prev->hist, CPUSTOLEN_HIST_SLOTS);
	sp->stolen_prev = sp->stolen_cur;
	return 0;
}

static int steal_refresh(struct pane *p, double interval_s)
{
	struct steal_priv *sp = p->priv;
	int err = 0;

	if (p->status != PANE_OK)
		return 0;
	sp->cumulative = p->cumulative;
	steal_refresh_guest(sp);
	if (sp->snap.host_ok)
		err = steal_refresh_host(sp, interval_s);
	if (!err && sp->snap.cpustolen_ok)
		err = refresh_stolen(sp);
	if (err)
		return err;
	sp->snap.interval_s = interval_s;
	sp->refreshes++;
	p->generation++;
	return 0;
}

static void steal_close(struct pane *p)
{
	struct steal_priv *sp = p->priv;

	if (!sp)
		return;
	steal_bpf__destroy(sp->skel);
	steal_cpustolen_bpf__destroy(sp->stolen);
	map_reader_free(&sp->reader);
	map_reader_free(&sp->stolen_reader);
	vm_list_free(&sp->vms);
	vm_seen_free(&sp->seen);
	free(sp->prev_cpus);
	free(sp->cur_cpus);
	free(sp->first_cpus);
	gen_free(&sp->tids, NULL, NULL);
	free(sp->snap.cpus);
	free(sp->snap.vms);
	free(sp);
	p->priv = NULL;
	p->snap = NULL;
}

const struct collector_ops steal_collector = {
	.open = steal_open,
	.refresh = steal_refresh,
	.close = steal_close,
};
