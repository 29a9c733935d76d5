/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_FILEIO_H
#define CVTOP_FILEIO_H

#include <stddef.h>
#include <sys/stat.h>

/*
 * Reads a whole regular file of at most @max bytes into a malloc'ed,
 * NUL-terminated buffer. @flags is added to O_RDONLY | O_CLOEXEC | O_NONBLOCK
 * (O_NOFOLLOW for files in places others can write). @st, if not NULL, gets
 * the file's stat. 0 or -errno: -EFBIG when bigger than @max, -EINVAL when
 * not a regular file (a FIFO would block, a device could be endless).
 */
int file_read_all(const char *path, int flags, size_t max, char **buf, size_t *len,
		  struct stat *st);

#endif
