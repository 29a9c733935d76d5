// SPDX-License-Identifier: GPL-2.0
/* A wait for running BPF programs: see rcu_barrier.h. */
#include <errno.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "rcu_barrier.h"

int rcu_barrier_open(struct rcu_barrier *b)
{
	LIBBPF_OPTS(bpf_map_create_opts, opts);
	int err;

	b->outer = -1;
	b->inner = bpf_map_create(BPF_MAP_TYPE_ARRAY, "cvtop_rcu_in", 4, 4, 1, NULL);
	if (b->inner < 0) {
		err = -errno;
		goto fail;
	}
	opts.inner_map_fd = b->inner;
	b->outer = bpf_map_create(BPF_MAP_TYPE_ARRAY_OF_MAPS, "cvtop_rcu", 4, 4, 1, &opts);
	if (b->outer < 0) {
		err = -errno;
		goto fail;
	}
	return 0;
fail:
	rcu_barrier_close(b);
	return err;
}

int rcu_barrier_wait(const struct rcu_barrier *b)
{
	int key = 0;

	if (b->outer < 0)
		return -EBADF;
	/* storing a valid inner map is what makes the kernel synchronize_rcu() */
	if (bpf_map_update_elem(b->outer, &key, &b->inner, BPF_ANY))
		return -errno;
	return 0;
}

void rcu_barrier_close(struct rcu_barrier *b)
{
	if (b->outer >= 0)
		close(b->outer);
	if (b->inner >= 0)
		close(b->inner);
	b->outer = -1;
	b->inner = -1;
}
