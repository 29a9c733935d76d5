/* SPDX-License-Identifier: GPL-2.0 */
/* The exit table's user-space half: per-CPU map values to snapshot rows. */
#ifndef CVTOP_EXIT_TABLE_H
#define CVTOP_EXIT_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "bpf/kvm.h"
#include "counters.h"
#include "bpfmap.h"
#include "kvm.h"

/* One key of the kvm_exits map, summed over CPUs. */
struct exit_entry {
	struct kvm_exit_key key;
	struct exit_stats cum, iv; /* since start; the epoch that just closed */
	uint64_t hist[KVM_HIST_SLOTS], hist_iv[KVM_HIST_SLOTS];
};

/* The previous refresh's entries and the ones being read. */
struct exit_gen {
	uint64_t epoch; /* the kernel's current epoch; epoch - 1 just closed */
	struct gen_table gen; /* of struct exit_entry, by key */
	/* the totals of exited VMs' keys, by ISA and full reason (tgid, tid 0) */
	struct exit_entry *retired;
	size_t nr_retired, retired_cap;
	size_t rows_cap;
	bool cumulative; /* rows since start rather than since the last refresh */
};

typedef const char *(*exit_vm_name_fn)(uint32_t tgid, void *ctx);

/* The closed epoch's slot of CPU @cpu in a struct kvm_exit_val map value,
 * its figures in @st; NULL when that CPU holds nothing of the epoch. */
const struct kvm_exit_epoch *exit_closed_slot(const void *values, const struct map_reader *r,
					      int cpu, uint64_t closed, struct exit_stats *st);

/* Starts reading the map anew. */
void exit_gen_begin(struct exit_gen *g);
/* map_entry_fn for the kvm_exits map, after the kernel moved on to
 * g->epoch and its programs of the epoch before finished (panes_refresh()):
 * takes that closed epoch's slots. @ctx is the struct exit_gen. */
int exit_gen_collect(const void *key, const void *values, const struct map_reader *r, void *ctx);

/*
 * Turns the entries collected since the last call into @s->exits: the
 * interval's deltas and the totals, folded per vCPU thread, per VM and for
 * all VMs by ISA and basic reason (VMX flag bits OR-ed into flags), with
 * each row's share of its scope; the all-VMs rows' totals include the
 * retired ones. Then the collected entries become the previous ones.
 * 0 or -ENOMEM.
 */
int exit_gen_build(struct exit_gen *g, struct kvm_snapshot *s, exit_vm_name_fn name, void *ctx);
/*
 * Keeps the totals of @e, an entry of the previous generation whose key
 * the collector deletes from the map (its VM exited), in the all-VMs rows
 * from now on; @e's own totals are cleared. 0 or -ENOMEM.
 */
int exit_gen_retire(struct exit_gen *g, struct exit_entry *e);
void exit_gen_free(struct exit_gen *g);

#endif
