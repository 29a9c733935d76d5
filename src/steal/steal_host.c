// SPDX-License-Identifier: GPL-2.0
/* Pane 4, the host view: the run-queue wait of each VM's vCPU threads. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "hist.h"
#include "steal.skel.h"
#include "steal_priv.h"

static bool tid_in(const struct vm_list *l, uint32_t tid)
{
	size_t i;
	int j;

	for (i = 0; i < l->nr; i++) {
		for (j = 0; j < l->vms[i].nr_tids; j++) {
			if ((uint32_t)l->vms[i].tids[j] == tid)
				return true;
		}
	}
	return false;
}

static size_t nr_tids(const struct vm_list *l)
{
	size_t i, n = 0;

	for (i = 0; i < l->nr; i++)
		n += l->vms[i].nr_tids;
	return n;
}

/* The hooks run only while there are vCPU threads to measure: on a machine
 * without VMs the steal pane costs nothing on sched_switch. */
static int attach_while_watched(struct steal_priv *sp)
{
	bool want = nr_tids(&sp->vms) > 0;
	int err;

	if (want == sp->attached)
		return 0;
	if (want) {
		err = bpf_object__attach_skeleton(sp->skel->skeleton);
		if (err) {
			bpf_object__detach_skeleton(sp->skel->skeleton);
			return err;
		}
	} else {
		bpf_object__detach_skeleton(sp->skel->skeleton);
	}
	sp->attached = want;
	return 0;
}

/* Puts the vCPU threads of a fresh scan in the filter map, removes the gone. */
static int rescan_vms(struct steal_priv *sp)
{
	int fd = bpf_map__fd(sp->skel->maps.steal_tids);
	struct steal_val zero = { 0 };
	struct vm_list old = sp->vms;
	struct vm_list fresh = { 0 };
	size_t i;
	int j, err;

	err = vm_scan("/proc", &fresh, &sp->seen);
	if (err) {
		vm_list_free(&fresh);
		return err;
	}
	for (i = 0; i < old.nr; i++) {
		for (j = 0; j < old.vms[i].nr_tids; j++) {
			uint32_t tid = old.vms[i].tids[j];

			if (!tid_in(&fresh, tid))
				bpf_map_delete_elem(fd, &tid);
		}
	}
	for (i = 0; i < fresh.nr; i++) {
		for (j = 0; j < fresh.vms[i].nr_tids; j++) {
			uint32_t tid = fresh.vms[i].tids[j];

			/* EEXIST for the threads already measured: their counts stay */
			bpf_map_update_elem(fd, &tid, &zero, BPF_NOEXIST);
		}
	}
	vm_list_free(&sp->vms);
	sp->vms = fresh;
	return attach_while_watched(sp);
}

static int fold_tid(void *entry, const void *values, const struct map_reader *r, void *ctx)
{
	const struct steal_val *v = values;
	struct tid_total *t = entry;

	t->wait_ns = v->wait_ns;
	t->waits = v->waits;
	return 0;
}

int steal_refresh_host(struct steal_priv *sp, double interval_s)
{
	struct steal_snapshot *s = &sp->snap;
	struct steal_vm_row *rows;
	size_t i;
	int j, err;

	if (sp->refreshes % VM_SCAN_EVERY == 0) {
		err = rescan_vms(sp);
		if (err)
			return err;
	}
	err = gen_read(&sp->tids, &sp->reader, fold_tid, NULL);
	if (err)
		return err;
	rows = realloc(s->vms, (sp->vms.nr + 1) * sizeof(*rows));
	if (!rows)
		return -ENOMEM;
	s->vms = rows;
	for (i = 0; i < sp->vms.nr; i++) {
		const struct vm_info *vm = &sp->vms.vms[i];
		struct steal_vm_row *r = &rows[i];

		memset(r, 0, sizeof(*r));
		r->pid = vm->pid;
		r->name = vm->name;
		r->named = vm->named;
		r->nr_vcpus = vm->nr_vcpus;
		r->nr_threads = vm->nr_tids;
		r->threads_by_name = vm->tids_by_name;
		for (j = 0; j < vm->nr_tids; j++) {
			struct tid_total *cur = gen_find(&sp->tids, &vm->tids[j]), *old;
			uint64_t d;

			if (!cur)
				continue;
			/* the map's counters start at zero when cvtop attaches */
			old = sp->cumulative ? NULL : gen_prev(&sp->tids, cur);
			d = counter_delta(cur->wait_ns, old ? old->wait_ns : 0);
			r->wait_ns += d;
			r->waits += counter_delta(cur->waits, old ? old->waits : 0);
			if (d > r->max_thread_wait_ns)
				r->max_thread_wait_ns = d;
		}
		if (interval_s > 0 && r->nr_vcpus)
			r->steal_pct = 100.0 * r->wait_ns / (interval_s * 1e9 * r->nr_vcpus);
	}
	s->nr_vms = sp->vms.nr;
	gen_keep_all(&sp->tids);
	gen_end(&sp->tids, NULL, NULL);
	return 0;
}
