// SPDX-License-Identifier: GPL-2.0
/* Pane 5: the views of kvm.bpf.c's counters (port I/O, MMIO, MSR, exits to
 * the VMM), per interval or since start, per VM and vCPU thread. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "sorted.h"
#include "grow.h"
#include "hist.h"
#include <bpf/libbpf.h>
#include "exit_reasons.h"
#include "kvm.skel.h"
#include "kvm_exits.skel.h"
#include "kvm_priv.h"
#include "pane.h"

static int fold_ctr(void *entry, const void *values, const struct map_reader *r, void *ctx)
{
	struct ctr_set *cs = ctx;
	struct ctr *c = entry;
	int cpu, i;

	for (cpu = 0; cpu < r->nr_values; cpu++) {
		const uint64_t *v = map_reader_value(r, values, cpu);

		for (i = 0; i < cs->nr_vals; i++)
			c->cur[i] += v[i];
	}
	return 0;
}

/* @cumulative: deltas from zero, where the map's counters started */
int kvm_read_set(struct ctr_set *cs, bool cumulative)
{
	size_t i;
	int j, err;

	err = gen_read(&cs->gen, &cs->reader, fold_ctr, cs);
	if (err)
		return err;
	for (i = 0; i < cs->gen.nr_cur; i++) {
		struct ctr *c = gen_at(&cs->gen, i);
		struct ctr *old = cumulative ? NULL : gen_prev(&cs->gen, c);

		for (j = 0; j < cs->nr_vals; j++)
			c->delta[j] = counter_delta(c->cur[j], old ? old->cur[j] : 0);
		gen_keep(&cs->gen, i);
	}
	gen_end(&cs->gen, NULL, NULL);
	return 0;
}

static int cmp_ctr(const void *a, const void *b)
{
	return memcmp(((const struct ctr *)a)->key, ((const struct ctr *)b)->key, KEY_MAX);
}

/*
 * Folds a set's keys over vCPU threads (tid zeroed) into @out: per VM rows.
 * Returns the number of folded entries or -ENOMEM.
 */
static long fold_tids(const struct ctr_set *cs, struct ctr **out, size_t *cap)
{
	size_t i, n = 0;

	if (array_grow((void **)out, cap, cs->gen.nr_prev + 1, sizeof(**out)))
		return -ENOMEM;
	for (i = 0; i < cs->gen.nr_prev; i++) {
		struct ctr c = *(struct ctr *)gen_prev_at(&cs->gen, i);

		memset(c.key + 4, 0, 4);
		if (n && !cmp_ctr(&(*out)[n - 1], &c)) {
			(*out)[n - 1].cur[0] += c.cur[0];
			(*out)[n - 1].cur[1] += c.cur[1];
			(*out)[n - 1].delta[0] += c.delta[0];
			(*out)[n - 1].delta[1] += c.delta[1];
			continue;
		}
		(*out)[n++] = c;
	}
	sorted_sort(*out, n, sizeof(**out), cmp_ctr);
	/* sorting may bring equal keys of different tids together: merge again */
	{
		size_t k = 0;

		for (i = 0; i < n; i++) {
			if (k && !cmp_ctr(&(*out)[k - 1], &(*out)[i])) {
				(*out)[k - 1].cur[0] += (*out)[i].cur[0];
				(*out)[k - 1].cur[1] += (*out)[i].cur[1];
				(*out)[k - 1].delta[0] += (*out)[i].delta[0];
				(*out)[k - 1].delta[1] += (*out)[i].delta[1];
				continue;
			}
			(*out)[k++] = (*out)[i];
		}
		n = k;
	}
	return (long)n;
}

int kvm_build_io_rows(struct kvm_priv *kp)
{
	struct kvm_snapshot *s = &kp->snap;
	struct ctr *f = NULL;
	size_t cap = 0;
	long n, i;
	void *rows;

	n = fold_tids(&kp->sets[MAP_PIO], &f, &cap);
	if (n < 0 || !(rows = realloc(s->pio, (n + 1) * sizeof(*s->pio))))
		goto nomem;
	s->pio = rows;
	for (i = 0; i < n; i++) {
		struct kvm_pio_key k;
		struct kvm_pio_row *r = &s->pio[i];

		memcpy(&k, f[i].key, sizeof(k));
		*r = (struct kvm_pio_row){ .pid = k.tgid,
					   .vm = kvm_vm_name_of(kp, k.tgid),
					   .port = k.port,
					   .write = k.write,
					   .size = k.size,
					   .exits = f[i].delta[0],
					   .exits_total = f[i].cur[0],
					   .items = f[i].delta[1],
					   .items_total = f[i].cur[1] };
	}
	s->nr_pio = n;

	n = fold_tids(&kp->sets[MAP_MMIO], &f, &cap);
	if (n < 0 || !(rows = realloc(s->mmio, (n + 1) * sizeof(*s->mmio))))
		goto nomem;
	s->mmio = rows;
	for (i = 0; i < n; i++) {
		struct kvm_mmio_key k;

		memcpy(&k, f[i].key, sizeof(k));
		s->mmio[i] = (struct kvm_mmio_row){ .pid = k.tgid,
						    .vm = kvm_vm_name_of(kp, k.tgid),
						    .gpa = k.gpa,
						    .type = k.type,
						    .len = k.len,
						    .count = f[i].delta[0],
						    .total = f[i].cur[0] };
	}
	s->nr_mmio = n;

	n = fold_tids(&kp->sets[MAP_MSR], &f, &cap);
	if (n < 0 || !(rows = realloc(s->msr, (n + 1) * sizeof(*s->msr))))
		goto nomem;
	s->msr = rows;
	for (i = 0; i < n; i++) {
		struct kvm_msr_key k;

		memcpy(&k, f[i].key, sizeof(k));
		s->msr[i] = (struct kvm_msr_row){ .pid = k.tgid,
						  .vm = kvm_vm_name_of(kp, k.tgid),
						  .msr = k.msr,
						  .write = k.write,
						  .exception = k.exception,
						  .count = f[i].delta[0],
						  .total = f[i].cur[0] };
	}
	s->nr_msr = n;

	n = fold_tids(&kp->sets[MAP_UEXIT], &f, &cap);
	if (n < 0 || !(rows = realloc(s->uexit, (n + 1) * sizeof(*s->uexit))))
		goto nomem;
	s->uexit = rows;
	for (i = 0; i < n; i++) {
		struct kvm_uexit_key k;
		struct kvm_uexit_row *r = &s->uexit[i];

		memcpy(&k, f[i].key, sizeof(k));
		*r = (struct kvm_uexit_row){ .pid = k.tgid,
					     .vm = kvm_vm_name_of(kp, k.tgid),
					     .reason = k.reason,
					     .count = f[i].delta[0],
					     .total = f[i].cur[0] };
		kvm_uexit_name(k.reason, r->name, sizeof(r->name));
	}
	s->nr_uexit = n;
	free(f);
	return 0;
nomem:
	free(f);
	return -ENOMEM;
}
