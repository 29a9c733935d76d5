/* SPDX-License-Identifier: GPL-2.0 */
/* Pane 5 collector's state, shared by kvm.c (hooks, the exit table),
 * kvm_io.c (port I/O, MMIO, MSR, exits to the VMM) and kvm_vms.c (names). */
#ifndef CVTOP_KVM_PRIV_H
#define CVTOP_KVM_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>
#include "bpfmap.h"
#include "counters.h"
#include "exit_table.h"
#include "kvm.h"
#include "vmscan.h"

#define KEY_MAX 24

enum kvm_variant {
	VARIANT_TP_BTF,
	VARIANT_RAW_TP,
	VARIANT_TRACEPOINT,
	NR_VARIANTS,
};

enum ctr_map {
	MAP_PIO,
	MAP_MMIO,
	MAP_MSR,
	MAP_UEXIT,
	NR_MAPS,
};

/* One key of a counting map: totals summed over CPUs, and the interval's delta. */
struct ctr {
	uint8_t key[KEY_MAX]; /* starts with tgid, tid */
	uint64_t cur[2], delta[2];
};

struct ctr_set {
	struct map_reader reader;
	int fd;
	int nr_vals;
	struct gen_table gen; /* of struct ctr */
};

/* One key of the kvm_io_times map, summed over CPUs (like struct exit_entry). */
struct io_time_entry {
	struct kvm_io_key key;
	struct exit_stats cum, iv; /* since start; the epoch that just closed */
};

struct name_cache {
	pid_t pid;
	bool gone; /* the process was gone at the last refresh */
	char name[VM_NAME_LEN];
};

struct kvm_priv {
	struct kvm_bpf *skel;
	struct kvm_exits_bpf *xskel;
	struct ctr_set sets[NR_MAPS];
	struct map_reader xreader;
	struct exit_gen xgen;
	struct map_reader ioreader; /* kvm_io_times, read with the exit table */
	struct gen_table iogen; /* of struct io_time_entry */
	struct kvm_vm_args *args; /* a buffer for one of the kvm_vm_args map */
	struct name_cache *names;
	size_t nr_names, names_cap;
	struct kvm_snapshot snap;
	bool cumulative; /* rows since start rather than since the last refresh */
};

static inline uint32_t key_tgid(const void *key)
{
	uint32_t tgid;

	memcpy(&tgid, key, sizeof(tgid));
	return tgid;
}

/* kvm_io.c */
int kvm_read_set(struct ctr_set *cs, bool cumulative);
int kvm_build_io_rows(struct kvm_priv *kp);
/* io_times.c: the accesses' times, read in the exit table's closed epoch */
int kvm_io_times_init(struct kvm_priv *kp);
int kvm_read_io_times(struct kvm_priv *kp);
void kvm_io_time_rows(struct kvm_priv *kp);
void kvm_delete_dead_io_times(struct kvm_priv *kp, bool (*gone)(const struct kvm_priv *, uint32_t));
/* kvm_vms.c: names of the VMMs seen, and the keys of those that exited */
const char *kvm_vm_name_of(struct kvm_priv *kp, uint32_t tgid);
void kvm_resolve_names(struct kvm_priv *kp);
bool kvm_keeps_dead(const struct kvm_priv *kp);
void kvm_forget_dead(struct kvm_priv *kp);
void kvm_delete_dead_keys(struct kvm_priv *kp);

#endif
