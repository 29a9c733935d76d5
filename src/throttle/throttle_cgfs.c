// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "mountinfo.h"
#include "throttle_cgfs.h"

static void hier_open(struct cgfs_hier *h, const char *text, const char *v1_ctrl)
{
	h->fd = -1;
	h->v2 = false;
	if (mountinfo_find_cgroup1(text, v1_ctrl, h->mount, sizeof(h->mount))) {
		if (mountinfo_find_fstype(text, "cgroup2", h->mount, sizeof(h->mount)))
			return;
		h->v2 = true;
	}
	h->fd = open(h->mount, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

int throttle_fs_open(struct throttle_fs *fs)
{
	char *text = NULL;
	int err;

	err = mountinfo_read(&text);
	if (err)
		return err;
	hier_open(&fs->cpu, text, "cpu");
	hier_open(&fs->cpuacct, text, "cpuacct");
	hier_open(&fs->io, text, "blkio");
	free(text);
	return 0;
}

void throttle_fs_close(struct throttle_fs *fs)
{
	struct cgfs_hier *all[] = { &fs->cpu, &fs->cpuacct, &fs->io };
	size_t i;

	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		if (all[i]->fd >= 0)
			close(all[i]->fd);
		all[i]->fd = -1;
	}
}

int cgfs_read_file(int dir_fd, const char *name, char *buf, size_t len)
{
	ssize_t n;
	int fd, err = 0;

	fd = openat(dir_fd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0)
		err = -errno;
	else
		buf[n] = '\0';
	close(fd);
	return err;
}

struct walk {
	cgfs_dir_fn fn;
	void *ctx;
	int dirs;
	char path[PATH_MAX];
};

static int walk_dir(struct walk *w, int fd, size_t path_len, int depth)
{
	struct dirent *de;
	DIR *d;
	int err;

	if (w->dirs++ >= CGFS_MAX_DIRS) {
		close(fd);
		return 0;
	}
	err = w->fn(fd, path_len ? w->path : "/", w->ctx);
	if (err || depth >= CGFS_MAX_DEPTH) {
		close(fd);
		return err;
	}
	d = fdopendir(fd);
	if (!d) {
		err = -errno;
		close(fd);
		return err;
	}
	while ((de = readdir(d))) {
		size_t nl = strlen(de->d_name);
		int sub;

		if (de->d_type != DT_DIR || de->d_name[0] == '.')
			continue;
		if (path_len + 1 + nl >= sizeof(w->path))
			continue;
		sub = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub < 0)
			continue; /* removed meanwhile */
		w->path[path_len] = '/';
		memcpy(w->path + path_len + 1, de->d_name, nl + 1);
		err = walk_dir(w, sub, path_len + 1 + nl, depth + 1);
		w->path[path_len] = '\0';
		if (err)
			break;
	}
	closedir(d);
	return err;
}

int cgfs_walk(const struct cgfs_hier *h, cgfs_dir_fn fn, void *ctx)
{
	struct walk *w;
	int fd, err;

	if (h->fd < 0)
		return -ENOENT;
	fd = openat(h->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	w = calloc(1, sizeof(*w));
	if (!w) {
		close(fd);
		return -ENOMEM;
	}
	w->fn = fn;
	w->ctx = ctx;
	err = walk_dir(w, fd, 0, 0);
	free(w);
	return err;
}

/* v1 cpuacct.usage of the same cgroup, when cpuacct is a v1 hierarchy */
static void read_v1_usage(const struct throttle_fs *fs, int dir_fd, const char *rel,
			  struct cgfs_cpu *c)
{
	char buf[64];
	int64_t v;
	int fd;

	if (fs->cpuacct.fd < 0 || fs->cpuacct.v2)
		return;
	if (!strcmp(fs->cpuacct.mount, fs->cpu.mount)) {
		fd = dup(dir_fd);
	} else {
		while (*rel == '/')
			rel++;
		fd = openat(fs->cpuacct.fd, *rel ? rel : ".",
			    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	}
	if (fd < 0)
		return;
	if (!cgfs_read_file(fd, "cpuacct.usage", buf, sizeof(buf)) && !parse_s64(buf, &v) &&
	    v >= 0) {
		c->has_usage = true;
		c->usage_ns = v;
	}
	close(fd);
}

int cgfs_read_cpu(const struct throttle_fs *fs, int dir_fd, const char *rel, struct cgfs_cpu *c)
{
	char buf[1024];
	int64_t period = 0;
	int err;

	memset(c, 0, sizeof(*c));
	c->quota_us = -1;
	if (fs->cpu.v2) {
		err = cgfs_read_file(dir_fd, "cpu.max", buf, sizeof(buf));
		if (!err)
			err = parse_cpu_max(buf, &c->quota_us, &c->period_us);
	} else {
		err = cgfs_read_file(dir_fd, "cpu.cfs_quota_us", buf, sizeof(buf));
		if (!err)
			err = parse_s64(buf, &c->quota_us);
		if (!err && c->quota_us >= 0) {
			err = cgfs_read_file(dir_fd, "cpu.cfs_period_us", buf, sizeof(buf));
			if (!err)
				err = parse_s64(buf, &period);
			if (!err && period <= 0)
				err = -EINVAL;
			c->period_us = period;
		}
	}
	if (err || c->quota_us < 0)
		return -ENOENT;
	if (cgfs_read_file(dir_fd, "cpu.stat", buf, sizeof(buf)) || parse_cpu_stat(buf, &c->st))
		memset(&c->st, 0, sizeof(c->st));
	if (fs->cpu.v2) {
		c->has_usage = c->st.has_usage;
		c->usage_ns = c->st.usage_ns;
	} else {
		read_v1_usage(fs, dir_fd, rel, c);
	}
	return 0;
}

int cgfs_read_io_limits(const struct throttle_fs *fs, int dir_fd, struct io_limit *lims, int max)
{
	static const char *const v1_files[IO_NR_LIMITS] = {
		[IO_RBPS] = "blkio.throttle.read_bps_device",
		[IO_WBPS] = "blkio.throttle.write_bps_device",
		[IO_RIOPS] = "blkio.throttle.read_iops_device",
		[IO_WIOPS] = "blkio.throttle.write_iops_device",
	};
	char buf[4096];
	int nr = 0, i;

	if (fs->io.v2) {
		if (!cgfs_read_file(dir_fd, "io.max", buf, sizeof(buf)))
			parse_io_max(buf, lims, &nr, max);
	} else {
		for (i = 0; i < IO_NR_LIMITS; i++) {
			if (!cgfs_read_file(dir_fd, v1_files[i], buf, sizeof(buf)))
				parse_blkio_device(buf, i, lims, &nr, max);
		}
	}
	/* io.max lists devices whose limits were all reset to max */
	for (i = 0; i < nr;) {
		if (io_limit_any(&lims[i]))
			i++;
		else
			lims[i] = lims[--nr];
	}
	return nr;
}
