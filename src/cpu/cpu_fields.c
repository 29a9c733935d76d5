// SPDX-License-Identifier: GPL-2.0
/* Pane 1's fields: every output (JSON, replay, text, columns, help,
 * metrics) derives from these declarations. */
#include <stddef.h>
#include <stdio.h>
#include "cpu.h"
#include "escape.h"
#include "out.h"
#include "pane.h"
#include "schema.h"

static double cpu_pct(const void *r, double iv)
{
	return iv > 0 ? ((const struct cpu_row *)r)->cpu_ns / (iv * 1e7) : 0.0;
}

static const struct ident_offsets cpu_ident = {
	.ident = offsetof(struct cpu_row, ident),
	.path = offsetof(struct cpu_row, path),
	.cgroup_id = offsetof(struct cpu_row, cgroup_id),
	.gone = offsetof(struct cpu_row, gone),
	.has_cgroup_id = true,
	.has_gone = true,
};

#define RUNQ_NS(k, m, c, h, hlp, mname)                                                            \
	{                                                                                          \
		.key = k, .type = FT_U64, .off = offsetof(struct cpu_row, m), .col = c,            \
		.header = h, .width = 7, .fmt = FMT_NS, .flags = FF_DASH_ZERO,                     \
		.when = offsetof(struct cpu_row, runq_count), .help = hlp, .metric = METRIC_GAUGE, \
		.metric_name = mname, .metric_scale = 1e-9, .metric_unit = "seconds"               \
	}

static const struct field runq_fields[] = {
	{ .key = "count",
	  .type = FT_U64,
	  .off = offsetof(struct cpu_row, runq_count),
	  .col = 1,
	  .header = "WAITS/s",
	  .width = 8,
	  .fmt = FMT_RATE,
	  .help = "run-queue waits that ended (a task of the cgroup got the CPU)" },
	{ .key = "total_ns",
	  .type = FT_U64,
	  .off = offsetof(struct cpu_row, runq_ns),
	  .col = 2,
	  .header = "WAITED",
	  .width = 7,
	  .fmt = FMT_NS,
	  .help = "total time its tasks waited runnable" },
	RUNQ_NS("p50_ns", runq_p50_ns, 3, "P50", "median run-queue wait",
		"runqueue_wait_p50_seconds"),
	RUNQ_NS("p99_ns", runq_p99_ns, 4, "P99", "99th percentile of one wait",
		"runqueue_wait_p99_seconds"),
	RUNQ_NS("max_ns", runq_max_ns, 5, "MAX", "longest wait", "runqueue_wait_max_seconds"),
	{ .key = "hist_log2_ns",
	  .type = FT_HIST,
	  .off = offsetof(struct cpu_row, hist),
	  .nr = CPU_HIST_SLOTS,
	  .help = "run-queue waits by log2 of their length in ns",
	  .metric = METRIC_HISTOGRAM,
	  .metric_name = "runqueue_wait_seconds",
	  .metric_scale = 1e-9,
	  .metric_unit = "seconds",
	  .sum_field = offsetof(struct cpu_row, runq_ns) },
};

static const struct field psi_fields[] = {
	{ .key = "some_avg10",
	  .type = FT_DOUBLE,
	  .off = offsetof(struct cpu_row, psi_some_avg10),
	  .present = PRESENT(struct cpu_row, has_psi),
	  .decimals = 2,
	  .col = 9,
	  .header = "PSI10",
	  .width = 6,
	  .prio = 1,
	  .fmt = FMT_FIXED,
	  .prec = 2,
	  .help = "cpu.pressure some avg10, percent",
	  .metric = METRIC_GAUGE,
	  .metric_name = "cpu_pressure_some_avg10_ratio",
	  .metric_scale = 0.01 },
	{ .key = "some_stall_us",
	  .type = FT_U64,
	  .off = offsetof(struct cpu_row, psi_some_stall_us),
	  .present = PRESENT(struct cpu_row, has_psi),
	  .col = 10,
	  .header = "STALL",
	  .width = 7,
	  .fmt = FMT_NS,
	  .scale = 1000,
	  .help = "cpu.pressure some stall time",
	  .metric = METRIC_COUNTER,
	  .metric_name = "cpu_pressure_some_stalled_seconds",
	  .metric_scale = 1e-6,
	  .metric_unit = "seconds" },
};

