// SPDX-License-Identifier: GPL-2.0
/* Pane 3 columns, and its batch text and JSON. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "escape.h"
#include "json.h"
#include "out.h"
#include "overlay.h"
#include "pane.h"
#include "table.h"
#include "units.h"

#define TEXT_WIDTH 160

#define ROW(r) ((const struct overlay_row *)(r))

#define CMP_DIR(fn, d, field)                                                \
	static int fn(const void *a, const void *b)                          \
	{                                                                    \
		uint64_t x = ROW(a)->dir[d].field, y = ROW(b)->dir[d].field; \
		return x < y ? -1 : x > y;                                   \
	}

#define FMT_DIR(d, field, fmt)                                                       \
	static void f_##d##_##field(const void *r, double iv, char *buf, size_t len) \
	{                                                                            \
		fmt(&ROW(r)->dir[d], ROW(r)->dir[d].field, iv, buf, len);            \
	}

static void fmt_rate(const struct overlay_dir_row *dr, uint64_t v, double iv, char *buf, size_t len)
{
	fmt_count(buf, len, iv > 0 ? v / iv : (double)v);
}

static void fmt_bytes_rate(const struct overlay_dir_row *dr, uint64_t v, double iv, char *buf,
			   size_t len)
{
	char n[16];

	fmt_count(n, sizeof(n), iv > 0 ? v / iv : (double)v);
	snprintf(buf, len, "%sB", n);
}

/* a latency of an interval without calls is no data, not zero */
static void fmt_lat(const struct overlay_dir_row *dr, uint64_t ns, double iv, char *buf, size_t len)
{
	if (!dr->count)
		snprintf(buf, len, "-");
	else
		fmt_ns(buf, len, ns);
}

