/* SPDX-License-Identifier: GPL-2.0 */
/* Overlay mounts of a mountinfo text, by superblock dev: where each is
 * mounted and its upper dir, so rows can name the overlay they are about. */
#ifndef CVTOP_OVERLAY_MOUNTS_H
#define CVTOP_OVERLAY_MOUNTS_H

#include <stddef.h>
#include <stdint.h>

struct ovl_mount {
	unsigned int major, minor; /* of the overlay superblock */
	char *mnt; /* mount point, unescaped */
	char *upper; /* upperdir, unescaped; NULL for a read-only overlay */
};

struct ovl_mounts {
	struct ovl_mount *m;
	size_t nr;
};

/* Every overlay line of @text (first mount of a superblock wins); 0 or -ENOMEM.
 * Malformed lines are skipped. */
int ovl_mounts_parse(const char *text, struct ovl_mounts *out);
void ovl_mounts_free(struct ovl_mounts *m);
const struct ovl_mount *ovl_mounts_find(const struct ovl_mounts *m, unsigned int major,
					unsigned int minor);

#endif
