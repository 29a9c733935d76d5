/* SPDX-License-Identifier: GPL-2.0 */
/* Pane 2 collector's state, shared by its files: throttle.c (hooks, rows),
 * throttle_scan.c (cgroupfs), throttle_io.c (the block map). */
#ifndef CVTOP_THROTTLE_PRIV_H
#define CVTOP_THROTTLE_PRIV_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include "bpfmap.h"
#include "bpf/throttle.h"
#include "throttle.h"
#include "throttle_cgfs.h"

struct idcache;

/* cgroup ids without throttled I/O are checked for removal this often */
#define LIVENESS_EVERY 5
/* the hierarchies are walked this often; in between only the cgroups that had
 * a quota or a limit are read again */
#define RESCAN_EVERY 5

enum io_variant {
	VARIANT_FEXIT,
	VARIANT_KPROBE,
	VARIANT_TP_BTF,
	VARIANT_RAW_TP,
};

/* A cgroup seen this refresh, by path: the rows are built from these. */
struct entry {
	char *path;
	bool has_cpu;
	struct cgfs_cpu cpu;
	struct throttle_dev devs[CGFS_MAX_DEVS];
	int nr_devs;
};

/* A cgroup the last walk found with a quota (cpu) or a block limit (io). */
struct known {
	char *path;
	bool cpu, io;
};

/* CPU counters of the previous refresh, by path */
struct cpu_prev {
	char *path;
	struct cgfs_cpu cpu;
	struct cgfs_cpu first; /* when first seen: the cumulative baseline */
};

/* One map key's totals over CPUs. */
struct io_state {
	struct throttle_key key;
	struct throttle_val cum;
};

struct id_path {
	uint64_t id;
	char *path; /* NULL: gone */
	unsigned long checked; /* refresh it was last resolved */
	unsigned long used; /* refresh it was last looked up */
};

struct throttle_priv {
	struct throttle_bpf *skel;
	enum io_variant variant;
	int bps_bit; /* BIO_BPS_THROTTLED, -1 when the kernel has none */
	uint64_t dispatch_fn; /* blk_throtl_dispatch_work_fn, 0 when unknown */
	struct throttle_fs fs;
	struct map_reader reader;
	char cpu_source[PATH_MAX + 32], io_source[PATH_MAX + 32], io_missing[400];
	struct entry *entries;
	size_t nr_entries, entries_cap;
	struct cpu_prev *prev;
	size_t nr_prev;
	struct known *known;
	size_t nr_known;
	struct io_state *io, *io_next;
	size_t nr_io, nr_io_next, io_cap;
	struct id_path *ids;
	size_t nr_ids, ids_cap;
	struct throttle_snapshot snap;
	size_t rows_cap, devs_cap;
	unsigned long refreshes;
	struct idcache *idc;
	bool cumulative; /* rows since start rather than since the last refresh */
};

/* throttle_scan.c: the cgroups with a quota or a limit, as entries */
struct entry *thr_find_entry(struct throttle_priv *tp, const char *path, bool add);
struct throttle_dev *thr_find_dev(struct entry *e, uint32_t major, uint32_t minor);
int thr_scan_cgroupfs(struct throttle_priv *tp);
void thr_free_known(struct throttle_priv *tp);
/* throttle_io.c: the block map's throttled bios folded into the entries */
int thr_read_io(struct throttle_priv *tp);

#endif
