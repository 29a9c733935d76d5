/* SPDX-License-Identifier: GPL-2.0 */
/* The fields of one struct exit_stats (perf kvm stat's figures), for the
 * exit table (exit_fields.c) and the timed accesses (kvm_fields.c). */
#ifndef CVTOP_KVM_STATS_FIELDS_H
#define CVTOP_KVM_STATS_FIELDS_H

#include <stddef.h>
#include "exit_stats.h"
#include "schema.h"

#define ST(m) offsetof(struct exit_stats, m)

/* derived figures: NAN (null) when there is no such figure */
double kvm_stats_mean(const void *s, double iv);
double kvm_stats_sd(const void *s, double iv);
double kvm_stats_rse(const void *s, double iv);
/* the sum of squares, rebuilt from a recording's standard deviation */
int kvm_stats_read_sumsq(const struct field *f, const struct jv *obj, void *s,
			 struct jv_arena **arena);

/* one exit_stats' fields; c: its column or 0, h: header */
#define COUNT_F(c, h, w) \
	.key = "count", .type = FT_U64, .off = ST(count), .col = c, .header = h, .width = w
#define SUM_F .key = "sum_ns", .type = FT_U64, .off = ST(sum_ns)
#define NS_F(k, m, c, h)                                                                           \
	.key = k, .type = FT_U64, .off = ST(m), .flags = FF_NULL_WHEN | FF_DASH_ZERO,              \
	.when = ST(count), .col = c, .header = h, .width = 7, .fmt = FMT_NS, .metric_scale = 1e-9, \
	.metric_unit = "seconds"
#define MEAN_F(c, h)                                                                  \
	.key = "mean_ns", .type = FT_DOUBLE, .derive = kvm_stats_mean, .decimals = 1, \
	.flags = FF_NULL_NAN, .col = c, .header = h, .width = 7, .fmt = FMT_NS
#define SD_F(c, h)                                                                                \
	.key = "stddev_ns", .type = FT_DOUBLE, .derive = kvm_stats_sd,                            \
	.read = kvm_stats_read_sumsq, .decimals = 1, .flags = FF_NULL_NAN | FF_NO_SORT, .col = c, \
	.header = h, .width = 7, .fmt = FMT_NS
#define RSE_F(c, h)                                                                             \
	.key = "rel_stderr_pct", .type = FT_DOUBLE, .derive = kvm_stats_rse, .decimals = 3,     \
	.flags = FF_NULL_NAN | FF_NO_SORT, .col = c, .header = h, .width = 6, .fmt = FMT_FIXED, \
	.prec = 2

#endif
