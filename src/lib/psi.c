// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "psi.h"

#define PSI_BUF_SIZE 4096

enum {
	PSI_AVG10 = 1 << 0,
	PSI_AVG60 = 1 << 1,
	PSI_AVG300 = 1 << 2,
	PSI_TOTAL = 1 << 3,
	PSI_ALL = (1 << 4) - 1,
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Whole-token "[0-9]+"; false on overflow or anything else. */
static bool parse_u64(const char *s, const char *end, uint64_t *v)
{
	uint64_t r = 0;

	if (s == end)
		return false;
	for (; s < end; s++) {
		if (!is_digit(*s) || r > (UINT64_MAX - (*s - '0')) / 10)
			return false;
		r = r * 10 + (*s - '0');
	}
	*v = r;
	return true;
}

/*
 * Whole-token "[0-9]+(.[0-9]+)?" as the kernel prints it (%lu.%02lu). Not
 * strtod(): it follows LC_NUMERIC and would stop at the '.' in a de_DE locale.
 */
static bool parse_avg(const char *s, const char *end, double *v)
{
	const char *dot = memchr(s, '.', end - s);
	uint64_t ip, fp = 0, scale = 1;

	if (!parse_u64(s, dot ? dot : end, &ip))
		return false;
	if (dot) {
		if (dot + 1 == end)
			return false;
		for (s = dot + 1; s < end; s++) {
			if (!is_digit(*s))
				return false;
			/* digits past 1e-18 do not change a double anyway */
			if (scale < 1000000000000000000ULL) {
				fp = fp * 10 + (*s - '0');
				scale *= 10;
			}
		}
	}
	*v = (double)ip + (double)fp / (double)scale;
	return true;
}

/* "avg10=0.00 avg60=0.00 avg300=0.00 total=0" in [s, end) */
static void parse_fields(const char *s, const char *end, struct psi_line *line)
{
	unsigned int seen = 0, bit;
	const char *tok, *eq;
	double *avg;
	uint64_t total;

	memset(line, 0, sizeof(*line));
	while (s < end) {
		if (*s == ' ' || *s == '\t') {
			s++;
			continue;
		}
		tok = s;
		while (s < end && *s != ' ' && *s != '\t')
			s++;
		eq = memchr(tok, '=', s - tok);
		if (!eq)
			goto invalid;

		avg = NULL;
		if (eq - tok == 5 && !memcmp(tok, "avg10", 5)) {
			bit = PSI_AVG10;
			avg = &line->avg10;
		} else if (eq - tok == 5 && !memcmp(tok, "avg60", 5)) {
			bit = PSI_AVG60;
			avg = &line->avg60;
		} else if (eq - tok == 6 && !memcmp(tok, "avg300", 6)) {
			bit = PSI_AVG300;
			avg = &line->avg300;
		} else if (eq - tok == 5 && !memcmp(tok, "total", 5)) {
			bit = PSI_TOTAL;
		} else {
			/* a field a newer kernel may add */
			continue;
		}
		if (seen & bit)
			goto invalid;
		seen |= bit;
		if (avg ? !parse_avg(eq + 1, s, avg) : !parse_u64(eq + 1, s, &total))
			goto invalid;
		if (!avg)
			line->total_us = total;
	}
	if (seen != PSI_ALL)
		goto invalid;
	line->valid = true;
	return;

invalid:
	memset(line, 0, sizeof(*line));
}

int psi_parse(const char *text, struct psi *out)
{
	const char *s = text, *eol;

	memset(out, 0, sizeof(*out));
	if (!text)
		return -EINVAL;

	for (; *s; s = *eol ? eol + 1 : eol) {
		eol = strchr(s, '\n');
		if (!eol)
			eol = s + strlen(s);
		if (eol - s >= 5 && !memcmp(s, "some ", 5))
			parse_fields(s + 5, eol, &out->some);
		else if (eol - s >= 5 && !memcmp(s, "full ", 5))
			parse_fields(s + 5, eol, &out->full);
	}
	return out->some.valid ? 0 : -EINVAL;
}

/*
 * The whole file into a buffer and parsed. @again: a kernel file kept open
 * and read anew from offset 0, which the kernel hands out in one piece (no
 * read just for the end); else read to the end, in as many pieces as come.
 */
static int read_whole(int fd, bool again, struct psi *out)
{
	char buf[PSI_BUF_SIZE];
	size_t len = 0;
	ssize_t n;

	memset(out, 0, sizeof(*out));
	while (len < sizeof(buf) - 1) {
		if (again)
			n = pread(fd, buf + len, sizeof(buf) - 1 - len, len);
		else
			n = read(fd, buf + len, sizeof(buf) - 1 - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (!n)
			break;
		len += n;
		if (again && len < sizeof(buf) - 1 && buf[len - 1] == '\n')
			break;
	}
	/* a full buffer may end inside a number: drop the cut line */
	if (len == sizeof(buf) - 1) {
		while (len && buf[len - 1] != '\n')
			len--;
	}
	buf[len] = '\0';
	return psi_parse(buf, out);
}

int psi_read_fd(int fd, struct psi *out)
{
	return read_whole(fd, true, out);
}

int psi_open_at(int dirfd, const char *name)
{
	/* cgroup directories may belong to a container: never follow its links */
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	return fd < 0 ? -errno : fd;
}

int psi_read_at(int dirfd, const char *name, struct psi *out)
{
	int fd = psi_open_at(dirfd, name), err;

	if (fd < 0) {
		memset(out, 0, sizeof(*out));
		return fd;
	}
	err = read_whole(fd, false, out);
	close(fd);
	return err;
}

double psi_avg_fixed(uint64_t x)
{
	return (double)(x >> 11) + (double)(((x & 2047) * 100) >> 11) / 100;
}

double psi_avg_update(double avg10, uint64_t stall_us, double dt_s)
{
	double pct, decay;

	if (!(dt_s > 0))
		return avg10;
	pct = stall_us / (dt_s * 1e4);
	if (pct > 100)
		pct = 100;
	decay = exp(-dt_s / 10);
	return avg10 * decay + pct * (1 - decay);
}
