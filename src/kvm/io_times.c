// SPDX-License-Identifier: GPL-2.0
/*
 * Pane 5: the times of the port I/O, MMIO and MSR accesses (kvm_io_times,
 * written by bpf/kvm_exits.bpf.c at the kvm_entry after the access), read in
 * the exit table's closed epoch and folded into the rows of those views: per
 * VM, over its vCPU threads, with each row's share of the VM's accesses.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "kvm_exits.skel.h"
#include "kvm_priv.h"

int kvm_io_times_init(struct kvm_priv *kp)
{
	kp->iogen.key_size = sizeof(struct kvm_io_key);
	kp->iogen.entry_size = sizeof(struct io_time_entry);
	return map_reader_init(&kp->ioreader, bpf_map__fd(kp->xskel->maps.kvm_io_times),
			       sizeof(struct kvm_io_key), sizeof(struct kvm_exit_val), 1);
}

static int fold_io_time(void *entry, const void *values, const struct map_reader *r, void *ctx)
{
	struct kvm_priv *kp = ctx;
	struct io_time_entry *e = entry;
	struct exit_stats one;
	int cpu;

	for (cpu = 0; cpu < r->nr_values; cpu++)
		if (exit_closed_slot(values, r, cpu, kp->xgen.epoch - 1, &one))
			exit_stats_merge(&e->iv, &one);
	return 0;
}

/* After the exit table's epoch closed (read_exits): the closed epoch's times. */
int kvm_read_io_times(struct kvm_priv *kp)
{
	size_t i;
	int err;

	err = gen_read(&kp->iogen, &kp->ioreader, fold_io_time, kp);
	if (err)
		return err;
	for (i = 0; i < kp->iogen.nr_cur; i++) {
		struct io_time_entry *e = gen_at(&kp->iogen, i);
		struct io_time_entry *old = gen_prev(&kp->iogen, e);

		if (old)
			e->cum = old->cum;
		exit_stats_merge(&e->cum, &e->iv);
		if (kp->cumulative)
			e->iv = e->cum;
	}
	gen_keep_all(&kp->iogen);
	gen_end(&kp->iogen, NULL, NULL);
	return 0;
}

/* The times of (tgid, kind, sub, addr) over the VM's vCPU threads. */
static void time_of(const struct kvm_priv *kp, uint32_t tgid, uint32_t kind, uint32_t sub,
		    uint64_t addr, struct kvm_io_time *t)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	t->timed = kp->snap.exits_ok;
	for (i = 0; i < kp->iogen.nr_prev; i++) {
		const struct io_time_entry *e = gen_prev_at(&kp->iogen, i);

		if (e->key.tgid == tgid && e->key.kind == kind && e->key.sub == sub &&
		    e->key.addr == addr) {
			exit_stats_merge(&t->iv, &e->iv);
			exit_stats_merge(&t->cum, &e->cum);
		}
	}
}

#define PID_AT(rows, size, i, off) (*(const pid_t *)((const char *)(rows) + (i) * (size) + (off)))
#define TIME_AT(rows, size, i, off) ((struct kvm_io_time *)((char *)(rows) + (i) * (size) + (off)))

/* Each row's share of its VM's timed accesses in the view (rows of @size,
 * their pid and time at @pid_off and @time_off). */
static void shares(void *rows, size_t nr, size_t size, size_t pid_off, size_t time_off)
{
	size_t i, j;

	for (i = 0; i < nr; i++) {
		struct kvm_io_time *t = TIME_AT(rows, size, i, time_off);
		uint64_t n = 0, sum = 0;

		for (j = 0; j < nr; j++) {
			if (PID_AT(rows, size, j, pid_off) != PID_AT(rows, size, i, pid_off))
				continue;
			n += TIME_AT(rows, size, j, time_off)->iv.count;
			sum += TIME_AT(rows, size, j, time_off)->iv.sum_ns;
		}
		t->samples_pct = n ? 100.0 * t->iv.count / n : 0;
		t->time_pct = sum ? 100.0 * t->iv.sum_ns / sum : 0;
	}
}

#define SHARES(rows, nr)                                                  \
	shares(rows, nr, sizeof(*(rows)), offsetof(typeof(*(rows)), pid), \
	       offsetof(typeof(*(rows)), time))

/* After kvm_build_io_rows(): the times of the port I/O, MMIO and MSR rows. */
void kvm_io_time_rows(struct kvm_priv *kp)
{
	struct kvm_snapshot *s = &kp->snap;
	size_t i;

	for (i = 0; i < s->nr_pio; i++) {
		struct kvm_pio_row *r = &s->pio[i];

		time_of(kp, r->pid, KVM_IO_PIO, (uint32_t)r->write << 8 | (r->size & 0xff), r->port,
			&r->time);
	}
	for (i = 0; i < s->nr_mmio; i++) {
		struct kvm_mmio_row *r = &s->mmio[i];

		time_of(kp, r->pid, KVM_IO_MMIO, r->type << 16 | (r->len & 0xffff), r->gpa,
			&r->time);
	}
	for (i = 0; i < s->nr_msr; i++) {
		struct kvm_msr_row *r = &s->msr[i];

		time_of(kp, r->pid, KVM_IO_MSR, (uint32_t)r->write | (uint32_t)r->exception << 1,
			r->msr, &r->time);
	}
	SHARES(s->pio, s->nr_pio);
	SHARES(s->mmio, s->nr_mmio);
	SHARES(s->msr, s->nr_msr);
}

void kvm_delete_dead_io_times(struct kvm_priv *kp, bool (*gone)(const struct kvm_priv *, uint32_t))
{
	size_t i;

	for (i = 0; kp->xskel && i < kp->iogen.nr_prev; i++) {
		const struct io_time_entry *e = gen_prev_at(&kp->iogen, i);

		if (gone(kp, e->key.tgid))
			bpf_map_delete_elem(bpf_map__fd(kp->xskel->maps.kvm_io_times), &e->key);
	}
}
