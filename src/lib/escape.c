// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "escape.h"

static const char hex_digits[] = "0123456789abcdef";

/*
 * Length of the well-formed UTF-8 sequence at @s (Unicode table 3-7), or 0.
 * The narrowed second-byte ranges reject overlong forms (E0, F0),
 * surrogates (ED) and code points above U+10FFFF (F4).
 */
static size_t utf8_seq(const unsigned char *s, size_t len, uint32_t *cp)
{
	unsigned char lo = 0x80, hi = 0xbf;
	uint32_t v;
	size_t n, i;

	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		v = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		v = s[0] & 0x0f;
		if (s[0] == 0xe0)
			lo = 0xa0;
		else if (s[0] == 0xed)
			hi = 0x9f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		v = s[0] & 0x07;
		if (s[0] == 0xf0)
			lo = 0x90;
		else if (s[0] == 0xf4)
			hi = 0x8f;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if (s[i] < lo || s[i] > hi)
			return 0;
		v = v << 6 | (s[i] & 0x3f);
		lo = 0x80;
		hi = 0xbf;
	}
	*cp = v;
	return n;
}

/* Valid, but invisible or able to reorder what the terminal shows. */
static bool cp_needs_escape(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0x200e || cp == 0x200f || cp == 0x2028 ||
	       cp == 0x2029 || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

size_t esc_display(const char *in, size_t len, char *out, size_t outsz)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, pos = 0, n, ulen;
	char unit[6];
	uint32_t cp;

	if (!outsz)
		return 0;

	while (i < len) {
		n = 1;
		if (s[i] == '\\') {
			unit[0] = '\\';
			unit[1] = '\\';
			ulen = 2;
		} else if (s[i] >= 0x20 && s[i] < 0x7f) {
			unit[0] = s[i];
			ulen = 1;
		} else if (s[i] >= 0x80 && (n = utf8_seq(s + i, len - i, &cp))) {
			if (cp_needs_escape(cp)) {
				unit[0] = '\\';
				unit[1] = 'u';
				unit[2] = hex_digits[cp >> 12 & 0xf];
				unit[3] = hex_digits[cp >> 8 & 0xf];
				unit[4] = hex_digits[cp >> 4 & 0xf];
				unit[5] = hex_digits[cp & 0xf];
				ulen = 6;
			} else {
				memcpy(unit, s + i, n);
				ulen = n;
			}
		} else {
			/* control byte, or one byte of an invalid sequence */
			n = 1;
			unit[0] = '\\';
			unit[1] = 'x';
			unit[2] = hex_digits[s[i] >> 4];
			unit[3] = hex_digits[s[i] & 0xf];
			ulen = 4;
		}
		/* keep room for the NUL; never emit half a unit */
		if (ulen >= outsz - pos)
			break;
		memcpy(out + pos, unit, ulen);
		pos += ulen;
		i += n;
	}
	out[pos] = '\0';
	return pos;
}

size_t esc_cstr(const char *in, char *out, size_t outsz)
{
	return esc_display(in, in ? strlen(in) : 0, out, outsz);
}

static int hex_val(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* @n hex digits at @s, or -1 */
static long hex_at(const char *s, int n)
{
	long v = 0;
	int i, d;

	for (i = 0; i < n; i++) {
		d = hex_val(s[i]);
		if (d < 0)
			return -1;
		v = v << 4 | d;
	}
	return v;
}

size_t esc_undisplay(char *s)
{
	char *out = s;
	const char *in = s;
	long v;

	while (*in) {
		if (in[0] != '\\') {
			*out++ = *in++;
		} else if (in[1] == '\\') {
			*out++ = '\\';
			in += 2;
		} else if (in[1] == 'x' && (v = hex_at(in + 2, 2)) > 0) {
			*out++ = (char)v;
			in += 4;
		} else if (in[1] == 'u' && (v = hex_at(in + 2, 4)) >= 0x80) {
			/* only code points esc_display escapes: two or three UTF-8 bytes */
			if (v < 0x800) {
				*out++ = (char)(0xc0 | v >> 6);
			} else {
				*out++ = (char)(0xe0 | v >> 12);
				*out++ = (char)(0x80 | (v >> 6 & 0x3f));
			}
			*out++ = (char)(0x80 | (v & 0x3f));
			in += 6;
		} else {
			/* not an escape esc_display makes: kept as it is */
			*out++ = *in++;
		}
	}
	*out = '\0';
	return out - s;
}