static const struct field row_fields[] = {
	{ .type = FT_IDENTITY, .ident = &cpu_ident },
	{ .key = "runq", .type = FT_OBJECT, .sub = runq_fields, .nr_sub = NR_FIELDS(runq_fields) },
	{ .key = "cpu_ns",
	  .type = FT_U64,
	  .off = offsetof(struct cpu_row, cpu_ns),
	  .help = "CPU time",
	  .metric = METRIC_COUNTER,
	  .metric_name = "cpu_usage_seconds",
	  .metric_scale = 1e-9,
	  .metric_unit = "seconds" },
	{ .key = "cpu_pct",
	  .type = FT_DOUBLE,
	  .off = offsetof(struct cpu_row, cpu_ns),
	  .derive = cpu_pct,
	  .decimals = 2,
	  .col = 6,
	  .header = "CPU%",
	  .width = 6,
	  .fmt = FMT_FIXED,
	  .prec = 1,
	  .help = "CPU time (100 = one CPU)" },
	{ .key = "switches",
	  .type = FT_U64,
	  .off = offsetof(struct cpu_row, switches),
	  .col = 7,
	  .header = "CSW/s",
	  .width = 6,
	  .prio = 1,
	  .fmt = FMT_RATE,
	  .help = "its tasks switched out",
	  .metric = METRIC_COUNTER,
	  .metric_name = "context_switches" },
	{ .key = "pidns_switches",
	  .type = FT_U64,
	  .off = offsetof(struct cpu_row, pidns_switches),
	  .col = 8,
	  .header = "NSSW/s",
	  .width = 7,
	  .fmt = FMT_RATE,
	  .help = "switches from its task to a task of another pid namespace",
	  .metric = METRIC_COUNTER,
	  .metric_name = "pidns_switches" },
	{ .key = "psi",
	  .type = FT_OBJECT,
	  .present = PRESENT(struct cpu_row, has_psi),
	  .sub = psi_fields,
	  .nr_sub = NR_FIELDS(psi_fields) },
	{ .type = FT_NONE,
	  .ident = &cpu_ident,
	  .col = 11,
	  .header = "RUNTIME",
	  .width = 10,
	  .prio = 2,
	  .flags = FF_LEFT,
	  .format = ident_format_runtime,
	  .help = "the container runtime, or host",
	  .compare = ident_compare_runtime },
	{ .type = FT_NONE,
	  .ident = &cpu_ident,
	  .col = 12,
	  .header = "ID",
	  .width = 12,
	  .prio = 2,
	  .flags = FF_LEFT,
	  .format = ident_format_id,
	  .help = "the container's short id",
	  .compare = ident_compare_path },
	{ .type = FT_NONE,
	  .ident = &cpu_ident,
	  .col = 13,
	  .header = "NAME",
	  .width = 20,
	  .flags = FF_LEFT | FF_FLEX,
	  .format = ident_format_name,
	  .compare = ident_compare_name,
	  .help = "container name (runtime state, else UTS hostname, else short id), or the unit "
		  "or path of a host cgroup; a removed one stays dimmed" },
};

static const char *row_path(const void *r)
{
	return ((const struct cpu_row *)r)->path;
}

static const char *row_label(const void *r)
{
	return ident_row_label(&cpu_ident, r);
}

static bool row_is_container(const void *r)
{
	const struct cpu_row *c = r;

	return c->ident && c->ident->container && !c->ident->helper;
}

static bool row_is_gone(const void *r)
{
	return ((const struct cpu_row *)r)->gone;
}

static const struct table_def cpu_rows = {
	.name = "cpu",
	.row_size = sizeof(struct cpu_row),
	.fields = row_fields,
	.nr_fields = NR_FIELDS(row_fields),
	.default_sort = 2,
	.default_desc = true,
	.row_name = row_path,
	.row_label = row_label,
	.row_is_container = row_is_container,
	.row_is_gone = row_is_gone,
};

static const char *ns_host(const void *r)
{
	return ((const struct cpu_pidns_row *)r)->hostname;
}

/* a namespace whose hostname could not be read is labelled, never blank */
static void f_ns_host(const struct field *f, const void *r, double iv, char *buf, size_t len)
{
	const char *h = ((const struct cpu_pidns_row *)r)->hostname;

	if (h && h[0])
		esc_cstr(h, buf, len);
	else
		snprintf(buf, len, "-");
}

static const struct field pidns_fields[] = {
	{ .key = "inum",
	  .type = FT_U32,
	  .off = offsetof(struct cpu_pidns_row, inum),
	  .col = 1,
	  .header = "PIDNS",
	  .width = 10,
	  .help = "the pid namespace's inode number" },
	{ .key = "hostname",
	  .type = FT_STR,
	  .off = offsetof(struct cpu_pidns_row, hostname),
	  .col = 3,
	  .header = "HOSTNAME",
	  .width = 20,
	  .flags = FF_LEFT | FF_FLEX,
	  .format = f_ns_host,
	  .help = "the UTS hostname of a task in it (a container's short id, often); - unknown" },
	{ .key = "switches",
	  .type = FT_U64,
	  .off = offsetof(struct cpu_pidns_row, switches),
	  .col = 2,
	  .header = "SWITCHED/s",
	  .width = 10,
	  .fmt = FMT_RATE,
	  .help = "switches from a task in it to a task of another pid namespace",
	  .metric = METRIC_COUNTER,
	  .metric_name = "pidns_switched_out" },
};

static const struct table_def cpu_pidns = {
	.name = "cpu.pidns",
	.row_size = sizeof(struct cpu_pidns_row),
	.fields = pidns_fields,
	.nr_fields = NR_FIELDS(pidns_fields),
	.default_sort = 2,
	.default_desc = true,
	.row_name = ns_host,
};

static void pidns_title(FILE *f, const struct field *fd, const void *s, const struct pane *p)
{
	fprintf(f, "pid-namespace switches, by the namespace switched out:\n");
}

const struct field cpu_fields[NR_CPU_FIELDS] = {
	{ .key = "rows",
	  .type = FT_TABLE,
	  .off = offsetof(struct cpu_snapshot, rows),
	  .count = offsetof(struct cpu_snapshot, nr_rows),
	  .table = &cpu_rows,
	  .flags = FF_SORTED },
	{ .key = "pidns",
	  .type = FT_TABLE,
	  .off = offsetof(struct cpu_snapshot, pidns),
	  .count = offsetof(struct cpu_snapshot, nr_pidns),
	  .table = &cpu_pidns,
	  .present = PRESENT(struct cpu_snapshot, has_pidns),
	  .text = pidns_title },
};

void cpu_table(const struct pane *p, struct table_src *t)
{
	pane_schema_table(p, t);
}

void cpu_pidns_table(const struct pane *p, struct table_src *t)
{
	const struct cpu_snapshot *s = p->snap;

	schema_field_table(&cpu_fields[1], s, s ? s->interval_s : 0, t);
}
