// SPDX-License-Identifier: GPL-2.0
/* Pane 1 columns, and its batch text and JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cpu.h"
#include "escape.h"
#include "hist.h"
#include "json.h"
#include "out.h"
#include "pane.h"
#include "table.h"
#include "units.h"

#define TEXT_WIDTH 160

#define CMP_FIELD(fn, type, field)                                     \
	static int fn(const void *a, const void *b)                    \
	{                                                              \
		const type *x = a, *y = b;                             \
		return x->field < y->field ? -1 : x->field > y->field; \
	}

CMP_FIELD(cmp_runq_count, struct cpu_row, runq_count)
CMP_FIELD(cmp_runq_ns, struct cpu_row, runq_ns)
CMP_FIELD(cmp_p50, struct cpu_row, runq_p50_ns)
CMP_FIELD(cmp_p99, struct cpu_row, runq_p99_ns)
CMP_FIELD(cmp_max, struct cpu_row, runq_max_ns)
CMP_FIELD(cmp_cpu, struct cpu_row, cpu_ns)
CMP_FIELD(cmp_switches, struct cpu_row, switches)
CMP_FIELD(cmp_pidns, struct cpu_row, pidns_switches)
CMP_FIELD(cmp_psi, struct cpu_row, psi_some_avg10)
CMP_FIELD(cmp_stall, struct cpu_row, psi_some_stall_us)
CMP_FIELD(cmp_ns_switches, struct cpu_pidns_row, switches)
CMP_FIELD(cmp_ns_inum, struct cpu_pidns_row, inum)

static int cmp_path(const void *a, const void *b)
{
	const struct cpu_row *x = a, *y = b;

	return strcmp(x->path, y->path);
}

static void f_rate(uint64_t v, double interval_s, char *buf, size_t len)
{
	fmt_count(buf, len, interval_s > 0 ? v / interval_s : (double)v);
}

static void f_runq_count(const void *r, double iv, char *buf, size_t len)
{
	f_rate(((const struct cpu_row *)r)->runq_count, iv, buf, len);
}

/* share of the interval spent waiting, summed over the cgroup's tasks */
static void f_runq_ns(const void *r, double iv, char *buf, size_t len)
{
	fmt_ns(buf, len, ((const struct cpu_row *)r)->runq_ns);
}

static void f_ns_or_dash(uint64_t ns, uint64_t count, char *buf, size_t len)
{
	if (!count)
		snprintf(buf, len, "-");
	else
		fmt_ns(buf, len, ns);
}

static void f_p50(const void *r, double iv, char *buf, size_t len)
{
	const struct cpu_row *c = r;

	f_ns_or_dash(c->runq_p50_ns, c->runq_count, buf, len);
}

static void f_p99(const void *r, double iv, char *buf, size_t len)
{
	const struct cpu_row *c = r;

	f_ns_or_dash(c->runq_p99_ns, c->runq_count, buf, len);
}

static void f_max(const void *r, double iv, char *buf, size_t len)
{
	const struct cpu_row *c = r;

	f_ns_or_dash(c->runq_max_ns, c->runq_count, buf, len);
}

static void f_cpu(const void *r, double iv, char *buf, size_t len)
{
	const struct cpu_row *c = r;

	snprintf(buf, len, "%.1f", iv > 0 ? c->cpu_ns / (iv * 1e7) : 0.0);
}

static void f_switches(const void *r, double iv, char *buf, size_t len)
{
	f_rate(((const struct cpu_row *)r)->switches, iv, buf, len);
}

static void f_pidns(const void *r, double iv, char *buf, size_t len)
{
	f_rate(((const struct cpu_row *)r)->pidns_switches, iv, buf, len);
}

static void f_psi(const void *r, double iv, char *buf, size_t len)
{
	const struct cpu_row *c = r;

	if (c->has_psi)
		snprintf(buf, len, "%.2f", c->psi_some_avg10);
	else
		snprintf(buf, len, "-");
}

static void f_stall(const void *r, double iv, char *buf, size_t len)
{
	const struct cpu_row *c = r;

	if (c->has_psi)
		fmt_ns(buf, len, c->psi_some_stall_us * 1000);
	else
		snprintf(buf, len, "-");
}

static void f_name(const void *r, double iv, char *buf, size_t len)
{
	const struct cpu_row *c = r;

	esc_cstr(c->ident ? c->ident->name : c->path, buf, len);
}

