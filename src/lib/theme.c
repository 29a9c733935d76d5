// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "fileio.h"
#include "theme.h"

static const char *const slot_names[THEME_NR_SLOTS] = {
	[THEME_NORMAL] = "normal",     [THEME_TITLE] = "title", [THEME_HEADER] = "header",
	[THEME_SELECTED] = "selected", [THEME_DIM] = "dim",	[THEME_WARN] = "warn",
	[THEME_BAR] = "bar",	       [THEME_TAB] = "tab",	[THEME_TAB_ACTIVE] = "tab_active",
};

static const char *const color_names[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

const char *theme_slot_name(enum theme_slot s)
{
	return s < THEME_NR_SLOTS ? slot_names[s] : "?";
}

void theme_default(struct theme *t)
{
	static const struct theme_style dark[THEME_NR_SLOTS] = {
		[THEME_NORMAL] = { -1, -1, 0 },
		[THEME_TITLE] = { 6, -1, THEME_BOLD },
		[THEME_HEADER] = { 0, 6, 0 },
		[THEME_SELECTED] = { -1, -1, THEME_REVERSE | THEME_BOLD },
		[THEME_DIM] = { -1, -1, THEME_DIM_ATTR },
		[THEME_WARN] = { 3, -1, THEME_BOLD },
		[THEME_BAR] = { 2, -1, 0 },
		[THEME_TAB] = { -1, -1, 0 },
		[THEME_TAB_ACTIVE] = { 0, 6, THEME_BOLD },
	};

	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "default");
	memcpy(t->slot, dark, sizeof(dark));
}

static void diag(struct theme_diag *diags, int max, int *nr, int line, bool error, const char *msg)
{
	if (*nr < max) {
		diags[*nr].line = line;
		diags[*nr].error = error;
		snprintf(diags[*nr].msg, sizeof(diags[*nr].msg), "%s", msg);
	}
	(*nr)++;
}

/* [b, e) without surrounding blanks */
static void trim(const char **b, const char **e)
{
	while (*b < *e && (**b == ' ' || **b == '\t'))
		(*b)++;
	while (*e > *b && ((*e)[-1] == ' ' || (*e)[-1] == '\t' || (*e)[-1] == '\r'))
		(*e)--;
}

static bool word_is(const char *b, const char *e, const char *w)
{
	return (size_t)(e - b) == strlen(w) && !memcmp(b, w, e - b);
}

static int parse_color(const char *b, const char *e, short *out)
{
	size_t i;
	int v = 0;

	if (word_is(b, e, "default")) {
		*out = THEME_DEFAULT_COLOR;
		return 0;
	}
	for (i = 0; i < 8; i++) {
		if (word_is(b, e, color_names[i])) {
			*out = (short)i;
			return 0;
		}
		if (e - b > 6 && !memcmp(b, "bright", 6) && word_is(b + 6, e, color_names[i])) {
			*out = (short)(i + 8);
			return 0;
		}
	}
	if (b == e || e - b > 3)
		return -EINVAL;
	for (; b < e; b++) {
		if (*b < '0' || *b > '9')
			return -EINVAL;
		v = v * 10 + (*b - '0');
	}
	if (v > 255)
		return -EINVAL;
	*out = (short)v;
	return 0;
}

static int parse_attr(const char *b, const char *e, unsigned int *attrs)
{
	if (word_is(b, e, "bold"))
		*attrs |= THEME_BOLD;
	else if (word_is(b, e, "dim"))
		*attrs |= THEME_DIM_ATTR;
	else if (word_is(b, e, "reverse"))
		*attrs |= THEME_REVERSE;
	else if (word_is(b, e, "underline"))
		*attrs |= THEME_UNDERLINE;
	else
		return -EINVAL;
	return 0;
}

