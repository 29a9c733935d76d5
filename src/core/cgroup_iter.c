// SPDX-License-Identifier: GPL-2.0
/* The cgroup iterator: one walk per refresh over every cgroup. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "cgroup_iter.h"
#include "fileio.h"
#include "cgroup_iter.skel.h"
#include "grow.h"
#include "keysort.h"
#include "log.h"
#include "skel.h"
#include "sorted.h"

/* records the map holds at first (192 KiB); a walk that sees more reloads it
 * bigger, up to CGITER_MAX_RECS */
#define CGITER_FIRST_RECS 4096
#define CGITER_MAX_RECS (1u << 18)

struct cgroup_iter {
	struct cgroup_iter_bpf *skel;
	struct bpf_link *link;
	int root_fd;
	/* the program's records, mapped read-only: @room of them */
	const struct cgroup_iter_rec *map_recs;
	size_t map_len, room;
	/* the last walk's, sorted by id (its first 8 bytes) */
	struct cgroup_iter_rec *recs;
	size_t nr, cap;
	struct keysort ks;
	/* the last walk saw every cgroup (none left out for want of room) */
	bool complete;
	/* where cgroup_iter_find() looks first: after its last find (rows
	 * ask in id order, the records are sorted by id) */
	size_t next;
	/* the kernel refused cgroup_stats_cast (before 6.2): cgroup_stats */
	bool uncast;
};

static void unload(struct cgroup_iter *it)
{
	if (it->map_recs)
		munmap((void *)it->map_recs, it->map_len);
	it->map_recs = NULL;
	bpf_link__destroy(it->link);
	it->link = NULL;
	cgroup_iter_bpf__destroy(it->skel);
	it->skel = NULL;
}

/* The program with room for @room records, attached over the hierarchy. */
static int load_prog(struct cgroup_iter *it, size_t room, char *why, size_t why_len)
{
	LIBBPF_OPTS(bpf_iter_attach_opts, opts);
	union bpf_iter_link_info linfo = {};
	long page = sysconf(_SC_PAGESIZE);
	void *mem;
	int err, cpus;

	it->skel = cgroup_iter_bpf__open();
	if (!it->skel) {
		err = -errno ? -errno : -ENOMEM;
		snprintf(why, why_len, "open: %s", skel_strerror(-err));
		return err;
	}
	cpus = libbpf_num_possible_cpus();
	if (cpus <= 0 || cpus > CGITER_MAX_CPUS) {
		err = cpus <= 0 ? cpus : -E2BIG;
		snprintf(why, why_len, "%d possible CPUs", cpus);
		return err;
	}
	it->skel->rodata->nr_cpus = cpus;
	bpf_program__set_autoload(it->uncast ? it->skel->progs.cgroup_stats_cast
					     : it->skel->progs.cgroup_stats,
				  false);
	bpf_map__set_max_entries(it->skel->maps.cgiter_recs, room);
	err = cgroup_iter_bpf__load(it->skel);
	if (err) {
		snprintf(why, why_len, "load: %s", skel_strerror(-err));
		return err;
	}
	it->map_len = (room * sizeof(struct cgroup_iter_rec) + page - 1) / page * page;
	mem = mmap(NULL, it->map_len, PROT_READ, MAP_SHARED,
		   bpf_map__fd(it->skel->maps.cgiter_recs), 0);
	if (mem == MAP_FAILED) {
		err = -errno;
		snprintf(why, why_len, "mmap: %s", strerror(-err));
		return err;
	}
	it->map_recs = mem;
	it->room = room;
	linfo.cgroup.cgroup_fd = it->root_fd;
	linfo.cgroup.order = BPF_CGROUP_ITER_DESCENDANTS_PRE;
	opts.link_info = &linfo;
	opts.link_info_len = sizeof(linfo);
	it->link = bpf_program__attach_iter(it->uncast ? it->skel->progs.cgroup_stats
						       : it->skel->progs.cgroup_stats_cast,
					    &opts);
	if (!it->link) {
		err = -errno ? -errno : -EINVAL;
		snprintf(why, why_len, "attach: %s", skel_strerror(-err));
		return err;
	}
	return 0;
}

