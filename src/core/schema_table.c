// SPDX-License-Identifier: GPL-2.0
/* Table columns, batch text and help lines from a field schema. */
#include <stdio.h>
#include <string.h>
#include "escape.h"
#include "identity.h"
#include "pane.h"
#include "schema.h"
#include "table.h"
#include "units.h"

#define MAX_TABLES 32
#define MAX_COLS 32
#define TEXT_WIDTH 160

static void format_value(const struct field *f, const void *row, double iv, char *buf, size_t len)
{
	double scale = f->scale ? f->scale : 1;

	if (f->names) {
		uint64_t v = field_u64(f, row, iv);

		snprintf(buf, len, "%s", f->names[v < f->nr ? v : 0]);
		return;
	}
	if (f->derive_str) {
		char raw[256];

		esc_cstr(f->derive_str(row, raw, sizeof(raw)), buf, len);
		return;
	}
	switch (f->fmt) {
	case FMT_COUNT:
		fmt_count(buf, len, field_double(f, row, iv));
		return;
	case FMT_RATE:
		fmt_count(buf, len,
			  iv > 0 ? field_double(f, row, iv) / iv : field_double(f, row, iv));
		return;
	case FMT_NS:
		fmt_ns(buf, len, (uint64_t)(field_u64(f, row, iv) * scale));
		return;
	case FMT_FIXED:
		snprintf(buf, len, "%.*f", f->prec, field_double(f, row, iv));
		return;
	case FMT_DEFAULT:
		break;
	}
	switch (f->type) {
	case FT_STR:
		esc_cstr(*(const char *const *)field_ptr(f, row) ?: "", buf, len);
		break;
	case FT_CHARS:
		esc_cstr(field_ptr(f, row), buf, len);
		break;
	case FT_DOUBLE:
		snprintf(buf, len, "%.*f", f->decimals, field_double(f, row, iv));
		break;
	case FT_INT:
		snprintf(buf, len, "%d", *(const int *)field_ptr(f, row));
		break;
	default:
		snprintf(buf, len, "%llu", (unsigned long long)field_u64(f, row, iv));
		break;
	}
}

static void field_format(const struct field *f, const void *row, double iv, char *buf, size_t len)
{
	if (!field_present(f, row)) {
		snprintf(buf, len, "%s", f->absent ?: "-");
		return;
	}
	if ((f->flags & FF_DASH_ZERO) && !*(const uint64_t *)((const char *)row + f->when)) {
		snprintf(buf, len, "-");
		return;
	}
	if (f->format)
		f->format(f, row, iv, buf, len);
	else
		format_value(f, row, iv, buf, len);
}

void column_format(const struct column *c, const void *row, double iv, char *buf, size_t len)
{
	if (c->field)
		field_format(c->field, (const char *)row + c->base, iv, buf, len);
	else
		c->format(row, iv, buf, len);
}

bool column_sortable(const struct column *c)
{
	if (!c->field)
		return c->compare;
	if (c->field->flags & FF_NO_SORT)
		return false;
	return c->field->compare || c->field->type < FT_HIST;
}

static int field_compare(const struct field *f, const void *a, const void *b)
{
	bool pa = field_present(f, a), pb = field_present(f, b);
	double x, y;

	/* no value sorts below any value, and all alike (row order) */
	if (!pa || !pb)
		return pa - pb;
	if (f->type == FT_STR || f->type == FT_CHARS) {
		const char *sa =
			f->type == FT_STR ? *(const char *const *)field_ptr(f, a) : field_ptr(f, a);
		const char *sb =
			f->type == FT_STR ? *(const char *const *)field_ptr(f, b) : field_ptr(f, b);

		return strcmp(sa ?: "", sb ?: "");
	}
	if (f->type == FT_DOUBLE || f->derive) {
		/* derived values depend on the interval only through a common factor */
		x = field_double(f, a, 1);
		y = field_double(f, b, 1);
		return x < y ? -1 : x > y;
	}
	return field_u64(f, a, 1) < field_u64(f, b, 1) ? -1
						       : field_u64(f, a, 1) > field_u64(f, b, 1);
}

