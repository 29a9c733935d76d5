// SPDX-License-Identifier: GPL-2.0
/*
 * Recordings (--replay FILE): someone else's file. Through the top-level
 * entry, as cvtop --replay -b uses it: every snapshot read by every pane,
 * then written out as text and JSON.
 */
#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>
#include "fuzz.h"
#include "pane.h"
#include "replay.h"
#include "snapshot.h"

FUZZ_TARGET(replay)
{
	static FILE *null;
	struct pane panes[PANE_MAX];
	struct replay r;
	char path[64];
	int fd = fuzz_file(data, size, path, sizeof(path));
	size_t i;

	if (!null)
		null = fopen("/dev/null", "w");
	if (!replay_open(path, &r)) {
		panes_open_replay(panes);
		for (i = 0; i < r.nr && i < 64; i++) {
			if (replay_show(&r, i, panes))
				continue;
			snapshot_write_text(null, panes, r.time, r.interval_s);
			snapshot_write_json(null, panes, r.time, r.interval_s);
		}
	}
	replay_close(&r);
	close(fd);
}
