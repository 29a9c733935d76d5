// SPDX-License-Identifier: GPL-2.0
/* Pane 5 columns, and its batch text and JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "escape.h"
#include "json.h"
#include "kvm.h"
#include "exit_reasons.h"
#include "out.h"
#include "pane.h"
#include "table.h"
#include "units.h"

#define TEXT_WIDTH 140

#define CMP_FIELD(fn, type, field)                                     \
	static int fn(const void *a, const void *b)                    \
	{                                                              \
		const type *x = a, *y = b;                             \
		return x->field < y->field ? -1 : x->field > y->field; \
	}

#define F_VM(fn, type)                                                  \
	static void fn(const void *r, double iv, char *buf, size_t len) \
	{                                                               \
		esc_cstr(((const type *)r)->vm, buf, len);              \
	}                                                               \
	static const char *fn##_raw(const void *r)                      \
	{                                                               \
		return ((const type *)r)->vm;                           \
	}

#define F_U64(fn, type, field)                                                            \
	static void fn(const void *r, double iv, char *buf, size_t len)                   \
	{                                                                                 \
		snprintf(buf, len, "%llu", (unsigned long long)((const type *)r)->field); \
	}

/* ---- port I/O ---- */
CMP_FIELD(cmp_pio_port, struct kvm_pio_row, port)
CMP_FIELD(cmp_pio_exits, struct kvm_pio_row, exits)
CMP_FIELD(cmp_pio_total, struct kvm_pio_row, exits_total)
F_VM(f_pio_vm, struct kvm_pio_row)
F_U64(f_pio_exits, struct kvm_pio_row, exits)
F_U64(f_pio_total, struct kvm_pio_row, exits_total)
F_U64(f_pio_items, struct kvm_pio_row, items)

static void f_pio_port(const void *r, double iv, char *buf, size_t len)
{
	const struct kvm_pio_row *p = r;

	snprintf(buf, len, "0x%x:%s/%u", p->port, p->write ? "out" : "in", p->size);
}

static const struct column pio_cols[] = {
	{ "PORT:DIR/SIZE", 14, true, false, f_pio_port, cmp_pio_port },
	{ "EXITS", 9, false, false, f_pio_exits, cmp_pio_exits },
	{ "ITEMS", 9, false, false, f_pio_items, NULL },
	{ "TOTAL", 10, false, false, f_pio_total, cmp_pio_total },
	{ "VM", 20, true, true, f_pio_vm, NULL },
};

void kvm_pio_table(const struct pane *p, struct table_src *t)
{
	const struct kvm_snapshot *s = p->snap;

	*t = (struct table_src){
		.cols = pio_cols,
		.nr_cols = sizeof(pio_cols) / sizeof(pio_cols[0]),
		.default_sort = 1,
		.default_desc = true,
		.rows = s ? s->pio : NULL,
		.nr_rows = s ? s->nr_pio : 0,
		.row_size = sizeof(struct kvm_pio_row),
		.interval_s = s ? s->interval_s : 0,
		.row_name = f_pio_vm_raw,
	};
}

/* ---- user-space exits ---- */
CMP_FIELD(cmp_ux_count, struct kvm_uexit_row, count)
CMP_FIELD(cmp_ux_total, struct kvm_uexit_row, total)
F_VM(f_ux_vm, struct kvm_uexit_row)
F_U64(f_ux_count, struct kvm_uexit_row, count)
F_U64(f_ux_total, struct kvm_uexit_row, total)

static void f_ux_name(const void *r, double iv, char *buf, size_t len)
{
	esc_cstr(((const struct kvm_uexit_row *)r)->name, buf, len);
}

static const struct column ux_cols[] = {
	{ "EXIT TO VMM", 16, true, false, f_ux_name, NULL },
	{ "EXITS", 9, false, false, f_ux_count, cmp_ux_count },
	{ "TOTAL", 10, false, false, f_ux_total, cmp_ux_total },
	{ "VM", 20, true, true, f_ux_vm, NULL },
};

void kvm_uexit_table(const struct pane *p, struct table_src *t)
{
	const struct kvm_snapshot *s = p->snap;

	*t = (struct table_src){
		.cols = ux_cols,
		.nr_cols = sizeof(ux_cols) / sizeof(ux_cols[0]),
		.default_sort = 1,
		.default_desc = true,
		.rows = s ? s->uexit : NULL,
		.nr_rows = s ? s->nr_uexit : 0,
		.row_size = sizeof(struct kvm_uexit_row),
		.interval_s = s ? s->interval_s : 0,
		.row_name = f_ux_vm_raw,
	};
}

