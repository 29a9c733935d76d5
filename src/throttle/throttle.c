// SPDX-License-Identifier: GPL-2.0
/*
 * Pane 2 collector: CPU bandwidth throttling from cgroupfs (v1, v2, hybrid)
 * and block throttling from the throttle skeleton; fills struct
 * throttle_snapshot with one row per throttled or limited cgroup.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "grow.h"
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "idcache.h"
#include "bpfmap.h"
#include "cgroup.h"
#include "hist.h"
#include "ksym.h"
#include "pane.h"
#include "bpf/throttle.h"
#include "throttle.h"
#include "throttle.skel.h"
#include "skel.h"
#include "throttle_cgfs.h"

/* cgroup ids without throttled I/O are checked for removal this often */
#define LIVENESS_EVERY 5
/* the hierarchies are walked this often; in between only the cgroups that had
 * a quota or a limit are read again */
#define RESCAN_EVERY 5

enum io_variant {
	VARIANT_FEXIT,
	VARIANT_KPROBE,
	VARIANT_TP_BTF,
	VARIANT_RAW_TP,
};

/* A cgroup seen this refresh, by path: the rows are built from these. */
struct entry {
	char *path;
	bool has_cpu;
	struct cgfs_cpu cpu;
	struct throttle_dev devs[CGFS_MAX_DEVS];
	int nr_devs;
};

/* A cgroup the last walk found with a quota (cpu) or a block limit (io). */
struct known {
	char *path;
	bool cpu, io;
};

/* CPU counters of the previous refresh, by path */
struct cpu_prev {
	char *path;
	struct cgfs_cpu cpu;
	struct cgfs_cpu first; /* when first seen: the cumulative baseline */
};

/* One map key's totals over CPUs. */
struct io_state {
	struct throttle_key key;
	struct throttle_val cum;
};

struct id_path {
	uint64_t id;
	char *path; /* NULL: gone */
	unsigned long checked; /* refresh it was last resolved */
	unsigned long used; /* refresh it was last looked up */
};

struct throttle_priv {
	struct throttle_bpf *skel;
	enum io_variant variant;
	int bps_bit; /* BIO_BPS_THROTTLED, -1 when the kernel has none */
	uint64_t dispatch_fn; /* blk_throtl_dispatch_work_fn, 0 when unknown */
	struct throttle_fs fs;
	struct map_reader reader;
	char cpu_source[PATH_MAX + 32], io_source[PATH_MAX + 32], io_missing[400];
	struct entry *entries;
	size_t nr_entries, entries_cap;
	struct cpu_prev *prev;
	size_t nr_prev;
	struct known *known;
	size_t nr_known;
	struct io_state *io, *io_next;
	size_t nr_io, nr_io_next, io_cap;
	struct id_path *ids;
	size_t nr_ids, ids_cap;
	struct throttle_snapshot snap;
	size_t rows_cap, devs_cap;
	unsigned long refreshes;
	struct idcache *idc;
	bool cumulative; /* rows since start rather than since the last refresh */
};

/* The bit of BIO_BPS_THROTTLED in bio->bi_flags, from the kernel's BTF (an
 * anonymous enum, out of reach of CO-RE enum relocations). */
static int find_bps_bit(void)
{
	struct btf *btf = btf__load_vmlinux_btf();
	int i, j, n, bit = -1;

	if (!btf)
		return -1;
	n = btf__type_cnt(btf);
	for (i = 1; i < n && bit < 0; i++) {
		const struct btf_type *t = btf__type_by_id(btf, i);
		const struct btf_enum *e;

		if (!btf_is_enum(t))
			continue;
		e = btf_enum(t);
		for (j = 0; j < btf_vlen(t); j++) {
			if (!strcmp(btf__name_by_offset(btf, e[j].name_off), "BIO_BPS_THROTTLED")) {
				bit = e[j].val;
				break;
			}
		}
	}
	btf__free(btf);
	return bit >= 0 && bit < 16 ? bit : -1;
}

