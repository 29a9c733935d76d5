// SPDX-License-Identifier: GPL-2.0
/* Putting escaped text on the screen by display width. */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "view.h"

/* Display width of the character at @s (@n bytes); 1 for anything odd. */
static int char_width(const char *s, size_t *n)
{
	mbstate_t st;
	wchar_t wc;
	size_t len;
	int w;

	memset(&st, 0, sizeof(st));
	len = mbrtowc(&wc, s, MB_CUR_MAX, &st);
	if (len == (size_t)-1 || len == (size_t)-2 || len == 0) {
		*n = 1;
		return 1;
	}
	*n = len;
	w = wcwidth(wc);
	return w < 0 ? 1 : w;
}

void ui_put(WINDOW *w, int y, int x, const char *s, int width, bool left)
{
	int total = 0, used = 0, cw;
	const char *p;
	size_t n, bytes = 0;

	if (width <= 0)
		return;
	for (p = s; *p; p += n)
		total += char_width(p, &n);
	if (!left && total < width) {
		mvwprintw(w, y, x, "%*s", width - total, "");
		x += width - total;
		width = total;
	}
	for (p = s; *p; p += n) {
		cw = char_width(p, &n);
		if (used + cw > width)
			break;
		used += cw;
		bytes += n;
	}
	mvwaddnstr(w, y, x, s, (int)bytes);
	if (used < width)
		wprintw(w, "%*s", width - used, "");
}

/* Bytes of @s that fit in @width columns. */
static size_t fit_bytes(const char *s, int width)
{
	size_t n, bytes = 0;
	int used = 0, cw;

	for (; s[bytes]; bytes += n) {
		cw = char_width(s + bytes, &n);
		if (used + cw > width)
			break;
		used += cw;
	}
	return bytes;
}

int ui_put_wrap(WINDOW *w, int y, int x, const char *s, int width, int lines)
{
	char part[1024];
	size_t bytes, brk;
	int row;

	if (width <= 0 || lines <= 0)
		return 0;
	for (row = 0; row < lines - 1; row++) {
		bytes = fit_bytes(s, width);
		if (!s[bytes])
			break;
		/* break after the last space that fits, if there is one */
		if (s[bytes] == ' ')
			brk = bytes + 1;
		else
			for (brk = bytes; brk > 0 && s[brk - 1] != ' '; brk--)
				;
		if (brk)
			bytes = brk;
		if (bytes >= sizeof(part))
			bytes = sizeof(part) - 1;
		memcpy(part, s, bytes);
		part[bytes] = '\0';
		ui_put(w, y + row, x, part, width, true);
		s += bytes;
	}
	ui_put(w, y + row, x, s, width, true);
	return row + 1;
}
