// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include "outfile.h"

int outfile_open(const char *path, FILE **f)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);

	if (fd < 0)
		return -errno;
	*f = fdopen(fd, "w");
	if (!*f) {
		int err = -errno;

		close(fd);
		return err;
	}
	return 0;
}

int outfile_flush(FILE *f)
{
	errno = 0;
	if (fflush(f) || ferror(f))
		return errno ? -errno : -EIO;
	return 0;
}

int outfile_close(FILE *f)
{
	int err = outfile_flush(f);

	if (fclose(f) && !err)
		err = errno ? -errno : -EIO;
	return err;
}
