/* SPDX-License-Identifier: GPL-2.0 */
/* Pane 1 collector's state, shared by cpu.c (hooks, rows) and cpu_cgroup.c. */
#ifndef CVTOP_CPU_PRIV_H
#define CVTOP_CPU_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include "bpfmap.h"
#include "cgroup.h"
#include "counters.h"
#include "cpu.h"
#include "names.h"

struct cgroup_iter;
struct pane;

#define LIVENESS_EVERY 2
/* pid namespaces without switches for this many refreshes leave the map */
#define PIDNS_IDLE_MAX 60
/* a removed cgroup's row stays (dimmed) this many refreshes */
#define GONE_GRACE 3
/* a name that came from a fallback is looked up again this often */
#define RENAME_EVERY 10

enum cpu_variant {
	VARIANT_TP_BTF,
	VARIANT_RAW_TP,
	VARIANT_TRACEPOINT,
};

/* struct cpu_cg_slot summed over CPUs (and over epochs) */
struct cg_totals {
	uint64_t runq_count, runq_ns, cpu_ns, switches, pidns_switches;
	uint64_t hist[CPU_HIST_SLOTS];
};

struct cg_state {
	uint64_t id;
	/* every closed epoch since the entry was added (while a refresh reads
	 * the map: the epoch just closed alone, see add_slot()) */
	struct cg_totals cum;
	uint64_t max_ns; /* of the epoch just closed; 0 without waits */
	uint64_t max_all_ns; /* since start, for the cumulative view */
	uint64_t psi_total_us;
	uint64_t psi_first_us; /* when first read: the cumulative baseline */
	bool psi_seen;
	int psi_fd; /* cpu.pressure kept open (-1: none): one pread a refresh */
	double psi_avg10; /* from the iterator's totals: avg10 of the file */
	unsigned int idle_refreshes;
	unsigned int gone_refreshes; /* 0 while the cgroup exists */
	unsigned int name_age;
	bool name_final;
	char *path;
	struct cg_identity *ident;
};

struct pidns_state {
	uint32_t inum;
	uint64_t switches;
	unsigned int idle_refreshes;
	char hostname[CPU_NODENAME_LEN];
};

struct cpu_priv {
	struct cpu_bpf *skel;
	enum cpu_variant variant;
	struct cgroup_fs cgfs;
	uint32_t map_size; /* cpu_cgroups' max_entries, from the hierarchy at start */
	struct name_resolver *names;
	struct map_reader cg_reader, pidns_reader;
	struct map_reader state_reader; /* cpu_state: each CPU's own entries */
	uint64_t epoch; /* the kernel's: the one being written */
	/* sorted by id: the previous refresh's totals, and the one being built */
	struct gen_table cgs; /* of struct cg_state, by cgroup id */
	struct gen_table ns; /* of struct pidns_state, by inum */
	struct cpu_snapshot snap;
	size_t rows_cap;
	unsigned long refreshes;
	size_t nr_psi_fds, max_psi_fds; /* open cpu.pressure files, and how many may be */
	bool cumulative; /* rows since start rather than since the last refresh */
	/* PSI of every cgroup in one read (NULL: a cpu.pressure file each) */
	struct cgroup_iter *psi_iter;
	unsigned long psi_read_at; /* the refresh it was last read in, +1 */
	double psi_read_s, psi_dt_s; /* when (monotonic), and since the read before */
	int psi_read_err;
};

/* cpu_cgroup.c: a cgroup's path, identity, PSI and liveness across refreshes */
int cg_identify(struct cpu_priv *cp, struct cg_state *s);
void cg_carry_over(struct cg_state *s, struct cg_state *old);
void cg_free_state(struct cpu_priv *cp, struct cg_state *s);
bool cg_check_alive(struct cpu_priv *cp, struct cg_state *s, bool idle, int *err);
/* Whether cgroup @id is in this refresh's walk of the PSI iterator: 1 yes,
 * 0 no (removed), -ENOENT when there is no complete walk to tell. */
int cg_in_walk(struct cpu_priv *cp, uint64_t id);

/* cpu_psi.c: a cgroup's CPU pressure, from the cgroup iterator or its file */
void cg_psi_open(struct pane *p, struct cpu_priv *cp);
void cg_psi_close(struct cpu_priv *cp);
void cg_read_psi(struct cpu_priv *cp, struct cg_state *s, const struct cg_state *old,
		 struct cpu_row *row);
void cg_close_psi(struct cpu_priv *cp, struct cg_state *s);

#endif
