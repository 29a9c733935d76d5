// SPDX-License-Identifier: GPL-2.0
/* Pane 3's fields: every output (JSON, replay, text, columns, help,
 * metrics) derives from these declarations. */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "escape.h"
#include "jsondom.h"
#include "out.h"
#include "overlay.h"
#include "pane.h"
#include "schema.h"
#include "units.h"

#define ROW(r) ((const struct overlay_row *)(r))
#define R(m) offsetof(struct overlay_row, m)

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
static void f_overlay(const struct field *f, const void *r, double iv, char *buf, size_t len)
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

static int cmp_overlay(const struct field *f, const void *a, const void *b)
{
	char x[32], y[32];

	return strcmp(overlay_row_label(ROW(a), x, sizeof(x)),
		      overlay_row_label(ROW(b), y, sizeof(y)));
}

static void f_bytes_rate(const struct field *f, const void *r, double iv, char *buf, size_t len)
{
	uint64_t v = field_u64(f, r, iv);
	char n[16];

	fmt_count(n, sizeof(n), iv > 0 ? v / iv : (double)v);
	snprintf(buf, len, "%sB", n);
}

/* a latency of an interval without calls is no data: "-" and null */
#define LAT(d, k, m, c, h, what, mname)                                                           \
	{                                                                                         \
		.key = k, .type = FT_U64, .off = R(dir[d].m), .col = c, .header = h, .width = 6,  \
		.fmt = FMT_NS, .flags = FF_DASH_ZERO | FF_NULL_WHEN, .when = R(dir[d].count),     \
		.help = what, .metric = METRIC_GAUGE, .metric_name = mname, .metric_scale = 1e-9, \
		.metric_unit = "seconds"                                                          \
	}

#define DIR_FIELDS(d, name, c, HH, H)                                                           \
	{ .key = "count",                                                                       \
	  .type = FT_U64,                                                                       \
	  .off = R(dir[d].count),                                                               \
	  .col = c,                                                                             \
	  .header = HH "/s",                                                                    \
	  .width = 6,                                                                           \
	  .fmt = FMT_RATE,                                                                      \
	  .help = name "-like calls on overlay files",                                          \
	  .metric = METRIC_COUNTER,                                                             \
	  .metric_name = "overlay_" name "s" },                                                 \
		{ .key = "bytes",                                                               \
		  .type = FT_U64,                                                               \
		  .off = R(dir[d].bytes),                                                       \
		  .col = c + 1,                                                                 \
		  .header = HH "B/s",                                                           \
		  .width = 7,                                                                   \
		  .format = f_bytes_rate,                                                       \
		  .help = "bytes they returned",                                                \
		  .metric = METRIC_COUNTER,                                                     \
		  .metric_name = "overlay_" name "_bytes",                                      \
		  .metric_unit = "bytes" },                                                     \
		{ .key = "errors",                                                              \
		  .type = FT_U64,                                                               \
		  .off = R(dir[d].errors),                                                      \
		  .help = "calls that failed",                                                  \
		  .metric = METRIC_COUNTER,                                                     \
		  .metric_name = "overlay_" name "_errors" },                                   \
		{ .key = "total_ns",                                                            \
		  .type = FT_U64,                                                               \
		  .off = R(dir[d].total_ns),                                                    \
		  .help = "time in the calls" },                                                \
		LAT(d, "p50_ns", p50_ns, c + 2, H "P50", "median latency",                      \
		    "overlay_" name "_latency_p50_seconds"),                                    \
		LAT(d, "p99_ns", p99_ns, c + 3, H "P99", "99th percentile latency",             \
		    "overlay_" name "_latency_p99_seconds"),                                    \
		LAT(d, "max_ns", max_ns, c + 4, H "MAX", "longest call",                        \
		    "overlay_" name "_latency_max_seconds"),                                    \
	{                                                                                       \
		.key = "hist_log2_ns", .type = FT_HIST, .off = R(dir[d].hist),                  \
		.nr = OVL_HIST_SLOTS, .help = "calls by log2 of their latency in ns",           \
		.metric = METRIC_HISTOGRAM, .metric_name = "overlay_" name "_latency_seconds",  \
		.metric_scale = 1e-9, .metric_unit = "seconds", .sum_field = R(dir[d].total_ns) \
	}

