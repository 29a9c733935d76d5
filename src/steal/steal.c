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
#include "pane.h"
#include "procstat.h"
#include "steal.h"
#include "steal.skel.h"
#include "tracefs.h"
#include "vmscan.h"

/* /proc is scanned for VMs every this many refreshes */
#define VM_SCAN_EVERY 5

enum steal_variant {
	VARIANT_TP_BTF,
	VARIANT_RAW_TP,
	VARIANT_TRACEPOINT,
};

struct tid_total {
	uint32_t tid;
	uint64_t wait_ns, waits;
};

/* struct cpustolen_val summed over CPUs, in user-space types */
struct stolen_totals {
	uint64_t calls, sum_ns;
	uint64_t hist[CPUSTOLEN_HIST_SLOTS];
};

enum cpustolen_variant {
	STOLEN_FEXIT,
	STOLEN_KPROBE,
	NR_STOLEN,
};

struct steal_priv {
	struct steal_bpf *skel;
	struct map_reader reader;
	struct steal_cpustolen_bpf *stolen;
	struct map_reader stolen_reader;
	struct stolen_totals stolen_prev, stolen_cur;
	const char *proc_stat;
	struct cpu_ticks prev_total, *prev_cpus, *cur_cpus;
	int nr_prev_cpus;
	bool have_prev;
	/* /proc/stat when first read: the cumulative view's baseline */
	struct cpu_ticks first_total, *first_cpus;
	int nr_first_cpus;
	struct vm_list vms;
	struct vm_seen seen; /* processes that are no VMs */
	/* cumulative per tid, sorted: previous refresh and the one being read */
	struct tid_total *tids, *next;
	size_t nr_tids, nr_next, tids_cap;
	struct steal_snapshot snap;
	unsigned long refreshes;
	bool cumulative; /* rows since start rather than since the last refresh */
};

