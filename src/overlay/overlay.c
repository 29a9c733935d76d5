// SPDX-License-Identifier: GPL-2.0
/* Pane 3 collector: owns the overlay skeleton and fills struct overlay_snapshot. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bpfmap.h"
#include "cgroup.h"
#include "idcache.h"
#include "hist.h"
#include "mountinfo.h"
#include "counters.h"
#include "overlay.skel.h"
#include "overlay_mounts.h"
#include "overlay_priv.h"

/* idle entries are checked for a removed cgroup every this many refreshes */
#define LIVENESS_EVERY 2
/* entries without I/O for this many refreshes leave the map (and the table) */
#define IDLE_MAX 60

static int overlay_open(struct pane *p)
{
	struct overlay_priv *op = calloc(1, sizeof(*op));
	int err;

	if (!op)
		return -ENOMEM;
	p->priv = op;
	p->snap = &op->snap;
	op->epoch = 1;
	op->watch.fd = -1;
	op->gen.key_size = sizeof(struct ovl_key);
	op->gen.entry_size = sizeof(struct ovl_state);
	op->ids = idcache_new();
	if (!op->ids)
		return -ENOMEM;
	err = cgroup_fs_open(&op->cgfs);
	if (err) {
		pane_set_unavailable(p, "no cgroup v2 hierarchy mounted: %s", strerror(-err));
		return 0;
	}
	if (probe_choose(p, overlay_hooks, NR_VARIANTS) < 0)
		return 0;
	op->snap.misses = variant_misses[op->variant];
	err = map_reader_init(&op->reader, bpf_map__fd(op->skel->maps.ovl_stats),
			      sizeof(struct ovl_key), sizeof(struct ovl_val), 1);
	if (err) {
		pane_set_unavailable(p, "map reader: %s", strerror(-err));
		return 0;
	}
	/* attached for real to choose them; from now on as the mounts say */
	snprintf(op->method, sizeof(op->method), "%.*s", (int)sizeof(op->method) - 1, p->method);
	op->attached = true;
	ovl_watch_open(&op->watch);
	err = ovl_follow_mounts(p, op);
	if (err)
		pane_set_unavailable(p, "attach: %s", strerror(-err));
	return 0;
}

/* Sums one entry's per-CPU slots of the epoch just closed. */
static int fold(void *entry, const void *values, const struct map_reader *r, void *ctx)
{
	struct overlay_priv *op = ctx;
	uint64_t closed = op->epoch - 1;
	struct ovl_state *s = entry;
	int cpu, d, i;

	for (cpu = 0; cpu < r->nr_values; cpu++) {
		const struct ovl_val *v = map_reader_value(r, values, cpu);
		const struct ovl_epoch_val *ev = &v->slot[closed & 1];

		/* a CPU that saw nothing of it in that epoch left an older one */
		if (ev->epoch != closed)
			continue;
		for (d = 0; d < OVL_NR_DIRS; d++) {
			const struct ovl_dir_val *dv = &ev->dir[d];
			struct dir_totals *t = &s->ep[d];

			t->count += dv->count;
			t->bytes += dv->bytes;
			t->errors += dv->errors;
			t->ns += dv->ns;
			for (i = 0; i < OVL_HIST_SLOTS; i++)
				t->hist[i] += dv->hist[i];
			if (dv->count && dv->max_ns > s->max_ns[d])
				s->max_ns[d] = dv->max_ns;
		}
	}
	return 0;
}

static void add_totals(struct dir_totals *sum, const struct dir_totals *a,
		       const struct dir_totals *b)
{
	int i;

	sum->count = a->count + b->count;
	sum->bytes = a->bytes + b->bytes;
	sum->errors = a->errors + b->errors;
	sum->ns = a->ns + b->ns;
	for (i = 0; i < OVL_HIST_SLOTS; i++)
		sum->hist[i] = a->hist[i] + b->hist[i];
}

static void free_state(struct ovl_state *s)
{
	free(s->path);
	free(s->mount);
	free(s->upper);
	free(s->name);
	s->path = s->mount = s->upper = s->name = NULL;
}

