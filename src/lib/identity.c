// SPDX-License-Identifier: GPL-2.0
/*
 * Container identity from a cgroup path. The patterns, by runtime and cgroup
 * driver (cgroupfs or systemd):
 *   docker       /docker/<id>                        docker-<id>.scope
 *   podman       /libpod_parent/libpod-<id>          libpod-<id>.scope (machine.slice,
 *                                                    user@.service, machine-libpod_pod_*.slice)
 *   containerd   .../<id> under kubepods             cri-containerd-<id>.scope
 *   CRI-O        crio-<id>                           crio-<id>.scope
 *   kubernetes   /kubepods[/burstable|/besteffort]/pod<uid>/<id>
 *                kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod<uid>.slice/...
 *   nspawn       machine.slice/systemd-nspawn@<name>.service, machine-<name>.scope
 *   LXC          /lxc/<name>, /lxc.payload.<name>, /lxc.monitor.<name>
 * The deepest component that names a container wins: a container's own
 * sub-cgroups belong to it. Conmon-style monitors are marked as helpers.
 */
#include <stdio.h>
#include <string.h>
#include "identity.h"

static bool is_hex_id(const char *s, size_t len)
{
	size_t i;

	if (len != CG_ID_LEN)
		return false;
	for (i = 0; i < len; i++) {
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	}
	return true;
}

static bool has_suffix(const char *s, size_t len, const char *suffix, size_t *stem)
{
	size_t n = strlen(suffix);

	if (len < n || memcmp(s + len - n, suffix, n))
		return false;
	*stem = len - n;
	return true;
}

