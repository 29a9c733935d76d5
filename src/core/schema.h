/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A pane's field schema: every figure of a snapshot is declared once, with
 * its JSON key, type, unit, column, format, help line and metric, and every
 * output derives from the declaration: the JSON writer and the replay reader
 * (schema_json.c), the table columns, batch text and help lines
 * (schema_table.c), and the OpenMetrics exposition.
 *
 * A schema is a list of fields over one C struct: a pane's snapshot, or one
 * row of one of its tables. A field of type FT_TABLE holds the rows of
 * another schema (struct table_def), so a pane's whole JSON object is the
 * walk of its snapshot's fields.
 */
#ifndef CVTOP_SCHEMA_H
#define CVTOP_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct field;
struct jv;
struct jv_arena;
struct json_writer;
struct pane;
struct table_def;

enum field_type {
	FT_U64, /* uint64_t */
	FT_U32, /* uint32_t */
	FT_INT, /* int */
	FT_DOUBLE, /* double, written with .decimals */
	FT_BOOL, /* bool */
	FT_STR, /* const char *; NULL is null */
	FT_CHARS, /* char[.nr] inside the struct */
	FT_HIST, /* uint64_t[.nr] log2 slots, written up to the last non-zero */
	/* a JSON object of the .sub fields, over the struct at .off (0: the
	 * same one, as for every field); without a .key its fields are
	 * members of the enclosing object */
	FT_OBJECT,
	FT_TABLE, /* rows of .table: pointer at .off, size_t count at .count */
	FT_IDENTITY, /* a cgroup's identity: see struct ident_offsets */
	FT_DEVNO, /* "MAJ:MIN" of two unsigned ints: major at .off, minor at .off2 */
	/* a section's state: "status" "ok" or "unavailable" from the bool at
	 * .present, "reason" null or the char[.nr] at .off */
	FT_STATUS,
	FT_CUSTOM, /* .write and .read do the JSON */
	FT_NONE, /* no JSON: a column or a text line made of other fields */
};

/* How a column shows a value (a field with .format overrides it). */
enum field_fmt {
	FMT_DEFAULT, /* integers as %llu, doubles with .decimals, strings escaped */
	FMT_COUNT, /* 1.2k, 3.4M */
	FMT_RATE, /* FMT_COUNT of the value per second of the interval */
	FMT_NS, /* a duration: the value times .scale ns */
	FMT_FIXED, /* %.*f with .prec */
};

/* Kinds of OpenMetrics families a field becomes. */
enum metric_kind {
	METRIC_NONE,
	METRIC_COUNTER, /* grows; per-interval snapshots are summed by the exporter */
	METRIC_GAUGE, /* a level: the latest value */
	METRIC_HISTOGRAM, /* an FT_HIST of log2 slots; .sum_field holds its _sum */
};

/* Where a row keeps the parts of a cgroup's identity (FT_IDENTITY). */
struct ident_offsets {
	size_t ident; /* const struct cg_identity * */
	size_t path; /* const char *: the cgroup's path */
	size_t cgroup_id; /* uint64_t, when has_cgroup_id; else written null */
	size_t gone; /* bool, when has_gone; else written false */
	bool has_cgroup_id, has_gone;
};

/* PRESENT(struct t, member): a bool member that says whether a field holds a
 * value; without it the field is null in JSON and "-" in a column. */
#define PRESENT(type, member) (offsetof(type, member) + 1)

enum field_flags {
	FF_LEFT = 1 << 0, /* column left-aligned (names) */
	FF_FLEX = 1 << 1, /* the name column: takes the spare width */
	FF_DASH_ZERO = 1 << 2, /* column "-" when the .when count is zero */
	FF_NULL_ZERO = 1 << 3, /* JSON null when the value is zero */
	FF_NO_READ = 1 << 4, /* written only (derived): not read back */
	FF_SORTED = 1 << 5, /* FT_TABLE: rows written in the table's default order */
	FF_NULL_MAX = 1 << 6, /* JSON null for UINT64_MAX ("no limit"), and back */
	FF_NULL_EMPTY = 1 << 7, /* FT_STR: JSON null for "" as for NULL */
	FF_NULL_WHEN = 1 << 8, /* JSON null too when the .when count is zero */
	FF_OMIT = 1 << 9, /* no key at all, rather than null, when absent */
	FF_NULL_NAN = 1 << 10, /* FT_DOUBLE: NaN is no value (null, the absent mark) */
	FF_NO_SORT = 1 << 11, /* a column rows are not sorted by */
	FF_NO_METRIC = 1 << 12, /* FT_OBJECT: a total of rows that are metrics: not one */
};

struct field {
	const char *key; /* JSON key; NULL for FT_NONE */
	enum field_type type;
	size_t off; /* offset of the value in the struct */
	size_t off2; /* FT_DEVNO: offset of the minor number */
	size_t present; /* PRESENT() or 0: always there */
	unsigned int flags;
	unsigned int nr; /* FT_CHARS and FT_STATUS size, FT_HIST slots, .names */
	int decimals; /* FT_DOUBLE in JSON, FMT_FIXED */
	/* a value computed from the struct instead of read at .off (FT_DOUBLE
	 * or FT_U64 fields; written only) */
	double (*derive)(const void *s, double interval_s);
	/* FT_STR computed from the struct into @buf (written only) */
	const char *(*derive_str)(const void *s, char *buf, size_t len);
	/* FT_BOOL, FT_U32, FT_INT: the value written as names[value], read
	 * back by name; values outside the .nr names are names[0] */
	const char *const *names;
	/* FT_OBJECT */
	const struct field *sub;
	int nr_sub;
	/* FT_TABLE */
	const struct table_def *table;
	size_t count; /* offset of the size_t row count */
	/* FT_IDENTITY */
	const struct ident_offsets *ident;
	/* FT_CUSTOM */
	void (*write)(struct json_writer *jw, const struct field *f, const void *s, double iv);
	/* Replay: reads the field from the object @v holding it, instead of
	 * the default (FT_CUSTOM; or rebuilds what a derived field is made of) */
	int (*read)(const struct field *f, const struct jv *v, void *s, struct jv_arena **arena);
	/* text output: lines before a table, or a line of its own (FT_NONE) */
	void (*text)(FILE *out, const struct field *f, const void *s, const struct pane *p);