static int load(struct cgroup_iter *it, size_t room, char *why, size_t why_len)
{
	int err = load_prog(it, room, why, why_len);

	/* before 6.2 (no bpf_rdonly_cast()): the one with probe reads */
	if (err && !it->uncast) {
		unload(it);
		it->uncast = true;
		err = load_prog(it, room, why, why_len);
	}
	return err;
}

int cgroup_iter_open(struct cgroup_iter **out, int root_fd, char *why, size_t why_len)
{
	struct cgroup_iter *it;
	int err;

	*out = NULL;
	it = calloc(1, sizeof(*it));
	if (!it)
		return -ENOMEM;
	it->root_fd = root_fd;
	err = load(it, CGITER_FIRST_RECS, why, why_len);
	if (err)
		goto fail;
	/* a first walk: a kernel that loads the program but cannot run it */
	err = cgroup_iter_read(it);
	if (err) {
		snprintf(why, why_len, "read: %s", skel_strerror(-err));
		goto fail;
	}
	*out = it;
	return 0;
fail:
	cgroup_iter_free(it);
	return err;
}

/* the ids' bytes in memory order, as the panes' generations sort their keys
 * (counters.h): rows then ask for records in the order they are kept */
static int cmp_id(const void *a, const void *b)
{
	const struct cgroup_iter_rec *x = a, *y = b;

	return memcmp(&x->id, &y->id, sizeof(x->id));
}

/* One walk: the program fills the map, the read itself returns nothing. */
static int walk(struct cgroup_iter *it, size_t *seen)
{
	size_t got;
	char byte;
	int fd, err;

	it->skel->bss->nr_recs = 0;
	fd = bpf_iter_create(bpf_link__fd(it->link));
	if (fd < 0)
		return -errno;
	err = fd_read_full(fd, &byte, 1, &got);
	close(fd);
	if (!err && got)
		err = -EIO; /* the walk writes to the map only */
	*seen = it->skel->bss->nr_recs;
	return err;
}

int cgroup_iter_read(struct cgroup_iter *it)
{
	char why[128];
	size_t seen = 0, room;
	int err, tries;

	/* more cgroups than room: a bigger map, and walk again (they may
	 * still be multiplying: a few times) */
	for (tries = 0;; tries++) {
		err = walk(it, &seen);
		if (err)
			return err;
		if (seen <= it->room || tries == 3)
			break;
		for (room = it->room; room < seen + seen / 2 && room < CGITER_MAX_RECS;)
			room *= 2;
		if (room == it->room)
			break; /* at the bound: the first CGITER_MAX_RECS */
		unload(it);
		err = load(it, room, why, sizeof(why));
		if (err) {
			log_msg("cgroup iterator: %zu cgroups, no room for them: %s\n", seen, why);
			return err;
		}
	}
	it->complete = seen <= it->room;
	if (seen > it->room)
		seen = it->room;
	err = array_grow((void **)&it->recs, &it->cap, seen, sizeof(*it->recs));
	if (err)
		return err;
	memcpy(it->recs, it->map_recs, seen * sizeof(*it->recs));
	it->nr = seen;
	it->next = 0;
	_Static_assert(offsetof(struct cgroup_iter_rec, id) == 0,
		       "keysort() sorts by the first bytes");
	keysort(&it->ks, it->recs, it->nr, sizeof(*it->recs), sizeof(it->recs->id));
	return 0;
}

const struct cgroup_iter_rec *cgroup_iter_find(struct cgroup_iter *it, uint64_t id)
{
	struct cgroup_iter_rec key = { .id = id };

	return sorted_find_next(&key, it->recs, it->nr, sizeof(key), cmp_id, &it->next);
}

bool cgroup_iter_complete(const struct cgroup_iter *it)
{
	return it->complete;
}

size_t cgroup_iter_count(const struct cgroup_iter *it)
{
	return it->nr;
}

void cgroup_iter_free(struct cgroup_iter *it)
{
	if (!it)
		return;
	unload(it);
	free(it->recs);
	keysort_free(&it->ks);
	free(it);
}
