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
#include "sorted.h"
#include "grow.h"
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "idcache.h"
#include "bpfmap.h"
#include "btfscan.h"
#include "cgroup.h"
#include "hist.h"
#include "ksym_bpf.h"
#include "pane.h"
#include "bpf/throttle.h"
#include "throttle.h"
#include "throttle.skel.h"
#include "skel.h"
#include "throttle_cgfs.h"
#include "throttle_priv.h"

/* The bit of BIO_BPS_THROTTLED in bio->bi_flags, from the kernel's BTF (an
 * anonymous enum, out of reach of CO-RE enum relocations): looked up without
 * a parse of the whole BTF, which would cost as much as loading a program. */
static int find_bps_bit(void)
{
	int64_t bit;

	if (btfscan_enum_value("/sys/kernel/btf/vmlinux", "BIO_BPS_THROTTLED", &bit))
		return -1;
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
	if (kernel_sym("blk_throtl_dispatch_work_fn", true, &tp->dispatch_fn))
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

	sorted_sort(tp->entries, tp->nr_entries, sizeof(*tp->entries), cmp_entry);
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
			old = sorted_find(&key, tp->prev, tp->nr_prev, sizeof(key), cmp_prev);
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
	err = thr_scan_cgroupfs(tp);
	if (!err && tp->skel)
		err = thr_read_io(tp);
	if (!err)
		err = build_rows(tp, interval_s);
	if (err)
		return err;
	tp->snap.interval_s = interval_s;
	if (tp->skel)
		p->untracked = tp->skel->bss->untracked;
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
	thr_free_known(tp);
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