static const struct field read_fields[] = { DIR_FIELDS(OVL_READ, "read", 1, "RD", "R") };
static const struct field write_fields[] = { DIR_FIELDS(OVL_WRITE, "write", 6, "WR", "W") };

static const struct ident_offsets overlay_ident = {
	.ident = R(ident),
	.path = R(path),
	.cgroup_id = R(cgroup_id),
	.has_cgroup_id = true,
};

static const struct field row_fields[] = {
	{ .type = FT_IDENTITY, .ident = &overlay_ident },
	{ .key = "dev", .type = FT_DEVNO, .off = R(dev_major), .off2 = R(dev_minor) },
	{ .key = "mount", .type = FT_STR, .off = R(mount) },
	{ .key = "upperdir", .type = FT_STR, .off = R(upper), .label = "upperdir" },
	{ .key = "read", .type = FT_OBJECT, .sub = read_fields, .nr_sub = NR_FIELDS(read_fields) },
	{ .key = "write",
	  .type = FT_OBJECT,
	  .sub = write_fields,
	  .nr_sub = NR_FIELDS(write_fields) },
	{ .type = FT_NONE,
	  .col = 11,
	  .header = "OVERLAY",
	  .width = OVERLAY_COL_WIDTH,
	  .flags = FF_LEFT,
	  .format = f_overlay,
	  .compare = cmp_overlay,
	  .help = "the overlay's upper dir (else mount point, else dev)" },
	{ .type = FT_NONE,
	  .ident = &overlay_ident,
	  .col = 12,
	  .header = "NAME",
	  .width = 16,
	  .flags = FF_LEFT | FF_FLEX,
	  .format = ident_format_name,
	  .compare = ident_compare_name,
	  .help = "the container's name, or the host cgroup's unit or path" },
};

static const char *row_name(const void *r)
{
	return ROW(r)->name;
}

static const char *row_label(const void *r)
{
	return ident_row_label(&overlay_ident, r);
}

static bool row_is_container(const void *r)
{
	return ROW(r)->ident && ROW(r)->ident->container && !ROW(r)->ident->helper;
}

/* the unique row name the collector makes: "<cgroup> <major>:<minor>" */
static int row_read(void *row, struct jv_arena **arena)
{
	struct overlay_row *r = row;
	size_t len = strlen(r->path) + 32;
	char *name = jv_alloc(arena, len);

	if (!name)
		return -ENOMEM;
	snprintf(name, len, "%s %u:%u", r->path, r->dev_major, r->dev_minor);
	r->name = name;
	return 0;
}

static const struct table_def overlay_rows = {
	.name = "overlay",
	.row_size = sizeof(struct overlay_row),
	.fields = row_fields,
	.nr_fields = NR_FIELDS(row_fields),
	.default_sort = 2,
	.default_desc = true,
	.row_name = row_name,
	.row_label = row_label,
	.row_is_container = row_is_container,
	.row_read = row_read,
};

static void misses_text(FILE *f, const struct field *fd, const void *snap, const struct pane *p)
{
	fprintf(f, "not seen by this method: %s\n",
		((const struct overlay_snapshot *)snap)->misses);
}

const struct field overlay_fields[NR_OVERLAY_FIELDS] = {
	{ .key = "misses",
	  .type = FT_STR,
	  .off = offsetof(struct overlay_snapshot, misses),
	  .text = misses_text },
	{ .key = "rows",
	  .type = FT_TABLE,
	  .off = offsetof(struct overlay_snapshot, rows),
	  .count = offsetof(struct overlay_snapshot, nr_rows),
	  .table = &overlay_rows,
	  .flags = FF_SORTED },
};

void overlay_table(const struct pane *p, struct table_src *t)
{
	pane_schema_table(p, t);
}
