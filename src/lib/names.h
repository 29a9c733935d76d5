/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_NAMES_H
#define CVTOP_NAMES_H

#include "identity.h"

/*
 * Names for containers, from what runtimes leave on disk — never by asking a
 * daemon: podman's containers.json, docker's containers/<id>/config.v2.json,
 * the kubelet's /var/log/containers/<pod>_<namespace>_<container>-<id>.log;
 * then the UTS hostname of a process in the cgroup; then the short id. Host
 * cgroups are named by their unit, else their path.
 */
struct name_resolver;

struct name_paths {
	const char *podman_storage; /* default /var/lib/containers/storage */
	const char *docker_root; /* default /var/lib/docker */
	const char *kube_logs; /* default /var/log/containers */
};

/* @paths may be NULL for the defaults; tests point them at fixtures. */
struct name_resolver *names_new(const struct name_paths *paths);
void names_free(struct name_resolver *nr);

/*
 * Fills @id->name (and the kubernetes fields) for the cgroup at @path.
 * @procs_fd is an open cgroup.procs of the cgroup or -1. Returns true when
 * the name is final (from a runtime's state or a unit), false when it is a
 * fallback worth asking again later.
 */
bool names_resolve(struct name_resolver *nr, struct cg_identity *id, const char *path,
		   int procs_fd);

#endif
