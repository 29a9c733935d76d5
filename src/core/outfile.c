// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "outfile.h"

#define OUTFILE_BUF (64 * 1024)

int outfile_open(const char *path, FILE **f)
{
	struct stat st;
	int fd, err;

	/* O_NONBLOCK: opening a FIFO without a reader would wait forever */
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0600);
	if (fd < 0)
		return errno == ENXIO ? -EFTYPE_OUTFILE : -errno;
	/* a regular file, or a character device such as /dev/null or a tty */
	if (fstat(fd, &st) || !(S_ISREG(st.st_mode) || S_ISCHR(st.st_mode))) {
		err = -EFTYPE_OUTFILE;
		goto err_close;
	}
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)) {
		err = -errno;
		goto err_close;
	}
	*f = fdopen(fd, "w");
	if (!*f) {
		err = -errno;
		goto err_close;
	}
	/* a snapshot of thousands of rows is megabytes: written in fewer,
	 * bigger calls than the file's 4 KiB block (each flushed at its end) */
	setvbuf(*f, NULL, _IOFBF, OUTFILE_BUF);
	return 0;
err_close:
	close(fd);
	return err;
}

const char *outfile_strerror(int err)
{
	if (err == -ELOOP)
		return "it is a symlink (refusing to follow it)";
	if (err == -EFTYPE_OUTFILE)
		return "not a regular file (a FIFO, socket or block device: refusing it)";
	if (err == -EIDRM)
		return "the file was removed";
	return strerror(-err);
}

int outfile_flush(FILE *f)
{
	struct stat st;

	errno = 0;
	if (fflush(f) || ferror(f))
		return errno ? -errno : -EIO;
	/* writes to a removed file succeed and go nowhere: say so */
	if (!fstat(fileno(f), &st) && S_ISREG(st.st_mode) && st.st_nlink == 0)
		return -EIDRM;
	return 0;
}

int outfile_close(FILE *f)
{
	int err = outfile_flush(f);

	if (fclose(f) && !err)
		err = errno ? -errno : -EIO;
	return err;
}
