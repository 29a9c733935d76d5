/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_SBUF_H
#define CVTOP_SBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* A growable byte buffer; on allocation failure it keeps .err = -ENOMEM
 * and ignores what follows, so writers check once at the end. */
struct sbuf {
	char *s;
	size_t len, cap;
	int err;
};

void sbuf_add(struct sbuf *b, const char *s, size_t n);
void sbuf_str(struct sbuf *b, const char *s);
void sbuf_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sbuf_u64(struct sbuf *b, uint64_t v);
/* A sample value: integers exactly, others with 17 significant digits. */
void sbuf_double(struct sbuf *b, double v);
/* A label value in the exposition's quoting: backslash, quote, newline. */
void sbuf_label_value(struct sbuf *b, const char *s);
/* Takes the bytes (NUL-terminated) out of @b; NULL if it failed. */
char *sbuf_take(struct sbuf *b, size_t *len);
void sbuf_free(struct sbuf *b);

#endif
