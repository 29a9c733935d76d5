// SPDX-License-Identifier: GPL-2.0
/* JSON from a field schema, and back: the writer and the replay reader are
 * one walk of the same declarations, so what is written reads back. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "identity.h"
#include "jsondom.h"
#include "json.h"
#include "out.h"
#include "replay.h"
#include "schema.h"
#include "table.h"

static void *field_mut(const struct field *f, void *s)
{
	return (char *)s + f->off;
}

bool field_present(const struct field *f, const void *s)
{
	if (f->present && !*(const bool *)((const char *)s + f->present - 1))
		return false;
	return !(f->flags & FF_NULL_NAN) || !isnan(field_double(f, s, 0));
}

/* The struct an FT_OBJECT's fields are over. */
static const void *object_of(const struct field *f, const void *s)
{
	return (const char *)s + f->off;
}

/* names[v] of an enum field; names[0] for a value it has no name for */
static const char *enum_name(const struct field *f, uint64_t v)
{
	return f->names[v < f->nr ? v : 0];
}

static uint64_t enum_value(const struct field *f, const struct jv *v)
{
	const char *name = jv_str(v, "");
	unsigned int i;

	for (i = 0; i < f->nr; i++) {
		if (!strcmp(f->names[i], name))
			return i;
	}
	return 0;
}

uint64_t field_u64(const struct field *f, const void *s, double iv)
{
	const void *p = field_ptr(f, s);

	if (f->derive)
		return (uint64_t)f->derive(s, iv);
	switch (f->type) {
	case FT_U64:
		return *(const uint64_t *)p;
	case FT_U32:
		return *(const uint32_t *)p;
	case FT_INT:
		return (uint64_t)(int64_t) * (const int *)p;
	case FT_BOOL:
		return *(const bool *)p;
	case FT_DOUBLE:
		return (uint64_t) * (const double *)p;
	default:
		return 0;
	}
}

double field_double(const struct field *f, const void *s, double iv)
{
	if (f->derive)
		return f->derive(s, iv);
	if (f->type == FT_DOUBLE)
		return *(const double *)field_ptr(f, s);
	if (f->type == FT_INT)
		return *(const int *)field_ptr(f, s);
	return (double)field_u64(f, s, iv);
}

static void write_hist(struct json_writer *jw, const uint64_t *h, unsigned int nr)
{
	int last = (int)nr - 1, i;

	while (last >= 0 && !h[last])
		last--;
	jw_start_array(jw);
	for (i = 0; i <= last; i++)
		jw_uint(jw, h[i]);
	jw_end_array(jw);
}

static void write_rows(struct json_writer *jw, const struct field *f, const void *s, double iv)
{
	const struct table_def *def = f->table;
	const char *rows = *(const char *const *)field_ptr(f, s);
	size_t nr = *(const size_t *)((const char *)s + f->count), i, n = nr;
	size_t *order = NULL;
	struct table_src t;

	jw_start_array(jw);
	if (f->flags & FF_SORTED) {
		/* in the order the table shows them by default */
		order = malloc((nr + 1) * sizeof(*order));
		if (!order)
			n = 0;
		schema_table(def, rows, nr, iv, &t);
		if (order)
			n = table_sort(&t, order, t.default_sort, t.default_desc, NULL);
	}
	for (i = 0; i < n; i++) {
		jw_start_object(jw);
		schema_write_fields(jw, def->fields, def->nr_fields,
				    rows + (order ? order[i] : i) * def->row_size, iv);
		jw_end_object(jw);
	}
	jw_end_array(jw);
	free(order);
}

static void write_identity(struct json_writer *jw, const struct field *f, const void *s)
{
	const struct ident_offsets *o = f->ident;
	const char *base = s;

	out_json_identity(jw, o->has_cgroup_id ? *(const uint64_t *)(base + o->cgroup_id) : 0,
			  *(const char *const *)(base + o->path),
			  *(const struct cg_identity *const *)(base + o->ident),
			  o->has_gone && *(const bool *)(base + o->gone));
}

