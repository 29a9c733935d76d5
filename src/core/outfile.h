/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_OUTFILE_H
#define CVTOP_OUTFILE_H

#include <errno.h>
#include <stdio.h>

/* outfile_open()'s error for a FIFO, socket or block device */
#define EFTYPE_OUTFILE EMEDIUMTYPE

/*
 * Opens @path for writing snapshots: never through a symlink (O_NOFOLLOW),
 * only a regular file or a character device (/dev/null, a tty), created
 * 0600, truncated. 0 or -errno (-ELOOP for a symlink, -EFTYPE_OUTFILE for
 * anything else that is not a regular file).
 */
int outfile_open(const char *path, FILE **f);
/* What outfile_open() or outfile_flush()'s error means, for a message. */
const char *outfile_strerror(int err);
/* Flushes and checks for a write error: 0 or -errno (-EIDRM: the regular
 * file was removed). */
int outfile_flush(FILE *f);
/* Flushes, closes, and reports a write error: 0 or -errno. */
int outfile_close(FILE *f);

#endif
