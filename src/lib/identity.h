/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_IDENTITY_H
#define CVTOP_IDENTITY_H

#include <stdbool.h>
#include <stddef.h>

/* Who a cgroup belongs to, from its path alone (no I/O). */
enum cg_runtime {
	RT_HOST, /* a host cgroup that is nothing more specific */
	RT_SERVICE, /* a systemd unit: system.slice/foo.service */
	RT_SESSION, /* a user's session or user manager */
	RT_DOCKER,
	RT_PODMAN,
	RT_CONTAINERD,
	RT_CRIO,
	RT_NSPAWN,
	RT_LXC,
	RT_KUBERNETES, /* a pod's cgroup, or a container of unknown runtime in a pod */
};

#define CG_ID_LEN 64

struct cg_identity {
	enum cg_runtime runtime;
	bool container; /* a container or a pod (not a host cgroup) */
	bool helper; /* the runtime's monitor (conmon, lxc.monitor) for it */
	char id[CG_ID_LEN + 1]; /* container id (hex), or machine name */
	char pod_uid[40]; /* kubernetes pod uid (dashes), "" if none */
	char unit[128]; /* systemd unit or session, "" if none */
	char name[256]; /* filled by the name resolver (src/names.c) */
	char k8s_namespace[64];
	char k8s_pod[256];
	char k8s_container[128];
};

/* Fills @out from @path (relative to the hierarchy's root). */
void identity_parse_path(const char *path, struct cg_identity *out);
const char *identity_runtime_name(enum cg_runtime rt);
/* The first 12 characters of the id, as docker and podman show it. */
void identity_short_id(const struct cg_identity *id, char *out, size_t len);

#endif