static int try_variant(struct pane *p, int index, char *why, size_t why_len)
{
	struct throttle_priv *tp = p->priv;
	bool fexit = index == VARIANT_FEXIT, kprobe = index == VARIANT_KPROBE;
	struct throttle_bpf *skel;
	int err;

	if (tp->bps_bit < 0) {
		snprintf(why, why_len, "this kernel's BTF has no BIO_BPS_THROTTLED flag");
		return -ENOENT;
	}
	skel = throttle_bpf__open();
	if (!skel)
		return -errno ? -errno : -ENOMEM;
	/* the decision hooks see the hold; the queue hook every throttled bio */
	skel_autoload(skel->obj, fexit			   ? "fexit/ tp_btf/"
				 : kprobe		   ? "kprobe/ kretprobe/ raw_tp/"
				 : index == VARIANT_TP_BTF ? "tp_btf/"
							   : "raw_tp/");
	if (!fexit && !kprobe)
		bpf_map__set_max_entries(skel->maps.throttle_held, 1);
	if (!kprobe)
		bpf_map__set_max_entries(skel->maps.throttle_calls, 1);
	skel->rodata->bps_throttled_bit = tp->bps_bit;
	skel->rodata->decision_hooked = fexit || kprobe;
	skel->rodata->dispatch_fn = tp->dispatch_fn;
	err = skel_load_attach(skel->skeleton, why, why_len);
	if (err)
		goto fail;
	tp->skel = skel;
	tp->variant = index;
	return 0;
fail:
	throttle_bpf__destroy(skel);
	return err;
}

static const struct hook_choice throttle_hooks[] = {
	[VARIANT_FEXIT] = { "fexit", "__blk_throtl_bio + tp_btf/block_bio_queue, with hold time",
			    try_variant },
	[VARIANT_KPROBE] = { "kprobe",
			     "__blk_throtl_bio (+ret) + raw_tp/block_bio_queue, with hold time",
			     try_variant },
	[VARIANT_TP_BTF] = { "tp_btf", "block_bio_queue, bios marked BIO_BPS_THROTTLED",
			     try_variant },
	[VARIANT_RAW_TP] = { "raw_tp", "block_bio_queue, bios marked BIO_BPS_THROTTLED",
			     try_variant },
};

static void describe_hier(char *buf, size_t len, const char *ctrl, const struct cgfs_hier *h)
{
	if (h->fd < 0)
		snprintf(buf, len, "no %s hierarchy mounted", ctrl);
	else
		snprintf(buf, len, "cgroup %s %s at %s", h->v2 ? "v2" : "v1", ctrl, h->mount);
}

