/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_JSONDOM_H
#define CVTOP_JSONDOM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A JSON document as a tree, for reading recordings back. Everything lives
 * in one arena freed at once. Numbers keep their text, so integers up to
 * 2^64 - 1 come back exact.
 */
enum jv_type {
	JV_NULL,
	JV_BOOL,
	JV_NUMBER,
	JV_STRING,
	JV_ARRAY,
	JV_OBJECT,
};

struct jv;

struct jv_member {
	const char *key;
	struct jv *value;
};

struct jv {
	enum jv_type type;
	bool boolean;
	const char *text; /* string (unescaped) or number (as written) */
	size_t len; /* array or object size */
	struct jv **items;
	struct jv_member *members;
};

struct jv_arena;

/* Parses @len bytes; NULL with @err set (-EINVAL, -ENOMEM) on failure. */
struct jv *jv_parse(const char *text, size_t len, struct jv_arena **arena, int *err);
void jv_arena_free(struct jv_arena *arena);
/* More zeroed memory in @arena, freed with it: readers build snapshots there. */
void *jv_alloc(struct jv_arena **arena, size_t size);

/* Lookups that tolerate a missing key or a wrong type: NULL or the default. */
const struct jv *jv_get(const struct jv *obj, const char *key);
const char *jv_str(const struct jv *v, const char *dflt);
uint64_t jv_u64(const struct jv *v, uint64_t dflt);
double jv_num(const struct jv *v, double dflt);
bool jv_bool(const struct jv *v, bool dflt);
size_t jv_len(const struct jv *v); /* array length, 0 otherwise */
const struct jv *jv_at(const struct jv *v, size_t i);

/*
 * Every string value of @v through esc_undisplay(), in place: cvtop writes
 * strings display-escaped, so a recording reads back as the raw bytes.
 */
void jv_undisplay_strings(const struct jv *v);

#endif
