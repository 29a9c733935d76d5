// SPDX-License-Identifier: GPL-2.0
/* Pane 2 columns, and its batch text and JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "escape.h"
#include "json.h"
#include "out.h"
#include "pane.h"
#include "table.h"
#include "throttle.h"
#include "units.h"

#define TEXT_WIDTH 160

#define CMP_FIELD(fn, field)                                           \
	static int fn(const void *a, const void *b)                    \
	{                                                              \
		const struct throttle_row *x = a, *y = b;              \
		return x->field < y->field ? -1 : x->field > y->field; \
	}

CMP_FIELD(cmp_score, score)
CMP_FIELD(cmp_quota, quota_cpus)
CMP_FIELD(cmp_periods, periods)
CMP_FIELD(cmp_thr_time, throttled_ns)
CMP_FIELD(cmp_used, quota_used_pct)
CMP_FIELD(cmp_bios, io_bios)
CMP_FIELD(cmp_bytes, io_bytes)
CMP_FIELD(cmp_held, io_held)
CMP_FIELD(cmp_hold, io_hold_ns)

static const char *name_of(const struct throttle_row *r)
{
	return r->ident ? r->ident->name : r->path;
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(name_of(a), name_of(b));
}

static const char *row_label(const void *r)
{
	return name_of(r);
}

static bool row_is_container(const void *r)
{
	const struct throttle_row *t = r;

	return t->ident && t->ident->container && !t->ident->helper;
}

#define ROW(r) ((const struct throttle_row *)(r))

static void f_thr_pct(const void *r, double iv, char *buf, size_t len)
{
	if (!ROW(r)->has_quota || !ROW(r)->has_periods)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%.1f", ROW(r)->throttled_pct);
}

static void f_quota(const void *r, double iv, char *buf, size_t len)
{
	if (!ROW(r)->has_quota)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%.2f", ROW(r)->quota_cpus);
}

static void f_periods(const void *r, double iv, char *buf, size_t len)
{
	if (!ROW(r)->has_quota || !ROW(r)->has_periods)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%llu/%llu", (unsigned long long)ROW(r)->throttled_periods,
			 (unsigned long long)ROW(r)->periods);
}

static void f_thr_time(const void *r, double iv, char *buf, size_t len)
{
	if (!ROW(r)->has_quota || !ROW(r)->has_throttled_time)
		snprintf(buf, len, "-");
	else
		fmt_ns(buf, len, ROW(r)->throttled_ns);
}

static void f_used(const void *r, double iv, char *buf, size_t len)
{
	if (!ROW(r)->has_quota || !ROW(r)->has_usage)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%.0f", ROW(r)->quota_used_pct);
}

static void f_bios(const void *r, double iv, char *buf, size_t len)
{
	if (!ROW(r)->io_visible)
		snprintf(buf, len, "n/a");
	else
		fmt_count(buf, len, (double)ROW(r)->io_bios);
}

static void f_bytes(const void *r, double iv, char *buf, size_t len)
{
	double b = iv > 0 ? ROW(r)->io_bytes / iv : (double)ROW(r)->io_bytes;

	if (!ROW(r)->io_visible)
		snprintf(buf, len, "n/a");
	else
		fmt_count(buf, len, b);
}

static void f_held(const void *r, double iv, char *buf, size_t len)
{
	if (!ROW(r)->held_visible)
		snprintf(buf, len, "n/a");
	else
		fmt_count(buf, len, (double)ROW(r)->io_held);
}

/* the hold time is shown only where the method can see it */
static void f_hold(const void *r, double iv, char *buf, size_t len)
{
	const struct throttle_row *t = r;

	if (!t->hold_visible)
		snprintf(buf, len, "n/a");
	else if (!t->io_held)
		snprintf(buf, len, "-");
	else
		fmt_ns(buf, len, t->io_hold_ns / t->io_held);
}

/* the container's name (or the host cgroup's unit or path) */
static void f_path(const void *r, double iv, char *buf, size_t len)
{
	esc_cstr(name_of(ROW(r)), buf, len);
}

static const char *row_path(const void *r)
{
	return ROW(r)->path;
}

enum throttle_col {
	COL_THR_PCT,
	COL_QUOTA,
	COL_PERIODS,
	COL_THR_TIME,
	COL_USED,
	COL_BIOS,
	COL_BYTES,
	COL_HELD,
	COL_HOLD,
	COL_PATH,
};

