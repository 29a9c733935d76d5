/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_MOUNTINFO_H
#define CVTOP_MOUNTINFO_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Parsers of /proc/self/mountinfo text: mount points are found there, never
 * assumed. Mount points are unescaped (\040 and friends).
 */

/* Mount point of the first mount of @fstype; 0, -ENOENT or -ENAMETOOLONG. */
int mountinfo_find_fstype(const char *text, const char *fstype, char *mnt, size_t len);

/* Mount point of the cgroup v1 hierarchy that has @controller in its super
 * options (e.g. "cpu", "blkio"); 0, -ENOENT or -ENAMETOOLONG. */
int mountinfo_find_cgroup1(const char *text, const char *controller, char *mnt, size_t len);

/* Space-separated field @idx of [line, eol): false when missing or empty. */
bool mountinfo_field(const char *line, const char *eol, int idx, const char **b, const char **e);
/* malloc'ed copy of [b, e) with the \ooo escapes undone; NULL: no memory */
char *mountinfo_unescape(const char *b, const char *e);

/* Reads all of /proc/self/mountinfo into a malloc'ed string. */
int mountinfo_read(char **text);

#endif
