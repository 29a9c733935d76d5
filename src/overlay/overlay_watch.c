// SPDX-License-Identifier: GPL-2.0
/* Pane 3: is an overlay mounted? See overlay_watch.h. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>
#include "mountinfo.h"
#include "overlay_mounts.h"
#include "overlay_watch.h"

int ovl_watch_open(struct ovl_watch *w)
{
	w->known = false;
	w->mounted = false;
	/* the kernel flags an open mountinfo POLLPRI once per change of the
	 * mount namespace's table: one poll() a refresh instead of a read */
	w->fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
	return w->fd < 0 ? -errno : 0;
}

static int read_mounted(struct ovl_watch *w)
{
	struct ovl_mounts m = { 0 };
	char *text;
	int err;

	err = mountinfo_read(&text);
	if (err)
		return err;
	err = ovl_mounts_parse(text, &m);
	free(text);
	if (err)
		return err;
	w->mounted = m.nr > 0;
	w->known = true;
	ovl_mounts_free(&m);
	return 0;
}

int ovl_watch_mounted(struct ovl_watch *w, bool *mounted, bool *changed)
{
	struct pollfd pfd = { .fd = w->fd, .events = POLLPRI };
	int err;

	if (w->fd < 0)
		return -EBADF;
	if (poll(&pfd, 1, 0) < 0)
		return -errno;
	*changed = !w->known || (pfd.revents & (POLLPRI | POLLERR));
	if (*changed) {
		err = read_mounted(w);
		if (err)
			return err;
	}
	*mounted = w->mounted;
	return 0;
}

void ovl_watch_close(struct ovl_watch *w)
{
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
}
