/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_REPLAY_H
#define CVTOP_REPLAY_H

#include <stddef.h>

struct jv;
struct jv_arena;
struct pane;

/*
 * A recording (the batch JSON Lines stream, from --record or -b --format
 * json) read back. Snapshots up to the first damaged line are kept; where
 * and why reading stopped is said.
 */
struct replay {
	char *buf;
	size_t len;
	size_t *starts, *lens; /* each good line */
	size_t nr;
	size_t stopped_line; /* 1-based line that could not be read, 0 if none */
	char stopped_why[96];
	struct jv_arena *arena; /* of the snapshot shown */
	double interval_s; /* of the snapshot shown */
	char time[40];
};

/* Reads and indexes @path (at most 1 GiB). 0 or -errno; a file with no
 * readable snapshot is -EINVAL. */
int replay_open(const char *path, struct replay *r);
void replay_close(struct replay *r);
/* Fills every pane's snapshot from snapshot @i. 0 or -errno. */
int replay_show(struct replay *r, size_t i, struct pane *panes);
/* The identity fields out_json_identity() wrote, read back. */
struct cg_identity;
void replay_identity(const struct jv *row, struct cg_identity *id);

/* Panes set up to be filled by replay_show(): no BPF, no collectors. */
void panes_open_replay(struct pane *panes);

#endif
