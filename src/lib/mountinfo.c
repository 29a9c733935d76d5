// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "mountinfo.h"

/* Copies [src, end) unescaping mountinfo's \ooo into @out (@len bytes). */
static int copy_unescaped(const char *src, const char *end, char *out, size_t len)
{
	size_t n = 0;

	while (src < end) {
		char c = *src++;

		if (c == '\\' && end - src >= 3 && src[0] >= '0' && src[0] <= '3' &&
		    src[1] >= '0' && src[1] <= '7' && src[2] >= '0' && src[2] <= '7') {
			c = (char)((src[0] - '0') * 64 + (src[1] - '0') * 8 + (src[2] - '0'));
			src += 3;
		}
		if (n + 1 >= len)
			return -ENAMETOOLONG;
		out[n++] = c;
	}
	if (!len)
		return -ENAMETOOLONG;
	out[n] = '\0';
	return 0;
}

char *mountinfo_unescape(const char *b, const char *e)
{
	char *out = malloc(e - b + 1);

	if (out && copy_unescaped(b, e, out, e - b + 1)) {
		free(out);
		out = NULL;
	}
	return out;
}

bool mountinfo_field(const char *line, const char *eol, int idx, const char **b, const char **e)
{
	const char *p = line;

	for (;;) {
		const char *s = p;

		while (p < eol && *p != ' ')
			p++;
		if (!idx--) {
			*b = s;
			*e = p;
			return p > s;
		}
		if (p >= eol)
			return false;
		p++;
	}
}

/* Fields after the " - " separator: fstype, source, super options. */
static bool tail_fields(const char *line, const char *eol, const char **fs_b, const char **fs_e,
			const char **opt_b, const char **opt_e)
{
	/* optional fields are single tokens, so the first " - " is the separator */
	const char *sep = memmem(line, eol - line, " - ", 3), *src_b, *src_e;

	if (!sep)
		return false;
	sep += 3;
	if (!mountinfo_field(sep, eol, 0, fs_b, fs_e) ||
	    !mountinfo_field(sep, eol, 1, &src_b, &src_e) ||
	    !mountinfo_field(sep, eol, 2, opt_b, opt_e))
		return false;
	return true;
}

static bool token_in_list(const char *b, const char *e, const char *tok)
{
	size_t tl = strlen(tok);

	while (b < e) {
		const char *c = memchr(b, ',', e - b);

		if (!c)
			c = e;
		if ((size_t)(c - b) == tl && !memcmp(b, tok, tl))
			return true;
		b = c + 1;
	}
	return false;
}

static int find(const char *text, const char *fstype, const char *controller, char *mnt, size_t len)
{
	const char *line = text;

	while (line && *line) {
		const char *eol = strchr(line, '\n'), *fs_b, *fs_e, *opt_b, *opt_e, *mp_b, *mp_e;

		if (!eol)
			eol = line + strlen(line);
		if (tail_fields(line, eol, &fs_b, &fs_e, &opt_b, &opt_e) &&
		    (size_t)(fs_e - fs_b) == strlen(fstype) && !memcmp(fs_b, fstype, fs_e - fs_b) &&
		    (!controller || token_in_list(opt_b, opt_e, controller)) &&
		    mountinfo_field(line, eol, 4, &mp_b, &mp_e))
			return copy_unescaped(mp_b, mp_e, mnt, len);
		line = *eol ? eol + 1 : NULL;
	}
	return -ENOENT;
}

int mountinfo_find_fstype(const char *text, const char *fstype, char *mnt, size_t len)
{
	return find(text, fstype, NULL, mnt, len);
}

int mountinfo_find_cgroup1(const char *text, const char *controller, char *mnt, size_t len)
{
	return find(text, "cgroup", controller, mnt, len);
}

int mountinfo_read(char **text)
{
	size_t cap = 16384, used = 0;
	char *buf = malloc(cap), *bigger;
	int fd, err = 0;
	ssize_t n;

	if (!buf)
		return -ENOMEM;
	fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		goto out;
	}
	for (;;) {
		if (cap - used < 4096) {
			bigger = realloc(buf, cap * 2);
			if (!bigger) {
				err = -ENOMEM;
				goto out;
			}
			buf = bigger;
			cap *= 2;
		}
		n = read(fd, buf + used, cap - used - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			goto out;
		}
		if (!n)
			break;
		used += n;
	}
	buf[used] = '\0';
out:
	if (fd >= 0)
		close(fd);
	if (err) {
		free(buf);
		return err;
	}
	*text = buf;
	return 0;
}