/* An unsigned number with the order of @x: the sign bit flipped for
 * positives, every bit for negatives (IEEE 754); -0 as 0, NaN lowest. */
static uint64_t double_key(double x)
{
	uint64_t b;

	if (x != x)
		return 0;
	if (x == 0)
		x = 0; /* -0.0 compares equal to 0.0 */
	memcpy(&b, &x, sizeof(b));
	return b >> 63 ? ~b : b | 1ULL << 63;
}

bool column_sort_key(const struct column *c, const void *row, uint64_t *key)
{
	const struct field *f = c->field;
	uint64_t v;

	if (!f || f->compare || f->type == FT_STR || f->type == FT_CHARS)
		return false;
	row = (const char *)row + c->base;
	/* no value sorts below any value: absent 0, the values from 1 */
	if (!field_present(f, row)) {
		*key = 0;
		return true;
	}
	if (f->type == FT_DOUBLE || f->derive)
		v = double_key(field_double(f, row, 1));
	else
		v = field_u64(f, row, 1);
	*key = v == UINT64_MAX ? v : v + 1;
	return true;
}

int column_compare(const struct column *c, const void *a, const void *b)
{
	if (!c->field)
		return c->compare(a, b);
	a = (const char *)a + c->base;
	b = (const char *)b + c->base;
	if (c->field->compare)
		return c->field->compare(c->field, a, b);
	return field_compare(c->field, a, b);
}

/* Columns of every table, built once from the fields: they never change. */
static struct {
	const struct table_def *def;
	struct column cols[MAX_COLS];
	int nr, sort;
} cache[MAX_TABLES];

/* @base: where the struct of @fields is in the row */
static void add_columns(struct column *cols, int *nr, const struct field *fields, int n,
			size_t base)
{
	int i;

	for (i = 0; i < n; i++) {
		const struct field *f = &fields[i];

		if (f->type == FT_OBJECT)
			add_columns(cols, nr, f->sub, f->nr_sub, base + f->off);
		if (!f->col || f->col > MAX_COLS)
			continue;
		cols[f->col - 1] = (struct column){
			.name = f->header,
			.width = f->width,
			.left = f->flags & FF_LEFT,
			.flex = f->flags & FF_FLEX,
			.prio = f->prio,
			.field = f,
			.base = base,
		};
		if (f->col > *nr)
			*nr = f->col;
	}
}

static int columns_of(const struct table_def *def, const struct column **cols)
{
	int i;

	for (i = 0; i < MAX_TABLES && cache[i].def; i++) {
		if (cache[i].def == def)
			goto out;
	}
	if (i == MAX_TABLES) /* a static assert in the pane list keeps it from happening */
		return 0;
	cache[i].def = def;
	add_columns(cache[i].cols, &cache[i].nr, def->fields, def->nr_fields, 0);
out:
	*cols = cache[i].cols;
	return cache[i].nr;
}

void table_def_who(const struct table_def *def, struct row_who *w)
{
	const struct field *f;
	int i;

	memset(w, 0, sizeof(*w));
	for (i = 0; def && i < def->nr_fields; i++) {
		f = &def->fields[i];
		if (f->type == FT_IDENTITY && f->ident && !w->ident_field) {
			w->ident_field = f;
			w->ident = f->ident;
		} else if (f->type == FT_INT && f->key && !strcmp(f->key, "pid") && !w->pid) {
			w->pid = f;
		} else if (f->type == FT_STR && f->key && !w->name &&
			   (!strcmp(f->key, "vm") || !strcmp(f->key, "name"))) {
			w->name = f;
		}
	}
}

