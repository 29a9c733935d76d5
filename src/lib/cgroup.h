/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_CGROUP_H
#define CVTOP_CGROUP_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

/* The cgroup v2 hierarchy, found through /proc/self/mountinfo. */
struct cgroup_fs {
	int v2_fd; /* directory fd of the v2 mount, -1 when there is none */
	char v2_mount[PATH_MAX];
};

int cgroup_fs_open(struct cgroup_fs *cg);
void cgroup_fs_close(struct cgroup_fs *cg);

/* The "nr_descendants" of a cgroup.stat text in @n: 0 or -EINVAL. */
int cgroup_stat_descendants(const char *text, unsigned long *n);
/* How many cgroups the v2 hierarchy holds now, its root included: 0 or -errno. */
int cgroup_count(const struct cgroup_fs *cg, unsigned long *n);

/*
 * Path of the v2 cgroup with id @id relative to the hierarchy's root ("/" for
 * the root), from the id alone (kernfs file handles). -ESTALE or -ENOENT when
 * the cgroup is gone.
 */
int cgroup_path_of(const struct cgroup_fs *cg, uint64_t id, char *buf, size_t len);

/* The same in any cgroup hierarchy (v1 too): @mnt_fd is a directory fd of
 * its mount point @mnt. */
int cgroup_path_in(int mnt_fd, const char *mnt, uint64_t id, char *buf, size_t len);

/* Directory fd of a cgroup given its relative path, for reading its files. */
int cgroup_open_dir(const struct cgroup_fs *cg, const char *rel_path);

#endif
