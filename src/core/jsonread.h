/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_JSONREAD_H
#define CVTOP_JSONREAD_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A small pull reader for JSON documents that container runtimes leave on
 * disk (podman's containers.json, docker's config.v2.json). It never
 * allocates and never recurses deeper than the document's own nesting; a
 * malformed document ends the read with JR_ERROR.
 */
enum jr_token {
	JR_ERROR,
	JR_END, /* no more input */
	JR_OBJECT_START,
	JR_OBJECT_END,
	JR_ARRAY_START,
	JR_ARRAY_END,
	JR_KEY, /* a string followed by ':' */
	JR_STRING,
	JR_NUMBER,
	JR_TRUE,
	JR_FALSE,
	JR_NULL,
};

struct json_reader {
	const char *p, *end;
	int depth;
	bool after_value; /* a ',' or a closing bracket may come next */
	bool want_value; /* a key was read: its value must come next */
	/* raw (still escaped) text of the last string, key or number */
	const char *tok;
	size_t tok_len;
};

void jr_init(struct json_reader *r, const char *text, size_t len);
enum jr_token jr_next(struct json_reader *r);
/* Skips the value whose first token was @first (nested ones whole). */
enum jr_token jr_skip(struct json_reader *r, enum jr_token first);
/* Unescapes the last string or key into @out (NUL-terminated, cut to fit);
 * \u escapes become UTF-8. false when it had to be cut. */
bool jr_string(const struct json_reader *r, char *out, size_t len);
/* The last token is a key or string equal to @s (no escapes compared). */
bool jr_is(const struct json_reader *r, const char *s);

#endif