static int throttle_open(struct pane *p)
{
	struct throttle_priv *tp = calloc(1, sizeof(*tp));
	int err;

	if (!tp)
		return -ENOMEM;
	p->priv = tp;
	p->snap = &tp->snap;
	tp->idc = idcache_new();
	if (!tp->idc)
		return -ENOMEM;
	err = throttle_fs_open(&tp->fs);
	if (err) {
		pane_set_unavailable(p, "cannot read mountinfo: %s", strerror(-err));
		return 0;
	}
	describe_hier(tp->cpu_source, sizeof(tp->cpu_source), "cpu", &tp->fs.cpu);
	describe_hier(tp->io_source, sizeof(tp->io_source), tp->fs.io.v2 ? "io" : "blkio",
		      &tp->fs.io);
	tp->snap.cpu_source = tp->cpu_source;
	tp->snap.io_source = tp->io_source;
	tp->snap.io_missing = tp->io_missing;
	tp->bps_bit = find_bps_bit();
	/* without it the tracepoint variants cannot tell held bios */
	if (ksym_find("/proc/kallsyms", "blk_throtl_dispatch_work_fn", &tp->dispatch_fn))
		tp->dispatch_fn = 0;
	if (probe_choose(p, throttle_hooks, sizeof(throttle_hooks) / sizeof(throttle_hooks[0])) <
	    0) {
		/* CPU throttling needs no hook: the pane runs without block I/O */
		snprintf(tp->io_missing, sizeof(tp->io_missing),
			 "block I/O throttling unavailable: %s", p->reason);
		if (tp->fs.cpu.fd < 0)
			return 0; /* stays unavailable */
		p->status = PANE_OK;
		p->reason[0] = '\0';
		snprintf(p->method, sizeof(p->method), "cgroupfs only, no block I/O hook");
		return 0;
	}
	tp->snap.io_available = true;
	tp->snap.has_hold = tp->variant == VARIANT_FEXIT || tp->variant == VARIANT_KPROBE;
	tp->snap.has_held = tp->snap.has_hold || tp->dispatch_fn;
	if (!tp->snap.has_held)
		snprintf(tp->io_missing, sizeof(tp->io_missing),
			 "%s cannot tell held bios from bios that passed a limit at once "
			 "(blk_throtl_dispatch_work_fn not in kallsyms), nor how long they were "
			 "held (needs fexit or kprobe on __blk_throtl_bio)",
			 throttle_hooks[tp->variant].name);
	else if (!tp->snap.has_hold)
		snprintf(tp->io_missing, sizeof(tp->io_missing),
			 "%s sees which bios were held but not for how long (needs fexit or "
			 "kprobe on __blk_throtl_bio)",
			 throttle_hooks[tp->variant].name);
	err = map_reader_init(&tp->reader, bpf_map__fd(tp->skel->maps.throttle_io),
			      sizeof(struct throttle_key), sizeof(struct throttle_val), 1);
	if (err)
		pane_set_unavailable(p, "map reader: %s", strerror(-err));
	return 0;
}

static struct entry *find_entry(struct throttle_priv *tp, const char *path, bool add)
{
	struct entry *e;
	size_t i;

	for (i = 0; i < tp->nr_entries; i++) {
		if (!strcmp(tp->entries[i].path, path))
			return &tp->entries[i];
	}
	if (!add)
		return NULL;
	if (tp->nr_entries == tp->entries_cap) {
		size_t cap = tp->entries_cap ? tp->entries_cap * 2 : 16;

		e = realloc(tp->entries, cap * sizeof(*e));
		if (!e)
			return NULL;
		tp->entries = e;
		tp->entries_cap = cap;
	}
	e = &tp->entries[tp->nr_entries];
	memset(e, 0, sizeof(*e));
	e->path = strdup(path);
	if (!e->path)
		return NULL;
	tp->nr_entries++;
	return e;
}

static struct throttle_dev *find_dev(struct entry *e, uint32_t major, uint32_t minor)
{
	struct throttle_dev *d;
	int i;

	for (i = 0; i < e->nr_devs; i++) {
		if (e->devs[i].major == major && e->devs[i].minor == minor)
			return &e->devs[i];
	}
	if (e->nr_devs == CGFS_MAX_DEVS)
		return NULL;
	d = &e->devs[e->nr_devs++];
	memset(d, 0, sizeof(*d));
	d->major = major;
	d->minor = minor;
	for (i = 0; i < IO_NR_LIMITS; i++)
		d->limit[i] = IO_NO_LIMIT;
	return d;
}

static int scan_cpu(int dir_fd, const char *rel, void *ctx)
{
	struct throttle_priv *tp = ctx;
	struct cgfs_cpu c;
	struct entry *e;

	if (cgfs_read_cpu(&tp->fs, dir_fd, rel, &c))
		return 0;
	e = find_entry(tp, rel, true);
	if (!e)
		return -ENOMEM;
	e->has_cpu = true;
	e->cpu = c;
	return 0;
}

