/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_TRACEFS_H
#define CVTOP_TRACEFS_H

#include <stddef.h>

/*
 * Classic tracepoints are attached by their id under tracefs. Where tracefs
 * is not mounted (minimal hosts, containers), mount it at /sys/kernel/tracing
 * as bpftrace and perf do. 0 or -errno.
 */
int tracefs_ensure(void);
/* tracefs_ensure(), saying why it failed in @why; 0 or -errno */
int tracefs_ensure_why(char *why, size_t why_len);

#endif
