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
#include "cpu.skel.h"
#include "skel.h"
#include "hist.h"
#include "identity.h"
#include "names.h"
#include "pane.h"
#include "psi.h"
#include "tracefs.h"

/* idle entries are checked for a removed cgroup every this many refreshes */
#define LIVENESS_EVERY 2
/* pid namespaces without switches for this many refreshes leave the map */
#define PIDNS_IDLE_MAX 60
/* a removed cgroup's row stays (dimmed) this many refreshes */
#define GONE_GRACE 3
/* a name that came from a fallback is looked up again this often */
#define RENAME_EVERY 10

enum cpu_variant {
	VARIANT_TP_BTF,
	VARIANT_RAW_TP,
	VARIANT_TRACEPOINT,
};

/* struct cpu_cg_val summed over CPUs */
struct cg_totals {
	uint64_t runq_count, runq_ns, cpu_ns, switches, pidns_switches;
	uint64_t hist[CPU_HIST_SLOTS];
};

struct cg_state {
	uint64_t id;
	struct cg_totals cum;
	uint64_t max_ns; /* of the interval just ended */
	uint64_t max_all_ns; /* since start, for the cumulative view */
	uint64_t psi_total_us;
	uint64_t psi_first_us; /* when first read: the cumulative baseline */
	bool psi_seen;
	int psi_fd; /* cpu.pressure kept open (-1: none): one pread a refresh */
	unsigned int idle_refreshes;
	unsigned int gone_refreshes; /* 0 while the cgroup exists */
	unsigned int name_age;
	bool name_final;
	char *path;
	struct cg_identity *ident;
};

struct pidns_state {
	uint32_t inum;
	uint64_t switches;
	unsigned int idle_refreshes;
	char hostname[CPU_NODENAME_LEN];
};

struct cpu_priv {
	struct cpu_bpf *skel;
	enum cpu_variant variant;
	struct cgroup_fs cgfs;
	struct name_resolver *names;
	struct map_reader cg_reader, pidns_reader;
	uint64_t epoch;
	/* sorted by id: the previous refresh's totals, and the one being built */
	struct gen_table cgs; /* of struct cg_state, by cgroup id */
	struct gen_table ns; /* of struct pidns_state, by inum */
	struct cpu_snapshot snap;
	size_t rows_cap;
	unsigned long refreshes;
	size_t nr_psi_fds, max_psi_fds; /* open cpu.pressure files, and how many may be */
	bool cumulative; /* rows since start rather than since the last refresh */
};

static int try_variant(struct pane *p, int index, char *why, size_t why_len)
{
	struct cpu_priv *cp = p->priv;
	struct cpu_bpf *skel;
	bool btf = index == VARIANT_TP_BTF, raw = index == VARIANT_RAW_TP;
	bool tp = index == VARIANT_TRACEPOINT;
	int err;

	if (tp) {
		err = tracefs_ensure();
		if (err) {
			snprintf(why, why_len, "tracefs is not mounted and mounting it failed: %s",
				 strerror(-err));
			return err;
		}
	}
	skel = cpu_bpf__open();
	if (!skel)
		return -errno ? -errno : -ENOMEM;
	skel_autoload(skel->obj, btf ? "tp_btf/" : raw ? "raw_tp/" : "tracepoint/");
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
	if (probe_choose(p, cpu_hooks, sizeof(cpu_hooks) / sizeof(cpu_hooks[0])) < 0)
		return 0;
	cp->snap.has_pidns = cp->variant != VARIANT_TRACEPOINT;
	err = map_reader_init(&cp->cg_reader, bpf_map__fd(cp->skel->maps.cpu_cgroups),
			      sizeof(uint64_t), sizeof(struct cpu_cg_val), 1);
	if (!err)
		err = map_reader_init(&cp->pidns_reader, bpf_map__fd(cp->skel->maps.cpu_pidns),
				      sizeof(uint32_t), sizeof(struct cpu_pidns_val), 1);
	if (err)
		pane_set_unavailable(p, "map reader: %s", strerror(-err));
	return 0;
}

