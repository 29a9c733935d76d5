// SPDX-License-Identifier: GPL-2.0
/* Pane 2's fields: every output (JSON, replay, text, columns, help,
 * metrics) derives from these declarations. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include "escape.h"
#include "json.h"
#include "jsondom.h"
#include "out.h"
#include "pane.h"
#include "schema.h"
#include "table.h"
#include "throttle.h"
#include "units.h"

#define ROW(r) ((const struct throttle_row *)(r))
#define R(m) offsetof(struct throttle_row, m)
#define D(m) offsetof(struct throttle_dev, m)

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

static const struct field limit_fields[] = {
	{ .key = "rbps",
	  .type = FT_U64,
	  .off = D(limit[0]),
	  .flags = FF_NULL_MAX,
	  .help = "read bytes per second allowed",
	  .metric = METRIC_GAUGE,
	  .metric_name = "blkio_throttle_read_bps_limit_bytes" },
	{ .key = "wbps",
	  .type = FT_U64,
	  .off = D(limit[1]),
	  .flags = FF_NULL_MAX,
	  .help = "write bytes per second allowed",
	  .metric = METRIC_GAUGE,
	  .metric_name = "blkio_throttle_write_bps_limit_bytes" },
	{ .key = "riops",
	  .type = FT_U64,
	  .off = D(limit[2]),
	  .flags = FF_NULL_MAX,
	  .help = "reads per second allowed",
	  .metric = METRIC_GAUGE,
	  .metric_name = "blkio_throttle_read_iops_limit" },
	{ .key = "wiops",
	  .type = FT_U64,
	  .off = D(limit[3]),
	  .flags = FF_NULL_MAX,
	  .help = "writes per second allowed",
	  .metric = METRIC_GAUGE,
	  .metric_name = "blkio_throttle_write_iops_limit" },
};

#define DEV_HAS(m) PRESENT(struct throttle_dev, m)
#define DIR_FIELDS(w, dir)                                                                      \
	{ .key = "bios",                                                                        \
	  .type = FT_U64,                                                                       \
	  .off = D(bios[w]),                                                                    \
	  .present = DEV_HAS(io_visible),                                                       \
	  .help = "bios " dir " throttled by a bps limit",                                      \
	  .metric = METRIC_COUNTER,                                                             \
	  .metric_name = "blkio_throttled_" dir "_bios" },                                      \
		{ .key = "bytes",                                                               \
		  .type = FT_U64,                                                               \
		  .off = D(bytes[w]),                                                           \
		  .present = DEV_HAS(io_visible),                                               \
		  .help = "their bytes",                                                        \
		  .metric = METRIC_COUNTER,                                                     \
		  .metric_name = "blkio_throttled_" dir "_bytes",                               \
		  .metric_unit = "bytes" },                                                     \
		{ .key = "held",                                                                \
		  .type = FT_U64,                                                               \
		  .off = D(held[w]),                                                            \
		  .present = DEV_HAS(held_visible),                                             \
		  .help = "bios held back by the limit",                                        \
		  .metric = METRIC_COUNTER,                                                     \
		  .metric_name = "blkio_throttle_held_" dir "_bios" },                          \
	{                                                                                       \
		.key = "hold_ns", .type = FT_U64, .off = D(hold_ns[w]),                         \
		.present = DEV_HAS(hold_visible), .help = "time bios were held",                \
		.metric = METRIC_COUNTER, .metric_name = "blkio_throttle_hold_" dir "_seconds", \
		.metric_scale = 1e-9, .metric_unit = "seconds"                                  \
	}

static const struct field read_fields[] = { DIR_FIELDS(0, "read") };
static const struct field write_fields[] = { DIR_FIELDS(1, "write") };

static const struct field dev_fields[] = {
	{ .key = "dev", .type = FT_DEVNO, .off = D(major), .off2 = D(minor) },
	{ .key = "name",
	  .type = FT_CHARS,
	  .off = D(name),
	  .nr = sizeof(((struct throttle_dev *)0)->name),
	  .label = "device" },
	{ .key = "limits",
	  .type = FT_OBJECT,
	  .sub = limit_fields,
	  .nr_sub = NR_FIELDS(limit_fields) },
	{ .key = "read", .type = FT_OBJECT, .sub = read_fields, .nr_sub = NR_FIELDS(read_fields) },
	{ .key = "write",
	  .type = FT_OBJECT,
	  .sub = write_fields,
	  .nr_sub = NR_FIELDS(write_fields) },
};

static const struct table_def throttle_devs = {
	.name = "throttle.devices",
	.row_size = sizeof(struct throttle_dev),
	.fields = dev_fields,
	.nr_fields = NR_FIELDS(dev_fields),
};

static const struct ident_offsets throttle_ident = {
	.ident = R(ident),
	.path = R(path),
};

static int cmp_score(const struct field *f, const void *a, const void *b)
{
	return ROW(a)->score < ROW(b)->score ? -1 : ROW(a)->score > ROW(b)->score;
}

static void f_periods(const struct field *f, const void *r, double iv, char *buf, size_t len)
{
	snprintf(buf, len, "%llu/%llu", (unsigned long long)ROW(r)->throttled_periods,
		 (unsigned long long)ROW(r)->periods);
}

/* the average hold of a held bio */
static void f_hold(const struct field *f, const void *r, double iv, char *buf, size_t len)
{
	fmt_ns(buf, len, ROW(r)->io_hold_ns / ROW(r)->io_held);
}

