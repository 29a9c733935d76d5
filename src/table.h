/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_TABLE_H
#define CVTOP_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * A pane's table as columns over its snapshot rows: the batch text writer
 * and the curses table both draw from it, so they agree on what a column
 * means, how it is formatted and how it sorts.
 */
struct column {
	const char *name; /* header */
	int width; /* preferred width; the flex column takes what is left */
	bool left; /* left-aligned (names) rather than right-aligned */
	bool flex;
	/* Writes the cell, escaped for display, into @buf. */
	void (*format)(const void *row, double interval_s, char *buf, size_t len);
	/* Ascending order of two rows by this column. */
	int (*compare)(const void *a, const void *b);
};

struct table_src {
	const struct column *cols;
	int nr_cols;
	int default_sort; /* column index */
	bool default_desc;
	const void *rows; /* array of nr_rows rows of row_size bytes */
	size_t nr_rows;
	size_t row_size;
	double interval_s;
	/* raw name used by filters, NULL when the pane has none */
	const char *(*row_name)(const void *row);
};

static inline const void *table_row(const struct table_src *t, size_t i)
{
	return (const char *)t->rows + i * t->row_size;
}

/* Fills @order (nr_rows entries) with row indexes sorted by column @col. */
void table_sort(const struct table_src *t, size_t *order, int col, bool desc);

/* Column widths for a screen @total characters wide; the flex column gets
 * the rest (at least its preferred width or what is left). Returns how many
 * columns fit. */
int table_layout(const struct table_src *t, int total, int *widths);

/* Plain-text table like top -b: header line, then up to @max_rows rows (0: all). */
void table_write_text(FILE *f, const struct table_src *t, int width, size_t max_rows);

#endif
