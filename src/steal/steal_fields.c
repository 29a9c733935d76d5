// SPDX-License-Identifier: GPL-2.0
/* Pane 4's fields: every output (JSON, replay, text, columns, help,
 * metrics) derives from these declarations. */
#include <stddef.h>
#include <stdio.h>
#include "escape.h"
#include "out.h"
#include "pane.h"
#include "schema.h"
#include "steal.h"
#include "table.h"

#define CPU(r) ((const struct steal_cpu_row *)(r))
#define VM(r) ((const struct steal_vm_row *)(r))
#define C(m) offsetof(struct steal_cpu_row, m)
#define V(m) offsetof(struct steal_vm_row, m)
#define SNAP(m) offsetof(struct steal_snapshot, m)
#define TEXT_WIDTH 120

double steal_cpu_pct(const struct steal_cpu_row *r)
{
	/* as the collector's cpu_ticks_steal_pct() of the same ticks */
	return r->total_ticks ? 100.0 * (double)r->steal_ticks / (double)r->total_ticks : 0;
}

static double cpu_pct(const void *r, double iv)
{
	return steal_cpu_pct(r);
}

static void f_cpu(const struct field *f, const void *r, double iv, char *buf, size_t len)
{
	snprintf(buf, len, "cpu%d", CPU(r)->cpu);
}

static void f_ticks(const struct field *f, const void *r, double iv, char *buf, size_t len)
{
	snprintf(buf, len, "%llu/%llu", (unsigned long long)CPU(r)->steal_ticks,
		 (unsigned long long)CPU(r)->total_ticks);
}

/* USER_HZ is 100 wherever Linux runs; node_exporter assumes it too */
#define TICK_S 0.01

/* the per-CPU rows; the total is the same figures without "cpu" */
static const struct field cpu_fields[] = {
	{ .key = "cpu",
	  .type = FT_INT,
	  .off = C(cpu),
	  .col = 1,
	  .header = "CPU",
	  .width = 6,
	  .flags = FF_LEFT,
	  .format = f_cpu,
	  .label = "cpu" },
	{ .key = "steal_pct",
	  .type = FT_DOUBLE,
	  .derive = cpu_pct,
	  .decimals = 3,
	  .col = 2,
	  .header = "STEAL%",
	  .width = 7,
	  .fmt = FMT_FIXED,
	  .prec = 1,
	  .help = "of the CPU's time, stolen by the hypervisor (/proc/stat)",
	  .metric = METRIC_GAUGE,
	  .metric_name = "guest_steal_ratio",
	  .metric_scale = 0.01 },
	{ .key = "steal_ticks",
	  .type = FT_U64,
	  .off = C(steal_ticks),
	  /* the history is drawn by the UI; batch output has one snapshot per interval */
	  .col = 3,
	  .header = "TICKS",
	  .width = 11,
	  .format = f_ticks,
	  .help = "stolen / all USER_HZ ticks",
	  .metric = METRIC_COUNTER,
	  .metric_name = "guest_steal_seconds",
	  .metric_scale = TICK_S,
	  .metric_unit = "seconds" },
	{ .key = "total_ticks",
	  .type = FT_U64,
	  .off = C(total_ticks),
	  .help = "ticks of the CPU in every mode",
	  .metric = METRIC_COUNTER,
	  .metric_name = "guest_cpu_seconds",
	  .metric_scale = TICK_S,
	  .metric_unit = "seconds" },
};

static const struct table_def steal_cpus = {
	.name = "steal.guest.cpus",
	.row_size = sizeof(struct steal_cpu_row),
	.fields = cpu_fields,
	.nr_fields = NR_FIELDS(cpu_fields),
	.default_sort = 1,
	.text_width = TEXT_WIDTH,
};

static void f_vcpus(const struct field *f, const void *r, double iv, char *buf, size_t len)
{
	/* threads measured; '*' when they could not be told apart by name */
	snprintf(buf, len, "%d/%d%s", VM(r)->nr_vcpus, VM(r)->nr_threads,
		 VM(r)->threads_by_name ? "" : "*");
}

