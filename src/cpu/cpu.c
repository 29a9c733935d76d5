// SPDX-License-Identifier: GPL-2.0
/* Pane 1 collector: owns the cpu skeleton and fills struct cpu_snapshot. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bpfmap.h"
#include "cgroup.h"
#include "counters.h"
#include "cpu.h"
#include "cpu_priv.h"
#include "cpu.skel.h"
#include "skel.h"
#include "hist.h"
#include "identity.h"
#include "names.h"
#include "pane.h"
#include "psi.h"
#include "tracefs.h"

/* Rows for the cgroups there are at start twice over (room for those that
 * come), and never fewer than CPU_MAX_CGROUPS: entries are allocated as
 * cgroups are met (BPF_F_NO_PREALLOC), the size costs buckets only. */
static uint32_t cgroup_map_size(const struct cpu_priv *cp)
{
	unsigned long n = 0;

	if (cgroup_count(&cp->cgfs, &n) || n <= CPU_MAX_CGROUPS / 2)
		return CPU_MAX_CGROUPS;
	return n < CPU_MAX_CGROUPS_CAP / 2 ? 2 * n : CPU_MAX_CGROUPS_CAP;
}

/* @cast: tp_btf's program reads through bpf_rdonly_cast() (see cpu.bpf.c) */
static int load_variant(struct pane *p, int index, bool cast, char *why, size_t why_len)
{
	struct cpu_priv *cp = p->priv;
	struct cpu_bpf *skel;
	bool btf = index == VARIANT_TP_BTF, raw = index == VARIANT_RAW_TP;
	bool tp = index == VARIANT_TRACEPOINT;
	int err;

	if (tp) {
		err = tracefs_ensure_why(why, why_len);
		if (err)
			return err;
	}
	skel = cpu_bpf__open();
	if (!skel)
		return -errno ? -errno : -ENOMEM;
	/* before skel_autoload(): the tests' own limits come last */
	bpf_map__set_max_entries(skel->maps.cpu_cgroups, cp->map_size);
	skel_autoload(skel->obj, btf ? "tp_btf/" : raw ? "raw_tp/" : "tracepoint/");
	if (btf)
		bpf_program__set_autoload(
			cast ? skel->progs.cpu_switch_btf : skel->progs.cpu_switch_cast, false);
	if (!tp)
		bpf_map__set_max_entries(skel->maps.cpu_tp_tasks, 1);
	skel->bss->epoch = 1;
	err = skel_load_attach(skel->skeleton, why, why_len);
	if (err)
		goto fail;
	cp->skel = skel;
	cp->variant = index;
	return 0;
fail:
	cpu_bpf__destroy(skel);
	return err;
}

static int try_variant(struct pane *p, int index, char *why, size_t why_len)
{
	int err = load_variant(p, index, index == VARIANT_TP_BTF, why, why_len);

	/* before 6.2 (no bpf_rdonly_cast()): the same hook, verified slower */
	if (err && index == VARIANT_TP_BTF)
		err = load_variant(p, index, false, why, why_len);
	return err;
}

static const struct hook_choice cpu_hooks[] = {
	[VARIANT_TP_BTF] = { "tp_btf", "sched_switch, wait from sched_info.last_queued",
			     try_variant },
	[VARIANT_RAW_TP] = { "raw_tp", "sched_switch, wait from sched_info.last_queued",
			     try_variant },
	[VARIANT_TRACEPOINT] = { "tracepoint", "sched:sched_switch + sched_wakeup{,_new}",
				 try_variant },
};