/* ---- MMIO and MSR ---- */
static const char *mmio_type(uint32_t type)
{
	return type == 2 ? "write" : type == 1 ? "read" : "unsatisfied_read";
}

CMP_FIELD(cmp_mmio_count, struct kvm_mmio_row, count)
F_VM(f_mmio_vm, struct kvm_mmio_row)
F_U64(f_mmio_count, struct kvm_mmio_row, count)
F_U64(f_mmio_total, struct kvm_mmio_row, total)

static void f_mmio_addr(const void *r, double iv, char *buf, size_t len)
{
	const struct kvm_mmio_row *m = r;

	snprintf(buf, len, "0x%llx:%s/%u", (unsigned long long)m->gpa, mmio_type(m->type), m->len);
}

static const struct column mmio_cols[] = {
	{ "GPA:TYPE/LEN", 24, true, false, f_mmio_addr, NULL },
	{ "EXITS", 9, false, false, f_mmio_count, cmp_mmio_count },
	{ "TOTAL", 10, false, false, f_mmio_total, NULL },
	{ "VM", 20, true, true, f_mmio_vm, NULL },
};

void kvm_mmio_table(const struct pane *p, struct table_src *t)
{
	const struct kvm_snapshot *s = p->snap;

	*t = (struct table_src){
		.cols = mmio_cols,
		.nr_cols = sizeof(mmio_cols) / sizeof(mmio_cols[0]),
		.default_sort = 1,
		.default_desc = true,
		.rows = s ? s->mmio : NULL,
		.nr_rows = s ? s->nr_mmio : 0,
		.row_size = sizeof(struct kvm_mmio_row),
		.interval_s = s ? s->interval_s : 0,
		.row_name = f_mmio_vm_raw,
	};
}

CMP_FIELD(cmp_msr_count, struct kvm_msr_row, count)
F_VM(f_msr_vm, struct kvm_msr_row)
F_U64(f_msr_count, struct kvm_msr_row, count)
F_U64(f_msr_total, struct kvm_msr_row, total)

static void f_msr_id(const void *r, double iv, char *buf, size_t len)
{
	const struct kvm_msr_row *m = r;

	snprintf(buf, len, "0x%x:%s%s", m->msr, m->write ? "wrmsr" : "rdmsr",
		 m->exception ? "!GP" : "");
}

static const struct column msr_cols[] = {
	{ "MSR:ACCESS", 18, true, false, f_msr_id, NULL },
	{ "EXITS", 9, false, false, f_msr_count, cmp_msr_count },
	{ "TOTAL", 10, false, false, f_msr_total, NULL },
	{ "VM", 20, true, true, f_msr_vm, NULL },
};

void kvm_msr_table(const struct pane *p, struct table_src *t)
{
	const struct kvm_snapshot *s = p->snap;

	*t = (struct table_src){
		.cols = msr_cols,
		.nr_cols = sizeof(msr_cols) / sizeof(msr_cols[0]),
		.default_sort = 1,
		.default_desc = true,
		.rows = s ? s->msr : NULL,
		.nr_rows = s ? s->nr_msr : 0,
		.row_size = sizeof(struct kvm_msr_row),
		.interval_s = s ? s->interval_s : 0,
		.row_name = f_msr_vm_raw,
	};
}

/* ---- VM exits by reason ---- */
#define CMP_STAT(fn, expr)                                   \
	static double fn##_key(const struct kvm_exit_row *x) \
	{                                                    \
		return (expr);                               \
	}                                                    \
	static int fn(const void *a, const void *b)          \
	{                                                    \
		double u = fn##_key(a), v = fn##_key(b);     \
		return u < v ? -1 : u > v;                   \
	}

CMP_STAT(cmp_x_samples, (double)x->iv.count)
CMP_STAT(cmp_x_time, (double)x->iv.sum_ns)
CMP_STAT(cmp_x_mean, exit_stats_mean(&x->iv))
CMP_STAT(cmp_x_max, (double)x->iv.max_ns)
CMP_STAT(cmp_x_min, (double)x->iv.min_ns)
CMP_STAT(cmp_x_cum_samples, (double)x->cum.count)
CMP_STAT(cmp_x_cum_mean, exit_stats_mean(&x->cum))
CMP_STAT(cmp_x_cum_max, (double)x->cum.max_ns)

static int cmp_x_name(const void *a, const void *b)
{
	return strcmp(((const struct kvm_exit_row *)a)->name,
		      ((const struct kvm_exit_row *)b)->name);
}

