// SPDX-License-Identifier: GPL-2.0
/* The cgroup iterator: one read() loop per refresh for every cgroup. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "cgroup_iter.h"
#include "fileio.h"
#include "cgroup_iter.skel.h"
#include "grow.h"
#include "skel.h"
#include "sorted.h"

struct cgroup_iter {
	struct cgroup_iter_bpf *skel;
	struct bpf_link *link;
	struct cgroup_iter_rec *recs;
	size_t nr, cap;
};

int cgroup_iter_open(struct cgroup_iter **out, int root_fd, char *why, size_t why_len)
{
	LIBBPF_OPTS(bpf_iter_attach_opts, opts);
	union bpf_iter_link_info linfo = {};
	struct cgroup_iter *it;
	int err, cpus;

	*out = NULL;
	it = calloc(1, sizeof(*it));
	if (!it)
		return -ENOMEM;
	it->skel = cgroup_iter_bpf__open();
	if (!it->skel) {
		err = -errno ? -errno : -ENOMEM;
		snprintf(why, why_len, "open: %s", skel_strerror(-err));
		goto fail;
	}
	cpus = libbpf_num_possible_cpus();
	if (cpus <= 0 || cpus > CGITER_MAX_CPUS) {
		err = cpus <= 0 ? cpus : -E2BIG;
		snprintf(why, why_len, "%d possible CPUs", cpus);
		goto fail;
	}
	it->skel->rodata->nr_cpus = cpus;
	err = cgroup_iter_bpf__load(it->skel);
	if (err) {
		snprintf(why, why_len, "load: %s", skel_strerror(-err));
		goto fail;
	}
	linfo.cgroup.cgroup_fd = root_fd;
	linfo.cgroup.order = BPF_CGROUP_ITER_DESCENDANTS_PRE;
	opts.link_info = &linfo;
	opts.link_info_len = sizeof(linfo);
	it->link = bpf_program__attach_iter(it->skel->progs.cgroup_stats, &opts);
	if (!it->link) {
		err = -errno ? -errno : -EINVAL;
		snprintf(why, why_len, "attach: %s", skel_strerror(-err));
		goto fail;
	}
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

static int cmp_id(const void *a, const void *b)
{
	const struct cgroup_iter_rec *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

int cgroup_iter_read(struct cgroup_iter *it)
{
	size_t len = 0, room, got;
	int fd, err = 0;

	fd = bpf_iter_create(bpf_link__fd(it->link));
	if (fd < 0)
		return -errno;
	/* until a read leaves room: the iterator has no size to ask first */
	for (;;) {
		err = array_grow((void **)&it->recs, &it->cap, len / sizeof(*it->recs) + 256,
				 sizeof(*it->recs));
		if (err)
			break;
		room = it->cap * sizeof(*it->recs) - len;
		err = fd_read_full(fd, (char *)it->recs + len, room, &got);
		len += got;
		if (err || got < room)
			break;
	}
	close(fd);
	if (err)
		return err;
	if (len % sizeof(*it->recs))
		return -EIO;
	it->nr = len / sizeof(*it->recs);
	sorted_sort(it->recs, it->nr, sizeof(*it->recs), cmp_id);
	return 0;
}

const struct cgroup_iter_rec *cgroup_iter_find(const struct cgroup_iter *it, uint64_t id)
{
	struct cgroup_iter_rec key = { .id = id };

	return sorted_find(&key, it->recs, it->nr, sizeof(key), cmp_id);
}

size_t cgroup_iter_count(const struct cgroup_iter *it)
{
	return it->nr;
}

void cgroup_iter_free(struct cgroup_iter *it)
{
	if (!it)
		return;
	bpf_link__destroy(it->link);
	cgroup_iter_bpf__destroy(it->skel);
	free(it->recs);
	free(it);
}
