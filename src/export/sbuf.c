// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sbuf.h"

static int sbuf_grow(struct sbuf *b, size_t need)
{
	size_t cap = b->cap ? b->cap : 4096;
	char *s;

	if (b->err)
		return b->err;
	if (b->len + need + 1 <= b->cap)
		return 0;
	while (cap < b->len + need + 1)
		cap *= 2;
	s = realloc(b->s, cap);
	if (!s) {
		b->err = -ENOMEM;
		return b->err;
	}
	b->s = s;
	b->cap = cap;
	return 0;
}

void sbuf_add(struct sbuf *b, const char *s, size_t n)
{
	if (sbuf_grow(b, n))
		return;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void sbuf_str(struct sbuf *b, const char *s)
{
	sbuf_add(b, s, strlen(s));
}

void sbuf_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (sbuf_grow(b, 64))
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= b->cap - b->len) {
		if (sbuf_grow(b, n))
			return;
		va_start(ap, fmt);
		vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
	}
	b->len += n;
}

void sbuf_u64(struct sbuf *b, uint64_t v)
{
	char tmp[24];
	int i = sizeof(tmp);

	do {
		tmp[--i] = '0' + v % 10;
		v /= 10;
	} while (v);
	sbuf_add(b, tmp + i, sizeof(tmp) - i);
}

void sbuf_double(struct sbuf *b, double v)
{
	if (isnan(v)) {
		sbuf_str(b, "NaN");
	} else if (isinf(v)) {
		sbuf_str(b, v > 0 ? "+Inf" : "-Inf");
	} else if (v >= 0 && v < 9007199254740992.0 && v == (double)(uint64_t)v) {
		sbuf_u64(b, (uint64_t)v);
	} else {
		char tmp[32];

		/* the shortest of the two that reads back as the same double */
		snprintf(tmp, sizeof(tmp), "%.15g", v);
		if (strtod(tmp, NULL) != v)
			snprintf(tmp, sizeof(tmp), "%.17g", v);
		sbuf_str(b, tmp);
	}
}

void sbuf_label_value(struct sbuf *b, const char *s)
{
	const char *run = s;

	for (; *s; s++) {
		const char *rep = NULL;

		if (*s == '\\')
			rep = "\\\\";
		else if (*s == '"')
			rep = "\\\"";
		else if (*s == '\n')
			rep = "\\n";
		if (!rep)
			continue;
		sbuf_add(b, run, s - run);
		sbuf_str(b, rep);
		run = s + 1;
	}
	sbuf_add(b, run, s - run);
}

char *sbuf_take(struct sbuf *b, size_t *len)
{
	char *s = NULL;

	if (!b->s)
		sbuf_grow(b, 0);
	if (!b->err) {
		b->s[b->len] = '\0';
		s = b->s;
		*len = b->len;
	} else {
		free(b->s);
		*len = 0;
	}
	*b = (struct sbuf){ 0 };
	return s;
}

void sbuf_free(struct sbuf *b)
{
	free(b->s);
	*b = (struct sbuf){ 0 };
}
