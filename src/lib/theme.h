/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_THEME_H
#define CVTOP_THEME_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Colour themes: themes/NAME.theme files of "slot = fg,bg[,attr...]" lines.
 * Colours are names (default, black, red, green, yellow, blue, magenta, cyan,
 * white, and bright- forms of the last eight) or numbers 0-255; attributes
 * are bold, dim, reverse, underline. '#' starts a comment. The parser is a
 * pure function: no I/O, no curses.
 */
enum theme_slot {
	THEME_NORMAL,
	THEME_TITLE,
	THEME_HEADER,
	THEME_SELECTED,
	THEME_DIM,
	THEME_WARN,
	THEME_BAR,
	THEME_TAB,
	THEME_TAB_ACTIVE,
	THEME_NR_SLOTS,
};

#define THEME_DEFAULT_COLOR -1
#define THEME_BOLD 1u
#define THEME_DIM_ATTR 2u
#define THEME_REVERSE 4u
#define THEME_UNDERLINE 8u
/* theme files bigger than this are refused */
#define THEME_MAX_BYTES 65536

struct theme_style {
	short fg, bg; /* -1 (terminal default) or 0-255 */
	unsigned int attrs;
};

struct theme {
	char name[64];
	struct theme_style slot[THEME_NR_SLOTS];
};

/* What the parser has to say about a line; it never quotes the line. */
struct theme_diag {
	int line;
	bool error; /* else a warning */
	char msg[96];
};

/* The built-in dark theme every file starts from. */
void theme_default(struct theme *t);
const char *theme_slot_name(enum theme_slot s);

/*
 * Parses @len bytes of @text over @t (keys it does not set keep their
 * value). Unknown keys are warnings; malformed lines are errors. Up to
 * @max_diags diagnostics go to @diags, their count to @nr_diags.
 * Returns 0, or -EINVAL when any line was an error (the caller should fall
 * back to the default theme), -EFBIG when @len is over THEME_MAX_BYTES.
 */
int theme_parse(const char *text, size_t len, struct theme *t, struct theme_diag *diags,
		int max_diags, int *nr_diags);

/*
 * Finds and reads a theme: @name_or_path with a '/' is a file; else NAME is
 * looked up as NAME.theme in $XDG_CONFIG_HOME/cvtop/themes (or
 * ~/.config/cvtop/themes), then @datadir/themes, then ./themes. Fills @path.
 */
int theme_load(const char *name_or_path, const char *datadir, struct theme *t,
	       struct theme_diag *diags, int max_diags, int *nr_diags, char *path, size_t path_len);

#endif
