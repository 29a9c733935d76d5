// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "throttle_parse.h"

/* Unsigned decimal at *p; advances it. false when there is none. */
static bool take_u64(const char **p, uint64_t *v)
{
	char *end;

	if (**p < '0' || **p > '9')
		return false;
	errno = 0;
	*v = strtoull(*p, &end, 10);
	if (errno)
		return false;
	*p = end;
	return true;
}

static const char *skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static bool at_line_end(const char *p)
{
	p = skip_blanks(p);
	return !*p || *p == '\n';
}

int parse_s64(const char *text, int64_t *v)
{
	char *end;
	long long x;

	text = skip_blanks(text);
	errno = 0;
	x = strtoll(text, &end, 10);
	if (errno || end == text || !at_line_end(end))
		return -EINVAL;
	*v = x;
	return 0;
}

int parse_cpu_max(const char *text, int64_t *quota_us, uint64_t *period_us)
{
	const char *p = skip_blanks(text);
	uint64_t q, per;

	if (!strncmp(p, "max", 3)) {
		*quota_us = -1;
		p += 3;
	} else if (take_u64(&p, &q) && q <= INT64_MAX) {
		*quota_us = (int64_t)q;
	} else {
		return -EINVAL;
	}
	if (*p != ' ')
		return -EINVAL;
	p = skip_blanks(p);
	if (!take_u64(&p, &per) || !per || !at_line_end(p))
		return -EINVAL;
	*period_us = per;
	return 0;
}

int parse_cpu_stat(const char *text, struct cpu_stat *st)
{
	static const struct {
		const char *key;
		size_t off;
		uint64_t scale; /* to ns */
		int flag; /* 0 periods, 1 throttled time, 2 bursts, 3 usage */
	} keys[] = {
		{ "nr_periods", offsetof(struct cpu_stat, nr_periods), 1, 0 },
		{ "nr_throttled", offsetof(struct cpu_stat, nr_throttled), 1, 0 },
		{ "throttled_usec", offsetof(struct cpu_stat, throttled_ns), 1000, 1 },
		{ "throttled_time", offsetof(struct cpu_stat, throttled_ns), 1, 1 },
		{ "nr_bursts", offsetof(struct cpu_stat, nr_bursts), 1, 2 },
		{ "burst_usec", offsetof(struct cpu_stat, burst_ns), 1000, 2 },
		{ "burst_time", offsetof(struct cpu_stat, burst_ns), 1, 2 },
		{ "usage_usec", offsetof(struct cpu_stat, usage_ns), 1000, 3 },
	};
	bool seen[4] = { false };
	const char *line = text;
	size_t i;

	memset(st, 0, sizeof(*st));
	while (line && *line) {
		const char *eol = strchr(line, '\n');

		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			size_t kl = strlen(keys[i].key);
			const char *p = line + kl;
			uint64_t v;

			if (strncmp(line, keys[i].key, kl) || *p != ' ')
				continue;
			p = skip_blanks(p);
			if (!take_u64(&p, &v) || !at_line_end(p))
				break;
			*(uint64_t *)((char *)st + keys[i].off) = v * keys[i].scale;
			seen[keys[i].flag] = true;
			break;
		}
		line = eol ? eol + 1 : NULL;
	}
	st->has_periods = seen[0];
	st->has_throttled_time = seen[1];
	st->has_bursts = seen[2];
	st->has_usage = seen[3];
	return seen[0] || seen[1] || seen[2] || seen[3] ? 0 : -EINVAL;
}

/* "MAJ:MIN" at *p */
static bool take_dev(const char **p, uint32_t *major, uint32_t *minor)
{
	uint64_t ma, mi;

	if (!take_u64(p, &ma) || **p != ':')
		return false;
	(*p)++;
	if (!take_u64(p, &mi) || ma > UINT32_MAX || mi > UINT32_MAX)
		return false;
	*major = ma;
	*minor = mi;
	return true;
}

static struct io_limit *limit_of(struct io_limit *lims, int *nr, int max, uint32_t major,
				 uint32_t minor)
{
	struct io_limit *l;
	int i;

	for (i = 0; i < *nr; i++) {
		if (lims[i].major == major && lims[i].minor == minor)
			return &lims[i];
	}
	if (*nr >= max)
		return NULL;
	l = &lims[(*nr)++];
	l->major = major;
	l->minor = minor;
	for (i = 0; i < IO_NR_LIMITS; i++)
		l->limit[i] = IO_NO_LIMIT;
	return l;
}

int parse_io_max(const char *text, struct io_limit *lims, int *nr, int max)
{
	static const char *const names[IO_NR_LIMITS] = { "rbps=", "wbps=", "riops=", "wiops=" };
	const char *line = text;
	int err = 0;

	while (line && *line) {
		const char *eol = strchr(line, '\n'), *p = line;
		uint64_t v[IO_NR_LIMITS];
		uint32_t major, minor;
		bool ok = true;
		int i;

		for (i = 0; i < IO_NR_LIMITS; i++)
			v[i] = IO_NO_LIMIT;
		if (!take_dev(&p, &major, &minor))
			ok = false;
		while (ok && !at_line_end(p)) {
			p = skip_blanks(p);
			for (i = 0; i < IO_NR_LIMITS; i++) {
				if (!strncmp(p, names[i], strlen(names[i])))
					break;
			}
			if (i == IO_NR_LIMITS) {
				ok = false;
				break;
			}
			p += strlen(names[i]);
			if (!strncmp(p, "max", 3))
				p += 3;
			else if (!take_u64(&p, &v[i]))
				ok = false;
		}
		if (ok) {
			struct io_limit *l = limit_of(lims, nr, max, major, minor);

			if (!l)
				err = -E2BIG;
			else
				memcpy(l->limit, v, sizeof(v));
		}
		line = eol ? eol + 1 : NULL;
	}
	return err;
}

int parse_blkio_device(const char *text, enum io_limit_kind kind, struct io_limit *lims, int *nr,
		       int max)
{
	const char *line = text;
	int err = 0;

	while (line && *line) {
		const char *eol = strchr(line, '\n'), *p = line;
		uint32_t major, minor;
		uint64_t v;

		if (take_dev(&p, &major, &minor) && *p == ' ' && (p = skip_blanks(p)) &&
		    take_u64(&p, &v) && at_line_end(p)) {
			struct io_limit *l = limit_of(lims, nr, max, major, minor);

			if (!l)
				err = -E2BIG;
			else
				l->limit[kind] = v;
		}
		line = eol ? eol + 1 : NULL;
	}
	return err;
}

bool io_limit_any(const struct io_limit *l)
{
	int i;

	for (i = 0; i < IO_NR_LIMITS; i++) {
		if (l->limit[i] != IO_NO_LIMIT)
			return true;
	}
	return false;
}