/* NULL when the cgroup is gone; *err set only for real errors */
static char *resolve_path(struct overlay_priv *op, uint64_t id, int *err)
{
	char buf[PATH_MAX];
	char *path;

	*err = cgroup_path_of(&op->cgfs, id, buf, sizeof(buf));
	if (*err == -ESTALE || *err == -ENOENT) {
		*err = 0;
		return NULL;
	}
	if (*err)
		snprintf(buf, sizeof(buf), "cgroup id %llu", (unsigned long long)id);
	*err = 0;
	path = strdup(buf);
	if (!path)
		*err = -ENOMEM;
	return path;
}

/* Names a new entry: cgroup path, and the overlay mount from mountinfo. */
static int name_state(struct overlay_priv *op, struct ovl_state *s, struct ovl_mounts *mounts,
		      bool *mounts_read)
{
	unsigned int major = s->key.dev >> 20, minor = s->key.dev & 0xfffff;
	const struct ovl_mount *m;
	char *text, name[PATH_MAX + 32];
	int err;

	if (!*mounts_read) {
		*mounts_read = true;
		/* unreadable mountinfo: rows are named by dev alone */
		if (!mountinfo_read(&text)) {
			err = ovl_mounts_parse(text, mounts);
			free(text);
			if (err)
				return err;
		}
	}
	m = ovl_mounts_find(mounts, major, minor);
	if (m) {
		s->mount = strdup(m->mnt);
		if (!s->mount)
			return -ENOMEM;
		if (m->upper) {
			s->upper = strdup(m->upper);
			if (!s->upper)
				return -ENOMEM;
		}
	}
	snprintf(name, sizeof(name), "%s %u:%u", s->path, major, minor);
	s->name = strdup(name);
	return s->name ? 0 : -ENOMEM;
}

static int grow_rows(struct overlay_priv *op, size_t need)
{
	struct overlay_row *rows;

	if (need <= op->rows_cap)
		return 0;
	rows = realloc(op->snap.rows, need * sizeof(*rows));
	if (!rows)
		return -ENOMEM;
	op->snap.rows = rows;
	op->rows_cap = need;
	return 0;
}

static void fill_dir(struct overlay_dir_row *out, const struct dir_totals *cur,
		     const struct dir_totals *prev, uint64_t max_ns)
{
	out->count = counter_delta(cur->count, prev->count);
	out->bytes = counter_delta(cur->bytes, prev->bytes);
	out->errors = counter_delta(cur->errors, prev->errors);
	out->total_ns = counter_delta(cur->ns, prev->ns);
	out->max_ns = out->count ? max_ns : 0;
	hist_delta(out->hist, cur->hist, prev->hist, OVL_HIST_SLOTS);
	out->p50_ns = hist_percentile(out->hist, OVL_HIST_SLOTS, 50, out->max_ns);
	out->p99_ns = hist_percentile(out->hist, OVL_HIST_SLOTS, 99, out->max_ns);
}

static bool totals_equal(const struct dir_totals *a, const struct dir_totals *b)
{
	return a->count == b->count && a->errors == b->errors;
}

