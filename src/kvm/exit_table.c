// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sorted.h"
#include "grow.h"
#include "hist.h"
#include "exit_table.h"
#include "exit_reasons.h"

void exit_gen_begin(struct exit_gen *g)
{
	g->gen.key_size = sizeof(struct kvm_exit_key);
	g->gen.entry_size = sizeof(struct exit_entry);
	gen_begin(&g->gen);
}

int exit_gen_collect(const void *key, const void *values, const struct map_reader *r, void *ctx)
{
	struct exit_gen *g = ctx;
	uint64_t ended = g->epoch - 1;
	struct exit_entry *e = gen_add(&g->gen, key);
	int cpu, i;

	if (!e)
		return -ENOMEM;
	for (cpu = 0; cpu < r->nr_values; cpu++) {
		const struct kvm_exit_val *v =
			(const void *)((const char *)values + cpu * r->stride);
		uint64_t s = ended & 1;

		e->cum.count += v->count;
		e->cum.sum_ns += v->sum_ns;
		e->cum.sumsq += ((unsigned __int128)v->sumsq_hi << 64) | v->sumsq_lo;
		for (i = 0; i < KVM_HIST_SLOTS; i++)
			e->hist[i] += v->hist[i];
		if (v->max_epoch[s] != ended)
			continue;
		if (!e->ep_seen || v->min_ns[s] < e->ep_min)
			e->ep_min = v->min_ns[s];
		if (v->max_ns[s] > e->ep_max)
			e->ep_max = v->max_ns[s];
		e->ep_seen = true;
	}
	return 0;
}

/* The row of (scope, pid, tid, isa, basic reason) in @s, added when new. */
static struct kvm_exit_row *exit_row(struct kvm_snapshot *s, size_t *cap, enum kvm_exit_scope sc,
				     pid_t pid, pid_t tid, uint32_t isa, uint32_t reason)
{
	struct kvm_exit_row *r;
	size_t i;

	for (i = 0; i < s->nr_exits; i++) {
		r = &s->exits[i];
		if (r->scope == sc && r->pid == pid && r->tid == tid && r->isa == isa &&
		    r->reason == reason)
			return r;
	}
	if (array_grow((void **)&s->exits, cap, s->nr_exits + 1, sizeof(*r)))
		return NULL;
	r = &s->exits[s->nr_exits++];
	memset(r, 0, sizeof(*r));
	r->scope = sc;
	r->pid = pid;
	r->tid = tid;
	r->isa = isa;
	r->reason = reason;
	kvm_exit_name(isa, reason, r->name, sizeof(r->name));
	return r;
}

static void shares(struct kvm_snapshot *s)
{
	size_t i, j;

	for (i = 0; i < s->nr_exits; i++) {
		struct kvm_exit_row *r = &s->exits[i];
		uint64_t n = 0, t = 0;

		for (j = 0; j < s->nr_exits; j++) {
			const struct kvm_exit_row *o = &s->exits[j];

			if (o->scope == r->scope && o->pid == r->pid && o->tid == r->tid) {
				n += o->iv.count;
				t += o->iv.sum_ns;
			}
		}
		r->samples_pct = n ? 100.0 * r->iv.count / n : 0;
		r->time_pct = t ? 100.0 * r->iv.sum_ns / t : 0;
	}
}

int exit_gen_build(struct exit_gen *g, struct kvm_snapshot *s, exit_vm_name_fn name, void *ctx)
{
	size_t i;
	int j, sc;

	gen_sort(&g->gen);
	s->nr_exits = 0;
	for (i = 0; i < g->gen.nr_cur; i++) {
		struct exit_entry *e = gen_at(&g->gen, i);
		struct exit_entry *old = gen_prev(&g->gen, e);
		uint32_t basic =
			e->key.isa == KVM_ISA_VMX ? VMX_BASIC_REASON(e->key.reason) : e->key.reason;
		uint32_t flags = e->key.isa == KVM_ISA_VMX ? e->key.reason & ~0xffffu : 0;
		/* an entry deleted and created again counts from zero */
		bool reset =
			old && (e->cum.count < old->cum.count || e->cum.sum_ns < old->cum.sum_ns);

		if (old && !reset) {
			e->iv.count = e->cum.count - old->cum.count;
			e->iv.sum_ns = e->cum.sum_ns - old->cum.sum_ns;
			e->iv.sumsq = e->cum.sumsq - old->cum.sumsq;
			hist_delta(e->hist_iv, e->hist, old->hist, KVM_HIST_SLOTS);
		} else {
			e->iv.count = e->cum.count;
			e->iv.sum_ns = e->cum.sum_ns;
			e->iv.sumsq = e->cum.sumsq;
			memcpy(e->hist_iv, e->hist, sizeof(e->hist));
		}
		if (e->iv.count && e->ep_seen) {
			e->iv.min_ns = e->ep_min;
			e->iv.max_ns = e->ep_max;
		}
		/* the kernel's min/max are per epoch: the totals' are kept here */
		e->cum.min_ns = e->iv.min_ns;
		e->cum.max_ns = e->iv.max_ns;
		if (old && !reset && old->cum.count) {
			if (!e->iv.count || old->cum.min_ns < e->cum.min_ns)
				e->cum.min_ns = old->cum.min_ns;
			if (old->cum.max_ns > e->cum.max_ns)
				e->cum.max_ns = old->cum.max_ns;
		}
		if (g->cumulative) {
			e->iv = e->cum;
			memcpy(e->hist_iv, e->hist, sizeof(e->hist));
		}
		for (sc = KVM_SCOPE_ALL; sc <= KVM_SCOPE_VCPU; sc++) {
			pid_t pid = sc == KVM_SCOPE_ALL ? 0 : (pid_t)e->key.tgid;
			pid_t tid = sc == KVM_SCOPE_VCPU ? (pid_t)e->key.tid : 0;
			struct kvm_exit_row *r =
				exit_row(s, &g->rows_cap, sc, pid, tid, e->key.isa, basic);

			if (!r)
				return -ENOMEM;
			r->vm = pid ? name(pid, ctx) : "all VMs";
			snprintf(r->key, sizeof(r->key), "%s/%d/%d/%u/%u", r->vm, (int)pid,
				 (int)tid, r->isa, r->reason);
			exit_stats_merge(&r->iv, &e->iv);
			exit_stats_merge(&r->cum, &e->cum);
			for (j = 0; j < KVM_HIST_SLOTS; j++)
				r->hist[j] += e->hist_iv[j];
			r->flags |= flags;
			if (flags)
				r->flagged += e->iv.count;
		}
	}
	shares(s);
	gen_keep_all(&g->gen);
	gen_end(&g->gen, NULL, NULL);
	return 0;
}

void exit_gen_free(struct exit_gen *g)
{
	gen_free(&g->gen, NULL, NULL);
}
