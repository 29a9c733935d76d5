/* SPDX-License-Identifier: GPL-2.0 */
/* Whether any overlay file system is mounted: the overlay pane's hooks are
 * attached only while one is (the syscall tracepoints slow every syscall). */
#ifndef CVTOP_OVERLAY_WATCH_H
#define CVTOP_OVERLAY_WATCH_H

#include <stdbool.h>

struct ovl_watch {
	int fd; /* /proc/self/mountinfo, polled for changes of the mount table */
	bool known; /* read at least once */
	bool mounted;
};

/* 0 or -errno. */
int ovl_watch_open(struct ovl_watch *w);
/* Whether an overlay is mounted now; the mount list is read again only when
 * the mount table changed (@changed: it did since the last call, or this is
 * the first). 0 or -errno. */
int ovl_watch_mounted(struct ovl_watch *w, bool *mounted, bool *changed);
void ovl_watch_close(struct ovl_watch *w);

#endif
