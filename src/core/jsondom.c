// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "escape.h"
#include "jsondom.h"
#include "jsonread.h"

#define CHUNK (64 * 1024)
/* deeper documents are refused: recordings nest four levels */
#define MAX_DEPTH 32

struct jv_arena {
	struct jv_arena *next;
	size_t used, cap;
	/* sizes are rounded to 16: so is the start, for __int128 members */
	_Alignas(16) char data[];
};

static void *arena_alloc(struct jv_arena **a, size_t size)
{
	struct jv_arena *n;

	size = (size + 15) & ~(size_t)15;
	if (!*a || (*a)->used + size > (*a)->cap) {
		size_t cap = size > CHUNK ? size : CHUNK;

		n = malloc(sizeof(*n) + cap);
		if (!n)
			return NULL;
		n->next = *a;
		n->used = 0;
		n->cap = cap;
		*a = n;
	}
	n = *a;
	n->used += size;
	return n->data + n->used - size;
}

void *jv_alloc(struct jv_arena **a, size_t size)
{
	void *p = arena_alloc(a, size);

	if (p)
		memset(p, 0, size);
	return p;
}

void jv_arena_free(struct jv_arena *a)
{
	while (a) {
		struct jv_arena *next = a->next;

		free(a);
		a = next;
	}
}

/* growable list of pointers, kept in the arena (copied when it grows) */
struct list {
	void **v;
	size_t n, cap;
};

static int list_push(struct jv_arena **a, struct list *l, void *p)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		void **v = arena_alloc(a, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		if (l->n)
			memcpy(v, l->v, l->n * sizeof(*v));
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = p;
	return 0;
}

static char *copy_string(struct jv_arena **a, const struct json_reader *r)
{
	/* unescaping never makes a string longer (\u00e9, 6 bytes, is 2 in UTF-8) */
	char *s = arena_alloc(a, r->tok_len + 1);

	if (s)
		jr_string(r, s, r->tok_len + 1);
	return s;
}

static struct jv *parse_value(struct json_reader *r, enum jr_token t, struct jv_arena **a,
			      int depth, int *err);

static struct jv *parse_container(struct json_reader *r, bool object, struct jv_arena **a,
				  int depth, int *err)
{
	struct jv *v = arena_alloc(a, sizeof(*v));
	struct list items = { 0 }, keys = { 0 };
	enum jr_token t;
	size_t i;

	if (!v || depth > MAX_DEPTH)
		goto bad;
	memset(v, 0, sizeof(*v));
	v->type = object ? JV_OBJECT : JV_ARRAY;
	for (;;) {
		struct jv *item;
		char *key = NULL;

		t = jr_next(r);
		if (t == (object ? JR_OBJECT_END : JR_ARRAY_END))
			break;
		if (object) {
			if (t != JR_KEY)
				goto bad;
			key = copy_string(a, r);
			if (!key || list_push(a, &keys, key))
				goto bad;
			t = jr_next(r);
		}
		item = parse_value(r, t, a, depth + 1, err);
		if (!item || list_push(a, &items, item))
			goto bad;
	}
	v->len = items.n;
	if (object) {
		v->members = arena_alloc(a, (items.n + 1) * sizeof(*v->members));
		if (!v->members)
			goto bad;
		for (i = 0; i < items.n; i++)
			v->members[i] = (struct jv_member){ keys.v[i], items.v[i] };
	} else {
		v->items = (struct jv **)items.v;
	}
	return v;
bad:
	if (!*err)
		*err = -EINVAL;
	return NULL;
}

static struct jv *parse_value(struct json_reader *r, enum jr_token t, struct jv_arena **a,
			      int depth, int *err)
{
	struct jv *v;

	if (t == JR_OBJECT_START || t == JR_ARRAY_START)
		return parse_container(r, t == JR_OBJECT_START, a, depth, err);
	v = arena_alloc(a, sizeof(*v));
	if (!v) {
		*err = -ENOMEM;
		return NULL;
	}
	memset(v, 0, sizeof(*v));
	switch (t) {
	case JR_NULL:
		v->type = JV_NULL;
		break;
	case JR_TRUE:
	case JR_FALSE:
		v->type = JV_BOOL;
		v->boolean = t == JR_TRUE;
		break;
	case JR_STRING:
		v->type = JV_STRING;
		v->text = copy_string(a, r);
		break;
	case JR_NUMBER:
		v->type = JV_NUMBER;
		v->text = arena_alloc(a, r->tok_len + 1);
		if (v->text) {
			memcpy((char *)v->text, r->tok, r->tok_len);
			((char *)v->text)[r->tok_len] = '\0';
		}
		break;
	default:
		*err = -EINVAL;
		return NULL;
	}
	if ((t == JR_STRING || t == JR_NUMBER) && !v->text) {
		*err = -ENOMEM;
		return NULL;
	}
	return v;
}

struct jv *jv_parse(const char *text, size_t len, struct jv_arena **arena, int *err)
{
	struct json_reader r;
	struct jv *v;

	*err = 0;
	*arena = NULL;
	jr_init(&r, text, len);
	v = parse_value(&r, jr_next(&r), arena, 0, err);
	if (v && jr_next(&r) != JR_END) {
		*err = -EINVAL;
		v = NULL;
	}
	if (!v) {
		jv_arena_free(*arena);
		*arena = NULL;
	}
	return v;
}

const struct jv *jv_get(const struct jv *obj, const char *key)
{
	size_t i;

	if (!obj || obj->type != JV_OBJECT)
		return NULL;
	for (i = 0; i < obj->len; i++) {
		if (!strcmp(obj->members[i].key, key))
			return obj->members[i].value;
	}
	return NULL;
}

const char *jv_str(const struct jv *v, const char *dflt)
{
	return v && v->type == JV_STRING ? v->text : dflt;
}

uint64_t jv_u64(const struct jv *v, uint64_t dflt)
{
	char *end;
	uint64_t u;
	double d;

	if (!v || v->type != JV_NUMBER || v->text[0] == '-')
		return dflt;
	errno = 0;
	u = strtoull(v->text, &end, 10);
	if (!errno && !*end)
		return u;
	/* 1.5, 1e3: a number written another way; out of range (or NaN):
	 * the default, never an undefined conversion */
	d = jv_num(v, (double)dflt);
	if (!(d >= 0 && d < 18446744073709551616.0))
		return dflt;
	return (uint64_t)d;
}

double jv_num(const struct jv *v, double dflt)
{
	return v && v->type == JV_NUMBER ? strtod(v->text, NULL) : dflt;
}

bool jv_bool(const struct jv *v, bool dflt)
{
	return v && v->type == JV_BOOL ? v->boolean : dflt;
}

size_t jv_len(const struct jv *v)
{
	return v && v->type == JV_ARRAY ? v->len : 0;
}

const struct jv *jv_at(const struct jv *v, size_t i)
{
	return v && v->type == JV_ARRAY && i < v->len ? v->items[i] : NULL;
}

void jv_undisplay_strings(const struct jv *v)
{
	size_t i;

	if (!v)
		return;
	if (v->type == JV_STRING) {
		/* the arena's copy: cvtop's own, written only here */
		esc_undisplay((char *)v->text);
	} else if (v->type == JV_ARRAY) {
		for (i = 0; i < v->len; i++)
			jv_undisplay_strings(v->items[i]);
	} else if (v->type == JV_OBJECT) {
		for (i = 0; i < v->len; i++)
			jv_undisplay_strings(v->members[i].value);
	}
}
