/* SPDX-License-Identifier: GPL-2.0 */
/* Pane 5 snapshot: KVM exits per VM, like `perf kvm stat live`. */
#ifndef CVTOP_KVM_H
#define CVTOP_KVM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "bpf/kvm.h"
#include "exit_stats.h"
#include "schema.h"
#include "vmscan.h"

#define VM_KEY_LEN (VM_NAME_LEN + 56)

/*
 * An access of the port I/O, MMIO and MSR views timed like perf kvm stat's
 * ioport and mmio events (from the event to the next kvm_entry; an MMIO read
 * from its exit to its completion): only where the exit table runs.
 */
struct kvm_io_time {
	bool timed; /* false: no exit table here, or a recording without times */
	double samples_pct, time_pct; /* of the VM's timed accesses in the view */
	struct exit_stats iv, cum; /* this interval, since cvtop started */
};

/*
 * Every row has the interval's count and the total since cvtop started.
 * pid is the VMM process; vm its name (raw, owned by the collector).
 */
struct kvm_pio_row {
	pid_t pid;
	const char *vm;
	uint32_t port;
	bool write;
	uint32_t size;
	uint64_t exits, exits_total;
	uint64_t items, items_total; /* rep ins/outs move several per exit */
	struct kvm_io_time time;
};

struct kvm_mmio_row {
	pid_t pid;
	const char *vm;
	uint64_t gpa;
	uint32_t type; /* 0 unsatisfied read, 1 read, 2 write */
	uint32_t len;
	uint64_t count, total;
	struct kvm_io_time time;
};

struct kvm_msr_row {
	pid_t pid;
	const char *vm;
	uint32_t msr;
	bool write, exception;
	uint64_t count, total;
	struct kvm_io_time time;
};

struct kvm_uexit_row {
	pid_t pid;
	const char *vm;
	uint32_t reason;
	char name[40];
	uint64_t count, total;
};

enum kvm_exit_scope {
	KVM_SCOPE_ALL, /* all VMs */
	KVM_SCOPE_VM,
	KVM_SCOPE_VCPU, /* one vCPU thread of a VM */
};

/* One exit reason, kvm_exit to the next kvm_entry on the same vCPU thread. */
struct kvm_exit_row {
	enum kvm_exit_scope scope;
	pid_t pid, tid; /* 0 when the scope is wider */
	const char *vm;
	uint32_t isa;
	uint32_t reason; /* basic reason: VMX masked with 0xffff */
	char name[40];
	char key[VM_KEY_LEN]; /* "vm/pid/tid/isa/reason": the row's identity for the UI */
	uint32_t flags; /* VMX flag bits (16-31) seen with it, OR-ed */
	uint64_t flagged; /* exits that had flag bits */
	struct exit_stats iv, cum; /* this interval, since cvtop started */
	double samples_pct, time_pct; /* of the scope's interval samples and time */
	uint64_t hist[KVM_HIST_SLOTS]; /* this interval */
};

struct kvm_snapshot {
	double interval_s;
	struct kvm_pio_row *pio;
	size_t nr_pio;
	struct kvm_mmio_row *mmio;
	size_t nr_mmio;
	struct kvm_msr_row *msr;
	size_t nr_msr;
	struct kvm_uexit_row *uexit;
	size_t nr_uexit;
	/* the exit table: unavailable without hardware virtualization */
	bool exits_ok;
	char exits_reason[512];
	char exits_method[160];
	struct kvm_exit_row *exits;
	size_t nr_exits;
};

extern const struct collector_ops kvm_collector;

/* the snapshot's field schema (kvm_fields.c) */
enum {
	KVM_FIELD_EXITS, /* the exit table: status, method, rows */
	KVM_FIELD_IOPORT,
	KVM_FIELD_UEXIT,
	KVM_FIELD_MMIO,
	KVM_FIELD_MSR,
	NR_KVM_FIELDS
};
extern const struct field kvm_fields[NR_KVM_FIELDS];
#define NR_KVM_EXITS_FIELDS 3
#define KVM_EXITS_ROWS 2 /* the pane's main table */
extern const struct field kvm_exits_fields[NR_KVM_EXITS_FIELDS];
/* the exit table's rows (exit_fields.c) */
extern const struct table_def kvm_exit_rows;
#define KVM_TEXT_WIDTH 140

#endif
