// SPDX-License-Identifier: GPL-2.0
/* The fields of pane 5's exit table: one row per exit reason of a scope
 * (all VMs, a VM, a vCPU thread), with perf kvm stat's figures. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include "escape.h"
#include "exit_reasons.h"
#include "exit_stats.h"
#include "jsondom.h"
#include "kvm.h"
#include "schema.h"
#include "stats_fields.h"

#define ROW(r) ((const struct kvm_exit_row *)(r))
#define X(m) offsetof(struct kvm_exit_row, m)

/* null when there is no such figure: no exit, or too few for a spread */
double kvm_stats_mean(const void *s, double iv)
{
	return ((const struct exit_stats *)s)->count ? exit_stats_mean(s) : NAN;
}

double kvm_stats_sd(const void *s, double iv)
{
	double v;

	return exit_stats_stddev(s, &v) ? v : NAN;
}

double kvm_stats_rse(const void *s, double iv)
{
	double v;

	return exit_stats_rel_stderr_pct(s, &v) ? v : NAN;
}

/* The sum of squares is not recorded: rebuilt from the standard deviation
 * (count and sum_ns, read before it, give the rest). */
int kvm_stats_read_sumsq(const struct field *f, const struct jv *obj, void *s,
			 struct jv_arena **arena)
{
	struct exit_stats *st = s;
	long double n = st->count, sum = st->sum_ns, var;

	var = jv_num(jv_get(obj, "stddev_ns"), 0);
	var *= var;
	if (!st->count)
		st->sumsq = 0;
	else if (var == 0) /* no spread: exactly, where the rounding below would make one */
		st->sumsq = (unsigned __int128)st->sum_ns * st->sum_ns / st->count;
	else if (!(var * (n - 1) + sum * sum / n < 3.4e38L)) /* not a recorded value */
		st->sumsq = 0;
	else
		st->sumsq = (unsigned __int128)(var * (n - 1) + sum * sum / n + 0.5L);
	return 0;
}

static const struct field iv_stats[] = {
	{ COUNT_F(2, "SAMPLES", 8),
	  .help = "exits of the reason handled (kvm_exit to the next kvm_entry)",
	  .metric = METRIC_COUNTER, .metric_name = "kvm_exits" },
	{ SUM_F },
	{ NS_F("min_ns", min_ns, 5, "MIN"),
	  .help = "the shortest handling of one exit (kvm_exit to kvm_entry)",
	  .metric = METRIC_GAUGE, .metric_name = "kvm_exit_handling_min_seconds" },
	{ NS_F("max_ns", max_ns, 6, "MAX"), .help = "the longest", .metric = METRIC_GAUGE,
	  .metric_name = "kvm_exit_handling_max_seconds" },
	{ MEAN_F(7, "MEAN"), .help = "the mean" },
	{ SD_F(8, "STDDEV"), .help = "standard deviation of one exit's handling" },
	{ RSE_F(9, "SEM%"),
	  .help = "what perf kvm stat calls +-: the relative standard error of the mean" },
};

static const struct field cum_stats[] = {
	{ COUNT_F(10, "ALL N", 9),
	  .help = "exits since cvtop started (sort on these: cumulative)" },
	{ SUM_F },
	{ NS_F("min_ns", min_ns, 0, NULL) },
	{ NS_F("max_ns", max_ns, 12, "ALLMAX"), .help = "the longest since cvtop started" },
	{ MEAN_F(11, "ALLMEAN"), .help = "the mean since cvtop started" },
	{ SD_F(0, NULL) },
	{ RSE_F(0, NULL) },
};

/* SAMPL% and TIME% are shares of their scope: rows sort by what they count */
static int cmp_samples(const struct field *f, const void *a, const void *b)
{
	return ROW(a)->iv.count < ROW(b)->iv.count ? -1 : ROW(a)->iv.count > ROW(b)->iv.count;
}

static int cmp_time(const struct field *f, const void *a, const void *b)
{
	return ROW(a)->iv.sum_ns < ROW(b)->iv.sum_ns ? -1 : ROW(a)->iv.sum_ns > ROW(b)->iv.sum_ns;
}

static const struct field interval_fields[] = {
	{ .type = FT_OBJECT, .off = X(iv), .sub = iv_stats, .nr_sub = NR_FIELDS(iv_stats) },
	{ .key = "samples_pct",
	  .type = FT_DOUBLE,
	  .off = X(samples_pct),
	  .decimals = 3,
	  .col = 3,
	  .header = "SAMPL%",
	  .width = 6,
	  .fmt = FMT_FIXED,
	  .prec = 2,
	  .compare = cmp_samples,
	  .help = "its share of the exits of the VM (of all VMs, of the vCPU thread)" },
	{ .key = "time_pct",
	  .type = FT_DOUBLE,
	  .off = X(time_pct),
	  .decimals = 3,
	  .col = 4,
	  .header = "TIME%",
	  .width = 6,
	  .fmt = FMT_FIXED,
	  .prec = 2,
	  .compare = cmp_time,
	  .help = "its share of their handling time" },
	{ .key = "hist_log2_ns",
	  .type = FT_HIST,
	  .off = X(hist),
	  .nr = KVM_HIST_SLOTS,
	  .help = "exits by log2 of their handling time in ns",
	  .metric = METRIC_HISTOGRAM,
	  .metric_name = "kvm_exit_handling_seconds",
	  .metric_scale = 1e-9,
	  .metric_unit = "seconds",
	  .sum_field = X(iv.sum_ns) },
};