/* Turns the new totals into per-interval rows, carrying names over. */
static int build_rows(struct overlay_priv *op)
{
	static const struct dir_totals zero[OVL_NR_DIRS];
	bool check_liveness = op->refreshes % LIVENESS_EVERY == 0, mounts_read = false;
	struct ovl_mounts mounts = { 0 };
	size_t i, kept = 0;
	int err = 0, d;

	err = grow_rows(op, op->gen.nr_cur);
	if (err)
		return err;
	for (i = 0; i < op->gen.nr_cur; i++) {
		struct ovl_state *s = gen_at(&op->gen, i);
		struct ovl_state *old = gen_prev(&op->gen, s);
		const struct dir_totals *last = old ? old->cum : zero;
		/* the map's counters start at zero when cvtop attaches */
		const struct dir_totals *prev = op->cumulative ? zero : last;
		struct overlay_row *row = &op->snap.rows[kept];
		bool idle, gone = false;

		for (d = 0; d < OVL_NR_DIRS; d++)
			add_totals(&s->cum[d], &last[d], &s->ep[d]);
		idle = totals_equal(&s->cum[OVL_READ], &last[OVL_READ]) &&
		       totals_equal(&s->cum[OVL_WRITE], &last[OVL_WRITE]);
		s->idle_refreshes = idle && old ? old->idle_refreshes + 1 : 0;
		for (d = 0; d < OVL_NR_DIRS; d++) {
			uint64_t was = old ? old->max_all_ns[d] : 0;

			s->max_all_ns[d] = was > s->max_ns[d] ? was : s->max_ns[d];
		}
		if (old) {
			s->path = old->path;
			s->mount = old->mount;
			s->upper = old->upper;
			s->name = old->name;
			old->path = old->mount = old->upper = old->name = NULL;
		}
		if (idle && check_liveness && s->idle_refreshes >= LIVENESS_EVERY) {
			char *path = resolve_path(op, s->key.cgroup_id, &err);

			if (err)
				goto fail;
			gone = !path;
			free(path);
		}
		if (!s->path && !gone) {
			s->path = resolve_path(op, s->key.cgroup_id, &err);
			if (err)
				goto fail;
			gone = !s->path;
			if (!gone) {
				err = name_state(op, s, &mounts, &mounts_read);
				if (err)
					goto fail;
			}
		}
		/* gone, or quiet for long: out of the map; it comes back if it
		 * does I/O again, and counter_delta sees the restart (the
		 * cumulative view keeps quiet ones while the map has room) */
		if (gone || (s->idle_refreshes >= IDLE_MAX &&
			     !pane_keeps_idle(op->cumulative, op->gen.nr_cur, OVL_MAX_ENTRIES))) {
			bpf_map_delete_elem(bpf_map__fd(op->skel->maps.ovl_stats), &s->key);
			free_state(s);
			continue;
		}
		memset(row, 0, sizeof(*row));
		row->cgroup_id = s->key.cgroup_id;
		row->dev_major = s->key.dev >> 20;
		row->dev_minor = s->key.dev & 0xfffff;
		row->path = s->path;
		row->ident = idcache_get(op->ids, s->path, op->cgfs.v2_fd);
		row->mount = s->mount;
		row->upper = s->upper;
		row->name = s->name;
		for (d = 0; d < OVL_NR_DIRS; d++)
			fill_dir(&row->dir[d], &s->cum[d], &prev[d],
				 op->cumulative ? s->max_all_ns[d] : s->max_ns[d]);
		gen_keep(&op->gen, i);
		kept++;
	}
	goto out;
fail:
	/* the entry at hand owns what it took over */
	free_state(gen_at(&op->gen, i));
out:
	ovl_mounts_free(&mounts);
	op->snap.nr_rows = kept;
	return err;
}

static void drop_state(void *entry, void *ctx)
{
	free_state(entry);
}

/* The epoch about to be read: the framework then waits for the programs
 * that may still be writing to it (panes_refresh()). */
static void overlay_close_epoch(struct pane *p)
{
	struct overlay_priv *op = p->priv;

	op->skel->bss->epoch = ++op->epoch;
}

static int overlay_refresh(struct pane *p, double interval_s)
{
	struct overlay_priv *op = p->priv;
	int err;

	if (p->status != PANE_OK)
		return 0;
	op->cumulative = p->cumulative;
	err = ovl_follow_mounts(p, op);
	if (err)
		return err;
	/* the epoch closed by overlay_close_epoch(), its programs done */
	idcache_tick(op->ids);
	err = gen_read(&op->gen, &op->reader, fold, op);
	if (!err)
		err = build_rows(op);
	/* entries of the old generation that vanished: free their strings */
	gen_end(&op->gen, drop_state, NULL);
	if (err)
		return err;
	op->snap.interval_s = interval_s;
	p->untracked = op->skel->bss->untracked;
	op->refreshes++;
	p->generation++;
	return 0;
}

static void overlay_close(struct pane *p)
{
	struct overlay_priv *op = p->priv;

	if (!op)
		return;
	overlay_bpf__destroy(op->skel);
	map_reader_free(&op->reader);
	ovl_watch_close(&op->watch);
	cgroup_fs_close(&op->cgfs);
	idcache_free(op->ids);
	gen_free(&op->gen, drop_state, NULL);
	free(op->snap.rows);
	free(op);
	p->priv = NULL;
	p->snap = NULL;
}

const struct collector_ops overlay_collector = {
	.open = overlay_open,
	.refresh = overlay_refresh,
	.close = overlay_close,
	.close_epoch = overlay_close_epoch,
};