static int scan_io(int dir_fd, const char *rel, void *ctx)
{
	struct throttle_priv *tp = ctx;
	struct io_limit lims[CGFS_MAX_DEVS];
	struct entry *e;
	int nr, i;

	nr = cgfs_read_io_limits(&tp->fs, dir_fd, lims, CGFS_MAX_DEVS);
	if (nr <= 0)
		return 0;
	e = find_entry(tp, rel, true);
	if (!e)
		return -ENOMEM;
	for (i = 0; i < nr; i++) {
		struct throttle_dev *d = find_dev(e, lims[i].major, lims[i].minor);

		if (!d)
			break;
		d->has_limit = true;
		memcpy(d->limit, lims[i].limit, sizeof(d->limit));
	}
	return 0;
}

/* one walk when both controllers share a hierarchy (pure v2) */
static int scan_both(int dir_fd, const char *rel, void *ctx)
{
	int err = scan_cpu(dir_fd, rel, ctx);

	return err ? err : scan_io(dir_fd, rel, ctx);
}

static void free_known(struct throttle_priv *tp)
{
	size_t i;

	for (i = 0; i < tp->nr_known; i++)
		free(tp->known[i].path);
	free(tp->known);
	tp->known = NULL;
	tp->nr_known = 0;
}

/* What the walk found, to read again until the next walk. */
static int remember_known(struct throttle_priv *tp)
{
	size_t i;

	free_known(tp);
	tp->known = calloc(tp->nr_entries + 1, sizeof(*tp->known));
	if (!tp->known)
		return -ENOMEM;
	for (i = 0; i < tp->nr_entries; i++) {
		struct known *k = &tp->known[tp->nr_known];

		k->path = strdup(tp->entries[i].path);
		if (!k->path)
			return -ENOMEM;
		k->cpu = tp->entries[i].has_cpu;
		k->io = tp->entries[i].nr_devs > 0;
		tp->nr_known++;
	}
	return 0;
}