#define DIR_COLS(d)                        \
	CMP_DIR(cmp_##d##_count, d, count) \
	CMP_DIR(cmp_##d##_bytes, d, bytes) \
	CMP_DIR(cmp_##d##_p50, d, p50_ns)  \
	CMP_DIR(cmp_##d##_p99, d, p99_ns)  \
	CMP_DIR(cmp_##d##_max, d, max_ns)  \
	FMT_DIR(d, count, fmt_rate)        \
	FMT_DIR(d, bytes, fmt_bytes_rate)  \
	FMT_DIR(d, p50_ns, fmt_lat)        \
	FMT_DIR(d, p99_ns, fmt_lat)        \
	FMT_DIR(d, max_ns, fmt_lat)

DIR_COLS(OVL_READ)
DIR_COLS(OVL_WRITE)

/* the overlay a row is about: its upper dir, else its mount point, else its dev */
const char *overlay_row_label(const struct overlay_row *r, char *buf, size_t len)
{
	if (r->upper)
		return r->upper;
	if (r->mount)
		return r->mount;
	snprintf(buf, len, "dev %u:%u", r->dev_major, r->dev_minor);
	return buf;
}

#define OVERLAY_COL_WIDTH 28

/* paths differ at their end (".../<id>/diff"): keep the tail of long ones */
static void f_overlay(const void *r, double iv, char *buf, size_t len)
{
	char dev[32], esc[PATH_MAX * 4];
	size_t n;

	n = esc_cstr(overlay_row_label(ROW(r), dev, sizeof(dev)), esc, sizeof(esc));
	if (n <= OVERLAY_COL_WIDTH) {
		snprintf(buf, len, "%s", esc);
		return;
	}
	/* escapes are ASCII, so stepping over UTF-8 continuation bytes is enough */
	n -= OVERLAY_COL_WIDTH - 3;
	while (esc[n] && ((unsigned char)esc[n] & 0xc0) == 0x80)
		n++;
	snprintf(buf, len, "...%s", esc + n);
}

static int cmp_overlay(const void *a, const void *b)
{
	char x[32], y[32];

	return strcmp(overlay_row_label(ROW(a), x, sizeof(x)),
		      overlay_row_label(ROW(b), y, sizeof(y)));
}

/* the container's name (or the host cgroup's unit or path) */
static void f_path(const void *r, double iv, char *buf, size_t len)
{
	esc_cstr(ROW(r)->ident ? ROW(r)->ident->name : ROW(r)->path, buf, len);
}

static const char *name_of(const struct overlay_row *r)
{
	return r->ident ? r->ident->name : r->path;
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(name_of(ROW(a)), name_of(ROW(b)));
}

static const char *row_label(const void *r)
{
	return name_of(ROW(r));
}

static bool row_is_container(const void *r)
{
	return ROW(r)->ident && ROW(r)->ident->container && !ROW(r)->ident->helper;
}

static const char *row_name(const void *r)
{
	return ROW(r)->name;
}

enum overlay_col {
	COL_RD,
	COL_RD_BYTES,
	COL_RD_P50,
	COL_RD_P99,
	COL_RD_MAX,
	COL_WR,
	COL_WR_BYTES,
	COL_WR_P50,
	COL_WR_P99,
	COL_WR_MAX,
	COL_OVERLAY,
	COL_PATH,
};

static const struct column overlay_cols[] = {
	[COL_RD] = { "RD/s", 6, false, false, f_OVL_READ_count, cmp_OVL_READ_count },
	[COL_RD_BYTES] = { "RDB/s", 7, false, false, f_OVL_READ_bytes, cmp_OVL_READ_bytes },
	[COL_RD_P50] = { "RP50", 6, false, false, f_OVL_READ_p50_ns, cmp_OVL_READ_p50 },
	[COL_RD_P99] = { "RP99", 6, false, false, f_OVL_READ_p99_ns, cmp_OVL_READ_p99 },
	[COL_RD_MAX] = { "RMAX", 6, false, false, f_OVL_READ_max_ns, cmp_OVL_READ_max },
	[COL_WR] = { "WR/s", 6, false, false, f_OVL_WRITE_count, cmp_OVL_WRITE_count },
	[COL_WR_BYTES] = { "WRB/s", 7, false, false, f_OVL_WRITE_bytes, cmp_OVL_WRITE_bytes },
	[COL_WR_P50] = { "WP50", 6, false, false, f_OVL_WRITE_p50_ns, cmp_OVL_WRITE_p50 },
	[COL_WR_P99] = { "WP99", 6, false, false, f_OVL_WRITE_p99_ns, cmp_OVL_WRITE_p99 },
	[COL_WR_MAX] = { "WMAX", 6, false, false, f_OVL_WRITE_max_ns, cmp_OVL_WRITE_max },
	[COL_OVERLAY] = { "OVERLAY", OVERLAY_COL_WIDTH, true, false, f_overlay, cmp_overlay },
	[COL_PATH] = { "NAME", 16, true, true, f_path, cmp_path },
};

void overlay_table(const struct pane *p, struct table_src *t)
{
	const struct overlay_snapshot *s = p->snap;

	*t = (struct table_src){
		.cols = overlay_cols,
		.nr_cols = sizeof(overlay_cols) / sizeof(overlay_cols[0]),
		.default_sort = COL_RD_BYTES,
		.default_desc = true,
		.rows = s ? s->rows : NULL,
		.nr_rows = s ? s->nr_rows : 0,
		.row_size = sizeof(struct overlay_row),
		.interval_s = s ? s->interval_s : 0,
		.row_name = row_name,
		.row_label = row_label,
		.row_is_container = row_is_container,
	};
}

void overlay_write_text(FILE *f, const struct pane *p)
{
	const struct overlay_snapshot *s = p->snap;
	struct table_src t;

	out_text_pane_head(f, p);
	if (p->status != PANE_OK || !s)
		return;
	fprintf(f, "not seen by this method: %s\n", s->misses);
	overlay_table(p, &t);
	table_write_text(f, &t, TEXT_WIDTH, 0);
}

static void write_hist(struct json_writer *jw, const uint64_t *h)
{
	int last = OVL_HIST_SLOTS - 1, i;

	while (last >= 0 && !h[last])
		last--;
	jw_start_array(jw);
	for (i = 0; i <= last; i++)
		jw_uint(jw, h[i]);
	jw_end_array(jw);
}

static void write_dir_json(struct json_writer *jw, const char *name,
			   const struct overlay_dir_row *d)
{
	jw_name(jw, name);
	jw_start_object(jw);
	jw_uint_field(jw, "count", d->count);
	jw_uint_field(jw, "bytes", d->bytes);
	jw_uint_field(jw, "errors", d->errors);
	jw_uint_field(jw, "total_ns", d->total_ns);
	if (d->count) {
		jw_uint_field(jw, "p50_ns", d->p50_ns);
		jw_uint_field(jw, "p99_ns", d->p99_ns);
		jw_uint_field(jw, "max_ns", d->max_ns);
	} else {
		jw_null_field(jw, "p50_ns");
		jw_null_field(jw, "p99_ns");
		jw_null_field(jw, "max_ns");
	}
	jw_name(jw, "hist_log2_ns");
	write_hist(jw, d->hist);
	jw_end_object(jw);
}

static void write_row_json(struct json_writer *jw, const struct overlay_row *r)
{
	char dev[32];

	snprintf(dev, sizeof(dev), "%u:%u", r->dev_major, r->dev_minor);
	jw_start_object(jw);
	out_json_identity(jw, r->cgroup_id, r->path, r->ident, false);
	jw_string_field(jw, "dev", dev);
	jw_string_field(jw, "mount", r->mount);
	jw_string_field(jw, "upperdir", r->upper);
	write_dir_json(jw, "read", &r->dir[OVL_READ]);
	write_dir_json(jw, "write", &r->dir[OVL_WRITE]);
	jw_end_object(jw);
}

void overlay_write_json(struct json_writer *jw, const struct pane *p)
{
	const struct overlay_snapshot *s = p->snap;
	struct table_src t;
	size_t *order, i;

	jw_start_object(jw);
	out_json_pane_head(jw, p);
	if (p->status == PANE_OK && s) {
		jw_string_field(jw, "misses", s->misses);
		overlay_table(p, &t);
		order = malloc((s->nr_rows + 1) * sizeof(*order));
		jw_name(jw, "rows");
		jw_start_array(jw);
		if (order) {
			table_sort(&t, order, t.default_sort, t.default_desc, NULL);
			for (i = 0; i < s->nr_rows; i++)
				write_row_json(jw, &s->rows[order[i]]);
		}
		jw_end_array(jw);
		free(order);
	}
	jw_end_object(jw);
}