static void f_x_who(const void *r, double iv, char *buf, size_t len)
{
	const struct kvm_exit_row *x = r;
	char vm[256];

	esc_cstr(x->vm, vm, sizeof(vm));
	if (x->scope == KVM_SCOPE_VCPU)
		snprintf(buf, len, "%s tid %d", vm, (int)x->tid);
	else
		snprintf(buf, len, "%s", vm);
}

/* the v key shows one vCPU thread's rows at a time */
static long x_vcpu(const void *r)
{
	const struct kvm_exit_row *x = r;

	return x->scope == KVM_SCOPE_VCPU ? (long)x->tid : 0;
}

static const char *x_key(const void *r)
{
	return ((const struct kvm_exit_row *)r)->key;
}

static void f_x_name(const void *r, double iv, char *buf, size_t len)
{
	const struct kvm_exit_row *x = r;
	char flags[128];

	if (x->flags)
		snprintf(buf, len, "%s+%s", x->name, kvm_vmx_flags(x->flags, flags, sizeof(flags)));
	else
		snprintf(buf, len, "%s", x->name);
}

static void f_x_samples(const void *r, double iv, char *buf, size_t len)
{
	snprintf(buf, len, "%llu", (unsigned long long)((const struct kvm_exit_row *)r)->iv.count);
}

static void f_x_spct(const void *r, double iv, char *buf, size_t len)
{
	snprintf(buf, len, "%.2f", ((const struct kvm_exit_row *)r)->samples_pct);
}

static void f_x_tpct(const void *r, double iv, char *buf, size_t len)
{
	snprintf(buf, len, "%.2f", ((const struct kvm_exit_row *)r)->time_pct);
}

static void f_x_min(const void *r, double iv, char *buf, size_t len)
{
	const struct kvm_exit_row *x = r;

	if (x->iv.count)
		fmt_ns(buf, len, x->iv.min_ns);
	else
		snprintf(buf, len, "-");
}

static void f_x_max(const void *r, double iv, char *buf, size_t len)
{
	const struct kvm_exit_row *x = r;

	if (x->iv.count)
		fmt_ns(buf, len, x->iv.max_ns);
	else
		snprintf(buf, len, "-");
}

static void f_x_mean(const void *r, double iv, char *buf, size_t len)
{
	const struct kvm_exit_row *x = r;

	if (x->iv.count)
		fmt_ns(buf, len, (uint64_t)exit_stats_mean(&x->iv));
	else
		snprintf(buf, len, "-");
}

static void f_x_sd(const void *r, double iv, char *buf, size_t len)
{
	double sd;

	if (exit_stats_stddev(&((const struct kvm_exit_row *)r)->iv, &sd))
		fmt_ns(buf, len, (uint64_t)sd);
	else
		snprintf(buf, len, "-");
}

static void f_x_rse(const void *r, double iv, char *buf, size_t len)
{
	double pct;

	if (exit_stats_rel_stderr_pct(&((const struct kvm_exit_row *)r)->iv, &pct))
		snprintf(buf, len, "%.2f", pct);
	else
		snprintf(buf, len, "-");
}

/* since cvtop started: the cumulative mode, by sorting on these */
static void f_x_cum_samples(const void *r, double iv, char *buf, size_t len)
{
	snprintf(buf, len, "%llu", (unsigned long long)((const struct kvm_exit_row *)r)->cum.count);
}

static void f_x_cum_mean(const void *r, double iv, char *buf, size_t len)
{
	const struct kvm_exit_row *x = r;

	if (x->cum.count)
		fmt_ns(buf, len, (uint64_t)exit_stats_mean(&x->cum));
	else
		snprintf(buf, len, "-");
}

static void f_x_cum_max(const void *r, double iv, char *buf, size_t len)
{
	const struct kvm_exit_row *x = r;

	if (x->cum.count)
		fmt_ns(buf, len, x->cum.max_ns);
	else
		snprintf(buf, len, "-");
}

static const struct column exit_cols[] = {
	{ "REASON", 28, true, false, f_x_name, cmp_x_name },
	{ "SAMPLES", 8, false, false, f_x_samples, cmp_x_samples },
	{ "SAMPL%", 6, false, false, f_x_spct, cmp_x_samples },
	{ "TIME%", 6, false, false, f_x_tpct, cmp_x_time },
	{ "MIN", 7, false, false, f_x_min, cmp_x_min },
	{ "MAX", 7, false, false, f_x_max, cmp_x_max },
	{ "MEAN", 7, false, false, f_x_mean, cmp_x_mean },
	{ "STDDEV", 7, false, false, f_x_sd, NULL },
	/* what perf prints as "+-": the relative standard error of the mean */
	{ "SEM%", 6, false, false, f_x_rse, NULL },
	{ "ALL N", 9, false, false, f_x_cum_samples, cmp_x_cum_samples },
	{ "ALLMEAN", 7, false, false, f_x_cum_mean, cmp_x_cum_mean },
	{ "ALLMAX", 7, false, false, f_x_cum_max, cmp_x_cum_max },
	{ "VM", 20, true, true, f_x_who, NULL },
};