/* Reads one known cgroup of @h again; a cgroup gone meanwhile is skipped. */
static int rescan_one(const struct cgfs_hier *h, const char *path, cgfs_dir_fn fn, void *ctx)
{
	const char *rel = path;
	int fd, err;

	while (*rel == '/')
		rel++;
	fd = openat(h->fd, *rel ? rel : ".", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return 0;
	err = fn(fd, path, ctx);
	close(fd);
	return err;
}

static int rescan_known(struct throttle_priv *tp)
{
	const struct throttle_fs *fs = &tp->fs;
	size_t i;
	int err = 0;

	for (i = 0; i < tp->nr_known && !err; i++) {
		const struct known *k = &tp->known[i];

		if (k->cpu && fs->cpu.fd >= 0)
			err = rescan_one(&fs->cpu, k->path, scan_cpu, tp);
		if (!err && k->io && fs->io.fd >= 0)
			err = rescan_one(&fs->io, k->path, scan_io, tp);
	}
	return err;
}

static int walk_cgroupfs(struct throttle_priv *tp)
{
	const struct throttle_fs *fs = &tp->fs;
	int err = 0;

	if (fs->cpu.fd >= 0 && fs->io.fd >= 0 && !strcmp(fs->cpu.mount, fs->io.mount)) {
		err = cgfs_walk(&fs->cpu, scan_both, tp);
		return err == -ENOMEM ? err : 0;
	}
	if (fs->cpu.fd >= 0)
		err = cgfs_walk(&fs->cpu, scan_cpu, tp);
	if (err != -ENOMEM && fs->io.fd >= 0)
		err = cgfs_walk(&fs->io, scan_io, tp);
	/* a hierarchy that cannot be read this time shows less, not nothing */
	return err == -ENOMEM ? err : 0;
}

/* Bounded and mostly cheap: a full walk every RESCAN_EVERY refreshes. */
static int scan_cgroupfs(struct throttle_priv *tp)
{
	int err;

	if (tp->refreshes % RESCAN_EVERY)
		return rescan_known(tp);
	err = walk_cgroupfs(tp);
	return err ? err : remember_known(tp);
}

static int cmp_key(const void *a, const void *b)
{
	const struct throttle_key *x = a, *y = b;

	if (x->cgroup_id != y->cgroup_id)
		return x->cgroup_id < y->cgroup_id ? -1 : 1;
	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	return (int)x->write - (int)y->write;
}

static int collect_io(const void *key, const void *values, const struct map_reader *r, void *ctx)
{
	struct throttle_priv *tp = ctx;
	struct io_state *s;
	int cpu;

	if (tp->nr_io_next == tp->io_cap) {
		size_t cap = tp->io_cap ? tp->io_cap * 2 : 64;
		struct io_state *a = realloc(tp->io_next, cap * sizeof(*a));
		struct io_state *b;

		if (!a)
			return -ENOMEM;
		tp->io_next = a;
		b = realloc(tp->io, cap * sizeof(*b));
		if (!b)
			return -ENOMEM;
		tp->io = b;
		tp->io_cap = cap;
	}
	s = &tp->io_next[tp->nr_io_next++];
	memset(s, 0, sizeof(*s));
	memcpy(&s->key, key, sizeof(s->key));
	for (cpu = 0; cpu < r->nr_values; cpu++) {
		const struct throttle_val *v =
			(const void *)((const char *)values + cpu * r->stride);

		s->cum.bios += v->bios;
		s->cum.bytes += v->bytes;
		s->cum.held += v->held;
		s->cum.hold_ns += v->hold_ns;
	}
	return 0;
}

static int cmp_id(const void *a, const void *b)
{
	const struct id_path *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* Path of an io cgroup id, cached; NULL when the cgroup is gone. A cached
 * path is checked again every LIVENESS_EVERY refreshes. */
static const char *id_path(struct throttle_priv *tp, uint64_t id, int *err)
{
	struct id_path key = { .id = id }, *ip;
	char buf[PATH_MAX];
	int ret;

	*err = 0;
	ip = bsearch(&key, tp->ids, tp->nr_ids, sizeof(*ip), cmp_id);
	if (ip)
		ip->used = tp->refreshes;
	if (ip && tp->refreshes - ip->checked < LIVENESS_EVERY)
		return ip->path;
	if (!ip) {
		if (tp->nr_ids == tp->ids_cap) {
			size_t cap = tp->ids_cap ? tp->ids_cap * 2 : 32;
			struct id_path *a = realloc(tp->ids, cap * sizeof(*a));

			if (!a) {
				*err = -ENOMEM;
				return NULL;
			}
			tp->ids = a;
			tp->ids_cap = cap;
		}
		ip = &tp->ids[tp->nr_ids++];
		ip->id = id;
		ip->path = NULL;
		ip->used = tp->refreshes;
		qsort(tp->ids, tp->nr_ids, sizeof(*ip), cmp_id);
		ip = bsearch(&key, tp->ids, tp->nr_ids, sizeof(*ip), cmp_id);
	}
	ip->checked = tp->refreshes;
	ret = cgroup_path_in(tp->fs.io.fd, tp->fs.io.mount, id, buf, sizeof(buf));
	free(ip->path);
	ip->path = NULL;
	if (ret == -ESTALE || ret == -ENOENT)
		return NULL;
	if (ret)
		snprintf(buf, sizeof(buf), "cgroup id %llu", (unsigned long long)id);
	ip->path = strdup(buf);
	if (!ip->path)
		*err = -ENOMEM;
	return ip->path;
}

/* Cached paths of ids no longer in the map go: the cache stays as small as it. */
static void forget_unused_ids(struct throttle_priv *tp)
{
	size_t i, kept = 0;

	for (i = 0; i < tp->nr_ids; i++) {
		if (tp->ids[i].used != tp->refreshes) {
			free(tp->ids[i].path);
			continue;
		}
		tp->ids[kept++] = tp->ids[i];
	}
	tp->nr_ids = kept;
}

/* Throttled I/O of the interval into the entries; forgets gone cgroups. */
static int read_io(struct throttle_priv *tp)
{
	struct io_state *tmp;
	size_t i, kept = 0;
	int err;

	tp->nr_io_next = 0;
	err = map_reader_each(&tp->reader, collect_io, tp);
	if (err)
		return err;
	qsort(tp->io_next, tp->nr_io_next, sizeof(*tp->io_next), cmp_key);
	for (i = 0; i < tp->nr_io_next; i++) {
		struct io_state *s = &tp->io_next[i];
		struct io_state *old = bsearch(s, tp->io, tp->nr_io, sizeof(*s), cmp_key);
		static const struct throttle_val zero;
		/* the map's counters start at zero when cvtop attaches */
		const struct throttle_val *prev = old && !tp->cumulative ? &old->cum : &zero;
		uint64_t bios = counter_delta(s->cum.bios, prev->bios);
		const char *path = id_path(tp, s->key.cgroup_id, &err);
		struct throttle_dev *d;
		struct entry *e;
		int w = s->key.write ? 1 : 0;

		if (err)
			return err;
		if (!path) {
			bpf_map_delete_elem(tp->reader.fd, &s->key);
			continue;
		}
		tp->io_next[kept++] = *s;
		if (!bios)
			continue;
		e = find_entry(tp, path, true);
		if (!e)
			return -ENOMEM;
		d = find_dev(e, s->key.dev >> 20, s->key.dev & 0xfffff);
		if (!d)
			continue;
		d->bios[w] += bios;
		d->bytes[w] += counter_delta(s->cum.bytes, prev->bytes);
		d->held[w] += counter_delta(s->cum.held, prev->held);
		d->hold_ns[w] += counter_delta(s->cum.hold_ns, prev->hold_ns);
	}
	forget_unused_ids(tp);
	tmp = tp->io;
	tp->io = tp->io_next;
	tp->nr_io = kept;
	tp->io_next = tmp;
	tp->nr_io_next = 0;
	return 0;
}

static void dev_name(struct throttle_dev *d)
{
	char link[64], target[PATH_MAX];
	const char *base;
	size_t len;
	ssize_t n;

	snprintf(link, sizeof(link), "/sys/dev/block/%u:%u", d->major, d->minor);
	n = readlink(link, target, sizeof(target) - 1);
	if (n <= 0) {
		snprintf(d->name, sizeof(d->name), "%u:%u", d->major, d->minor);
		return;
	}
	target[n] = '\0';
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	len = strnlen(base, sizeof(d->name) - 1);
	memcpy(d->name, base, len);
	d->name[len] = '\0';
}

static int cmp_prev(const void *a, const void *b)
{
	const struct cpu_prev *x = a, *y = b;

	return strcmp(x->path, y->path);
}

static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	return strcmp(x->path, y->path);
}

static void free_prev(struct throttle_priv *tp)
{
	size_t i;

	for (i = 0; i < tp->nr_prev; i++)
		free(tp->prev[i].path);
	free(tp->prev);
	tp->prev = NULL;
	tp->nr_prev = 0;
}

/* Entries into rows; the CPU counters become the next refresh's baseline. */
static int build_rows(struct throttle_priv *tp, double interval_s)
{
	struct throttle_snapshot *s = &tp->snap;
	struct cpu_prev *next;
	size_t i, nr_devs = 0, nr_next = 0;
	int err, j;

	qsort(tp->entries, tp->nr_entries, sizeof(*tp->entries), cmp_entry);
	for (i = 0; i < tp->nr_entries; i++)
		nr_devs += tp->entries[i].nr_devs;
	err = array_grow((void **)&s->rows, &tp->rows_cap, tp->nr_entries + 1, sizeof(*s->rows));
	if (!err)
		err = array_grow((void **)&s->devs, &tp->devs_cap, nr_devs + 1, sizeof(*s->devs));
	if (err)
		return err;
	next = calloc(tp->nr_entries + 1, sizeof(*next));
	if (!next)
		return -ENOMEM;
	s->nr_devs = 0;
	for (i = 0; i < tp->nr_entries; i++) {
		struct entry *e = &tp->entries[i];
		struct throttle_row *row = &s->rows[i];
		struct cpu_prev key = { .path = e->path }, *old;

		memset(row, 0, sizeof(*row));
		/* the row owns the path until the next refresh */
		row->path = e->path;
		row->ident = idcache_get(tp->idc, e->path,
					 tp->fs.cpu.fd >= 0 ? tp->fs.cpu.fd : tp->fs.io.fd);
		if (e->has_cpu) {
			old = bsearch(&key, tp->prev, tp->nr_prev, sizeof(key), cmp_prev);
			/* cpu.stat counts since the cgroup was made: the
			 * cumulative view starts where cvtop first read it */
			throttle_fill_cpu(row, &e->cpu,
					  !old		   ? NULL
					  : tp->cumulative ? &old->first
							   : &old->cpu,
					  interval_s);
			next[nr_next].path = strdup(e->path);
			if (!next[nr_next].path) {
				err = -ENOMEM;
			} else {
				next[nr_next].first = old ? old->first : e->cpu;
				next[nr_next++].cpu = e->cpu;
			}
		}
		row->io_visible = s->io_available;
		row->held_visible = s->has_held;
		row->hold_visible = s->has_hold;
		row->dev_first = s->nr_devs;
		row->nr_devs = e->nr_devs;
		for (j = 0; j < e->nr_devs; j++) {
			struct throttle_dev *d = &e->devs[j];

			dev_name(d);
			row->has_io_limit |= d->has_limit;
			row->io_bios += d->bios[0] + d->bios[1];
			row->io_bytes += d->bytes[0] + d->bytes[1];
			row->io_held += d->held[0] + d->held[1];
			row->io_hold_ns += d->hold_ns[0] + d->hold_ns[1];
			d->io_visible = row->io_visible;
			d->held_visible = row->held_visible;
			d->hold_visible = row->hold_visible;
			s->devs[s->nr_devs++] = *d;
		}
		/* s->devs was grown for all of them above: it does not move */
		row->devs = s->devs + row->dev_first;
		row->score = throttle_score(row, interval_s);
	}
	s->nr_rows = tp->nr_entries;
	free_prev(tp);
	tp->prev = next;
	tp->nr_prev = nr_next;
	return err;
}

static void free_entries(struct throttle_priv *tp)
{
	size_t i;

	for (i = 0; i < tp->nr_entries; i++)
		free(tp->entries[i].path);
	tp->nr_entries = 0;
}

static int throttle_refresh(struct pane *p, double interval_s)
{
	struct throttle_priv *tp = p->priv;
	int err;

	if (p->status != PANE_OK)
		return 0;
	tp->cumulative = p->cumulative;
	/* the previous snapshot's paths live in the entries until now */
	free_entries(tp);
	idcache_tick(tp->idc);
	tp->snap.nr_rows = 0;
	tp->snap.nr_devs = 0;
	err = scan_cgroupfs(tp);
	if (!err && tp->skel)
		err = read_io(tp);
	if (!err)
		err = build_rows(tp, interval_s);
	if (err)
		return err;
	tp->snap.interval_s = interval_s;
	tp->refreshes++;
	p->generation++;
	return 0;
}

static void throttle_close(struct pane *p)
{
	struct throttle_priv *tp = p->priv;
	size_t i;

	if (!tp)
		return;
	throttle_bpf__destroy(tp->skel);
	map_reader_free(&tp->reader);
	throttle_fs_close(&tp->fs);
	idcache_free(tp->idc);
	free_entries(tp);
	free(tp->entries);
	free_prev(tp);
	free_known(tp);
	free(tp->io);
	free(tp->io_next);
	for (i = 0; i < tp->nr_ids; i++)
		free(tp->ids[i].path);
	free(tp->ids);
	free(tp->snap.rows);
	free(tp->snap.devs);
	free(tp);
	p->priv = NULL;
	p->snap = NULL;
}

const struct collector_ops throttle_collector = {
	.open = throttle_open,
	.refresh = throttle_refresh,
	.close = throttle_close,
};
