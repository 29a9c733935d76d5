/* SPDX-License-Identifier: GPL-2.0 */
/* Where the cpu and io controllers live (v1, v2 or hybrid), and walking them. */
#ifndef CVTOP_THROTTLE_CGFS_H
#define CVTOP_THROTTLE_CGFS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include "throttle_parse.h"

/* a walk stops after this many directories, and this deep */
#define CGFS_MAX_DIRS 4096
#define CGFS_MAX_DEPTH 32
#define CGFS_MAX_DEVS 16

/* One hierarchy a controller is bound to. */
struct cgfs_hier {
	int fd; /* of the mount point, -1 when not found */
	bool v2;
	char mount[PATH_MAX];
};

struct throttle_fs {
	struct cgfs_hier cpu, cpuacct, io;
};

/* What the files of one cgroup say. */
struct cgfs_cpu {
	int64_t quota_us; /* -1: no quota */
	uint64_t period_us;
	struct cpu_stat st;
	bool has_usage;
	uint64_t usage_ns; /* v2 cpu.stat usage_usec, v1 cpuacct.usage */
};

/*
 * Finds the hierarchies in /proc/self/mountinfo: a controller is on v1 when a
 * v1 hierarchy has it, else on v2. 0 even when some are missing (fd -1).
 */
int throttle_fs_open(struct throttle_fs *fs);
void throttle_fs_close(struct throttle_fs *fs);

/* Calls @fn for every cgroup directory of @h (the root first) with its path
 * relative to the mount ("/" for the root) and an fd of it; stops after
 * CGFS_MAX_DIRS. Returns 0, @fn's non-zero value, or -errno. */
typedef int (*cgfs_dir_fn)(int dir_fd, const char *rel, void *ctx);
int cgfs_walk(const struct cgfs_hier *h, cgfs_dir_fn fn, void *ctx);

/* CPU bandwidth files of one cgroup of fs->cpu; -ENOENT when it has none. */
int cgfs_read_cpu(const struct throttle_fs *fs, int dir_fd, const char *rel, struct cgfs_cpu *c);
/* Block limits of one cgroup of fs->io into @lims; returns how many. */
int cgfs_read_io_limits(const struct throttle_fs *fs, int dir_fd, struct io_limit *lims, int max);

/* Reads a small file at @dir_fd without following symlinks; 0 or -errno. */
int cgfs_read_file(int dir_fd, const char *name, char *buf, size_t len);

#endif