static const struct column throttle_cols[] = {
	[COL_THR_PCT] = { "THR%", 6, false, false, f_thr_pct, cmp_score },
	[COL_QUOTA] = { "QUOTA", 6, false, false, f_quota, cmp_quota },
	[COL_PERIODS] = { "THR/PERIODS", 11, false, false, f_periods, cmp_periods },
	[COL_THR_TIME] = { "THR-TIME", 8, false, false, f_thr_time, cmp_thr_time },
	[COL_USED] = { "USED%", 6, false, false, f_used, cmp_used },
	[COL_BIOS] = { "IO-BIOS", 7, false, false, f_bios, cmp_bios },
	[COL_BYTES] = { "IO-B/s", 7, false, false, f_bytes, cmp_bytes },
	[COL_HELD] = { "HELD", 6, false, false, f_held, cmp_held },
	[COL_HOLD] = { "HOLD", 7, false, false, f_hold, cmp_hold },
	[COL_PATH] = { "NAME", 20, true, true, f_path, cmp_path },
};

void throttle_table(const struct pane *p, struct table_src *t)
{
	const struct throttle_snapshot *s = p->snap;

	*t = (struct table_src){
		.cols = throttle_cols,
		.nr_cols = sizeof(throttle_cols) / sizeof(throttle_cols[0]),
		.default_sort = COL_THR_PCT,
		.default_desc = true,
		.rows = s ? s->rows : NULL,
		.nr_rows = s ? s->nr_rows : 0,
		.row_size = sizeof(struct throttle_row),
		.interval_s = s ? s->interval_s : 0,
		.row_name = row_path,
		.row_label = row_label,
		.row_is_container = row_is_container,
	};
}

static const char *const limit_names[IO_NR_LIMITS] = { "rbps", "wbps", "riops", "wiops" };

void throttle_dev_limits(const struct throttle_dev *d, char *buf, size_t len)
{
	size_t used = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < IO_NR_LIMITS && used < len; i++) {
		if (d->limit[i] == IO_NO_LIMIT)
			continue;
		used += snprintf(buf + used, len - used, "%s%s=%llu", used ? " " : "",
				 limit_names[i], (unsigned long long)d->limit[i]);
	}
	if (!buf[0])
		snprintf(buf, len, "none");
}

void throttle_notes(const struct throttle_snapshot *s, char *buf, size_t len)
{
	snprintf(buf, len, "cpu: %s; io: %s", s->cpu_source ? s->cpu_source : "-",
		 s->io_source ? s->io_source : "-");
}

void throttle_write_text(FILE *f, const struct pane *p)
{
	const struct throttle_snapshot *s = p->snap;
	char line[1024], esc[1024], lim[160], name[128];
	struct table_src t;
	size_t *order, i, j;

	out_text_pane_head(f, p);
	if (p->status != PANE_OK || !s)
		return;
	throttle_notes(s, line, sizeof(line));
	esc_cstr(line, esc, sizeof(esc));
	fprintf(f, "%s\n", esc);
	if (s->io_missing && s->io_missing[0]) {
		esc_cstr(s->io_missing, esc, sizeof(esc));
		fprintf(f, "missing: %s\n", esc);
	}
	throttle_table(p, &t);
	table_write_text(f, &t, TEXT_WIDTH, 0);
	order = malloc((s->nr_rows + 1) * sizeof(*order));
	if (!order)
		return;
	table_sort(&t, order, t.default_sort, t.default_desc, NULL);
	for (i = 0; i < s->nr_rows; i++) {
		const struct throttle_row *r = &s->rows[order[i]];

		for (j = 0; j < r->nr_devs; j++) {
			const struct throttle_dev *d = &s->devs[r->dev_first + j];

			esc_cstr(r->path, esc, sizeof(esc));
			esc_cstr(d->name, name, sizeof(name));
			throttle_dev_limits(d, lim, sizeof(lim));
			fprintf(f,
				"  %s %u:%u %s: limits %s; throttled read %llu bios %llu B, "
				"write %llu bios %llu B",
				esc, d->major, d->minor, name, lim, (unsigned long long)d->bios[0],
				(unsigned long long)d->bytes[0], (unsigned long long)d->bios[1],
				(unsigned long long)d->bytes[1]);
			if (s->has_held)
				fprintf(f, "; held read %llu, write %llu",
					(unsigned long long)d->held[0],
					(unsigned long long)d->held[1]);
			fputc('\n', f);
		}
	}
	free(order);
}

/* a value the method cannot see is null, never 0 */
static void uint_or_null(struct json_writer *jw, const char *name, bool have, uint64_t v)
{
	if (have)
		jw_uint_field(jw, name, v);
	else
		jw_null_field(jw, name);
}

