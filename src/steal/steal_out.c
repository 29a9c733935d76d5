// SPDX-License-Identifier: GPL-2.0
/* Pane 4 columns, and its batch text and JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "escape.h"
#include "json.h"
#include "out.h"
#include "pane.h"
#include "steal.h"
#include "table.h"
#include "units.h"

#define TEXT_WIDTH 120

#define CMP_FIELD(fn, type, field)                                     \
	static int fn(const void *a, const void *b)                    \
	{                                                              \
		const type *x = a, *y = b;                             \
		return x->field < y->field ? -1 : x->field > y->field; \
	}

CMP_FIELD(cmp_cpu, struct steal_cpu_row, cpu)
CMP_FIELD(cmp_cpu_pct, struct steal_cpu_row, steal_pct)
CMP_FIELD(cmp_cpu_ticks, struct steal_cpu_row, steal_ticks)
CMP_FIELD(cmp_vm_pid, struct steal_vm_row, pid)
CMP_FIELD(cmp_vm_vcpus, struct steal_vm_row, nr_vcpus)
CMP_FIELD(cmp_vm_pct, struct steal_vm_row, steal_pct)
CMP_FIELD(cmp_vm_wait, struct steal_vm_row, wait_ns)
CMP_FIELD(cmp_vm_waits, struct steal_vm_row, waits)
CMP_FIELD(cmp_vm_max, struct steal_vm_row, max_thread_wait_ns)

static void f_cpu(const void *r, double iv, char *buf, size_t len)
{
	snprintf(buf, len, "cpu%d", ((const struct steal_cpu_row *)r)->cpu);
}

static void f_cpu_pct(const void *r, double iv, char *buf, size_t len)
{
	snprintf(buf, len, "%.1f", ((const struct steal_cpu_row *)r)->steal_pct);
}

static void f_cpu_ticks(const void *r, double iv, char *buf, size_t len)
{
	const struct steal_cpu_row *c = r;

	snprintf(buf, len, "%llu/%llu", (unsigned long long)c->steal_ticks,
		 (unsigned long long)c->total_ticks);
}

static const struct column cpu_cols[] = {
	{ "CPU", 6, true, false, f_cpu, cmp_cpu },
	{ "STEAL%", 7, false, false, f_cpu_pct, cmp_cpu_pct },
	/* the history is drawn by the UI; batch output has one snapshot per interval */
	{ "TICKS", 11, false, false, f_cpu_ticks, cmp_cpu_ticks },
};

void steal_cpu_table(const struct pane *p, struct table_src *t)
{
	const struct steal_snapshot *s = p->snap;

	*t = (struct table_src){
		.cols = cpu_cols,
		.nr_cols = sizeof(cpu_cols) / sizeof(cpu_cols[0]),
		.default_sort = 0,
		.default_desc = false,
		.rows = s ? s->cpus : NULL,
		.nr_rows = s ? s->nr_cpus : 0,
		.row_size = sizeof(struct steal_cpu_row),
		.interval_s = s ? s->interval_s : 0,
	};
}

static void f_vm_name(const void *r, double iv, char *buf, size_t len)
{
	esc_cstr(((const struct steal_vm_row *)r)->name, buf, len);
}

static int cmp_vm_name(const void *a, const void *b)
{
	return strcmp(((const struct steal_vm_row *)a)->name,
		      ((const struct steal_vm_row *)b)->name);
}

static const char *vm_name(const void *r)
{
	return ((const struct steal_vm_row *)r)->name;
}

static void f_vm_pid(const void *r, double iv, char *buf, size_t len)
{
	snprintf(buf, len, "%d", (int)((const struct steal_vm_row *)r)->pid);
}

static void f_vm_vcpus(const void *r, double iv, char *buf, size_t len)
{
	const struct steal_vm_row *v = r;

	/* threads measured; '*' when they could not be told apart by name */
	snprintf(buf, len, "%d/%d%s", v->nr_vcpus, v->nr_threads, v->threads_by_name ? "" : "*");
}

static void f_vm_pct(const void *r, double iv, char *buf, size_t len)
{
	snprintf(buf, len, "%.1f", ((const struct steal_vm_row *)r)->steal_pct);
}

static void f_vm_wait(const void *r, double iv, char *buf, size_t len)
{
	fmt_ns(buf, len, ((const struct steal_vm_row *)r)->wait_ns);
}

static void f_vm_waits(const void *r, double iv, char *buf, size_t len)
{
	uint64_t w = ((const struct steal_vm_row *)r)->waits;

	fmt_count(buf, len, iv > 0 ? w / iv : (double)w);
}

static void f_vm_max(const void *r, double iv, char *buf, size_t len)
{
	fmt_ns(buf, len, ((const struct steal_vm_row *)r)->max_thread_wait_ns);
}

static const struct column vm_cols[] = {
	{ "PID", 8, false, false, f_vm_pid, cmp_vm_pid },
	{ "VCPUS/THR", 9, false, false, f_vm_vcpus, cmp_vm_vcpus },
	{ "STEAL%", 7, false, false, f_vm_pct, cmp_vm_pct },
	{ "WAITED", 8, false, false, f_vm_wait, cmp_vm_wait },
	{ "WAITS/s", 8, false, false, f_vm_waits, cmp_vm_waits },
	{ "MAXVCPU", 8, false, false, f_vm_max, cmp_vm_max },
	{ "VM", 20, true, true, f_vm_name, cmp_vm_name },
};

