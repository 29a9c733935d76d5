/* SPDX-License-Identifier: GPL-2.0 */
/* Pane 4 snapshot: stolen time as a guest sees it, and as this host deals it out. */
#ifndef CVTOP_STEAL_H
#define CVTOP_STEAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "bpf/steal_cpustolen.h"
#include "schema.h"

/* samples of steal % kept per CPU for the sparklines */
#define STEAL_HISTORY 120

/* Guest view: one CPU (or the total, cpu -1) over the last interval, from /proc/stat. */
struct steal_cpu_row {
	int cpu;
	uint64_t steal_ticks, total_ticks; /* USER_HZ ticks in the interval */
	float history[STEAL_HISTORY]; /* oldest first */
	int nr_history;
};

/* Host view: one VM, its vCPU threads' run-queue waits in the interval. */
struct steal_vm_row {
	pid_t pid;
	const char *name; /* raw; owned by the collector */
	bool named; /* from the VMM's command line */
	int nr_vcpus; /* vCPU file descriptors */
	int nr_threads; /* threads measured */
	bool threads_by_name; /* vCPU threads told apart by name, else all threads */
	uint64_t wait_ns; /* summed over its threads */
	uint64_t waits;
	uint64_t max_thread_wait_ns; /* of the thread that waited longest */
	double steal_pct; /* wait_ns / (interval * nr_vcpus) */
};

struct steal_snapshot {
	double interval_s;
	bool guest_ok;
	char guest_reason[160];
	int user_hz; /* what the ticks count */
	struct steal_cpu_row total;
	struct steal_cpu_row *cpus;
	size_t nr_cpus;
	bool host_ok;
	char host_reason[256];
	struct steal_vm_row *vms;
	size_t nr_vms;
	/* the book's cpustolen: steal added between two calls of the
	 * paravirtual steal clock, over the interval, all CPUs */
	bool cpustolen_ok;
	char cpustolen_reason[512];
	char cpustolen_method[96];
	uint64_t cpustolen_calls, cpustolen_ns;
	uint64_t cpustolen_hist[CPUSTOLEN_HIST_SLOTS];
};

extern const struct collector_ops steal_collector;

/* steal % of the row's ticks */
double steal_cpu_pct(const struct steal_cpu_row *r);

/* the snapshot's field schema (steal_fields.c): guest, host, cpustolen */
#define NR_STEAL_FIELDS 3
extern const struct field steal_fields[NR_STEAL_FIELDS];
/* status, vms: the pane's main table */
#define NR_STEAL_HOST_FIELDS 2
extern const struct field steal_host_fields[NR_STEAL_HOST_FIELDS];

#endif
