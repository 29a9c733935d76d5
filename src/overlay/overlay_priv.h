/* SPDX-License-Identifier: GPL-2.0 */
/* Pane 3 collector's state, shared by overlay.c (rows) and overlay_hooks.c. */
#ifndef CVTOP_OVERLAY_PRIV_H
#define CVTOP_OVERLAY_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include "bpf/overlay.h"
#include "bpfmap.h"
#include "cgroup.h"
#include "counters.h"
#include "idcache.h"
#include "overlay.h"
#include "overlay_watch.h"
#include "pane.h"

enum ovl_variant {
	VARIANT_FENTRY,
	VARIANT_KPROBE,
	VARIANT_TP_BTF,
	VARIANT_RAW_TP,
	VARIANT_TRACEPOINT,
	NR_VARIANTS,
};

struct dir_totals {
	uint64_t count, bytes, errors, ns;
	uint64_t hist[OVL_HIST_SLOTS];
};

struct ovl_state {
	struct ovl_key key;
	struct dir_totals ep[OVL_NR_DIRS]; /* the epoch just closed */
	struct dir_totals cum[OVL_NR_DIRS]; /* every closed epoch since it was added */
	uint64_t max_ns[OVL_NR_DIRS]; /* of the epoch just closed */
	uint64_t max_all_ns[OVL_NR_DIRS]; /* since start, for the cumulative view */
	unsigned int idle_refreshes;
	char *path, *mount, *upper, *name;
};

struct overlay_priv {
	struct overlay_bpf *skel;
	enum ovl_variant variant;
	struct cgroup_fs cgfs;
	struct idcache *ids;
	struct map_reader reader;
	uint64_t epoch; /* the kernel's: the one being written */
	struct ovl_watch watch; /* the hooks are attached while an overlay is mounted */
	bool attached;
	char method[112]; /* what the hooks are (the pane's method, without the idle note) */
	/* sorted by key: the previous refresh's totals, and the one being built */
	struct gen_table gen; /* of struct ovl_state, by key */
	struct overlay_snapshot snap;
	size_t rows_cap;
	unsigned long refreshes;
	bool cumulative; /* rows since start rather than since the last refresh */
};

/* overlay_hooks.c: the hooks to choose from, what each misses */
extern const struct hook_choice overlay_hooks[NR_VARIANTS];
extern const char *const variant_misses[NR_VARIANTS];
/* Attaches the hooks while an overlay is mounted, detaches them while none
 * is, and says so in the pane's method; 0 or -errno. */
int ovl_follow_mounts(struct pane *p, struct overlay_priv *op);

#endif
