/* SPDX-License-Identifier: GPL-2.0 */
/* Every cgroup's counters of a hierarchy in one read (bpf/cgroup_iter.bpf.c). */
#ifndef CVTOP_CGROUP_ITER_H
#define CVTOP_CGROUP_ITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "bpf/cgroup_iter.h"

struct cgroup_iter;

/*
 * Loads the iterator over the hierarchy whose root directory is @root_fd
 * (kernel 6.1+). 0 or -errno with @why saying which step failed.
 */
int cgroup_iter_open(struct cgroup_iter **out, int root_fd, char *why, size_t why_len);
/* One walk of the whole hierarchy: the records, sorted by id. 0 or -errno. */
int cgroup_iter_read(struct cgroup_iter *it);
/* @id's record of the last read, or NULL */
const struct cgroup_iter_rec *cgroup_iter_find(struct cgroup_iter *it, uint64_t id);
/* whether the last read saw every cgroup: one it did not find is gone */
bool cgroup_iter_complete(const struct cgroup_iter *it);
/* how many cgroups the last read saw */
size_t cgroup_iter_count(const struct cgroup_iter *it);
void cgroup_iter_free(struct cgroup_iter *it);

#endif