#define HAS(m) PRESENT(struct throttle_row, m)

static const struct field cpu_fields[] = {
	{ .key = "quota_us",
	  .type = FT_U64,
	  .off = R(quota_us),
	  .help = "CFS quota per period",
	  .metric = METRIC_GAUGE,
	  .metric_name = "cpu_cfs_quota_seconds",
	  .metric_scale = 1e-6,
	  .metric_unit = "seconds" },
	{ .key = "period_us",
	  .type = FT_U64,
	  .off = R(period_us),
	  .help = "CFS period",
	  .metric = METRIC_GAUGE,
	  .metric_name = "cpu_cfs_period_seconds",
	  .metric_scale = 1e-6,
	  .metric_unit = "seconds" },
	{ .key = "quota_cpus",
	  .type = FT_DOUBLE,
	  .off = R(quota_cpus),
	  .present = HAS(has_quota),
	  .decimals = 3,
	  .col = 2,
	  .header = "QUOTA",
	  .width = 6,
	  .fmt = FMT_FIXED,
	  .prec = 2,
	  .help = "CPUs allowed",
	  .metric = METRIC_GAUGE,
	  .metric_name = "cpu_quota_cpus" },
	{ .key = "periods",
	  .type = FT_U64,
	  .off = R(periods),
	  .present = HAS(has_periods),
	  .col = 3,
	  .header = "THR/PERIODS",
	  .width = 11,
	  .format = f_periods,
	  .help = "periods throttled / all periods",
	  .metric = METRIC_COUNTER,
	  .metric_name = "cpu_cfs_periods" },
	{ .key = "throttled_periods",
	  .type = FT_U64,
	  .off = R(throttled_periods),
	  .present = HAS(has_periods),
	  .help = "periods the quota ran out in",
	  .metric = METRIC_COUNTER,
	  .metric_name = "cpu_cfs_throttled_periods" },
	{ .key = "throttled_pct",
	  .type = FT_DOUBLE,
	  .off = R(throttled_pct),
	  .decimals = 2,
	  .present = HAS(has_periods),
	  .col = 1,
	  .header = "THR%",
	  .width = 6,
	  .fmt = FMT_FIXED,
	  .prec = 1,
	  .compare = cmp_score,
	  .help = "CPU periods throttled (sorts worst first, I/O throttling included)" },
	{ .key = "throttled_ns",
	  .type = FT_U64,
	  .off = R(throttled_ns),
	  .present = HAS(has_throttled_time),
	  .col = 4,
	  .header = "THR-TIME",
	  .width = 8,
	  .fmt = FMT_NS,
	  .help = "time throttled",
	  .metric = METRIC_COUNTER,
	  .metric_name = "cpu_cfs_throttled_seconds",
	  .metric_scale = 1e-9,
	  .metric_unit = "seconds" },
	{ .key = "bursts",
	  .type = FT_U64,
	  .off = R(bursts),
	  .present = HAS(has_bursts),
	  .help = "periods that used burst",
	  .metric = METRIC_COUNTER,
	  .metric_name = "cpu_cfs_bursts" },
	{ .key = "burst_ns",
	  .type = FT_U64,
	  .off = R(burst_ns),
	  .present = HAS(has_bursts),
	  .help = "time run on burst",
	  .metric = METRIC_COUNTER,
	  .metric_name = "cpu_cfs_burst_seconds",
	  .metric_scale = 1e-9,
	  .metric_unit = "seconds" },
	{ .key = "usage_ns",
	  .type = FT_U64,
	  .off = R(usage_ns),
	  .present = HAS(has_usage),
	  .help = "CPU time used",
	  .metric = METRIC_COUNTER,
	  .metric_name = "cpu_cfs_usage_seconds",
	  .metric_scale = 1e-9,
	  .metric_unit = "seconds" },
	{ .key = "quota_used_pct",
	  .type = FT_DOUBLE,
	  .off = R(quota_used_pct),
	  .decimals = 2,
	  .present = HAS(has_usage),
	  .col = 5,
	  .header = "USED%",
	  .width = 6,
	  .fmt = FMT_FIXED,
	  .prec = 0,
	  .help = "CPU used of the quota" },
};

