// SPDX-License-Identifier: GPL-2.0
/* /proc/self/mountinfo: mount points (escaped) come from whoever mounted. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "mountinfo.h"

FUZZ_TARGET(mountinfo)
{
	char *text = fuzz_str(data, size), mnt[64], *u;
	const char *b, *e, *line = text, *eol;
	int i;

	mountinfo_find_fstype(text, "cgroup2", mnt, sizeof(mnt));
	mountinfo_find_fstype(text, "bpf", mnt, sizeof(mnt));
	mountinfo_find_cgroup1(text, "cpu", mnt, sizeof(mnt));
	mountinfo_find_cgroup1(text, "blkio", mnt, sizeof(mnt));
	while (*line) {
		eol = strchr(line, '\n');
		if (!eol)
			eol = line + strlen(line);
		for (i = 0; i < 12; i++) {
			if (mountinfo_field(line, eol, i, &b, &e)) {
				u = mountinfo_unescape(b, e);
				free(u);
			}
		}
		line = *eol ? eol + 1 : eol;
	}
	free(text);
}