/* Sums one cgroup's per-CPU values into the new generation. */
static int fold_cg(void *entry, const void *values, const struct map_reader *r, void *ctx)
{
	struct cpu_priv *cp = ctx;
	uint64_t ended = cp->epoch - 1;
	struct cg_state *s = entry;
	int cpu, i;

	s->psi_fd = -1;
	for (cpu = 0; cpu < r->nr_values; cpu++) {
		const struct cpu_cg_val *v = (const void *)((const char *)values + cpu * r->stride);

		s->cum.runq_count += v->runq_count;
		s->cum.runq_ns += v->runq_ns;
		s->cum.cpu_ns += v->cpu_ns;
		s->cum.switches += v->switches;
		s->cum.pidns_switches += v->pidns_switches;
		for (i = 0; i < CPU_HIST_SLOTS; i++)
			s->cum.hist[i] += v->hist[i];
		if (v->max_epoch[ended & 1] == ended && v->max_ns[ended & 1] > s->max_ns)
			s->max_ns = v->max_ns[ended & 1];
	}
	return 0;
}

static int fold_pidns(void *entry, const void *values, const struct map_reader *r, void *ctx)
{
	struct pidns_state *s = entry;
	int cpu;

	for (cpu = 0; cpu < r->nr_values; cpu++) {
		const struct cpu_pidns_val *v =
			(const void *)((const char *)values + cpu * r->stride);

		s->switches += v->switches;
		/* the hostname is set on the CPU that created the entry */
		if (!s->hostname[0] && v->nodename[0])
			memcpy(s->hostname, v->nodename, sizeof(s->hostname) - 1);
	}
	return 0;
}

static void forget_cgroup(struct cpu_priv *cp, uint64_t id)
{
	bpf_map_delete_elem(bpf_map__fd(cp->skel->maps.cpu_cgroups), &id);
}

static char *resolve_path(struct cpu_priv *cp, uint64_t id, int *err)
{
	char buf[PATH_MAX];
	char *path;

	*err = cgroup_path_of(&cp->cgfs, id, buf, sizeof(buf));
	if (*err == -ESTALE || *err == -ENOENT) {
		*err = 0;
		return NULL; /* gone */
	}
	if (*err)
		snprintf(buf, sizeof(buf), "cgroup id %llu", (unsigned long long)id);
	*err = 0;
	path = strdup(buf);
	if (!path)
		*err = -ENOMEM;
	return path;
}

static void close_psi(struct cpu_priv *cp, struct cg_state *s)
{
	if (s->psi_fd < 0)
		return;
	close(s->psi_fd);
	s->psi_fd = -1;
	cp->nr_psi_fds--;
}

/* @s's cpu.pressure, kept open while descriptors last; 0 or -errno, and
 * -ENODATA without a valid "some" line */
static int read_psi_file(struct cpu_priv *cp, struct cg_state *s, struct psi *psi)
{
	char rel[PATH_MAX + 16];
	const char *p = s->path;
	int err;

	if (s->psi_fd < 0) {
		while (*p == '/')
			p++;
		snprintf(rel, sizeof(rel), "%s%scpu.pressure", p, *p ? "/" : "");
		if (cp->nr_psi_fds >= cp->max_psi_fds) {
			err = psi_read_at(cp->cgfs.v2_fd, rel, psi);
			return err ? err : psi->some.valid ? 0 : -ENODATA;
		}
		err = psi_open_at(cp->cgfs.v2_fd, rel);
		if (err < 0)
			return err;
		s->psi_fd = err;
		cp->nr_psi_fds++;
	}
	err = psi_read_fd(s->psi_fd, psi);
	if (!err && !psi->some.valid)
		err = -ENODATA;
	/* the cgroup went (ENODEV): opened again next time if it is back */
	if (err)
		close_psi(cp, s);
	return err;
}

static void read_psi(struct cpu_priv *cp, struct cg_state *s, const struct cg_state *old,
		     struct cpu_row *row)
{
	struct psi psi;

