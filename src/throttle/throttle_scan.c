// SPDX-License-Identifier: GPL-2.0
/* Pane 2: the cgroups with a CPU quota or a block limit, from cgroupfs. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "throttle_priv.h"

struct entry *thr_find_entry(struct throttle_priv *tp, const char *path, bool add)
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

struct throttle_dev *thr_find_dev(struct entry *e, uint32_t major, uint32_t minor)
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
	e = thr_find_entry(tp, rel, true);
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
	e = thr_find_entry(tp, rel, true);
	if (!e)
		return -ENOMEM;
	for (i = 0; i < nr; i++) {
		struct throttle_dev *d = thr_find_dev(e, lims[i].major, lims[i].minor);

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

void thr_free_known(struct throttle_priv *tp)
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

	thr_free_known(tp);
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
int thr_scan_cgroupfs(struct throttle_priv *tp)
{
	int err;

	if (tp->refreshes % RESCAN_EVERY)
		return rescan_known(tp);
	err = walk_cgroupfs(tp);
	return err ? err : remember_known(tp);
}
