/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_FILEIO_H
#define CVTOP_FILEIO_H

#include <stddef.h>
#include <sys/stat.h>

/* Reads @fd into @buf until @room bytes or the end of the file, again on
 * EINTR: 0 or -errno, with the bytes read in @got either way. */
int fd_read_full(int fd, void *buf, size_t room, size_t *got);

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
