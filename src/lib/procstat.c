// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "procstat.h"

uint64_t cpu_ticks_total(const struct cpu_ticks *t)
{
	return t->user + t->nice + t->system + t->idle + t->iowait + t->irq + t->softirq + t->steal;
}

double cpu_ticks_steal_pct(const struct cpu_ticks *prev, const struct cpu_ticks *cur)
{
	uint64_t t0 = cpu_ticks_total(prev), t1 = cpu_ticks_total(cur);

	if (t1 <= t0 || cur->steal < prev->steal)
		return 0;
	return 100.0 * (double)(cur->steal - prev->steal) / (double)(t1 - t0);
}

/* "cpu  1 2 3 ..." or "cpu7 1 2 3 ...": 0, or -EINVAL when it is not such a line */
static int parse_line(const char *line, struct cpu_ticks *t)
{
	uint64_t v[10] = { 0 };
	const char *p = line + 3;
	char *end;
	int n;

	if (strncmp(line, "cpu", 3))
		return -EINVAL;
	if (*p == ' ') {
		t->cpu = -1;
	} else {
		long cpu = strtol(p, &end, 10);

		if (end == p || *end != ' ' || cpu < 0 || cpu >= PROCSTAT_MAX_CPUS)
			return -EINVAL;
		t->cpu = (int)cpu;
		p = end;
	}
	for (n = 0; n < 10; n++) {
		while (*p == ' ')
			p++;
		if (*p < '0' || *p > '9')
			break;
		errno = 0;
		v[n] = strtoull(p, &end, 10);
		if (errno)
			return -EINVAL;
		p = end;
	}
	if (n < 4)
		return -EINVAL;
	t->user = v[0];
	t->nice = v[1];
	t->system = v[2];
	t->idle = v[3];
	t->iowait = v[4];
	t->irq = v[5];
	t->softirq = v[6];
	t->steal = v[7];
	t->guest = v[8];
	t->guest_nice = v[9];
	return 0;
}

int procstat_read(const char *path, struct cpu_ticks *total, struct cpu_ticks *cpus, int max)
{
	char line[512];
	bool have_total = false;
	int nr = 0;
	FILE *f;

	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		struct cpu_ticks t;

		if (parse_line(line, &t))
			continue;
		if (t.cpu < 0) {
			*total = t;
			have_total = true;
		} else if (nr < max) {
			cpus[nr++] = t;
		}
	}
	fclose(f);
	return have_total ? nr : -ENODATA;
}
