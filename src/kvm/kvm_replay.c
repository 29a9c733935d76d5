// SPDX-License-Identifier: GPL-2.0
/* Pane 5 read back from a recording: the inverse of kvm_write_json(). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "jsondom.h"
#include "kvm.h"
#include "exit_reasons.h"
#include "out.h"
#include "pane.h"

/* The sum of squares is not recorded: rebuilt from the standard deviation. */
static void read_stats(const struct jv *o, struct exit_stats *st)
{
	const struct jv *sd = jv_get(o, "stddev_ns");
	long double n, sum, var;

	st->count = jv_u64(jv_get(o, "count"), 0);
	st->sum_ns = jv_u64(jv_get(o, "sum_ns"), 0);
	st->min_ns = jv_u64(jv_get(o, "min_ns"), 0);
	st->max_ns = jv_u64(jv_get(o, "max_ns"), 0);
	n = st->count;
	sum = st->sum_ns;
	var = jv_num(sd, 0);
	var *= var;
	st->sumsq = st->count ? (unsigned __int128)(var * (n - 1) + sum * sum / n + 0.5L) : 0;
}

static enum kvm_exit_scope scope_of(const char *s)
{
	return !strcmp(s, "vcpu") ? KVM_SCOPE_VCPU
	       : !strcmp(s, "vm") ? KVM_SCOPE_VM
				  : KVM_SCOPE_ALL;
}

static int read_exits(const struct jv *exits, struct kvm_snapshot *s, struct jv_arena **arena)
{
	const struct jv *rows = jv_get(exits, "rows");
	size_t i, j;

	s->exits_ok = !strcmp(jv_str(jv_get(exits, "status"), "unavailable"), "ok");
	snprintf(s->exits_reason, sizeof(s->exits_reason), "%s",
		 jv_str(jv_get(exits, "reason"), ""));
	snprintf(s->exits_method, sizeof(s->exits_method), "%s",
		 jv_str(jv_get(exits, "method"), ""));
	s->nr_exits = jv_len(rows);
	s->exits = jv_alloc(arena, (s->nr_exits + 1) * sizeof(*s->exits));
	if (!s->exits)
		return -ENOMEM;
	for (i = 0; i < s->nr_exits; i++) {
		const struct jv *o = jv_at(rows, i), *iv = jv_get(o, "interval");
		const struct jv *hist = jv_get(iv, "hist_log2_ns");
		struct kvm_exit_row *r = &s->exits[i];

		memset(r, 0, sizeof(*r));
		r->scope = scope_of(jv_str(jv_get(o, "scope"), "all"));
		r->pid = (pid_t)jv_u64(jv_get(o, "pid"), 0);
		r->tid = (pid_t)jv_u64(jv_get(o, "tid"), 0);
		r->vm = jv_str(jv_get(o, "vm"), "?");
		r->isa = !strcmp(jv_str(jv_get(o, "isa"), ""), "VMX")	? KVM_ISA_VMX
			 : !strcmp(jv_str(jv_get(o, "isa"), ""), "SVM") ? KVM_ISA_SVM
									: 0;
		r->reason = (uint32_t)jv_u64(jv_get(o, "reason"), 0);
		snprintf(r->name, sizeof(r->name), "%s", jv_str(jv_get(o, "name"), "?"));
		snprintf(r->key, sizeof(r->key), "%s/%d/%u/%u", r->vm, (int)r->tid, r->isa,
			 r->reason);
		r->flags = (uint32_t)jv_u64(jv_get(o, "flag_bits"), 0);
		r->flagged = jv_u64(jv_get(o, "flagged"), 0);
		read_stats(iv, &r->iv);
		read_stats(jv_get(o, "total"), &r->cum);
		r->samples_pct = jv_num(jv_get(iv, "samples_pct"), 0);
		r->time_pct = jv_num(jv_get(iv, "time_pct"), 0);
		for (j = 0; j < KVM_HIST_SLOTS && j < jv_len(hist); j++)
			r->hist[j] = jv_u64(jv_at(hist, j), 0);
	}
	return 0;
}