static void write_cpu_json(struct json_writer *jw, const struct throttle_row *r)
{
	jw_name(jw, "cpu");
	if (!r->has_quota) {
		jw_null(jw);
		return;
	}
	jw_start_object(jw);
	jw_uint_field(jw, "quota_us", r->quota_us);
	jw_uint_field(jw, "period_us", r->period_us);
	jw_float_field(jw, "quota_cpus", r->quota_cpus, 3);
	uint_or_null(jw, "periods", r->has_periods, r->periods);
	uint_or_null(jw, "throttled_periods", r->has_periods, r->throttled_periods);
	if (r->has_periods)
		jw_float_field(jw, "throttled_pct", r->throttled_pct, 2);
	else
		jw_null_field(jw, "throttled_pct");
	uint_or_null(jw, "throttled_ns", r->has_throttled_time, r->throttled_ns);
	uint_or_null(jw, "bursts", r->has_bursts, r->bursts);
	uint_or_null(jw, "burst_ns", r->has_bursts, r->burst_ns);
	uint_or_null(jw, "usage_ns", r->has_usage, r->usage_ns);
	if (r->has_usage)
		jw_float_field(jw, "quota_used_pct", r->quota_used_pct, 2);
	else
		jw_null_field(jw, "quota_used_pct");
	jw_end_object(jw);
}

static void write_dir_json(struct json_writer *jw, const char *name,
			   const struct throttle_snapshot *s, const struct throttle_dev *d, int w)
{
	jw_name(jw, name);
	jw_start_object(jw);
	uint_or_null(jw, "bios", s->io_available, d->bios[w]);
	uint_or_null(jw, "bytes", s->io_available, d->bytes[w]);
	uint_or_null(jw, "held", s->has_held, d->held[w]);
	uint_or_null(jw, "hold_ns", s->has_hold, d->hold_ns[w]);
	jw_end_object(jw);
}

static void write_dev_json(struct json_writer *jw, const struct throttle_snapshot *s,
			   const struct throttle_dev *d)
{
	char dev[32];
	int i;

	snprintf(dev, sizeof(dev), "%u:%u", d->major, d->minor);
	jw_start_object(jw);
	jw_string_field(jw, "dev", dev);
	jw_string_field(jw, "name", d->name);
	jw_name(jw, "limits");
	jw_start_object(jw);
	for (i = 0; i < IO_NR_LIMITS; i++)
		uint_or_null(jw, limit_names[i], d->limit[i] != IO_NO_LIMIT, d->limit[i]);
	jw_end_object(jw);
	write_dir_json(jw, "read", s, d, 0);
	write_dir_json(jw, "write", s, d, 1);
	jw_end_object(jw);
}

static void write_row_json(struct json_writer *jw, const struct throttle_snapshot *s,
			   const struct throttle_row *r)
{
	size_t j;

	jw_start_object(jw);
	/* rows are cgroups of v1 or v2 hierarchies: no single v2 id */
	out_json_identity(jw, 0, r->path, r->ident, false);
	jw_float_field(jw, "score", r->score, 2);
	write_cpu_json(jw, r);
	jw_name(jw, "io");
	jw_start_object(jw);
	jw_bool_field(jw, "limited", r->has_io_limit);
	uint_or_null(jw, "bios", s->io_available, r->io_bios);
	uint_or_null(jw, "bytes", s->io_available, r->io_bytes);
	uint_or_null(jw, "held", s->has_held, r->io_held);
	uint_or_null(jw, "hold_ns", s->has_hold, r->io_hold_ns);
	jw_name(jw, "devices");
	jw_start_array(jw);
	for (j = 0; j < r->nr_devs; j++)
		write_dev_json(jw, s, &s->devs[r->dev_first + j]);
	jw_end_array(jw);
	jw_end_object(jw);
	jw_end_object(jw);
}

void throttle_write_json(struct json_writer *jw, const struct pane *p)
{
	const struct throttle_snapshot *s = p->snap;
	struct table_src t;
	size_t *order, i;

	jw_start_object(jw);
	out_json_pane_head(jw, p);
	if (p->status == PANE_OK && s) {
		jw_string_field(jw, "cpu_source", s->cpu_source);
		jw_string_field(jw, "io_source", s->io_source);
		jw_bool_field(jw, "io_available", s->io_available);
		jw_bool_field(jw, "held_visible", s->has_held);
		jw_bool_field(jw, "hold_visible", s->has_hold);
		if (s->io_missing && s->io_missing[0])
			jw_string_field(jw, "missing", s->io_missing);
		else
			jw_null_field(jw, "missing");
		throttle_table(p, &t);
		order = malloc((s->nr_rows + 1) * sizeof(*order));
		jw_name(jw, "rows");
		jw_start_array(jw);
		if (order) {
			table_sort(&t, order, t.default_sort, t.default_desc, NULL);
			for (i = 0; i < s->nr_rows; i++)
				write_row_json(jw, s, &s->rows[order[i]]);
		}
		jw_end_array(jw);
		free(order);
	}
	jw_end_object(jw);
}
