/* SPDX-License-Identifier: GPL-2.0 */
/* Pane 4 snapshot: stolen time as a guest sees it, and as this host deals it out. */
#ifndef CVTOP_STEAL_H
#define CVTOP_STEAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "bpf/steal_cpustolen.h"

/* samples of steal % kept per CPU for the sparklines */
#define STEAL_HISTORY 120

/* Guest view: one CPU (or the total, cpu -1) over the last interval, from /proc/stat. */
struct steal_cpu_row {
	int cpu;
	double steal_pct; /* of the CPU's ticks in the interval */
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

#endif