	/* as a column: position (1 = first), 0 when it is not one */
	int col;
	const char *header;
	int width;
	int prio; /* 0 always shown; on a narrow screen higher ones go first */
	enum field_fmt fmt;
	double scale; /* FMT_NS: ns per unit of the value (0 means 1) */
	size_t when; /* FF_DASH_ZERO: offset of the uint64_t count */
	const char *absent; /* the cell without a value (see .present); NULL: "-" */
	int prec; /* FMT_FIXED: decimals in the column */
	void (*format)(const struct field *f, const void *row, double iv, char *buf, size_t len);
	int (*compare)(const struct field *f, const void *a, const void *b);
	const char *help; /* one line for the help screen and # HELP */

	/* as a metric */
	const char *label; /* this field labels every series of its row: "vm", "reason" */
	enum metric_kind metric;
	const char *metric_name; /* without the cvtop_ prefix */
	double metric_scale; /* to the metric's unit (ns -> s: 1e-9); 0 means 1 */
	const char *metric_unit; /* "seconds", "bytes", ""; OpenMetrics # UNIT */
	size_t sum_field; /* METRIC_HISTOGRAM: offset of the uint64_t sum */
};

/* A table: its row struct's fields and what the UI asks of a row. */
struct table_def {
	const char *name; /* for errors and metrics: "cpu.rows" */
	size_t row_size;
	const struct field *fields;
	int nr_fields;
	int default_sort; /* .col of the column sorted on by default */
	bool default_desc;
	/* raw name used by filters and to keep the selection, NULL if none */
	const char *(*row_name)(const void *row);
	/* the name shown, also matched by filters; NULL: row_name */
	const char *(*row_label)(const void *row);
	/* a container (not a host cgroup), for the containers-only view */
	bool (*row_is_container)(const void *row);
	/* a row kept a little while after its object went away */
	bool (*row_is_gone)(const void *row);
	/* the vCPU thread a row is about, 0 if none */
	long (*row_group)(const void *row);
	/* Replay: makes what the row derives from its fields (a name). 0 or -errno */
	int (*row_read)(void *row, struct jv_arena **arena);
	/* batch text: the line before the table, and its width (0: 160) */
	const char *title;
	int text_width;
};

#define NR_FIELDS(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Value access, for writers and exporters. */
static inline const void *field_ptr(const struct field *f, const void *s)
{
	return (const char *)s + f->off;
}
bool field_present(const struct field *f, const void *s);
uint64_t field_u64(const struct field *f, const void *s, double iv);
double field_double(const struct field *f, const void *s, double iv);

/* Identity columns of a cgroup row (FT_NONE fields with .ident set). */
void ident_format_name(const struct field *f, const void *row, double iv, char *buf, size_t len);
int ident_compare_name(const struct field *f, const void *a, const void *b);
void ident_format_runtime(const struct field *f, const void *row, double iv, char *buf, size_t len);
int ident_compare_runtime(const struct field *f, const void *a, const void *b);
void ident_format_id(const struct field *f, const void *row, double iv, char *buf, size_t len);
int ident_compare_path(const struct field *f, const void *a, const void *b);
/* The row's name: its container or unit name, else its cgroup path. */
const char *ident_row_label(const struct ident_offsets *o, const void *row);

/* JSON: the fields of @s as members of the object being written. */
void schema_write_fields(struct json_writer *jw, const struct field *fields, int nr, const void *s,
			 double iv);
/* Replay: fills @s from the object @obj that schema_write_fields wrote,
 * allocating rows and strings in @arena. 0 or -ENOMEM. */
int schema_read_fields(const struct field *fields, int nr, const struct jv *obj, void *s,
		       struct jv_arena **arena);

/* Who a table's rows are about: their cgroup identity (@ident, of field
 * @ident_field), else the VMM's pid; and a name (a VM's) to show for it. */
struct row_who {
	const struct field *ident_field, *pid, *name;
	const struct ident_offsets *ident;
};
void table_def_who(const struct table_def *def, struct row_who *w);

struct table_src;
/* A table_src over @nr rows of @def; columns come from its fields. */
void schema_table(const struct table_def *def, const void *rows, size_t nr, double iv,
		  struct table_src *t);
/* The rows of an FT_TABLE field of @snap, as a table_src. */
void schema_field_table(const struct field *f, const void *snap, double iv, struct table_src *t);

/* Batch text: every FT_TABLE and text field of @fields in order. */
void schema_write_text(FILE *out, const struct field *fields, int nr, const void *snap, double iv,
		       const struct pane *p, int width);
/* "HEADER  help" of every column of @def into @out (one per line). */
int schema_help_lines(const struct table_def *def, const char **lines, char *buf, size_t len,
		      int max);

#endif