static void write_value(struct json_writer *jw, const struct field *f, const void *s, double iv)
{
	const void *p = field_ptr(f, s);
	char dev[32], buf[256];

	if (f->names) {
		jw_string(jw, enum_name(f, field_u64(f, s, iv)));
		return;
	}
	switch (f->type) {
	case FT_DOUBLE:
		jw_float(jw, field_double(f, s, iv), f->decimals);
		break;
	case FT_BOOL:
		jw_bool(jw, *(const bool *)p);
		break;
	case FT_DEVNO:
		snprintf(dev, sizeof(dev), "%u:%u", *(const unsigned int *)p,
			 *(const unsigned int *)((const char *)s + f->off2));
		jw_string(jw, dev);
		break;
	case FT_U64:
	case FT_U32:
		if (((f->flags & FF_NULL_ZERO) && !field_u64(f, s, iv)) ||
		    ((f->flags & FF_NULL_WHEN) &&
		     !*(const uint64_t *)((const char *)s + f->when)) ||
		    ((f->flags & FF_NULL_MAX) && field_u64(f, s, iv) == UINT64_MAX))
			jw_null(jw);
		else
			jw_uint(jw, field_u64(f, s, iv));
		break;
	case FT_INT:
		jw_int(jw, *(const int *)p);
		break;
	case FT_STR:
		if (f->derive_str)
			jw_string(jw, f->derive_str(s, buf, sizeof(buf)));
		else if ((f->flags & FF_NULL_EMPTY) && *(const char *const *)p &&
			 !**(const char *const *)p)
			jw_null(jw);
		else
			jw_string(jw, *(const char *const *)p);
		break;
	case FT_CHARS:
		jw_string(jw, (const char *)p);
		break;
	case FT_HIST:
		write_hist(jw, p, f->nr);
		break;
	case FT_OBJECT:
		jw_start_object(jw);
		schema_write_fields(jw, f->sub, f->nr_sub, object_of(f, s), iv);
		jw_end_object(jw);
		break;
	case FT_TABLE:
		write_rows(jw, f, s, iv);
		break;
	default:
		jw_null(jw);
		break;
	}
}

static void write_status(struct json_writer *jw, const struct field *f, const void *s)
{
	bool ok = field_present(f, s);

	jw_string_field(jw, "status", ok ? "ok" : "unavailable");
	if (ok)
		jw_null_field(jw, "reason");
	else
		jw_string_field(jw, "reason", field_ptr(f, s));
}

void schema_write_fields(struct json_writer *jw, const struct field *fields, int nr, const void *s,
			 double iv)
{
	int i;

	for (i = 0; i < nr; i++) {
		const struct field *f = &fields[i];

		if (f->type == FT_NONE)
			continue;
		if (f->type == FT_IDENTITY) {
			write_identity(jw, f, s);
			continue;
		}
		if (f->type == FT_CUSTOM) {
			if (f->write)
				f->write(jw, f, s, iv);
			continue;
		}
		if (f->type == FT_STATUS) {
			write_status(jw, f, s);
			continue;
		}
		if (f->type == FT_OBJECT && !f->key) {
			schema_write_fields(jw, f->sub, f->nr_sub, object_of(f, s), iv);
			continue;
		}
		if ((f->flags & FF_OMIT) && !field_present(f, s))
			continue;
		jw_name(jw, f->key);
		if (!field_present(f, s))
			jw_null(jw);
		else
			write_value(jw, f, s, iv);
	}
}

static int read_rows(const struct field *f, const struct jv *v, void *s, struct jv_arena **arena)
{
	const struct table_def *def = f->table;
	size_t n = jv_len(v), i;
	char *rows = jv_alloc(arena, (n + 1) * def->row_size);
	int err;

	if (!rows)
		return -ENOMEM;
	memset(rows, 0, (n + 1) * def->row_size);
	for (i = 0; i < n; i++) {
		err = schema_read_fields(def->fields, def->nr_fields, jv_at(v, i),
					 rows + i * def->row_size, arena);
		if (!err && def->row_read)
			err = def->row_read(rows + i * def->row_size, arena);
		if (err)
			return err;
	}
	*(char **)field_mut(f, s) = rows;
	*(size_t *)((char *)s + f->count) = n;
	return 0;
}

static int read_identity(const struct field *f, const struct jv *obj, void *s,
			 struct jv_arena **arena)
{
	const struct ident_offsets *o = f->ident;
	struct cg_identity *id = jv_alloc(arena, sizeof(*id));
	char *base = s;

