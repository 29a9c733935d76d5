/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_TABLE_H
#define CVTOP_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * A pane's table as columns over its snapshot rows: the batch text writer
 * and the curses table both draw from it, so they agree on what a column
 * means, how it is formatted and how it sorts.
 */
struct field;
struct focus;
struct table_def;

struct column {
	const char *name; /* header */
	int width; /* preferred width; the flex column takes what is left */
	bool left; /* left-aligned (names) rather than right-aligned */
	bool flex; /* the name column: always shown, takes the spare width */
	/* Writes the cell, escaped for display, into @buf. */
	void (*format)(const void *row, double interval_s, char *buf, size_t len);
	/* Ascending order of two rows by this column. */
	int (*compare)(const void *a, const void *b);
	int prio; /* 0 always shown; on a narrow screen higher ones go first */
	/* a column of a field schema: format and order derive from the field */
	const struct field *field;
	size_t base; /* where in the row the field's struct is (FT_OBJECT .off) */
};

/* The cell of @row in column @c, escaped for display. */
void column_format(const struct column *c, const void *row, double iv, char *buf, size_t len);
/* Whether rows can be sorted by @c, and their ascending order. */
bool column_sortable(const struct column *c);
int column_compare(const struct column *c, const void *a, const void *b);
/*
 * A number with column_compare()'s order of @row for a numeric field column
 * (ties aside: the largest two u64 values share one); false for the others.
 */
bool column_sort_key(const struct column *c, const void *row, uint64_t *key);

struct table_src {
	const struct column *cols;
	int nr_cols;
	int default_sort; /* column index */
	bool default_desc;
	const void *rows; /* array of nr_rows rows of row_size bytes */
	size_t nr_rows;
	size_t row_size;
	double interval_s;
	/* raw name used by filters and to keep the selection, NULL if none */
	const char *(*row_name)(const void *row);
	/* the name shown, also matched by filters; NULL: row_name */
	const char *(*row_label)(const void *row);
	/* a container (not a host cgroup), for the containers-only view */
	bool (*row_is_container)(const void *row);
	/* a row kept a little while after its object went away */
	bool (*row_is_gone)(const void *row);
	/* the vCPU thread a row is about, 0 if none; NULL: no such rows */
	long (*row_group)(const void *row);
	/* what tells rows of the same name apart (a cgroup's identity, a VMM's
	 * pid); NULL: none */
	const struct field *tag;
	/* the schema of the rows, NULL for a table that has none (focus.c
	 * finds a row's identity and histograms in it) */
	const struct table_def *def;
};

/* Which rows a view shows. */
struct table_filter {
	bool containers_only;
	const char *substring; /* in row_label or row_name, NULL or "" for all */
	long group; /* 0: all; else only rows of this row_group (a vCPU thread) */
	/* only the rows of one container or VM (tables whose rows have no
	 * identity are not filtered); NULL: all */
	const struct focus *focus;
};

static inline const void *table_row(const struct table_src *t, size_t i)
{
	return (const char *)t->rows + i * t->row_size;
}

/*
 * Fills @order with the indexes of the rows that pass @f (NULL: all),
 * sorted by column @col; returns how many there are.
 */
size_t table_sort(const struct table_src *t, size_t *order, int col, bool desc,
		  const struct table_filter *f);

#define TABLE_NAME_MIN 12

/*
 * Column widths for a screen @total characters wide: width 0 hides a column.
 * Columns of a lower prio come first; the flex (name) column always shows,
 * with at least TABLE_NAME_MIN and all that is left. Returns the number shown.
 */
int table_layout(const struct table_src *t, int total, int *widths);
/* the same with the name column at least @name_min wide */
int table_layout_name(const struct table_src *t, int total, int name_min, int *widths);

/* The smallest group above @after among the rows, 0 when none: cycles groups. */
long table_next_group(const struct table_src *t, long after);

/* Whether @t has a name (flex) column. */
bool table_has_flex(const struct table_src *t);

/* Writes what tells @row apart from a row of the same name ("pid 4242",
 * a container's short id, "cgroup 1234"), escaped; "" when @t has no tag. */
void table_row_tag(const struct table_src *t, const void *row, char *buf, size_t len);

/*
 * Rows that cannot be confused: of the @n rows in @order, marks in @twin[i]
 * those whose name (flex) cell is that of another row with a different tag,
 * so that the cell can carry the tag. false when there is nothing to mark
 * (or no memory: the cells stay as they are).
 */
bool table_mark_twins(const struct table_src *t, const size_t *order, size_t n, bool *twin);
/* The cell of column @c, with @row's tag after the name when @twin. */
void table_cell(const struct table_src *t, int c, const void *row, bool twin, char *buf,
		size_t len);

/* Plain-text table like top -b: header line, then up to @max_rows rows (0: all). */
void table_write_text(FILE *f, const struct table_src *t, int width, size_t max_rows);

#endif