void kvm_exit_table(const struct pane *p, struct table_src *t)
{
	const struct kvm_snapshot *s = p->snap;
	bool ok = s && s->exits_ok;

	*t = (struct table_src){
		.cols = exit_cols,
		.nr_cols = sizeof(exit_cols) / sizeof(exit_cols[0]),
		.default_sort = 1,
		.default_desc = true,
		.rows = ok ? s->exits : NULL,
		.nr_rows = ok ? s->nr_exits : 0,
		.row_size = sizeof(struct kvm_exit_row),
		.interval_s = s ? s->interval_s : 0,
		.row_name = x_key,
		.row_group = x_vcpu,
	};
}

/* The table the UI navigates: exits where they can be seen, else port I/O. */
void kvm_table(const struct pane *p, struct table_src *t)
{
	const struct kvm_snapshot *s = p->snap;

	if (s && s->exits_ok)
		kvm_exit_table(p, t);
	else
		kvm_pio_table(p, t);
}

void kvm_write_text(FILE *f, const struct pane *p)
{
	const struct kvm_snapshot *s = p->snap;
	char reason[2048];
	struct table_src t;

	out_text_pane_head(f, p);
	if (p->status != PANE_OK || !s)
		return;
	if (s->exits_ok) {
		fprintf(f, "VM exits by reason (%s); SEM%% is perf's \"+-\":\n", s->exits_method);
		kvm_exit_table(p, &t);
		table_write_text(f, &t, TEXT_WIDTH, 0);
	} else {
		esc_cstr(s->exits_reason, reason, sizeof(reason));
		fprintf(f, "VM exits by reason: unavailable: %s\n", reason);
	}
	fprintf(f, "port I/O (kvm_pio):\n");
	kvm_pio_table(p, &t);
	table_write_text(f, &t, TEXT_WIDTH, 0);
	fprintf(f, "exits to the VMM (kvm_userspace_exit):\n");
	kvm_uexit_table(p, &t);
	table_write_text(f, &t, TEXT_WIDTH, 0);
	fprintf(f, "MMIO (kvm_mmio):\n");
	kvm_mmio_table(p, &t);
	table_write_text(f, &t, TEXT_WIDTH, 0);
	fprintf(f, "MSR accesses (kvm_msr):\n");
	kvm_msr_table(p, &t);
	table_write_text(f, &t, TEXT_WIDTH, 0);
}

static void write_hist(struct json_writer *jw, const uint64_t *h)
{
	int last = KVM_HIST_SLOTS - 1, i;

	while (last >= 0 && !h[last])
		last--;
	jw_start_array(jw);
	for (i = 0; i <= last; i++)
		jw_uint(jw, h[i]);
	jw_end_array(jw);
}

static void write_stats(struct json_writer *jw, const struct exit_stats *st)
{
	double v;

	jw_uint_field(jw, "count", st->count);
	jw_uint_field(jw, "sum_ns", st->sum_ns);
	if (st->count) {
		jw_uint_field(jw, "min_ns", st->min_ns);
		jw_uint_field(jw, "max_ns", st->max_ns);
		jw_float_field(jw, "mean_ns", exit_stats_mean(st), 1);
	} else {
		jw_null_field(jw, "min_ns");
		jw_null_field(jw, "max_ns");
		jw_null_field(jw, "mean_ns");
	}
	if (exit_stats_stddev(st, &v))
		jw_float_field(jw, "stddev_ns", v, 1);
	else
		jw_null_field(jw, "stddev_ns");
	if (exit_stats_rel_stderr_pct(st, &v))
		jw_float_field(jw, "rel_stderr_pct", v, 3);
	else
		jw_null_field(jw, "rel_stderr_pct");
}