/* "fg,bg[,attr...]" */
static int parse_style(const char *b, const char *e, struct theme_style *st, const char **why)
{
	struct theme_style s = { .attrs = 0 };
	int field = 0;

	while (b <= e) {
		const char *c = memchr(b, ',', e - b), *fe;

		fe = c ? c : e;
		trim(&b, &fe);
		if (field == 0 && parse_color(b, fe, &s.fg)) {
			*why = "foreground is not a colour name or 0-255";
			return -EINVAL;
		}
		if (field == 1 && parse_color(b, fe, &s.bg)) {
			*why = "background is not a colour name or 0-255";
			return -EINVAL;
		}
		if (field >= 2 && parse_attr(b, fe, &s.attrs)) {
			*why = "attribute is not bold, dim, reverse or underline";
			return -EINVAL;
		}
		field++;
		if (!c)
			break;
		b = c + 1;
	}
	if (field < 2) {
		*why = "wants fg,bg[,attributes]";
		return -EINVAL;
	}
	*st = s;
	return 0;
}

int theme_parse(const char *text, size_t len, struct theme *t, struct theme_diag *diags,
		int max_diags, int *nr_diags)
{
	const char *p = text, *end = text + len;
	int line = 0, errors = 0, i;

	*nr_diags = 0;
	if (len > THEME_MAX_BYTES) {
		diag(diags, max_diags, nr_diags, 0, true, "the file is too big for a theme");
		return -EFBIG;
	}
	while (p < end) {
		const char *eol = memchr(p, '\n', end - p), *b = p, *e, *eq, *kb, *ke, *why = NULL;
		bool known = false;

		if (!eol)
			eol = end;
		line++;
		p = eol + 1;
		e = eol;
		if (memchr(b, '#', e - b))
			e = memchr(b, '#', e - b);
		trim(&b, &e);
		if (b == e)
			continue;
		if (memchr(b, '\0', e - b)) {
			diag(diags, max_diags, nr_diags, line, true, "a NUL byte");
			errors++;
			continue;
		}
		eq = memchr(b, '=', e - b);
		if (!eq) {
			diag(diags, max_diags, nr_diags, line, true, "not a \"key = value\" line");
			errors++;
			continue;
		}
		kb = b;
		ke = eq;
		trim(&kb, &ke);
		b = eq + 1;
		trim(&b, &e);
		if (word_is(kb, ke, "name")) {
			snprintf(t->name, sizeof(t->name), "%.*s", (int)(e - b), b);
			continue;
		}
		for (i = 0; i < THEME_NR_SLOTS; i++) {
			if (!word_is(kb, ke, slot_names[i]))
				continue;
			known = true;
			if (parse_style(b, e, &t->slot[i], &why)) {
				diag(diags, max_diags, nr_diags, line, true, why);
				errors++;
			}
		}
		if (!known)
			diag(diags, max_diags, nr_diags, line, false, "unknown key, ignored");
	}
	return errors ? -EINVAL : 0;
}

/* the NAME.theme candidates, in search order */
static int candidates(const char *name, const char *datadir, char paths[][512])
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	int n = 0;

	if (xdg && *xdg)
		snprintf(paths[n++], 512, "%s/cvtop/themes/%s.theme", xdg, name);
	else if (home && *home)
		snprintf(paths[n++], 512, "%s/.config/cvtop/themes/%s.theme", home, name);
	if (datadir)
		snprintf(paths[n++], 512, "%s/themes/%s.theme", datadir, name);
	snprintf(paths[n++], 512, "themes/%s.theme", name);
	return n;
}

int theme_load(const char *name_or_path, const char *datadir, struct theme *t,
	       struct theme_diag *diags, int max_diags, int *nr_diags, char *path, size_t path_len)
{
	char paths[3][512];
	char *text = NULL;
	size_t len = 0;
	int n = 1, i, err = -ENOENT;

	*nr_diags = 0;
	theme_default(t);
	if (strchr(name_or_path, '/'))
		snprintf(paths[0], sizeof(paths[0]), "%s", name_or_path);
	else
		n = candidates(name_or_path, datadir, paths);
	for (i = 0; i < n; i++) {
		err = file_read_all(paths[i], 0, THEME_MAX_BYTES, &text, &len, NULL);
		if (err == -ENOENT)
			continue;
		snprintf(path, path_len, "%s", paths[i]);
		break;
	}
	if (err)
		return err;
	err = theme_parse(text, len, t, diags, max_diags, nr_diags);
	free(text);
	if (err)
		theme_default(t);
	else if (!strchr(name_or_path, '/') && !strcmp(t->name, "default"))
		snprintf(t->name, sizeof(t->name), "%s", name_or_path);
	return err;
}