	row->has_psi = false;
	if (read_psi_file(cp, s, &psi))
		return;
	s->psi_total_us = psi.some.total_us;
	s->psi_first_us = old && old->psi_seen ? old->psi_first_us : psi.some.total_us;
	s->psi_seen = true;
	row->has_psi = true;
	row->psi_some_avg10 = psi.some.avg10;
	if (cp->cumulative)
		row->psi_some_stall_us = counter_delta(psi.some.total_us, s->psi_first_us);
	else if (old && old->psi_seen)
		row->psi_some_stall_us = counter_delta(psi.some.total_us, old->psi_total_us);
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

/* Who the cgroup belongs to, and its name; again later if only a fallback. */
static int identify(struct cpu_priv *cp, struct cg_state *s)
{
	int dir, procs = -1;

	if (!s->ident) {
		s->ident = calloc(1, sizeof(*s->ident));
		if (!s->ident)
			return -ENOMEM;
	} else if (s->name_final || ++s->name_age % RENAME_EVERY) {
		return 0;
	}
	identity_parse_path(s->path, s->ident);
	dir = cgroup_open_dir(&cp->cgfs, s->path);
	if (dir >= 0) {
		procs = openat(dir, "cgroup.procs", O_RDONLY | O_CLOEXEC);
		close(dir);
	}
	s->name_final = names_resolve(cp->names, s->ident, s->path, procs);
	if (procs >= 0)
		close(procs);
	return 0;
}

/* Carries paths, identities and state over from the previous generation. */
static void carry_over(struct cg_state *s, struct cg_state *old)
{
	s->path = old->path;
	s->ident = old->ident;
	s->name_final = old->name_final;
	s->name_age = old->name_age;
	s->gone_refreshes = old->gone_refreshes;
	s->psi_fd = old->psi_fd;
	old->path = NULL;
	old->ident = NULL;
	old->psi_fd = -1;
}

static void free_state(struct cpu_priv *cp, struct cg_state *s)
{
	free(s->path);
	free(s->ident);
	s->path = NULL;
	s->ident = NULL;
	close_psi(cp, s);
}

/* false when the row is to be dropped now */
static bool check_alive(struct cpu_priv *cp, struct cg_state *s, bool idle, int *err)
{
	bool check = !s->path || (idle && cp->refreshes % LIVENESS_EVERY == 0 &&
				  s->idle_refreshes >= LIVENESS_EVERY);
	char *path;

	*err = 0;
	if (s->gone_refreshes) {
		if (++s->gone_refreshes <= GONE_GRACE)
			return true;
		forget_cgroup(cp, s->id);
		return false;
	}
	if (!check)
		return true;
	path = resolve_path(cp, s->id, err);
	if (*err)
		return false;
	if (!path) {
		/* gone: a freshly seen one goes at once, a known one is kept dimmed */
		if (!s->path) {
			forget_cgroup(cp, s->id);
			return false;
		}
		s->gone_refreshes = 1;
		return true;
	}
	free(s->path);
	s->path = path;
	return true;
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
		bool idle;

		idle = s->cum.switches == last->switches && s->cum.runq_count == last->runq_count;
		s->idle_refreshes = idle && old ? old->idle_refreshes + 1 : 0;
		s->max_all_ns = old && old->max_all_ns > s->max_ns ? old->max_all_ns : s->max_ns;
		if (old)
			carry_over(s, old);
		if (!check_alive(cp, s, idle, &err)) {
			free_state(cp, s);
			if (err)
				return err;
			continue;
		}
		err = identify(cp, s);
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
			read_psi(cp, s, old, row);
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
	free_state(ctx, entry);
}

static int cpu_refresh(struct pane *p, double interval_s)
{
	struct cpu_priv *cp = p->priv;
	int err;

	if (p->status != PANE_OK)
		return 0;
	cp->cumulative = p->cumulative;
	/* close the epoch whose maxima we are about to read */
	cp->skel->bss->epoch = ++cp->epoch;
	err = gen_read(&cp->cgs, &cp->cg_reader, fold_cg, cp);
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
	map_reader_free(&cp->cg_reader);
	map_reader_free(&cp->pidns_reader);
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
};
