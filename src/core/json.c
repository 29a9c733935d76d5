// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "json.h"

/* One bit per level in the masks below. */
#define JW_MAX_DEPTH 64

/* esc_display() writes at most 4 bytes per input byte ("\xNN"). */
#define JW_CHUNK_IN 255
#define JW_CHUNK_OUT (4 * JW_CHUNK_IN + 1)

/* what the writer holds before it hands it to the FILE in one call: a row is
 * dozens of keys and values, each a stdio call of its own otherwise */
#define JW_OUT 16384

struct json_writer {
	FILE *f;
	unsigned int depth;
	uint64_t is_object; /* bit d: level d is an object (else array) */
	uint64_t has_members; /* bit d: level d needs a comma before the next member */
	/* containers past JW_MAX_DEPTH: swallowed whole, written as null */
	unsigned int skip;
	bool name_pending; /* a key was written, its value was not */
	bool misuse; /* unmatched end, key without value, value without key */
	size_t out_len;
	char out[JW_OUT]; /* last: jw_new() zeroes what comes before it */
};

/* Hands what the writer holds to its FILE (errors stay the FILE's). */
void jw_flush(struct json_writer *jw)
{
	if (jw->out_len)
		fwrite_unlocked(jw->out, 1, jw->out_len, jw->f);
	jw->out_len = 0;
}

static void jw_put(struct json_writer *jw, const char *s, size_t n)
{
	if (n > JW_OUT - jw->out_len) {
		jw_flush(jw);
		if (n > JW_OUT) {
			fwrite_unlocked(s, 1, n, jw->f);
			return;
		}
	}
	memcpy(jw->out + jw->out_len, s, n);
	jw->out_len += n;
}

static void jw_putc(struct json_writer *jw, char c)
{
	if (jw->out_len == JW_OUT)
		jw_flush(jw);
	jw->out[jw->out_len++] = c;
}

static void jw_puts(struct json_writer *jw, const char *s)
{
	jw_put(jw, s, strlen(s));
}

struct json_writer *jw_new(FILE *f)
{
	struct json_writer *jw;

	if (!f)
		return NULL;
	jw = malloc(sizeof(*jw));
	if (!jw)
		return NULL;
	memset(jw, 0, offsetof(struct json_writer, out));
	jw->f = f;
	/* one lock for the whole document: the writes below are unlocked */
	flockfile(f);
	return jw;
}

void jw_free(struct json_writer *jw)
{
	if (jw) {
		jw_flush(jw);
		funlockfile(jw->f);
	}
	free(jw);
}

/* Decimal digits of @v, without printf's format parsing. */
static void put_u64(struct json_writer *jw, uint64_t v)
{
	char buf[24];
	int i = sizeof(buf);

	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	jw_put(jw, buf + i, sizeof(buf) - i);
}

static bool is_cont(unsigned char c)
{
	return c >= 0x80 && c <= 0xbf;
}

