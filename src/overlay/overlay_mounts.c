// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mountinfo.h"
#include "overlay_mounts.h"

/* The value of "upperdir=" in comma-separated options [b, e); commas inside
 * paths are escaped as \054 by the kernel, so splitting on ',' is safe */
static bool find_upper(const char *b, const char *e, const char **vb, const char **ve)
{
	static const char key[] = "upperdir=";
	const char *p = b;

	while (p < e) {
		const char *end = memchr(p, ',', e - p);

		if (!end)
			end = e;
		if ((size_t)(end - p) > sizeof(key) - 1 && !memcmp(p, key, sizeof(key) - 1)) {
			*vb = p + sizeof(key) - 1;
			*ve = end;
			return true;
		}
		p = end + 1;
	}
	return false;
}

static int add_line(const char *line, const char *eol, struct ovl_mounts *out)
{
	const char *sep = memmem(line, eol - line, " - ", 3);
	const char *b, *e, *mb, *me, *ub, *ue;
	unsigned int major, minor;
	struct ovl_mount *m;
	char dev[32];
	int n;

	if (!sep || !mountinfo_field(sep + 3, eol, 0, &b, &e) || e - b != 7 ||
	    memcmp(b, "overlay", 7))
		return 0;
	if (!mountinfo_field(line, sep, 2, &b, &e) || (size_t)(e - b) >= sizeof(dev))
		return 0;
	memcpy(dev, b, e - b);
	dev[e - b] = '\0';
	if (sscanf(dev, "%u:%u%n", &major, &minor, &n) != 2 || dev[n])
		return 0;
	if (!mountinfo_field(line, sep, 4, &mb, &me))
		return 0;
	if (ovl_mounts_find(out, major, minor))
		return 0;
	m = realloc(out->m, (out->nr + 1) * sizeof(*m));
	if (!m)
		return -ENOMEM;
	out->m = m;
	m = &out->m[out->nr];
	m->major = major;
	m->minor = minor;
	m->upper = NULL;
	m->mnt = mountinfo_unescape(mb, me);
	if (!m->mnt)
		return -ENOMEM;
	if (mountinfo_field(sep + 3, eol, 2, &b, &e) && find_upper(b, e, &ub, &ue)) {
		m->upper = mountinfo_unescape(ub, ue);
		if (!m->upper) {
			free(m->mnt);
			return -ENOMEM;
		}
	}
	out->nr++;
	return 0;
}

int ovl_mounts_parse(const char *text, struct ovl_mounts *out)
{
	const char *line = text;
	int err;

	out->m = NULL;
	out->nr = 0;
	while (*line) {
		const char *eol = strchrnul(line, '\n');

		err = add_line(line, eol, out);
		if (err) {
			ovl_mounts_free(out);
			return err;
		}
		line = *eol ? eol + 1 : eol;
	}
	return 0;
}

void ovl_mounts_free(struct ovl_mounts *m)
{
	size_t i;

	for (i = 0; i < m->nr; i++) {
		free(m->m[i].mnt);
		free(m->m[i].upper);
	}
	free(m->m);
	m->m = NULL;
	m->nr = 0;
}

const struct ovl_mount *ovl_mounts_find(const struct ovl_mounts *m, unsigned int major,
					unsigned int minor)
{
	size_t i;

	for (i = 0; i < m->nr; i++) {
		if (m->m[i].major == major && m->m[i].minor == minor)
			return &m->m[i];
	}
	return NULL;
}