int kvm_read_json(struct pane *p, const struct jv *obj, double interval_s, struct jv_arena **arena)
{
	const struct jv *pio = jv_get(obj, "ioport"), *ux = jv_get(obj, "userspace_exits");
	const struct jv *mmio = jv_get(obj, "mmio"), *msr = jv_get(obj, "msr");
	struct kvm_snapshot *s = jv_alloc(arena, sizeof(*s));
	size_t i;
	int err;

	if (!s)
		return -ENOMEM;
	memset(s, 0, sizeof(*s));
	s->interval_s = interval_s;
	err = read_exits(jv_get(obj, "exits"), s, arena);
	if (err)
		return err;
	s->nr_pio = jv_len(pio);
	s->nr_uexit = jv_len(ux);
	s->nr_mmio = jv_len(mmio);
	s->nr_msr = jv_len(msr);
	s->pio = jv_alloc(arena, (s->nr_pio + 1) * sizeof(*s->pio));
	s->uexit = jv_alloc(arena, (s->nr_uexit + 1) * sizeof(*s->uexit));
	s->mmio = jv_alloc(arena, (s->nr_mmio + 1) * sizeof(*s->mmio));
	s->msr = jv_alloc(arena, (s->nr_msr + 1) * sizeof(*s->msr));
	if (!s->pio || !s->uexit || !s->mmio || !s->msr)
		return -ENOMEM;
	for (i = 0; i < s->nr_pio; i++) {
		const struct jv *o = jv_at(pio, i);

		s->pio[i] = (struct kvm_pio_row){
			.pid = (pid_t)jv_u64(jv_get(o, "pid"), 0),
			.vm = jv_str(jv_get(o, "vm"), "?"),
			.port = (uint32_t)jv_u64(jv_get(o, "port"), 0),
			.write = !strcmp(jv_str(jv_get(o, "dir"), "in"), "out"),
			.size = (uint8_t)jv_u64(jv_get(o, "size"), 0),
			.exits = jv_u64(jv_get(o, "exits"), 0),
			.exits_total = jv_u64(jv_get(o, "exits_total"), 0),
			.items = jv_u64(jv_get(o, "items"), 0),
			.items_total = jv_u64(jv_get(o, "items_total"), 0),
		};
	}
	for (i = 0; i < s->nr_uexit; i++) {
		const struct jv *o = jv_at(ux, i);
		struct kvm_uexit_row *r = &s->uexit[i];

		memset(r, 0, sizeof(*r));
		r->pid = (pid_t)jv_u64(jv_get(o, "pid"), 0);
		r->vm = jv_str(jv_get(o, "vm"), "?");
		r->reason = (uint32_t)jv_u64(jv_get(o, "reason"), 0);
		snprintf(r->name, sizeof(r->name), "%s", jv_str(jv_get(o, "name"), "?"));
		r->count = jv_u64(jv_get(o, "count"), 0);
		r->total = jv_u64(jv_get(o, "total"), 0);
	}
	for (i = 0; i < s->nr_mmio; i++) {
		const struct jv *o = jv_at(mmio, i);
		const char *type = jv_str(jv_get(o, "type"), "");

		s->mmio[i] = (struct kvm_mmio_row){
			.pid = (pid_t)jv_u64(jv_get(o, "pid"), 0),
			.vm = jv_str(jv_get(o, "vm"), "?"),
			.gpa = jv_u64(jv_get(o, "gpa"), 0),
			.type = !strcmp(type, "write")	? 2
				: !strcmp(type, "read") ? 1
							: 0,
			.len = (uint32_t)jv_u64(jv_get(o, "len"), 0),
			.count = jv_u64(jv_get(o, "count"), 0),
			.total = jv_u64(jv_get(o, "total"), 0),
		};
	}
	for (i = 0; i < s->nr_msr; i++) {
		const struct jv *o = jv_at(msr, i);

		s->msr[i] = (struct kvm_msr_row){
			.pid = (pid_t)jv_u64(jv_get(o, "pid"), 0),
			.vm = jv_str(jv_get(o, "vm"), "?"),
			.msr = (uint32_t)jv_u64(jv_get(o, "msr"), 0),
			.write = !strcmp(jv_str(jv_get(o, "dir"), ""), "wrmsr"),
			.exception = jv_bool(jv_get(o, "exception"), false),
			.count = jv_u64(jv_get(o, "count"), 0),
			.total = jv_u64(jv_get(o, "total"), 0),
		};
	}
	p->snap = s;
	return 0;
}
