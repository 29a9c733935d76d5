/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_JSON_H
#define CVTOP_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/*
 * A small streaming JSON writer producing compact output (no spaces, no
 * newlines), so one object per line makes JSON Lines. It tracks nesting and
 * inserts commas itself. Strings go through esc_display() first, then JSON
 * quoting, so untrusted bytes always give valid JSON that shows them safely.
 * The writer holds up to 16 KiB before it writes to the FILE: jw_flush() or
 * jw_free() hands it over. Write errors are left to the FILE (the caller
 * checks ferror/fflush after that).
 */
struct json_writer;

struct json_writer *jw_new(FILE *f);
/* Writes what the writer holds to the FILE; jw_free() does too. */
void jw_flush(struct json_writer *jw);
void jw_free(struct json_writer *jw);

void jw_start_object(struct json_writer *jw);
void jw_end_object(struct json_writer *jw);
void jw_start_array(struct json_writer *jw);
void jw_end_array(struct json_writer *jw);
/* Key of the next value inside an object. */
void jw_name(struct json_writer *jw, const char *name);

void jw_string(struct json_writer *jw, const char *s); /* NULL writes null */
void jw_uint(struct json_writer *jw, uint64_t v);
void jw_int(struct json_writer *jw, int64_t v);
/* %.*f with @decimals; NaN and infinities write null. */
void jw_float(struct json_writer *jw, double v, int decimals);
void jw_bool(struct json_writer *jw, bool v);
void jw_null(struct json_writer *jw);

/* name + value in one call */
void jw_string_field(struct json_writer *jw, const char *name, const char *s);
void jw_uint_field(struct json_writer *jw, const char *name, uint64_t v);
void jw_int_field(struct json_writer *jw, const char *name, int64_t v);
void jw_float_field(struct json_writer *jw, const char *name, double v, int decimals);
void jw_bool_field(struct json_writer *jw, const char *name, bool v);
void jw_null_field(struct json_writer *jw, const char *name);

/* true while every start has had its end (the value is complete) */
bool jw_balanced(const struct json_writer *jw);

#endif
