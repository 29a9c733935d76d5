/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_IDCACHE_H
#define CVTOP_IDCACHE_H

#include "identity.h"

/*
 * Identities of cgroups by path, for the panes whose rows are cgroups: the
 * path is parsed and the name resolved (src/names.c) once; a fallback name is
 * looked up again every few refreshes; entries unused for a while go.
 */
struct idcache;

struct idcache *idcache_new(void);
void idcache_free(struct idcache *c);
/*
 * The identity of the cgroup at @path (relative to its hierarchy's root;
 * the same container has the same path in every hierarchy). @root_fd is the
 * hierarchy's root directory (for cgroup.procs and the UTS hostname
 * fallback), or -1. NULL only when out of memory. Valid while it is asked
 * for at least every 30 idcache_tick()s.
 */
const struct cg_identity *idcache_get(struct idcache *c, const char *path, int root_fd);
/* Once per refresh: ages the entries and drops those not asked for lately. */
void idcache_tick(struct idcache *c);

#endif