static const struct field io_fields[] = {
	{ .key = "limited",
	  .type = FT_BOOL,
	  .off = R(has_io_limit),
	  .help = "a block limit is set" },
	{ .key = "bios",
	  .type = FT_U64,
	  .off = R(io_bios),
	  .present = HAS(io_visible),
	  .col = 6,
	  .header = "IO-BIOS",
	  .width = 7,
	  .fmt = FMT_COUNT,
	  .absent = "n/a",
	  .help = "bios throttled by a bps limit" },
	{ .key = "bytes",
	  .type = FT_U64,
	  .off = R(io_bytes),
	  .present = HAS(io_visible),
	  .col = 7,
	  .header = "IO-B/s",
	  .width = 7,
	  .fmt = FMT_RATE,
	  .absent = "n/a",
	  .help = "their bytes per second" },
	{ .key = "held",
	  .type = FT_U64,
	  .off = R(io_held),
	  .present = HAS(held_visible),
	  .col = 8,
	  .header = "HELD",
	  .width = 6,
	  .fmt = FMT_COUNT,
	  .absent = "n/a",
	  .help = "bios held back by a limit" },
	{ .key = "hold_ns",
	  .type = FT_U64,
	  .off = R(io_hold_ns),
	  .present = HAS(hold_visible),
	  .col = 9,
	  .header = "HOLD",
	  .width = 7,
	  .format = f_hold,
	  .absent = "n/a",
	  .flags = FF_DASH_ZERO,
	  .when = R(io_held),
	  .help = "average hold (n/a: not visible)" },
	{ .key = "devices",
	  .type = FT_TABLE,
	  .off = R(devs),
	  .count = R(nr_devs),
	  .table = &throttle_devs },
};