	if (!id)
		return -ENOMEM;
	memset(id, 0, sizeof(*id));
	replay_identity(obj, id);
	*(const struct cg_identity **)(base + o->ident) = id;
	*(const char **)(base + o->path) = jv_str(jv_get(obj, "cgroup"), "?");
	if (o->has_cgroup_id)
		*(uint64_t *)(base + o->cgroup_id) = jv_u64(jv_get(obj, "cgroup_id"), 0);
	if (o->has_gone)
		*(bool *)(base + o->gone) = jv_bool(jv_get(obj, "gone"), false);
	return 0;
}

static int read_value(const struct field *f, const struct jv *v, void *s, struct jv_arena **arena)
{
	void *p = field_mut(f, s);
	unsigned int maj, min;
	size_t i;
	double d;

	if (f->names) {
		if (f->type == FT_BOOL)
			*(bool *)p = enum_value(f, v);
		else /* FT_U32, FT_INT */
			*(uint32_t *)p = (uint32_t)enum_value(f, v);
		return 0;
	}
	switch (f->type) {
	case FT_U64:
		*(uint64_t *)p = jv_u64(v, f->flags & FF_NULL_MAX ? UINT64_MAX : 0);
		break;
	case FT_U32:
		*(uint32_t *)p = (uint32_t)jv_u64(v, 0);
		break;
	case FT_INT:
		/* a recording is outside data: out of range reads as 0 */
		d = jv_num(v, 0);
		*(int *)p = d >= INT_MIN && d <= INT_MAX ? (int)d : 0;
		break;
	case FT_DOUBLE:
		*(double *)p = jv_num(v, 0);
		break;
	case FT_BOOL:
		*(bool *)p = jv_bool(v, false);
		break;
	case FT_STR:
		*(const char **)p = v && v->type == JV_STRING ? v->text : NULL;
		break;
	case FT_CHARS:
		snprintf(p, f->nr, "%s", jv_str(v, ""));
		break;
	case FT_DEVNO:
		if (sscanf(jv_str(v, "0:0"), "%u:%u", &maj, &min) != 2)
			maj = min = 0;
		*(unsigned int *)p = maj;
		*(unsigned int *)((char *)s + f->off2) = min;
		break;
	case FT_HIST:
		for (i = 0; i < f->nr && i < jv_len(v); i++)
			((uint64_t *)p)[i] = jv_u64(jv_at(v, i), 0);
		break;
	case FT_OBJECT:
		return schema_read_fields(f->sub, f->nr_sub, v, field_mut(f, s), arena);
	case FT_TABLE:
		return read_rows(f, v, s, arena);
	default:
		break;
	}
	return 0;
}

static void read_status(const struct field *f, const struct jv *obj, void *s)
{
	*(bool *)((char *)s + f->present - 1) =
		!strcmp(jv_str(jv_get(obj, "status"), "unavailable"), "ok");
	snprintf(field_mut(f, s), f->nr, "%s", jv_str(jv_get(obj, "reason"), ""));
}

int schema_read_fields(const struct field *fields, int nr, const struct jv *obj, void *s,
		       struct jv_arena **arena)
{
	int i, err;

	for (i = 0; i < nr; i++) {
		const struct field *f = &fields[i];
		const struct jv *v;

		if (f->read) {
			err = f->read(f, obj, s, arena);
		} else if (f->type == FT_NONE || f->type == FT_CUSTOM || (f->flags & FF_NO_READ) ||
			   f->derive || f->derive_str) {
			continue;
		} else if (f->type == FT_IDENTITY) {
			err = read_identity(f, obj, s, arena);
		} else if (f->type == FT_STATUS) {
			read_status(f, obj, s);
			err = 0;
		} else if (f->type == FT_OBJECT && !f->key) {
			err = schema_read_fields(f->sub, f->nr_sub, obj, field_mut(f, s), arena);
		} else {
			v = jv_get(obj, f->key);
			if (f->present)
				*(bool *)((char *)s + f->present - 1) = v && v->type != JV_NULL;
			if (f->present && (!v || v->type == JV_NULL))
				continue;
			err = read_value(f, v, s, arena);
		}
		if (err)
			return err;
	}
	return 0;
}