void steal_vm_table(const struct pane *p, struct table_src *t)
{
	const struct steal_snapshot *s = p->snap;

	*t = (struct table_src){
		.cols = vm_cols,
		.nr_cols = sizeof(vm_cols) / sizeof(vm_cols[0]),
		.default_sort = 2,
		.default_desc = true,
		.rows = s && s->host_ok ? s->vms : NULL,
		.nr_rows = s && s->host_ok ? s->nr_vms : 0,
		.row_size = sizeof(struct steal_vm_row),
		.interval_s = s ? s->interval_s : 0,
		.row_name = vm_name,
	};
}

void steal_write_text(FILE *f, const struct pane *p)
{
	const struct steal_snapshot *s = p->snap;
	char reason[1024];
	struct table_src t;

	out_text_pane_head(f, p);
	if (p->status != PANE_OK || !s)
		return;
	if (s->guest_ok) {
		fprintf(f, "guest: steal %.1f%% of all CPUs (%llu/%llu ticks)\n",
			s->total.steal_pct, (unsigned long long)s->total.steal_ticks,
			(unsigned long long)s->total.total_ticks);
		steal_cpu_table(p, &t);
		table_write_text(f, &t, TEXT_WIDTH, 0);
	} else {
		esc_cstr(s->guest_reason, reason, sizeof(reason));
		fprintf(f, "guest: unavailable: %s\n", reason);
	}
	if (s->cpustolen_ok) {
		fprintf(f, "guest: steal clock (%s): %llu calls added steal, %llu ns\n",
			s->cpustolen_method, (unsigned long long)s->cpustolen_calls,
			(unsigned long long)s->cpustolen_ns);
	} else {
		esc_cstr(s->cpustolen_reason, reason, sizeof(reason));
		fprintf(f, "guest: per-call steal deltas unavailable: %s\n", reason);
	}
	if (s->host_ok) {
		fprintf(f, "host: vCPU threads' run-queue wait (the steal their guests see):\n");
		steal_vm_table(p, &t);
		table_write_text(f, &t, TEXT_WIDTH, 0);
	} else {
		esc_cstr(s->host_reason, reason, sizeof(reason));
		fprintf(f, "host: unavailable: %s\n", reason);
	}
}

static void write_cpu_json(struct json_writer *jw, const struct steal_cpu_row *r)
{
	jw_start_object(jw);
	if (r->cpu >= 0)
		jw_int_field(jw, "cpu", r->cpu);
	jw_float_field(jw, "steal_pct", r->steal_pct, 3);
	jw_uint_field(jw, "steal_ticks", r->steal_ticks);
	jw_uint_field(jw, "total_ticks", r->total_ticks);
	jw_end_object(jw);
}

static void write_hist(struct json_writer *jw, const uint64_t *h)
{
	int last = CPUSTOLEN_HIST_SLOTS - 1, i;

	while (last >= 0 && !h[last])
		last--;
	jw_start_array(jw);
	for (i = 0; i <= last; i++)
		jw_uint(jw, h[i]);
	jw_end_array(jw);
}

static void write_status(struct json_writer *jw, bool ok, const char *reason)
{
	jw_string_field(jw, "status", ok ? "ok" : "unavailable");
	if (ok)
		jw_null_field(jw, "reason");
	else
		jw_string_field(jw, "reason", reason);
}

void steal_write_json(struct json_writer *jw, const struct pane *p)
{
	const struct steal_snapshot *s = p->snap;
	size_t i;

	jw_start_object(jw);
	out_json_pane_head(jw, p);
	if (p->status == PANE_OK && s) {
		jw_name(jw, "guest");
		jw_start_object(jw);
		write_status(jw, s->guest_ok, s->guest_reason);
		jw_int_field(jw, "user_hz", sysconf(_SC_CLK_TCK));
		jw_name(jw, "total");
		write_cpu_json(jw, &s->total);
		jw_name(jw, "cpus");
		jw_start_array(jw);
		for (i = 0; i < s->nr_cpus; i++)
			write_cpu_json(jw, &s->cpus[i]);
		jw_end_array(jw);
		jw_end_object(jw);

		jw_name(jw, "host");
		jw_start_object(jw);
		write_status(jw, s->host_ok, s->host_reason);
		jw_name(jw, "vms");
		jw_start_array(jw);
		for (i = 0; s->host_ok && i < s->nr_vms; i++) {
			const struct steal_vm_row *r = &s->vms[i];

			jw_start_object(jw);
			jw_int_field(jw, "pid", r->pid);
			jw_string_field(jw, "name", r->name);
			jw_bool_field(jw, "named", r->named);
			jw_int_field(jw, "vcpus", r->nr_vcpus);
			jw_int_field(jw, "threads", r->nr_threads);
			jw_bool_field(jw, "threads_by_name", r->threads_by_name);
			jw_uint_field(jw, "wait_ns", r->wait_ns);
			jw_uint_field(jw, "waits", r->waits);
			jw_uint_field(jw, "max_thread_wait_ns", r->max_thread_wait_ns);
			jw_float_field(jw, "steal_pct", r->steal_pct, 3);
			jw_end_object(jw);
		}
		jw_end_array(jw);
		jw_end_object(jw);

		jw_name(jw, "cpustolen");
		jw_start_object(jw);
		write_status(jw, s->cpustolen_ok, s->cpustolen_reason);
		if (s->cpustolen_ok) {
			jw_string_field(jw, "method", s->cpustolen_method);
			jw_uint_field(jw, "calls", s->cpustolen_calls);
			jw_uint_field(jw, "steal_ns", s->cpustolen_ns);
			jw_name(jw, "hist_log2_ns");
			write_hist(jw, s->cpustolen_hist);
		}
		jw_end_object(jw);
	}
	jw_end_object(jw);
}