static int try_variant(struct pane *p, int index, char *why, size_t why_len)
{
	struct steal_priv *sp = p->priv;
	bool tp = index == VARIANT_TRACEPOINT;
	struct steal_bpf *skel;
	int err;

	if (tp) {
		err = tracefs_ensure();
		if (err) {
			snprintf(why, why_len, "tracefs is not mounted and mounting it failed: %s",
				 strerror(-err));
			return err;
		}
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
	sp->skel = skel;
	return 0;
fail:
	steal_bpf__destroy(skel);
	return err;
}

static const struct hook_choice steal_hooks[] = {
	[VARIANT_TP_BTF] = { "tp_btf", "sched_switch, vCPU thread waits from sched_info",
			     try_variant },
	[VARIANT_RAW_TP] = { "raw_tp", "sched_switch, vCPU thread waits from sched_info",
			     try_variant },
	[VARIANT_TRACEPOINT] = { "tracepoint", "sched:sched_switch + sched_wakeup{,_new}",
				 try_variant },
};

/* The paravirtual steal clock of this kernel, from /proc/kallsyms; NULL without one. */
static const char *steal_clock_func(void)
{
	static const char *const funcs[] = { "kvm_steal_clock", "xen_steal_clock" };
	const char *found = NULL;
	char line[256], name[128];
	FILE *f = fopen("/proc/kallsyms", "re");
	size_t i;

	if (!f)
		return NULL;
	while (!found && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%*s %*s %127s", name) != 1)
			continue;
		for (i = 0; i < sizeof(funcs) / sizeof(funcs[0]); i++) {
			if (!strcmp(name, funcs[i]))
				found = funcs[i];
		}
	}
	fclose(f);
	return found;
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
		snprintf(why, why_len, "attach: %s", strerror(-err));
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

static void push_history(struct steal_cpu_row *r, double pct)
{
	if (r->nr_history == STEAL_HISTORY) {
		memmove(r->history, r->history + 1, (STEAL_HISTORY - 1) * sizeof(r->history[0]));
		r->nr_history--;
	}
	r->history[r->nr_history++] = (float)pct;
}

/* The row covers @base to @cur; the history always gets the last interval. */
static void fill_cpu_row(struct steal_cpu_row *r, const struct cpu_ticks *prev,
			 const struct cpu_ticks *cur, const struct cpu_ticks *base)
{
	uint64_t t0 = cpu_ticks_total(base), t1 = cpu_ticks_total(cur);

	r->cpu = cur->cpu;
	r->total_ticks = t1 > t0 ? t1 - t0 : 0;
	r->steal_ticks = cur->steal > base->steal && t1 > t0 ? cur->steal - base->steal : 0;
	push_history(r, cpu_ticks_steal_pct(prev, cur));
}

static const struct cpu_ticks *find_cpu(const struct cpu_ticks *cpus, int nr, int cpu)
{
	int i;

	for (i = 0; i < nr; i++) {
		if (cpus[i].cpu == cpu)
			return &cpus[i];
	}
	return NULL;
}

static void refresh_guest(struct steal_priv *sp)
{
	struct steal_snapshot *s = &sp->snap;
	struct cpu_ticks total, *tmp;
	int nr, i;

	nr = procstat_read(sp->proc_stat, &total, sp->cur_cpus, PROCSTAT_MAX_CPUS);
	if (nr < 0) {
		s->guest_ok = false;
		snprintf(s->guest_reason, sizeof(s->guest_reason), "%s: %s", sp->proc_stat,
			 strerror(-nr));
		return;
	}
	s->guest_ok = true;
	if (!sp->have_prev) {
		sp->first_total = total;
		memcpy(sp->first_cpus, sp->cur_cpus, nr * sizeof(*sp->first_cpus));
		sp->nr_first_cpus = nr;
	} else {
		fill_cpu_row(&s->total, &sp->prev_total, &total,
			     sp->cumulative ? &sp->first_total : &sp->prev_total);
		for (i = 0; i < nr; i++) {
			const struct cpu_ticks *cur = &sp->cur_cpus[i], *prev, *base;
			struct steal_cpu_row *r = &s->cpus[i];

			/* a CPU that came or went shifts the lines: match by number */
			prev = find_cpu(sp->prev_cpus, sp->nr_prev_cpus, cur->cpu) ?: cur;
			base = sp->cumulative
				       ? find_cpu(sp->first_cpus, sp->nr_first_cpus, cur->cpu)
				       : prev;
			if (r->cpu != cur->cpu)
				r->nr_history = 0;
			fill_cpu_row(r, prev, cur, base ?: prev);
		}
		s->nr_cpus = nr;
	}
	sp->prev_total = total;
	tmp = sp->prev_cpus;
	sp->prev_cpus = sp->cur_cpus;
	sp->cur_cpus = tmp;
	sp->nr_prev_cpus = nr;
	sp->have_prev = true;
}

static bool tid_in(const struct vm_list *l, uint32_t tid)
{
	size_t i;
	int j;

	for (i = 0; i < l->nr; i++) {
		for (j = 0; j < l->vms[i].nr_tids; j++) {
			if ((uint32_t)l->vms[i].tids[j] == tid)
				return true;
		}
	}
	return false;
}

/* Puts the vCPU threads of a fresh scan in the filter map, removes the gone. */
static int rescan_vms(struct steal_priv *sp)
{
	int fd = bpf_map__fd(sp->skel->maps.steal_tids);
	struct steal_val zero = { 0 };
	struct vm_list old = sp->vms;
	struct vm_list fresh = { 0 };
	size_t i;
	int j, err;

	err = vm_scan("/proc", &fresh, &sp->seen);
	if (err) {
		vm_list_free(&fresh);
		return err;
	}
	for (i = 0; i < old.nr; i++) {
		for (j = 0; j < old.vms[i].nr_tids; j++) {
			uint32_t tid = old.vms[i].tids[j];

			if (!tid_in(&fresh, tid))
				bpf_map_delete_elem(fd, &tid);
		}
	}
	for (i = 0; i < fresh.nr; i++) {
		for (j = 0; j < fresh.vms[i].nr_tids; j++) {
			uint32_t tid = fresh.vms[i].tids[j];

			/* EEXIST for the threads already measured: their counts stay */
			bpf_map_update_elem(fd, &tid, &zero, BPF_NOEXIST);
		}
	}
	vm_list_free(&sp->vms);
	sp->vms = fresh;
	return 0;
}

static int cmp_tid(const void *a, const void *b)
{
	const struct tid_total *x = a, *y = b;

	return x->tid < y->tid ? -1 : x->tid > y->tid;
}

static int collect_tid(const void *key, const void *values, const struct map_reader *r, void *ctx)
{
	struct steal_priv *sp = ctx;
	const struct steal_val *v = values;
	struct tid_total *t;

	if (sp->nr_next == sp->tids_cap) {
		size_t cap = sp->tids_cap ? sp->tids_cap * 2 : 64;
		struct tid_total *a = realloc(sp->next, cap * sizeof(*a));
		struct tid_total *b = realloc(sp->tids, cap * sizeof(*b));

		if (a)
			sp->next = a;
		if (b)
			sp->tids = b;
		if (!a || !b)
			return -ENOMEM;
		sp->tids_cap = cap;
	}
	t = &sp->next[sp->nr_next++];
	memcpy(&t->tid, key, sizeof(t->tid));
	t->wait_ns = v->wait_ns;
	t->waits = v->waits;
	return 0;
}

static int refresh_host(struct steal_priv *sp, double interval_s)
{
	struct steal_snapshot *s = &sp->snap;
	struct steal_vm_row *rows;
	struct tid_total *tmp;
	size_t i;
	int j, err;

	if (sp->refreshes % VM_SCAN_EVERY == 0) {
		err = rescan_vms(sp);
		if (err)
			return err;
	}
	sp->nr_next = 0;
	err = map_reader_each(&sp->reader, collect_tid, sp);
	if (err)
		return err;
	qsort(sp->next, sp->nr_next, sizeof(*sp->next), cmp_tid);
	rows = realloc(s->vms, (sp->vms.nr + 1) * sizeof(*rows));
	if (!rows)
		return -ENOMEM;
	s->vms = rows;
	for (i = 0; i < sp->vms.nr; i++) {
		const struct vm_info *vm = &sp->vms.vms[i];
		struct steal_vm_row *r = &rows[i];

		memset(r, 0, sizeof(*r));
		r->pid = vm->pid;
		r->name = vm->name;
		r->named = vm->named;
		r->nr_vcpus = vm->nr_vcpus;
		r->nr_threads = vm->nr_tids;
		r->threads_by_name = vm->tids_by_name;
		for (j = 0; j < vm->nr_tids; j++) {
			struct tid_total key = { .tid = vm->tids[j] }, *cur, *old;
			uint64_t d;

			cur = bsearch(&key, sp->next, sp->nr_next, sizeof(key), cmp_tid);
			if (!cur)
				continue;
			/* the map's counters start at zero when cvtop attaches */
			old = sp->cumulative
				      ? NULL
				      : bsearch(&key, sp->tids, sp->nr_tids, sizeof(key), cmp_tid);
			d = counter_delta(cur->wait_ns, old ? old->wait_ns : 0);
			r->wait_ns += d;
			r->waits += counter_delta(cur->waits, old ? old->waits : 0);
			if (d > r->max_thread_wait_ns)
				r->max_thread_wait_ns = d;
		}
		if (interval_s > 0 && r->nr_vcpus)
			r->steal_pct = 100.0 * r->wait_ns / (interval_s * 1e9 * r->nr_vcpus);
	}
	s->nr_vms = sp->vms.nr;
	tmp = sp->tids;
	sp->tids = sp->next;
	sp->nr_tids = sp->nr_next;
	sp->next = tmp;
	sp->nr_next = 0;
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
	refresh_guest(sp);
	if (sp->snap.host_ok)
		err = refresh_host(sp, interval_s);
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
	free(sp->tids);
	free(sp->next);
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