void table_row_tag(const struct table_src *t, const void *row, char *buf, size_t len)
{
	const struct field *f = t->tag;
	const struct cg_identity *id;
	char sid[16] = "";

	buf[0] = '\0';
	if (!f)
		return;
	if (f->type == FT_INT) {
		int pid = *(const int *)field_ptr(f, row);

		if (pid)
			snprintf(buf, len, "pid %d", pid);
		return;
	}
	id = *(const struct cg_identity *const *)((const char *)row + f->ident->ident);
	if (id && id->container)
		identity_short_id(id, sid, sizeof(sid));
	if (sid[0])
		esc_cstr(sid, buf, len);
	else if (f->ident->has_cgroup_id)
		snprintf(buf, len, "cgroup %llu",
			 (unsigned long long)*(const uint64_t *)((const char *)row +
								 f->ident->cgroup_id));
	else
		esc_cstr(*(const char *const *)((const char *)row + f->ident->path) ?: "", buf,
			 len);
}

void schema_table(const struct table_def *def, const void *rows, size_t nr, double iv,
		  struct table_src *t)
{
	const struct column *cols;
	int nr_cols = columns_of(def, &cols);
	struct row_who who;

	/* what tells rows of one name apart: the cgroup identity, else the pid */
	table_def_who(def, &who);

	*t = (struct table_src){
		.cols = cols,
		.nr_cols = nr_cols,
		.default_sort = def->default_sort - 1,
		.default_desc = def->default_desc,
		.rows = rows,
		.nr_rows = rows ? nr : 0,
		.row_size = def->row_size,
		.interval_s = iv,
		.row_name = def->row_name,
		.row_label = def->row_label,
		.row_is_container = def->row_is_container,
		.row_is_gone = def->row_is_gone,
		.row_group = def->row_group,
		.tag = who.ident_field ? who.ident_field : who.pid,
		.def = def,
	};
}

void schema_field_table(const struct field *f, const void *snap, double iv, struct table_src *t)
{
	bool has = snap && field_present(f, snap); /* an absent table has no rows */
	const void *rows = has ? *(const void *const *)field_ptr(f, snap) : NULL;
	size_t nr = has ? *(const size_t *)((const char *)snap + f->count) : 0;

	schema_table(f->table, rows, nr, iv, t);
}

/* A section whose FT_STATUS says unavailable shows its reason, not its tables. */
static bool section_ok(const struct field *fields, int nr, const void *s)
{
	int i;

	for (i = 0; i < nr; i++) {
		if (fields[i].type == FT_STATUS)
			return field_present(&fields[i], s);
	}
	return true;
}

static void write_text(FILE *out, const struct field *fields, int nr, const void *snap, double iv,
		       const struct pane *p, int width, bool tables)
{
	struct table_src t;
	int i;

	for (i = 0; i < nr; i++) {
		const struct field *f = &fields[i];
		const void *sub = (const char *)snap + f->off;

		if (f->type == FT_OBJECT)
			write_text(out, f->sub, f->nr_sub, sub, iv, p, width,
				   tables && section_ok(f->sub, f->nr_sub, sub));
		if (f->type == FT_TABLE && (!tables || !field_present(f, snap)))
			continue;
		if (f->text)
			f->text(out, f, snap, p);
		if (f->type != FT_TABLE || !f->table->nr_fields)
			continue;
		if (f->table->title)
			fprintf(out, "%s\n", f->table->title);
		schema_field_table(f, snap, iv, &t);
		if (t.nr_cols)
			table_write_text(out, &t, width ?: f->table->text_width ?: TEXT_WIDTH, 0);
	}
}

void schema_write_text(FILE *out, const struct field *fields, int nr, const void *snap, double iv,
		       const struct pane *p, int width)
{
	write_text(out, fields, nr, snap, iv, p, width, section_ok(fields, nr, snap));
}

int schema_help_lines(const struct table_def *def, const char **lines, char *buf, size_t len,
		      int max)
{
	const struct column *cols;
	int nr = columns_of(def, &cols), i, n = 0, w;

	for (i = 0; i < nr && n < max; i++) {
		if (!cols[i].field || !cols[i].field->help || !cols[i].name)
			continue;
		w = snprintf(buf, len, "  %-10s %s", cols[i].name, cols[i].field->help);
		if (w < 0 || (size_t)w >= len)
			break;
		lines[n++] = buf;
		buf += w + 1;
		len -= w + 1;
	}
	return n;
}
