/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_TEXTFILE_H
#define CVTOP_TEXTFILE_H

#include <stddef.h>

/*
 * @dir/cvtop.prom for node_exporter's textfile collector, replaced
 * atomically: written to a temporary file in @dir (O_EXCL, never through a
 * symlink), then renamed over the old one. 0 or -errno.
 */
int textfile_write(const char *dir, const char *data, size_t len);

#endif
