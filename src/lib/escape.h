/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_ESCAPE_H
#define CVTOP_ESCAPE_H

#include <stddef.h>

/*
 * Process names, cgroup paths, hostnames and container names are attacker
 * data. esc_display() copies @len bytes of @in into @out as text that is safe
 * for a terminal, a text file and (after JSON quoting) JSON:
 *  - well-formed, printable UTF-8 is copied as is;
 *  - C0 controls (0x00-0x1f), DEL (0x7f) and every byte of an invalid or
 *    overlong UTF-8 sequence become "\xNN" (lower-case hex);
 *  - C1 controls (U+0080-U+009F), U+2028/U+2029, and the bidi controls
 *    U+200E, U+200F, U+202A-U+202E, U+2066-U+2069 become "\uXXXX";
 *  - surrogates (U+D800-U+DFFF) and code points above U+10FFFF count as invalid;
 *  - a backslash becomes "\\", so the result is unambiguous.
 * @out is always NUL-terminated when @outsz > 0; output that does not fit is
 * cut at a character (or escape) boundary, never inside one.
 * Returns the number of bytes written, without the NUL.
 */
size_t esc_display(const char *in, size_t len, char *out, size_t outsz);

/* esc_display() of a NUL-terminated string. */
size_t esc_cstr(const char *in, char *out, size_t outsz);

/*
 * The inverse of esc_display(), in place: what cvtop wrote escaped (into a
 * recording) reads back as the raw bytes it was, so that writing it again
 * gives the same text. Returns the new length. A NUL byte (\x00) cannot be
 * restored in a C string and is kept escaped.
 */
size_t esc_undisplay(char *s);

#endif