static int cpu_open(struct pane *p)
{
	struct cpu_priv *cp = calloc(1, sizeof(*cp));
	struct rlimit nofile;
	int err;

	if (!cp)
		return -ENOMEM;
	p->priv = cp;
	p->snap = &cp->snap;
	cp->epoch = 1;
	cp->cgs.key_size = sizeof(uint64_t);
	cp->cgs.entry_size = sizeof(struct cg_state);
	cp->ns.key_size = sizeof(uint32_t);
	cp->ns.entry_size = sizeof(struct pidns_state);
	/* half the descriptors for cpu.pressure files; past that, open each time */
	if (!getrlimit(RLIMIT_NOFILE, &nofile))
		cp->max_psi_fds = nofile.rlim_cur / 2;
	cp->names = names_new(NULL);
	if (!cp->names)
		return -ENOMEM;
	err = cgroup_fs_open(&cp->cgfs);
	if (err) {
		pane_set_unavailable(p, "no cgroup v2 hierarchy mounted: %s", strerror(-err));
		return 0;
	}
	/* once: a variant may be loaded twice (6.1 refuses the cast first) */
	cp->map_size = cgroup_map_size(cp);
	if (probe_choose(p, cpu_hooks, sizeof(cpu_hooks) / sizeof(cpu_hooks[0])) < 0)
		return 0;
	cp->snap.has_pidns = cp->variant != VARIANT_TRACEPOINT;
	cg_psi_open(p, cp);
	err = map_reader_init(&cp->cg_reader, bpf_map__fd(cp->skel->maps.cpu_cgroups),
			      sizeof(uint64_t), sizeof(struct cpu_cg_val), 1);
	if (!err)
		err = map_reader_init(&cp->pidns_reader, bpf_map__fd(cp->skel->maps.cpu_pidns),
				      sizeof(uint32_t), sizeof(struct cpu_pidns_val), 1);
	if (!err)
		err = map_reader_init(&cp->state_reader, bpf_map__fd(cp->skel->maps.cpu_state),
				      sizeof(uint32_t), sizeof(struct cpu_percpu), 1);
	if (err)
		pane_set_unavailable(p, "map reader: %s", strerror(-err));
	return 0;
}

/* Adds one CPU's slot of the epoch just closed into s->cum, which holds the
 * epoch alone until build_rows() adds the totals before it; a CPU that saw
 * nothing of the cgroup in that epoch left an older one there. */
static void add_slot(struct cg_state *s, const struct cpu_cg_slot *e, uint64_t closed)
{
	int i;

	if (e->epoch != closed)
		return;
	s->cum.runq_count += e->runq_count;
	s->cum.runq_ns += e->runq_ns;
	s->cum.cpu_ns += e->cpu_ns;
	s->cum.switches += e->switches;
	s->cum.pidns_switches += e->pidns_switches;
	for (i = 0; i < CPU_HIST_SLOTS; i++)
		s->cum.hist[i] += e->hist[i];
	if (e->runq_count && e->runq_max_ns > s->max_ns)
		s->max_ns = e->runq_max_ns;
}

/* Sums one cgroup's per-CPU slots of the epoch just closed. */
static int fold_cg(void *entry, const void *values, const struct map_reader *r, void *ctx)
{
	struct cpu_priv *cp = ctx;
	uint64_t closed = cp->epoch - 1;
	struct cg_state *s = entry;
	int cpu;

	s->psi_fd = -1;
	for (cpu = 0; cpu < r->nr_values; cpu++) {
		const struct cpu_cg_val *v = map_reader_value(r, values, cpu);

		add_slot(s, &v->slot[closed & 1], closed);
	}
	return 0;
}

/* Adds what each CPU's own entries hold of the epoch just closed (cpu.h). */
static int fold_cpu_entries(const void *key, const void *values, const struct map_reader *r,
			    void *ctx)
{
	struct cpu_priv *cp = ctx;
	uint64_t closed = cp->epoch - 1;
	int cpu, w;

	(void)key;
	for (cpu = 0; cpu < r->nr_values; cpu++) {
		const struct cpu_percpu *pc = map_reader_value(r, values, cpu);

		for (w = 0; w < CPU_CACHE_WAYS; w++) {
			const struct cpu_cache_ent *ce =
				&pc->ent[(closed & 1) * CPU_CACHE_WAYS + w];
			struct cg_state *s;

			if (ce->s.epoch != closed)
				continue;
			/* the kernel lists every cgroup in cpu_cgroups first */
			s = gen_find(&cp->cgs, &ce->cgid);
			if (s)
				add_slot(s, &ce->s, closed);
		}
	}
	return 0;
}

