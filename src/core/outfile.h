/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_OUTFILE_H
#define CVTOP_OUTFILE_H

#include <stdio.h>

/*
 * Opens @path for writing snapshots: never through a symlink (O_NOFOLLOW),
 * created 0600, truncated. 0 or -errno (-ELOOP for a symlink).
 */
int outfile_open(const char *path, FILE **f);
/* Flushes and checks for a write error: 0 or -errno. */
int outfile_flush(FILE *f);
/* Flushes, closes, and reports a write error: 0 or -errno. */
int outfile_close(FILE *f);

#endif
