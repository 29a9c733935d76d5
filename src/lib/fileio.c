// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include "fileio.h"

int fd_read_full(int fd, void *buf, size_t room, size_t *got)
{
	ssize_t n;

	*got = 0;
	while (*got < room) {
		n = read(fd, (char *)buf + *got, room - *got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (!n)
			break;
		*got += n;
	}
	return 0;
}

int file_read_all(const char *path, int flags, size_t max, char **buf, size_t *len, struct stat *st)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | flags), err = 0;
	struct stat own;
	size_t got = 0;

	*buf = NULL;
	*len = 0;
	if (fd < 0)
		return -errno;
	if (!st)
		st = &own;
	if (fstat(fd, st) || !S_ISREG(st->st_mode)) {
		err = -EINVAL;
		goto out;
	}
	if ((unsigned long long)st->st_size > max) {
		err = -EFBIG;
		goto out;
	}
	*buf = malloc(st->st_size + 1);
	if (!*buf) {
		err = -ENOMEM;
		goto out;
	}
	/* short when the file shrank meanwhile */
	err = fd_read_full(fd, *buf, st->st_size, &got);
	(*buf)[got] = '\0';
	*len = got;
	if (err) {
		free(*buf);
		*buf = NULL;
	}
out:
	close(fd);
	return err;
}
