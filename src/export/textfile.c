// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include "textfile.h"

int textfile_write(const char *dir, const char *data, size_t len)
{
	int dfd, fd, err = 0;
	char tmp[64];
	size_t off = 0;

	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (dfd < 0)
		return -errno;
	/* node_exporter reads *.prom only: the temporary name is not one */
	snprintf(tmp, sizeof(tmp), ".cvtop.prom.%d", (int)getpid());
	unlinkat(dfd, tmp, 0);
	fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0) {
		err = -errno;
		goto out;
	}
	while (off < len && !err) {
		ssize_t n = write(fd, data + off, len - off);

		if (n < 0 && errno != EINTR)
			err = -errno;
		else if (n > 0)
			off += n;
	}
	if (close(fd) && !err)
		err = -errno;
	/* rename() replaces a symlink named cvtop.prom, never follows it */
	if (!err && renameat(dfd, tmp, dfd, "cvtop.prom"))
		err = -errno;
	if (err)
		unlinkat(dfd, tmp, 0);
out:
	close(dfd);
	return err;
}
