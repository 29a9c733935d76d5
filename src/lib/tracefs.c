// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <sys/mount.h>
#include <unistd.h>
#include "log.h"
#include <stdio.h>
#include <string.h>
#include "tracefs.h"

int tracefs_ensure(void)
{
	if (!access("/sys/kernel/tracing/events", F_OK) ||
	    !access("/sys/kernel/debug/tracing/events", F_OK))
		return 0;
	if (mount("tracefs", "/sys/kernel/tracing", "tracefs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  NULL))
		return -errno;
	log_msg("mounted tracefs at /sys/kernel/tracing for classic tracepoints\n");
	return 0;
}

int tracefs_ensure_why(char *why, size_t why_len)
{
	int err = tracefs_ensure();

	if (err)
		snprintf(why, why_len, "tracefs is not mounted and mounting it failed: %s",
			 strerror(-err));
	return err;
}
