// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cgroup.h"
#include "fileio.h"
#include "mountinfo.h"

/* kernfs exports cgroups by their 64-bit id (include/linux/exportfs.h) */
#define FILEID_KERNFS 0xfe

int cgroup_fs_open(struct cgroup_fs *cg)
{
	char *text = NULL;
	int err;

	cg->v2_fd = -1;
	cg->v2_mount[0] = '\0';
	err = mountinfo_read(&text);
	if (err)
		return err;
	err = mountinfo_find_fstype(text, "cgroup2", cg->v2_mount, sizeof(cg->v2_mount));
	free(text);
	if (err)
		return err;
	cg->v2_fd = open(cg->v2_mount, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cg->v2_fd < 0)
		return -errno;
	return 0;
}

void cgroup_fs_close(struct cgroup_fs *cg)
{
	if (cg->v2_fd >= 0)
		close(cg->v2_fd);
	cg->v2_fd = -1;
}

int cgroup_stat_descendants(const char *text, unsigned long *n)
{
	const char *key = "nr_descendants ", *at = text;
	size_t kl = strlen(key);
	unsigned long v;
	char *end;

	/* a key at the start of a line, its value up to the line's end */
	while (at && strncmp(at, key, kl)) {
		at = strchr(at, '\n');
		if (at)
			at++;
	}
	if (!at || at[kl] < '0' || at[kl] > '9')
		return -EINVAL;
	errno = 0;
	v = strtoul(at + kl, &end, 10);
	if (errno || (*end && *end != '\n'))
		return -EINVAL;
	*n = v;
	return 0;
}

int cgroup_count(const struct cgroup_fs *cg, unsigned long *n)
{
	/* nr_descendants comes first; the nr_subsys_* lines after it */
	char buf[4096];
	size_t got = 0;
	int fd, err;

	fd = openat(cg->v2_fd, "cgroup.stat", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	err = fd_read_full(fd, buf, sizeof(buf) - 1, &got);
	close(fd);
	if (err)
		return err;
	buf[got] = '\0';
	err = cgroup_stat_descendants(buf, n);
	if (!err)
		(*n)++;
	return err;
}

int cgroup_path_in(int mnt_fd, const char *mnt, uint64_t id, char *buf, size_t len)
{
	struct {
		struct file_handle fh;
		uint64_t id;
	} h = { .fh = { .handle_bytes = sizeof(uint64_t), .handle_type = FILEID_KERNFS },
		.id = id };
	char link[64], target[PATH_MAX];
	size_t mlen = strlen(mnt);
	const char *rel;
	ssize_t n;
	int fd, err = 0;

	if (mnt_fd < 0)
		return -ENOENT;
	fd = open_by_handle_at(mnt_fd, &h.fh, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0) {
		err = -errno;
		goto out;
	}
	target[n] = '\0';
	rel = target;
	if (!strncmp(target, mnt, mlen) && (target[mlen] == '/' || !target[mlen]))
		rel = target + mlen;
	if (!*rel)
		rel = "/";
	if ((size_t)snprintf(buf, len, "%s", rel) >= len)
		err = -ENAMETOOLONG;
out:
	close(fd);
	return err;
}

int cgroup_path_of(const struct cgroup_fs *cg, uint64_t id, char *buf, size_t len)
{
	return cgroup_path_in(cg->v2_fd, cg->v2_mount, id, buf, len);
}

int cgroup_open_dir(const struct cgroup_fs *cg, const char *rel_path)
{
	int fd;

	while (*rel_path == '/')
		rel_path++;
	fd = openat(cg->v2_fd, *rel_path ? rel_path : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}