static void add_totals(struct cg_totals *sum, const struct cg_totals *a, const struct cg_totals *b)
{
	int i;

	sum->runq_count = a->runq_count + b->runq_count;
	sum->runq_ns = a->runq_ns + b->runq_ns;
	sum->cpu_ns = a->cpu_ns + b->cpu_ns;
	sum->switches = a->switches + b->switches;
	sum->pidns_switches = a->pidns_switches + b->pidns_switches;
	for (i = 0; i < CPU_HIST_SLOTS; i++)
		sum->hist[i] = a->hist[i] + b->hist[i];
}

static int fold_pidns(void *entry, const void *values, const struct map_reader *r, void *ctx)
{
	struct pidns_state *s = entry;
	int cpu;

	for (cpu = 0; cpu < r->nr_values; cpu++) {
		const struct cpu_pidns_val *v = map_reader_value(r, values, cpu);

		s->switches += v->switches;
		/* the hostname is set on the CPU that created the entry */
		if (!s->hostname[0] && v->nodename[0])
			memcpy(s->hostname, v->nodename, sizeof(s->hostname) - 1);
	}
	return 0;
}

static int grow_rows(struct cpu_priv *cp, size_t need)
{
	struct cpu_row *rows;

	if (need <= cp->rows_cap)
		return 0;
	rows = realloc(cp->snap.rows, need * sizeof(*rows));
	if (!rows)
		return -ENOMEM;
	cp->snap.rows = rows;
	cp->rows_cap = need;
	return 0;
}

/* Turns the new totals into per-interval rows. */
static int build_rows(struct cpu_priv *cp)
{
	size_t i, kept = 0;
	int err;

	err = grow_rows(cp, cp->cgs.nr_cur);
	if (err)
		return err;
	for (i = 0; i < cp->cgs.nr_cur; i++) {
		struct cg_state *s = gen_at(&cp->cgs, i);
		struct cg_state *old = gen_prev(&cp->cgs, s);
		struct cpu_row *row = &cp->snap.rows[kept];
		static const struct cg_totals zero;
		const struct cg_totals *last = old ? &old->cum : &zero;
		/* the map's counters start at zero when cvtop attaches */
		const struct cg_totals *prev = cp->cumulative ? &zero : last;
		struct cg_totals ep = s->cum; /* the epoch's alone so far */
		bool idle;

		add_totals(&s->cum, last, &ep);
		idle = !ep.switches && !ep.runq_count;
		s->idle_refreshes = idle && old ? old->idle_refreshes + 1 : 0;
		s->max_all_ns = old && old->max_all_ns > s->max_ns ? old->max_all_ns : s->max_ns;
		if (old)
			cg_carry_over(s, old);
		if (!cg_check_alive(cp, s, idle, &err)) {
			cg_free_state(cp, s);
			if (err)
				return err;
			continue;
		}
		err = cg_identify(cp, s);
		if (err)
			return err;
		memset(row, 0, sizeof(*row));
		row->cgroup_id = s->id;
		row->path = s->path;
		row->ident = s->ident;
		row->gone = s->gone_refreshes > 0;
		row->runq_count = counter_delta(s->cum.runq_count, prev->runq_count);
		row->runq_ns = counter_delta(s->cum.runq_ns, prev->runq_ns);
		row->runq_max_ns = cp->cumulative ? s->max_all_ns : s->max_ns;
		hist_delta(row->hist, s->cum.hist, prev->hist, CPU_HIST_SLOTS);
		row->runq_p50_ns = hist_percentile(row->hist, CPU_HIST_SLOTS, 50, row->runq_max_ns);
		row->runq_p99_ns = hist_percentile(row->hist, CPU_HIST_SLOTS, 99, row->runq_max_ns);
		row->cpu_ns = counter_delta(s->cum.cpu_ns, prev->cpu_ns);
		row->switches = counter_delta(s->cum.switches, prev->switches);
		row->pidns_switches = counter_delta(s->cum.pidns_switches, prev->pidns_switches);
		if (!row->gone)
			cg_read_psi(cp, s, old, row);
		gen_keep(&cp->cgs, i);
		kept++;
	}
	cp->snap.nr_rows = kept;
	return 0;
}

