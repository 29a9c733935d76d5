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

const struct kvm_exit_epoch *exit_closed_slot(const void *values, const struct map_reader *r,
					      int cpu, uint64_t closed, struct exit_stats *st)
{
	const struct kvm_exit_val *v = map_reader_value(r, values, cpu);
	const struct kvm_exit_epoch *sl = &v->slot[closed & 1];

	/* a slot of an older epoch holds nothing of this one */
	if (sl->epoch != closed || !sl->count)
		return NULL;
	*st = (struct exit_stats){
		.count = sl->count,
		.sum_ns = sl->sum_ns,
		.sumsq = ((unsigned __int128)sl->sumsq_hi << 64) | sl->sumsq_lo,
		.min_ns = sl->min_ns,
		.max_ns = sl->max_ns,
	};
	return sl;
}

int exit_gen_collect(const void *key, const void *values, const struct map_reader *r, void *ctx)
{
	struct exit_gen *g = ctx;
	struct exit_entry *e = gen_add(&g->gen, key);
	const struct kvm_exit_epoch *sl;
	struct exit_stats one;
	int cpu, i;

	if (!e)
		return -ENOMEM;
	for (cpu = 0; cpu < r->nr_values; cpu++) {
		sl = exit_closed_slot(values, r, cpu, g->epoch - 1, &one);
		if (!sl)
			continue;
		exit_stats_merge(&e->iv, &one);
		for (i = 0; i < KVM_HIST_SLOTS; i++)
			e->hist_iv[i] += sl->hist[i];
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

/* Adds @e's figures to its rows of scope @from and wider (towards all VMs). */
static int add_rows(struct exit_gen *g, struct kvm_snapshot *s, const struct exit_entry *e,
		    int from, exit_vm_name_fn name, void *ctx)
{
	uint32_t basic =
		e->key.isa == KVM_ISA_VMX ? VMX_BASIC_REASON(e->key.reason) : e->key.reason;
	uint32_t flags = e->key.isa == KVM_ISA_VMX ? e->key.reason & ~0xffffu : 0;
	int j, sc;

	for (sc = KVM_SCOPE_ALL; sc <= from; sc++) {
		pid_t pid = sc == KVM_SCOPE_ALL ? 0 : (pid_t)e->key.tgid;
		pid_t tid = sc == KVM_SCOPE_VCPU ? (pid_t)e->key.tid : 0;
		struct kvm_exit_row *r = exit_row(s, &g->rows_cap, sc, pid, tid, e->key.isa, basic);

		if (!r)
			return -ENOMEM;
		r->vm = pid ? name(pid, ctx) : "all VMs";
		snprintf(r->key, sizeof(r->key), "%s/%d/%d/%u/%u", r->vm, (int)pid, (int)tid,
			 r->isa, r->reason);
		exit_stats_merge(&r->iv, &e->iv);
		exit_stats_merge(&r->cum, &e->cum);
		for (j = 0; j < KVM_HIST_SLOTS; j++)
			r->hist[j] += e->hist_iv[j];
		r->flags |= flags;
		if (flags)
			r->flagged += e->iv.count;
	}
	return 0;
}

int exit_gen_build(struct exit_gen *g, struct kvm_snapshot *s, exit_vm_name_fn name, void *ctx)
{
	size_t i;
	int j, err;

	gen_sort(&g->gen);
	s->nr_exits = 0;
	for (i = 0; i < g->gen.nr_cur; i++) {
		struct exit_entry *e = gen_at(&g->gen, i);
		struct exit_entry *old = gen_prev(&g->gen, e);

		/* the totals: what came before, and the closed epoch */
		if (old) {
			e->cum = old->cum;
			memcpy(e->hist, old->hist, sizeof(e->hist));
		}
		exit_stats_merge(&e->cum, &e->iv);
		for (j = 0; j < KVM_HIST_SLOTS; j++)
			e->hist[j] += e->hist_iv[j];
		if (g->cumulative) {
			e->iv = e->cum;
			memcpy(e->hist_iv, e->hist, sizeof(e->hist));
		}
		err = add_rows(g, s, e, KVM_SCOPE_VCPU, name, ctx);
		if (err)
			return err;
	}
	/* exited VMs: in the all-VMs totals, and in its figures since start */
	for (i = 0; i < g->nr_retired; i++) {
		struct exit_entry *e = &g->retired[i];

		memset(&e->iv, 0, sizeof(e->iv));
		memset(e->hist_iv, 0, sizeof(e->hist_iv));
		if (g->cumulative) {
			e->iv = e->cum;
			memcpy(e->hist_iv, e->hist, sizeof(e->hist));
		}
		err = add_rows(g, s, e, KVM_SCOPE_ALL, name, ctx);
		if (err)
			return err;
	}
	shares(s);
	gen_keep_all(&g->gen);
	gen_end(&g->gen, NULL, NULL);
	return 0;
}

int exit_gen_retire(struct exit_gen *g, struct exit_entry *e)
{
	struct exit_entry *t = NULL;
	size_t i;
	int j;

	if (!e->cum.count)
		return 0;
	for (i = 0; i < g->nr_retired; i++) {
		if (g->retired[i].key.isa == e->key.isa &&
		    g->retired[i].key.reason == e->key.reason) {
			t = &g->retired[i];
			break;
		}
	}
	if (!t) {
		if (array_grow((void **)&g->retired, &g->retired_cap, g->nr_retired + 1,
			       sizeof(*t)))
			return -ENOMEM;
		t = &g->retired[g->nr_retired++];
		memset(t, 0, sizeof(*t));
		t->key.isa = e->key.isa;
		t->key.reason = e->key.reason;
	}
	exit_stats_merge(&t->cum, &e->cum);
	for (j = 0; j < KVM_HIST_SLOTS; j++)
		t->hist[j] += e->hist[j];
	/* a key made again (a new VM with the same pids) counts from zero */
	memset(&e->cum, 0, sizeof(e->cum));
	memset(e->hist, 0, sizeof(e->hist));
	return 0;
}

void exit_gen_free(struct exit_gen *g)
{
	gen_free(&g->gen, NULL, NULL);
	free(g->retired);
	g->retired = NULL;
	g->nr_retired = g->retired_cap = 0;
}