/* the bytes a JSON string takes as they are: printable ASCII but " and \\ */
static bool is_plain(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

static void jw_quoted(struct json_writer *jw, const char *s)
{
	char buf[JW_CHUNK_OUT], *dst;
	size_t len, n, out, i, run;

	/* keys and most names are printable ASCII with nothing to escape:
	 * copied straight into the writer's buffer, quotes and all (tens of
	 * thousands of strings a snapshot with thousands of rows) */
	if (JW_OUT - jw->out_len < JW_CHUNK_IN + 2)
		jw_flush(jw);
	dst = jw->out + jw->out_len;
	for (len = 0; len < JW_CHUNK_IN && is_plain(s[len]); len++)
		dst[len + 1] = s[len];
	if (!s[len]) {
		dst[0] = '"';
		dst[len + 1] = '"';
		jw->out_len += len + 2;
		return;
	}
	/* what was copied is written again below */
	jw_putc(jw, '"');
	len += strlen(s + len);
	while (len) {
		/*
		 * esc_display() decides each byte from at most the 3 bytes
		 * after it and only ever consumes continuation bytes after a
		 * lead, so cutting before a non-continuation byte, or after 3
		 * continuation bytes in a row, escapes exactly like one call.
		 */
		n = len < JW_CHUNK_IN ? len : JW_CHUNK_IN;
		while (n < len && is_cont(s[n]) &&
		       !(is_cont(s[n - 1]) && is_cont(s[n - 2]) && is_cont(s[n - 3])))
			n--;
		out = esc_display(s, n, buf, sizeof(buf));
		/* the escaped text has no control bytes left: only " and \ need quoting */
		for (i = 0; i < out; i += run) {
			run = strcspn(buf + i, "\"\\");
			jw_put(jw, buf + i, run);
			if (i + run < out) {
				jw_putc(jw, '\\');
				jw_putc(jw, buf[i + run]);
				run++;
			}
		}
		s += n;
		len -= n;
	}
	jw_putc(jw, '"');
}

static void jw_key(struct json_writer *jw, const char *name)
{
	uint64_t bit = 1ULL << (jw->depth - 1);

	if (jw->has_members & bit)
		jw_putc(jw, ',');
	jw->has_members |= bit;
	jw_quoted(jw, name ? name : "");
	jw_putc(jw, ':');
	jw->name_pending = true;
}

/* Comma or pending key before a value; false when the value is to be dropped. */
/* A whole document (a top-level value) goes to the FILE at its end: the
 * caller may write there next (JSON Lines' newline). */
static void value_done(struct json_writer *jw)
{
	if (!jw->depth)
		jw_flush(jw);
}

static bool jw_prefix(struct json_writer *jw)
{
	uint64_t bit;

	if (jw->skip)
		return false;
	if (!jw->depth)
		return true;
	bit = 1ULL << (jw->depth - 1);
	if (jw->is_object & bit) {
		/* a value needs a key to stay valid JSON */
		if (!jw->name_pending) {
			jw->misuse = true;
			jw_key(jw, "");
		}
		jw->name_pending = false;
		return true;
	}
	if (jw->has_members & bit)
		jw_putc(jw, ',');
	jw->has_members |= bit;
	return true;
}

static void jw_open(struct json_writer *jw, bool object)
{
	uint64_t bit;

	if (jw->skip) {
		jw->skip++;
		return;
	}
	if (!jw_prefix(jw))
		return;
	if (jw->depth == JW_MAX_DEPTH) {
		jw->misuse = true;
		jw->skip = 1;
		jw_puts(jw, "null");
		return;
	}
	bit = 1ULL << jw->depth;
	if (object)
		jw->is_object |= bit;
	else
		jw->is_object &= ~bit;
	jw->has_members &= ~bit;
	jw->depth++;
	jw_putc(jw, object ? '{' : '[');
}

static void jw_close(struct json_writer *jw, bool object)
{
	bool is_object;

	if (jw->skip) {
		jw->skip--;
		return;
	}
	if (!jw->depth) {
		jw->misuse = true;
		return;
	}
	is_object = jw->is_object & (1ULL << (jw->depth - 1));
	if (is_object != object) {
		jw->misuse = true;
		return;
	}
	if (jw->name_pending) {
		jw->misuse = true;
		jw->name_pending = false;
		jw_puts(jw, "null");
	}
	jw->depth--;
	jw_putc(jw, object ? '}' : ']');
	value_done(jw);
}

void jw_start_object(struct json_writer *jw)
{
	jw_open(jw, true);
}

void jw_end_object(struct json_writer *jw)
{
	jw_close(jw, true);
}

void jw_start_array(struct json_writer *jw)
{
	jw_open(jw, false);
}

void jw_end_array(struct json_writer *jw)
{
	jw_close(jw, false);
}

void jw_name(struct json_writer *jw, const char *name)
{
	if (jw->skip)
		return;
	if (!jw->depth || !(jw->is_object & (1ULL << (jw->depth - 1)))) {
		jw->misuse = true;
		return;
	}
	if (jw->name_pending) {
		/* the previous key never got its value */
		jw->misuse = true;
		jw_puts(jw, "null");
	}
	jw_key(jw, name);
}

void jw_string(struct json_writer *jw, const char *s)
{
	if (!jw_prefix(jw))
		return;
	if (s)
		jw_quoted(jw, s);
	else
		jw_puts(jw, "null");
	value_done(jw);
}

void jw_uint(struct json_writer *jw, uint64_t v)
{
	if (jw_prefix(jw))
		put_u64(jw, v);
	value_done(jw);
}

void jw_int(struct json_writer *jw, int64_t v)
{
	if (!jw_prefix(jw))
		return;
	if (v < 0) {
		jw_putc(jw, '-');
		put_u64(jw, -(uint64_t)v);
	} else {
		put_u64(jw, (uint64_t)v);
	}
	value_done(jw);
}

void jw_float(struct json_writer *jw, double v, int decimals)
{
	/* DBL_MAX has 309 integer digits */
	char buf[400];
	bool point = false;
	int n, i;

	if (!jw_prefix(jw))
		return;
	if (!isfinite(v)) {
		jw_puts(jw, "null");
		value_done(jw);
		return;
	}
	if (decimals < 0)
		decimals = 0;
	else if (decimals > 17)
		decimals = 17;
	n = snprintf(buf, sizeof(buf), "%.*f", decimals, v);
	if (n < 0)
		n = 0;
	else if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	/* %f follows LC_NUMERIC (ncurses wants setlocale()): JSON wants '.' */
	for (i = 0; i < n; i++) {
		if ((buf[i] >= '0' && buf[i] <= '9') || buf[i] == '-') {
			jw_putc(jw, buf[i]);
		} else if (!point) {
			jw_putc(jw, '.');
			point = true;
		}
	}
	value_done(jw);
}

void jw_bool(struct json_writer *jw, bool v)
{
	if (jw_prefix(jw))
		jw_puts(jw, v ? "true" : "false");
	value_done(jw);
}

void jw_null(struct json_writer *jw)
{
	if (jw_prefix(jw))
		jw_puts(jw, "null");
	value_done(jw);
}

void jw_string_field(struct json_writer *jw, const char *name, const char *s)
{
	jw_name(jw, name);
	jw_string(jw, s);
}

void jw_uint_field(struct json_writer *jw, const char *name, uint64_t v)
{
	jw_name(jw, name);
	jw_uint(jw, v);
}

void jw_int_field(struct json_writer *jw, const char *name, int64_t v)
{
	jw_name(jw, name);
	jw_int(jw, v);
}

void jw_float_field(struct json_writer *jw, const char *name, double v, int decimals)
{
	jw_name(jw, name);
	jw_float(jw, v, decimals);
}

void jw_bool_field(struct json_writer *jw, const char *name, bool v)
{
	jw_name(jw, name);
	jw_bool(jw, v);
}

void jw_null_field(struct json_writer *jw, const char *name)
{
	jw_name(jw, name);
	jw_null(jw);
}

/* Misuse also counts as unbalanced: the output stayed valid, but not as meant. */
bool jw_balanced(const struct json_writer *jw)
{
	return !jw->depth && !jw->skip && !jw->name_pending && !jw->misuse;
}