static int cmp_name(const void *a, const void *b)
{
	const struct cpu_row *x = a, *y = b;

	return strcmp(x->ident ? x->ident->name : x->path, y->ident ? y->ident->name : y->path);
}

static void f_runtime(const void *r, double iv, char *buf, size_t len)
{
	const struct cpu_row *c = r;

	snprintf(buf, len, "%s", c->ident ? identity_runtime_name(c->ident->runtime) : "");
}

static int cmp_runtime(const void *a, const void *b)
{
	const struct cpu_row *x = a, *y = b;

	return (x->ident ? (int)x->ident->runtime : -1) - (y->ident ? (int)y->ident->runtime : -1);
}

static void f_id(const void *r, double iv, char *buf, size_t len)
{
	const struct cpu_row *c = r;
	char id[16] = "";

	if (c->ident && c->ident->container)
		identity_short_id(c->ident, id, sizeof(id));
	esc_cstr(id[0] ? id : "-", buf, len);
}

static const char *row_path(const void *r)
{
	return ((const struct cpu_row *)r)->path;
}

static const char *row_label(const void *r)
{
	const struct cpu_row *c = r;

	return c->ident ? c->ident->name : c->path;
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

enum cpu_col {
	COL_RUNQ_COUNT,
	COL_RUNQ_NS,
	COL_P50,
	COL_P99,
	COL_MAX,
	COL_CPU,
	COL_SWITCHES,
	COL_PIDNS,
	COL_PSI,
	COL_STALL,
	COL_RUNTIME,
	COL_ID,
	COL_NAME,
};

static const struct column cpu_cols[] = {
	[COL_RUNQ_COUNT] = { "WAITS/s", 8, false, false, f_runq_count, cmp_runq_count },
	[COL_RUNQ_NS] = { "WAITED", 7, false, false, f_runq_ns, cmp_runq_ns },
	[COL_P50] = { "P50", 7, false, false, f_p50, cmp_p50 },
	[COL_P99] = { "P99", 7, false, false, f_p99, cmp_p99 },
	[COL_MAX] = { "MAX", 7, false, false, f_max, cmp_max },
	[COL_CPU] = { "CPU%", 6, false, false, f_cpu, cmp_cpu },
	[COL_SWITCHES] = { "CSW/s", 6, false, false, f_switches, cmp_switches, 1 },
	[COL_PIDNS] = { "NSSW/s", 7, false, false, f_pidns, cmp_pidns },
	[COL_PSI] = { "PSI10", 6, false, false, f_psi, cmp_psi, 1 },
	[COL_STALL] = { "STALL", 7, false, false, f_stall, cmp_stall },
	[COL_RUNTIME] = { "RUNTIME", 10, true, false, f_runtime, cmp_runtime, 2 },
	[COL_ID] = { "ID", 12, true, false, f_id, cmp_path, 2 },
	[COL_NAME] = { "NAME", 20, true, true, f_name, cmp_name },
};

void cpu_table(const struct pane *p, struct table_src *t)
{
	const struct cpu_snapshot *s = p->snap;

	*t = (struct table_src){
		.cols = cpu_cols,
		.nr_cols = sizeof(cpu_cols) / sizeof(cpu_cols[0]),
		.default_sort = COL_RUNQ_NS,
		.default_desc = true,
		.rows = s ? s->rows : NULL,
		.nr_rows = s ? s->nr_rows : 0,
		.row_size = sizeof(struct cpu_row),
		.interval_s = s ? s->interval_s : 0,
		.row_name = row_path,
		.row_label = row_label,
		.row_is_container = row_is_container,
		.row_is_gone = row_is_gone,
	};
}

static void f_ns_inum(const void *r, double iv, char *buf, size_t len)
{
	snprintf(buf, len, "%u", ((const struct cpu_pidns_row *)r)->inum);
}

static void f_ns_switches(const void *r, double iv, char *buf, size_t len)
{
	f_rate(((const struct cpu_pidns_row *)r)->switches, iv, buf, len);
}

static void f_ns_host(const void *r, double iv, char *buf, size_t len)
{
	esc_cstr(((const struct cpu_pidns_row *)r)->hostname, buf, len);
}

static const char *ns_host(const void *r)
{
	return ((const struct cpu_pidns_row *)r)->hostname;
}

static const struct column pidns_cols[] = {
	{ "PIDNS", 10, false, false, f_ns_inum, cmp_ns_inum },
	{ "SWITCHED/s", 10, false, false, f_ns_switches, cmp_ns_switches },
	{ "HOSTNAME", 20, true, true, f_ns_host, NULL },
};

void cpu_pidns_table(const struct pane *p, struct table_src *t)
{
	const struct cpu_snapshot *s = p->snap;

	*t = (struct table_src){
		.cols = pidns_cols,
		.nr_cols = sizeof(pidns_cols) / sizeof(pidns_cols[0]),
		.default_sort = 1,
		.default_desc = true,
		.rows = s ? s->pidns : NULL,
		.nr_rows = s ? s->nr_pidns : 0,
		.row_size = sizeof(struct cpu_pidns_row),
		.interval_s = s ? s->interval_s : 0,
		.row_name = ns_host,
	};
}

void cpu_write_text(FILE *f, const struct pane *p)
{
	const struct cpu_snapshot *s = p->snap;
	struct table_src t;

	out_text_pane_head(f, p);
	if (p->status != PANE_OK || !s)
		return;
	cpu_table(p, &t);
	table_write_text(f, &t, TEXT_WIDTH, 0);
	if (!s->has_pidns)
		return;
	fprintf(f, "pid-namespace switches, by the namespace switched out:\n");
	cpu_pidns_table(p, &t);
	table_write_text(f, &t, TEXT_WIDTH, 0);
}

static void write_hist(struct json_writer *jw, const uint64_t *h)
{
	int last = CPU_HIST_SLOTS - 1, i;

	while (last >= 0 && !h[last])
		last--;
	jw_start_array(jw);
	for (i = 0; i <= last; i++)
		jw_uint(jw, h[i]);
	jw_end_array(jw);
}

static void write_row_json(struct json_writer *jw, const struct cpu_row *r, double iv)
{
	jw_start_object(jw);
	out_json_identity(jw, r->cgroup_id, r->path, r->ident, r->gone);
	jw_name(jw, "runq");
	jw_start_object(jw);
	jw_uint_field(jw, "count", r->runq_count);
	jw_uint_field(jw, "total_ns", r->runq_ns);
	jw_uint_field(jw, "p50_ns", r->runq_p50_ns);
	jw_uint_field(jw, "p99_ns", r->runq_p99_ns);
	jw_uint_field(jw, "max_ns", r->runq_max_ns);
	jw_name(jw, "hist_log2_ns");
	write_hist(jw, r->hist);
	jw_end_object(jw);
	jw_uint_field(jw, "cpu_ns", r->cpu_ns);
	jw_float_field(jw, "cpu_pct", iv > 0 ? r->cpu_ns / (iv * 1e7) : 0.0, 2);
	jw_uint_field(jw, "switches", r->switches);
	jw_uint_field(jw, "pidns_switches", r->pidns_switches);
	jw_name(jw, "psi");
	if (r->has_psi) {
		jw_start_object(jw);
		jw_float_field(jw, "some_avg10", r->psi_some_avg10, 2);
		jw_uint_field(jw, "some_stall_us", r->psi_some_stall_us);
		jw_end_object(jw);
	} else {
		jw_null(jw);
	}
	jw_end_object(jw);
}

void cpu_write_json(struct json_writer *jw, const struct pane *p)
{
	const struct cpu_snapshot *s = p->snap;
	struct table_src t;
	size_t *order, i;

	jw_start_object(jw);
	out_json_pane_head(jw, p);
	if (p->status == PANE_OK && s) {
		cpu_table(p, &t);
		order = malloc((s->nr_rows + 1) * sizeof(*order));
		jw_name(jw, "rows");
		jw_start_array(jw);
		if (order) {
			size_t n = table_sort(&t, order, t.default_sort, t.default_desc, NULL);

			for (i = 0; i < n; i++)
				write_row_json(jw, &s->rows[order[i]], s->interval_s);
		}
		jw_end_array(jw);
		free(order);
		jw_name(jw, "pidns");
		if (s->has_pidns) {
			jw_start_array(jw);
			for (i = 0; i < s->nr_pidns; i++) {
				jw_start_object(jw);
				jw_uint_field(jw, "inum", s->pidns[i].inum);
				jw_string_field(jw, "hostname", s->pidns[i].hostname);
				jw_uint_field(jw, "switches", s->pidns[i].switches);
				jw_end_object(jw);
			}
			jw_end_array(jw);
		} else {
			jw_null(jw);
		}
	}
	jw_end_object(jw);
}