static const char *const scope_names[] = { "all", "vm", "vcpu" };
/* by KVM_ISA_*: the kernel's for x86, cvtop's own for arm64 */
static const char *const isa_names[] = { "unknown", "VMX", "SVM", "ARM64" };

static const char *x_flags(const void *r, char *buf, size_t len)
{
	return kvm_vmx_flags(ROW(r)->flags, buf, len);
}

static void f_name(const struct field *f, const void *r, double iv, char *buf, size_t len)
{
	char flags[128];

	if (ROW(r)->flags)
		snprintf(buf, len, "%s+%s", ROW(r)->name,
			 kvm_vmx_flags(ROW(r)->flags, flags, sizeof(flags)));
	else
		snprintf(buf, len, "%s", ROW(r)->name);
}

static void f_who(const struct field *f, const void *r, double iv, char *buf, size_t len)
{
	char vm[256];

	esc_cstr(ROW(r)->vm ?: "", vm, sizeof(vm));
	if (ROW(r)->scope == KVM_SCOPE_VCPU)
		snprintf(buf, len, "%s tid %d", vm, (int)ROW(r)->tid);
	else
		snprintf(buf, len, "%s", vm);
}

static const struct field exit_fields[] = {
	{ .key = "scope",
	  .type = FT_U32,
	  .off = X(scope),
	  .names = scope_names,
	  .nr = NR_FIELDS(scope_names),
	  .label = "scope" },
	{ .key = "pid", .type = FT_INT, .off = X(pid), .label = "pid" },
	{ .key = "tid", .type = FT_INT, .off = X(tid), .label = "tid" },
	{ .key = "vm", .type = FT_STR, .off = X(vm), .label = "vm" },
	{ .key = "isa",
	  .type = FT_U32,
	  .off = X(isa),
	  .names = isa_names,
	  .nr = NR_FIELDS(isa_names),
	  .label = "isa" },
	{ .key = "reason", .type = FT_U32, .off = X(reason) },
	{ .key = "name",
	  .type = FT_CHARS,
	  .off = X(name),
	  .nr = sizeof(((struct kvm_exit_row *)0)->name),
	  .col = 1,
	  .header = "REASON",
	  .width = 28,
	  .flags = FF_LEFT,
	  .format = f_name,
	  .help = "the exit reason, +VMX flag bits seen with it",
	  .label = "reason" },
	{ .key = "flags", .type = FT_STR, .derive_str = x_flags },
	{ .key = "flag_bits", .type = FT_U32, .off = X(flags) },
	{ .key = "flagged",
	  .type = FT_U64,
	  .off = X(flagged),
	  .metric = METRIC_COUNTER,
	  .metric_name = "kvm_exits_flagged" },
	{ .key = "interval",
	  .type = FT_OBJECT,
	  .sub = interval_fields,
	  .nr_sub = NR_FIELDS(interval_fields) },
	{ .key = "total",
	  .type = FT_OBJECT,
	  .off = X(cum),
	  .sub = cum_stats,
	  .nr_sub = NR_FIELDS(cum_stats) },
	{ .type = FT_NONE,
	  .col = 13,
	  .header = "VM",
	  .width = 20,
	  .flags = FF_LEFT | FF_FLEX,
	  .format = f_who,
	  .help = "the VM, and the vCPU thread of a row of one (v: one thread at a time)" },
};

/* the v key shows one vCPU thread's rows at a time */
static long x_vcpu(const void *r)
{
	return ROW(r)->scope == KVM_SCOPE_VCPU ? (long)ROW(r)->tid : 0;
}

static const char *x_key(const void *r)
{
	return ROW(r)->key;
}

/* the row's identity for the UI, as the collector makes it */
static int x_read(void *row, struct jv_arena **arena)
{
	struct kvm_exit_row *r = row;

	snprintf(r->key, sizeof(r->key), "%s/%d/%d/%u/%u", r->vm ?: "", (int)r->pid, (int)r->tid,
		 r->isa, r->reason);
	return 0;
}

const struct table_def kvm_exit_rows = {
	.name = "kvm.exits.rows",
	.row_size = sizeof(struct kvm_exit_row),
	.fields = exit_fields,
	.nr_fields = NR_FIELDS(exit_fields),
	.default_sort = 2,
	.default_desc = true,
	.row_name = x_key,
	.row_group = x_vcpu,
	.row_read = x_read,
	.text_width = KVM_TEXT_WIDTH,
};