static void write_exit_row(struct json_writer *jw, const struct kvm_exit_row *r)
{
	static const char *const scopes[] = { "all", "vm", "vcpu" };
	char flags[128];

	jw_start_object(jw);
	jw_string_field(jw, "scope", scopes[r->scope]);
	jw_int_field(jw, "pid", r->pid);
	jw_int_field(jw, "tid", r->tid);
	jw_string_field(jw, "vm", r->vm);
	jw_string_field(jw, "isa", kvm_isa_name(r->isa));
	jw_uint_field(jw, "reason", r->reason);
	jw_string_field(jw, "name", r->name);
	jw_string_field(jw, "flags", kvm_vmx_flags(r->flags, flags, sizeof(flags)));
	jw_uint_field(jw, "flag_bits", r->flags);
	jw_uint_field(jw, "flagged", r->flagged);
	jw_name(jw, "interval");
	jw_start_object(jw);
	write_stats(jw, &r->iv);
	jw_float_field(jw, "samples_pct", r->samples_pct, 3);
	jw_float_field(jw, "time_pct", r->time_pct, 3);
	jw_name(jw, "hist_log2_ns");
	write_hist(jw, r->hist);
	jw_end_object(jw);
	jw_name(jw, "total");
	jw_start_object(jw);
	write_stats(jw, &r->cum);
	jw_end_object(jw);
	jw_end_object(jw);
}

static void write_exits(struct json_writer *jw, const struct kvm_snapshot *s)
{
	size_t i;

	jw_name(jw, "exits");
	jw_start_object(jw);
	jw_string_field(jw, "status", s->exits_ok ? "ok" : "unavailable");
	if (s->exits_ok) {
		jw_null_field(jw, "reason");
		jw_string_field(jw, "method", s->exits_method);
	} else {
		jw_string_field(jw, "reason", s->exits_reason);
		jw_null_field(jw, "method");
	}
	jw_name(jw, "rows");
	if (s->exits_ok) {
		jw_start_array(jw);
		for (i = 0; i < s->nr_exits; i++)
			write_exit_row(jw, &s->exits[i]);
		jw_end_array(jw);
	} else {
		jw_null(jw);
	}
	jw_end_object(jw);
}

static void write_vm(struct json_writer *jw, pid_t pid, const char *vm)
{
	jw_int_field(jw, "pid", pid);
	jw_string_field(jw, "vm", vm);
}

void kvm_write_json(struct json_writer *jw, const struct pane *p)
{
	const struct kvm_snapshot *s = p->snap;
	size_t i;

	jw_start_object(jw);
	out_json_pane_head(jw, p);
	if (p->status == PANE_OK && s) {
		write_exits(jw, s);
		jw_name(jw, "ioport");
		jw_start_array(jw);
		for (i = 0; i < s->nr_pio; i++) {
			const struct kvm_pio_row *r = &s->pio[i];

			jw_start_object(jw);
			write_vm(jw, r->pid, r->vm);
			jw_uint_field(jw, "port", r->port);
			jw_string_field(jw, "dir", r->write ? "out" : "in");
			jw_uint_field(jw, "size", r->size);
			jw_uint_field(jw, "exits", r->exits);
			jw_uint_field(jw, "exits_total", r->exits_total);
			jw_uint_field(jw, "items", r->items);
			jw_uint_field(jw, "items_total", r->items_total);
			jw_end_object(jw);
		}
		jw_end_array(jw);
		jw_name(jw, "userspace_exits");
		jw_start_array(jw);
		for (i = 0; i < s->nr_uexit; i++) {
			const struct kvm_uexit_row *r = &s->uexit[i];

			jw_start_object(jw);
			write_vm(jw, r->pid, r->vm);
			jw_uint_field(jw, "reason", r->reason);
			jw_string_field(jw, "name", r->name);
			jw_uint_field(jw, "count", r->count);
			jw_uint_field(jw, "total", r->total);
			jw_end_object(jw);
		}
		jw_end_array(jw);
		jw_name(jw, "mmio");
		jw_start_array(jw);
		for (i = 0; i < s->nr_mmio; i++) {
			const struct kvm_mmio_row *r = &s->mmio[i];

			jw_start_object(jw);
			write_vm(jw, r->pid, r->vm);
			jw_uint_field(jw, "gpa", r->gpa);
			jw_string_field(jw, "type", mmio_type(r->type));
			jw_uint_field(jw, "len", r->len);
			jw_uint_field(jw, "count", r->count);
			jw_uint_field(jw, "total", r->total);
			jw_end_object(jw);
		}
		jw_end_array(jw);
		jw_name(jw, "msr");
		jw_start_array(jw);
		for (i = 0; i < s->nr_msr; i++) {
			const struct kvm_msr_row *r = &s->msr[i];

			jw_start_object(jw);
			write_vm(jw, r->pid, r->vm);
			jw_uint_field(jw, "msr", r->msr);
			jw_string_field(jw, "dir", r->write ? "wrmsr" : "rdmsr");
			jw_bool_field(jw, "exception", r->exception);
			jw_uint_field(jw, "count", r->count);
			jw_uint_field(jw, "total", r->total);
			jw_end_object(jw);
		}
		jw_end_array(jw);
	}
	jw_end_object(jw);
}
