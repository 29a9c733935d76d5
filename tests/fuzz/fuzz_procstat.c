// SPDX-License-Identifier: GPL-2.0
/* /proc/stat, read as a file as cvtop reads it. */
#include <stdbool.h>
#include <unistd.h>
#include "fuzz.h"
#include "procstat.h"

FUZZ_TARGET(procstat)
{
	struct cpu_ticks total, cpus[8], prev = { 0 };
	char path[64];
	int fd = fuzz_file(data, size, path, sizeof(path));
	int n = procstat_read(path, &total, cpus, 8);

	if (n >= 0) {
		cpu_ticks_total(&total);
		cpu_ticks_steal_pct(&prev, &total);
		cpu_ticks_steal_pct(&total, &prev);
	}
	close(fd);
}