static const struct field vm_fields[] = {
	{ .key = "pid",
	  .type = FT_INT,
	  .off = V(pid),
	  .col = 1,
	  .header = "PID",
	  .width = 8,
	  .help = "the VMM process",
	  .label = "pid" },
	{ .key = "name",
	  .type = FT_STR,
	  .off = V(name),
	  .col = 7,
	  .header = "VM",
	  .width = 20,
	  .flags = FF_LEFT | FF_FLEX,
	  .help = "the VM's name, from the VMM's command line, else its process",
	  .label = "vm" },
	{ .key = "named", .type = FT_BOOL, .off = V(named) },
	{ .key = "vcpus",
	  .type = FT_INT,
	  .off = V(nr_vcpus),
	  .col = 2,
	  .header = "VCPUS/THR",
	  .width = 9,
	  .format = f_vcpus,
	  .help = "vCPU fds / threads measured, * = threads not told apart by name",
	  .metric = METRIC_GAUGE,
	  .metric_name = "vm_vcpus" },
	{ .key = "threads",
	  .type = FT_INT,
	  .off = V(nr_threads),
	  .metric = METRIC_GAUGE,
	  .metric_name = "vm_vcpu_threads" },
	{ .key = "threads_by_name", .type = FT_BOOL, .off = V(threads_by_name) },
	{ .key = "wait_ns",
	  .type = FT_U64,
	  .off = V(wait_ns),
	  .col = 4,
	  .header = "WAITED",
	  .width = 8,
	  .fmt = FMT_NS,
	  .help = "run-queue wait of its vCPU threads",
	  .metric = METRIC_COUNTER,
	  .metric_name = "vm_vcpu_wait_seconds",
	  .metric_scale = 1e-9,
	  .metric_unit = "seconds" },
	{ .key = "waits",
	  .type = FT_U64,
	  .off = V(waits),
	  .col = 5,
	  .header = "WAITS/s",
	  .width = 8,
	  .fmt = FMT_RATE,
	  .help = "their waits that ended",
	  .metric = METRIC_COUNTER,
	  .metric_name = "vm_vcpu_waits" },
	{ .key = "max_thread_wait_ns",
	  .type = FT_U64,
	  .off = V(max_thread_wait_ns),
	  .col = 6,
	  .header = "MAXVCPU",
	  .width = 8,
	  .fmt = FMT_NS,
	  .help = "wait of the thread that waited longest",
	  .metric = METRIC_GAUGE,
	  .metric_name = "vm_vcpu_thread_wait_max_seconds",
	  .metric_scale = 1e-9,
	  .metric_unit = "seconds" },
	{ .key = "steal_pct",
	  .type = FT_DOUBLE,
	  .off = V(steal_pct),
	  .decimals = 3,
	  .col = 3,
	  .header = "STEAL%",
	  .width = 7,
	  .fmt = FMT_FIXED,
	  .prec = 1,
	  .help = "run-queue wait of its vCPU threads / (interval x vCPUs)",
	  .metric = METRIC_GAUGE,
	  .metric_name = "vm_steal_ratio",
	  .metric_scale = 0.01 },
};

static const char *vm_name(const void *r)
{
	return VM(r)->name;
}

static const struct table_def steal_vms = {
	.name = "steal.host.vms",
	.row_size = sizeof(struct steal_vm_row),
	.fields = vm_fields,
	.nr_fields = NR_FIELDS(vm_fields),
	.default_sort = 3,
	.default_desc = true,
	.row_name = vm_name,
	.text_width = TEXT_WIDTH,
};

#define SNAP_OF(s) ((const struct steal_snapshot *)(s))

static void guest_text(FILE *f, const struct field *fd, const void *s, const struct pane *p)
{
	const struct steal_cpu_row *t = &SNAP_OF(s)->total;
	char reason[1024];

	if (SNAP_OF(s)->guest_ok) {
		fprintf(f, "guest: steal %.1f%% of all CPUs (%llu/%llu ticks)\n", steal_cpu_pct(t),
			(unsigned long long)t->steal_ticks, (unsigned long long)t->total_ticks);
		return;
	}
	esc_cstr(SNAP_OF(s)->guest_reason, reason, sizeof(reason));
	fprintf(f, "guest: unavailable: %s\n", reason);
}

/* the steal clock is a guest's figure: its line follows the guest's */
static void cpustolen_text(FILE *f, const struct field *fd, const void *s, const struct pane *p)
{
	const struct steal_snapshot *sn = s;
	char reason[1024];

	if (sn->cpustolen_ok) {
		fprintf(f, "guest: steal clock (%s): %llu calls added steal, %llu ns\n",
			sn->cpustolen_method, (unsigned long long)sn->cpustolen_calls,
			(unsigned long long)sn->cpustolen_ns);
		return;
	}
	esc_cstr(sn->cpustolen_reason, reason, sizeof(reason));
	fprintf(f, "guest: per-call steal deltas unavailable: %s\n", reason);
}

