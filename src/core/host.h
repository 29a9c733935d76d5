/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the summary header needs that no pane carries: the host's pressure
 * (/proc/pressure). Read at every refresh, recorded beside the panes
 * ("host" in a snapshot, from its field schema) and read back by replay;
 * a recording without it shows "-".
 */
#ifndef CVTOP_HOST_H
#define CVTOP_HOST_H

#include <stdbool.h>
#include <stdio.h>

struct json_writer;
struct jv;

enum host_psi_res {
	HOST_PSI_CPU,
	HOST_PSI_IO,
	HOST_PSI_MEMORY,
	HOST_PSI_NR,
};

struct host_psi {
	bool has; /* the file could be read */
	double some_avg10, full_avg10; /* percent */
	bool has_full; /* cpu has no "full" line before 5.13 */
};

struct host_state {
	bool has_psi; /* /proc/pressure was read (or recorded) */
	struct host_psi psi[HOST_PSI_NR];
};

/* The latest host figures: live, or the recording's snapshot shown. */
const struct host_state *host_now(void);
/* Reads /proc/pressure (under @root, "" for /). */
void host_refresh(const char *root);
/* Replay: the snapshot's "host" object (NULL: none recorded). 0 or -errno */
int host_read_json(const struct jv *obj);
/* "host": {...} when there is something to record */
void host_write_json(struct json_writer *jw);
/* a line of batch text, when there is something to show */
void host_write_text(FILE *f);

#endif