static int build_pidns_rows(struct cpu_priv *cp)
{
	struct cpu_pidns_row *rows;
	size_t i, kept = 0;

	rows = realloc(cp->snap.pidns, (cp->ns.nr_cur + 1) * sizeof(*rows));
	if (!rows)
		return -ENOMEM;
	cp->snap.pidns = rows;
	for (i = 0; i < cp->ns.nr_cur; i++) {
		struct pidns_state *s = gen_at(&cp->ns, i);
		struct pidns_state *old = gen_prev(&cp->ns, s);
		uint64_t delta = counter_delta(s->switches, old ? old->switches : 0);

		s->idle_refreshes = !delta && old ? old->idle_refreshes + 1 : 0;
		if (cp->cumulative)
			delta = s->switches;
		/* namespaces come and go with containers: keep the map small; an
		 * entry that comes back starts again with a fresh hostname (the
		 * cumulative view keeps them while the map has room) */
		if (s->idle_refreshes >= PIDNS_IDLE_MAX &&
		    !pane_keeps_idle(cp->cumulative, cp->ns.nr_cur, CPU_MAX_PIDNS)) {
			bpf_map_delete_elem(bpf_map__fd(cp->skel->maps.cpu_pidns), &s->inum);
			continue;
		}
		gen_keep(&cp->ns, i);
		rows[kept].inum = s->inum;
		rows[kept].switches = delta;
		kept++;
	}
	/* the rows point at the kept entries, the previous generation from now on */
	gen_end(&cp->ns, NULL, NULL);
	for (i = 0; i < kept; i++)
		rows[i].hostname = ((struct pidns_state *)gen_prev_at(&cp->ns, i))->hostname;
	cp->snap.nr_pidns = kept;
	return 0;
}

static void drop_cg(void *entry, void *ctx)
{
	cg_free_state(ctx, entry);
}

/* The epoch about to be read: the framework then waits for the programs
 * that may still be writing to it (panes_refresh()). */
static void cpu_close_epoch(struct pane *p)
{
	struct cpu_priv *cp = p->priv;

	cp->skel->bss->epoch = ++cp->epoch;
}

static int cpu_refresh(struct pane *p, double interval_s)
{
	struct cpu_priv *cp = p->priv;
	int err;

	if (p->status != PANE_OK)
		return 0;
	cp->cumulative = p->cumulative;
	/* the epoch closed by cpu_close_epoch(), its programs done */
	err = gen_read(&cp->cgs, &cp->cg_reader, fold_cg, cp);
	if (!err)
		err = map_reader_each(&cp->state_reader, fold_cpu_entries, cp);
	if (!err)
		err = build_rows(cp);
	/* the entries of the old generation that vanished from the map */
	gen_end(&cp->cgs, drop_cg, cp);
	if (err)
		return err;
	err = gen_read(&cp->ns, &cp->pidns_reader, fold_pidns, cp);
	if (!err)
		err = build_pidns_rows(cp);
	if (err)
		return err;
	cp->snap.interval_s = interval_s;
	p->untracked = cp->skel->bss->untracked;
	cp->refreshes++;
	p->generation++;
	return 0;
}

static void cpu_close(struct pane *p)
{
	struct cpu_priv *cp = p->priv;

	if (!cp)
		return;
	cpu_bpf__destroy(cp->skel);
	cg_psi_close(cp);
	map_reader_free(&cp->cg_reader);
	map_reader_free(&cp->pidns_reader);
	map_reader_free(&cp->state_reader);
	cgroup_fs_close(&cp->cgfs);
	gen_free(&cp->cgs, drop_cg, cp);
	gen_free(&cp->ns, NULL, NULL);
	names_free(cp->names);
	free(cp->snap.rows);
	free(cp->snap.pidns);
	free(cp);
	p->priv = NULL;
	p->snap = NULL;
}

const struct collector_ops cpu_collector = {
	.open = cpu_open,
	.refresh = cpu_refresh,
	.close = cpu_close,
	.close_epoch = cpu_close_epoch,
};