static void copy(char *dst, size_t dst_len, const char *src, size_t len)
{
	if (len >= dst_len)
		len = dst_len - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

/* "<prefix><id>[.scope]" → true with the id copied */
static bool prefixed_id(const char *c, size_t len, const char *prefix, char *id)
{
	size_t pl = strlen(prefix), stem;

	if (len <= pl || memcmp(c, prefix, pl))
		return false;
	c += pl;
	len -= pl;
	if (has_suffix(c, len, ".scope", &stem))
		len = stem;
	if (!is_hex_id(c, len))
		return false;
	copy(id, CG_ID_LEN + 1, c, len);
	return true;
}

static void set_container(struct cg_identity *out, enum cg_runtime rt, bool helper)
{
	out->runtime = rt;
	out->container = true;
	out->helper = helper;
}

/* kubepods pod components: "pod<uid>" or "kubepods-<qos>-pod<uid_with_underscores>.slice" */
static bool pod_uid(const char *c, size_t len, char *uid)
{
	const char *p = NULL;
	size_t stem, i;

	if (len > 3 && !memcmp(c, "pod", 3)) {
		p = c + 3;
		len -= 3;
	} else if (len > 9 && !memcmp(c, "kubepods-", 9) && has_suffix(c, len, ".slice", &stem)) {
		const char *pod = NULL;

		for (i = 0; i + 3 < stem; i++) {
			if (!memcmp(c + i, "pod", 3) && (i == 0 || c[i - 1] == '-'))
				pod = c + i;
		}
		if (!pod)
			return false;
		p = pod + 3;
		len = c + stem - p;
	}
	if (!p || len < 32 || len > 36)
		return false;
	for (i = 0; i < len; i++)
		uid[i] = p[i] == '_' ? '-' : p[i];
	uid[len] = '\0';
	return true;
}

static bool match_component(const char *c, size_t len, const char *parent, size_t parent_len,
			    struct cg_identity *out)
{
	size_t stem;

	if (prefixed_id(c, len, "docker-", out->id)) {
		set_container(out, RT_DOCKER, false);
	} else if (prefixed_id(c, len, "libpod-conmon-", out->id)) {
		set_container(out, RT_PODMAN, true);
	} else if (prefixed_id(c, len, "libpod-", out->id)) {
		set_container(out, RT_PODMAN, false);
	} else if (prefixed_id(c, len, "cri-containerd-", out->id)) {
		set_container(out, RT_CONTAINERD, false);
	} else if (prefixed_id(c, len, "crio-conmon-", out->id)) {
		set_container(out, RT_CRIO, true);
	} else if (prefixed_id(c, len, "crio-", out->id)) {
		set_container(out, RT_CRIO, false);
	} else if (is_hex_id(c, len) && parent_len == 6 && !memcmp(parent, "docker", 6)) {
		copy(out->id, sizeof(out->id), c, len);
		set_container(out, RT_DOCKER, false);
	} else if (is_hex_id(c, len) && out->pod_uid[0]) {
		/* cgroupfs driver under a pod: the runtime is not in the path */
		copy(out->id, sizeof(out->id), c, len);
		set_container(out, RT_KUBERNETES, false);
	} else if (len > 16 && !memcmp(c, "systemd-nspawn@", 15) &&
		   has_suffix(c, len, ".service", &stem)) {
		copy(out->id, sizeof(out->id), c + 15, stem - 15);
		set_container(out, RT_NSPAWN, false);
	} else if (len > 8 && !memcmp(c, "machine-", 8) && has_suffix(c, len, ".scope", &stem)) {
		copy(out->id, sizeof(out->id), c + 8, stem - 8);
		set_container(out, RT_NSPAWN, false);
	} else if (len > 12 && !memcmp(c, "lxc.payload.", 12)) {
		copy(out->id, sizeof(out->id), c + 12, len - 12);
		set_container(out, RT_LXC, false);
	} else if (len > 12 && !memcmp(c, "lxc.monitor.", 12)) {
		copy(out->id, sizeof(out->id), c + 12, len - 12);
		set_container(out, RT_LXC, true);
	} else if (parent_len == 3 && !memcmp(parent, "lxc", 3)) {
		copy(out->id, sizeof(out->id), c, len);
		set_container(out, RT_LXC, false);
	} else {
		return false;
	}
	return true;
}

/* systemd units that say what a host cgroup is */
static void match_unit(const char *c, size_t len, struct cg_identity *out)
{
	size_t stem;

	if (has_suffix(c, len, ".service", &stem) || has_suffix(c, len, ".scope", &stem)) {
		copy(out->unit, sizeof(out->unit), c, len);
		out->runtime = !memcmp(c, "session-", len > 8 ? 8 : len) ||
					       !memcmp(c, "user@", len > 5 ? 5 : len)
				       ? RT_SESSION
				       : RT_SERVICE;
	}
}

void identity_parse_path(const char *path, struct cg_identity *out)
{
	const char *c = path, *parent = "", *next;
	size_t parent_len = 0, len;

	memset(out, 0, sizeof(*out));
	out->runtime = RT_HOST;
	while (*c) {
		while (*c == '/')
			c++;
		if (!*c)
			break;
		next = strchr(c, '/');
		len = next ? (size_t)(next - c) : strlen(c);
		/* once inside a container, its sub-cgroups are its own */
		if (!out->container || out->helper) {
			if (!out->container && pod_uid(c, len, out->pod_uid)) {
				out->runtime = RT_KUBERNETES;
			} else if (!match_component(c, len, parent, parent_len, out) &&
				   !out->container && !out->pod_uid[0]) {
				match_unit(c, len, out);
			}
		}
		parent = c;
		parent_len = len;
		c += len;
	}
	/* a pod's own cgroup is a container-level row too */
	if (out->pod_uid[0])
		out->container = true;
}

const char *identity_runtime_name(enum cg_runtime rt)
{
	static const char *const names[] = {
		[RT_HOST] = "host",	  [RT_SERVICE] = "service",
		[RT_SESSION] = "session", [RT_DOCKER] = "docker",
		[RT_PODMAN] = "podman",	  [RT_CONTAINERD] = "containerd",
		[RT_CRIO] = "cri-o",	  [RT_NSPAWN] = "nspawn",
		[RT_LXC] = "lxc",	  [RT_KUBERNETES] = "kubernetes",
	};

	return rt < sizeof(names) / sizeof(names[0]) ? names[rt] : "?";
}

void identity_short_id(const struct cg_identity *id, char *out, size_t len)
{
	bool hex = is_hex_id(id->id, strlen(id->id));

	snprintf(out, len, "%.*s", hex ? 12 : (int)sizeof(id->id), id->id);
}