static const struct field row_fields[] = {
	{ .type = FT_IDENTITY, .ident = &throttle_ident },
	{ .key = "score", .type = FT_DOUBLE, .off = R(score), .decimals = 2 },
	{ .key = "cpu",
	  .type = FT_OBJECT,
	  .present = HAS(has_quota),
	  .sub = cpu_fields,
	  .nr_sub = NR_FIELDS(cpu_fields) },
	{ .key = "io", .type = FT_OBJECT, .sub = io_fields, .nr_sub = NR_FIELDS(io_fields) },
	{ .type = FT_NONE,
	  .ident = &throttle_ident,
	  .col = 10,
	  .header = "NAME",
	  .width = 20,
	  .flags = FF_LEFT | FF_FLEX,
	  .format = ident_format_name,
	  .compare = ident_compare_name,
	  .help = "the container's name, or the host cgroup's unit or path" },
};

static const char *row_path(const void *r)
{
	return ROW(r)->path;
}

static const char *row_label(const void *r)
{
	return ident_row_label(&throttle_ident, r);
}

static bool row_is_container(const void *r)
{
	return ROW(r)->ident && ROW(r)->ident->container && !ROW(r)->ident->helper;
}

static const struct table_def throttle_rows = {
	.name = "throttle",
	.row_size = sizeof(struct throttle_row),
	.fields = row_fields,
	.nr_fields = NR_FIELDS(row_fields),
	.default_sort = 1,
	.default_desc = true,
	.row_name = row_path,
	.row_label = row_label,
	.row_is_container = row_is_container,
};

#define SNAP(m) offsetof(struct throttle_snapshot, m)

static void notes_text(FILE *f, const struct field *fd, const void *snap, const struct pane *p)
{
	char line[1024], esc[1024];

	throttle_notes(snap, line, sizeof(line));
	esc_cstr(line, esc, sizeof(esc));
	fprintf(f, "%s\n", esc);
}

static void missing_text(FILE *f, const struct field *fd, const void *snap, const struct pane *p)
{
	const struct throttle_snapshot *s = snap;
	char esc[1024];

	if (!s->io_missing || !s->io_missing[0])
		return;
	esc_cstr(s->io_missing, esc, sizeof(esc));
	fprintf(f, "missing: %s\n", esc);
}

/* each device of each row, in the table's order, after the table */
static void devices_text(FILE *f, const struct field *fd, const void *snap, const struct pane *p)
{
	const struct throttle_snapshot *s = snap;
	char esc[1024], lim[160], name[128];
	struct table_src t;
	size_t *order, i, j;

	order = malloc((s->nr_rows + 1) * sizeof(*order));
	if (!order)
		return;
	schema_table(&throttle_rows, s->rows, s->nr_rows, s->interval_s, &t);
	table_sort(&t, order, t.default_sort, t.default_desc, NULL);
	for (i = 0; i < s->nr_rows; i++) {
		const struct throttle_row *r = &s->rows[order[i]];

		for (j = 0; j < r->nr_devs; j++) {
			const struct throttle_dev *d = &r->devs[j];

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

const struct field throttle_fields[NR_THROTTLE_FIELDS] = {
	{ .key = "cpu_source", .type = FT_STR, .off = SNAP(cpu_source), .text = notes_text },
	{ .key = "io_source", .type = FT_STR, .off = SNAP(io_source) },
	{ .key = "io_available", .type = FT_BOOL, .off = SNAP(io_available) },
	{ .key = "held_visible", .type = FT_BOOL, .off = SNAP(has_held) },
	{ .key = "hold_visible", .type = FT_BOOL, .off = SNAP(has_hold) },
	{ .key = "missing",
	  .type = FT_STR,
	  .off = SNAP(io_missing),
	  .flags = FF_NULL_EMPTY,
	  .text = missing_text },
	{ .key = "rows",
	  .type = FT_TABLE,
	  .off = SNAP(rows),
	  .count = SNAP(nr_rows),
	  .table = &throttle_rows,
	  .flags = FF_SORTED },
	{ .type = FT_NONE, .text = devices_text },
};

void throttle_table(const struct pane *p, struct table_src *t)
{
	pane_schema_table(p, t);
}