static const struct field guest_fields[] = {
	{ .type = FT_STATUS,
	  .off = SNAP(guest_reason),
	  .nr = sizeof(((struct steal_snapshot *)0)->guest_reason),
	  .present = PRESENT(struct steal_snapshot, guest_ok),
	  .text = guest_text },
	{ .key = "user_hz", .type = FT_INT, .off = SNAP(user_hz) },
	{ .key = "total",
	  .type = FT_OBJECT,
	  .off = SNAP(total),
	  .flags = FF_NO_METRIC,
	  .sub = cpu_fields + 1, /* all but "cpu" */
	  .nr_sub = NR_FIELDS(cpu_fields) - 1 },
	{ .key = "cpus",
	  .type = FT_TABLE,
	  .off = SNAP(cpus),
	  .count = SNAP(nr_cpus),
	  .table = &steal_cpus },
	{ .type = FT_NONE, .text = cpustolen_text },
};

static void host_text(FILE *f, const struct field *fd, const void *s, const struct pane *p)
{
	char reason[1024];

	if (SNAP_OF(s)->host_ok) {
		fprintf(f, "host: vCPU threads' run-queue wait (the steal their guests see):\n");
		return;
	}
	esc_cstr(SNAP_OF(s)->host_reason, reason, sizeof(reason));
	fprintf(f, "host: unavailable: %s\n", reason);
}

const struct field steal_host_fields[NR_STEAL_HOST_FIELDS] = {
	{ .type = FT_STATUS,
	  .off = SNAP(host_reason),
	  .nr = sizeof(((struct steal_snapshot *)0)->host_reason),
	  .present = PRESENT(struct steal_snapshot, host_ok),
	  .text = host_text },
	{ .key = "vms",
	  .type = FT_TABLE,
	  .off = SNAP(vms),
	  .count = SNAP(nr_vms),
	  .table = &steal_vms },
};

#define STOLEN_OK PRESENT(struct steal_snapshot, cpustolen_ok)

/* absent, not null, while the steal clock cannot be watched */
static const struct field cpustolen_fields[] = {
	{ .type = FT_STATUS,
	  .off = SNAP(cpustolen_reason),
	  .nr = sizeof(((struct steal_snapshot *)0)->cpustolen_reason),
	  .present = STOLEN_OK },
	{ .key = "method",
	  .type = FT_CHARS,
	  .off = SNAP(cpustolen_method),
	  .nr = sizeof(((struct steal_snapshot *)0)->cpustolen_method),
	  .present = STOLEN_OK,
	  .flags = FF_OMIT },
	{ .key = "calls",
	  .type = FT_U64,
	  .off = SNAP(cpustolen_calls),
	  .present = STOLEN_OK,
	  .flags = FF_OMIT,
	  .help = "steal clock reads that found steal added since the last",
	  .metric = METRIC_COUNTER,
	  .metric_name = "guest_steal_clock_steps" },
	{ .key = "steal_ns",
	  .type = FT_U64,
	  .off = SNAP(cpustolen_ns),
	  .present = STOLEN_OK,
	  .flags = FF_OMIT,
	  .help = "the steal they added",
	  .metric = METRIC_COUNTER,
	  .metric_name = "guest_steal_clock_seconds",
	  .metric_scale = 1e-9,
	  .metric_unit = "seconds" },
	{ .key = "hist_log2_ns",
	  .type = FT_HIST,
	  .off = SNAP(cpustolen_hist),
	  .nr = CPUSTOLEN_HIST_SLOTS,
	  .present = STOLEN_OK,
	  .flags = FF_OMIT,
	  .help = "steal added per steal clock read, by log2 of ns",
	  .metric = METRIC_HISTOGRAM,
	  .metric_name = "guest_steal_clock_step_seconds",
	  .metric_scale = 1e-9,
	  .metric_unit = "seconds",
	  .sum_field = SNAP(cpustolen_ns) },
};

const struct field steal_fields[NR_STEAL_FIELDS] = {
	{ .key = "guest",
	  .type = FT_OBJECT,
	  .sub = guest_fields,
	  .nr_sub = NR_FIELDS(guest_fields) },
	{ .key = "host",
	  .type = FT_OBJECT,
	  .sub = steal_host_fields,
	  .nr_sub = NR_STEAL_HOST_FIELDS },
	{ .key = "cpustolen",
	  .type = FT_OBJECT,
	  .sub = cpustolen_fields,
	  .nr_sub = NR_FIELDS(cpustolen_fields) },
};

void steal_cpu_table(const struct pane *p, struct table_src *t)
{
	const struct steal_snapshot *s = p->snap;

	schema_field_table(&guest_fields[3], s, s ? s->interval_s : 0, t);
}

void steal_vm_table(const struct pane *p, struct table_src *t)
{
	pane_schema_table(p, t);
}
