// SPDX-License-Identifier: GPL-2.0
/* Pane 1: what a cgroup row carries across refreshes: its path, identity and
 * name, whether it still exists (its PSI: cpu_psi.c). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "cpu.skel.h"
#include "cpu_priv.h"
#include "hist.h"
#include "identity.h"

static void forget_cgroup(struct cpu_priv *cp, uint64_t id)
{
	bpf_map_delete_elem(bpf_map__fd(cp->skel->maps.cpu_cgroups), &id);
}

static char *resolve_path(struct cpu_priv *cp, uint64_t id, int *err)
{
	char buf[PATH_MAX];
	char *path;

	*err = cgroup_path_of(&cp->cgfs, id, buf, sizeof(buf));
	if (*err == -ESTALE || *err == -ENOENT) {
		*err = 0;
		return NULL; /* gone */
	}
	if (*err)
		snprintf(buf, sizeof(buf), "cgroup id %llu", (unsigned long long)id);
	*err = 0;
	path = strdup(buf);
	if (!path)
		*err = -ENOMEM;
	return path;
}

/* Who the cgroup belongs to, and its name; again later if only a fallback. */
int cg_identify(struct cpu_priv *cp, struct cg_state *s)
{
	int dir, procs = -1;

	if (!s->ident) {
		s->ident = calloc(1, sizeof(*s->ident));
		if (!s->ident)
			return -ENOMEM;
	} else if (s->name_final || ++s->name_age % RENAME_EVERY) {
		return 0;
	}
	identity_parse_path(s->path, s->ident);
	/* the container's hostname may name it: read from one of its tasks */
	dir = s->ident->container ? cgroup_open_dir(&cp->cgfs, s->path) : -1;
	if (dir >= 0) {
		procs = openat(dir, "cgroup.procs", O_RDONLY | O_CLOEXEC);
		close(dir);
	}
	s->name_final = names_resolve(cp->names, s->ident, s->path, procs);
	if (procs >= 0)
		close(procs);
	return 0;
}

/* Carries paths, identities and state over from the previous generation. */
void cg_carry_over(struct cg_state *s, struct cg_state *old)
{
	s->path = old->path;
	s->ident = old->ident;
	s->name_final = old->name_final;
	s->name_age = old->name_age;
	s->gone_refreshes = old->gone_refreshes;
	s->psi_fd = old->psi_fd;
	s->psi_avg10 = old->psi_avg10;
	old->path = NULL;
	old->ident = NULL;
	old->psi_fd = -1;
}

void cg_free_state(struct cpu_priv *cp, struct cg_state *s)
{
	free(s->path);
	free(s->ident);
	s->path = NULL;
	s->ident = NULL;
	cg_close_psi(cp, s);
}

/* false when the row is to be dropped now */
bool cg_check_alive(struct cpu_priv *cp, struct cg_state *s, bool idle, int *err)
{
	bool check = !s->path || (idle && cp->refreshes % LIVENESS_EVERY == 0 &&
				  s->idle_refreshes >= LIVENESS_EVERY);
	char *path;

	*err = 0;
	if (s->gone_refreshes) {
		if (++s->gone_refreshes <= GONE_GRACE)
			return true;
		forget_cgroup(cp, s->id);
		return false;
	}
	if (!check)
		return true;
	/* a known cgroup: the iterator's walk of every cgroup tells, without
	 * a handle opened and read back for each idle one (most, on a host
	 * of thousands of containers) */
	if (s->path) {
		switch (cg_in_walk(cp, s->id)) {
		case 1:
			return true;
		case 0:
			s->gone_refreshes = 1;
			return true;
		}
	}
	path = resolve_path(cp, s->id, err);
	if (*err)
		return false;
	if (!path) {
		/* gone: a freshly seen one goes at once, a known one is kept dimmed */
		if (!s->path) {
			forget_cgroup(cp, s->id);
			return false;
		}
		s->gone_refreshes = 1;
		return true;
	}
	free(s->path);
	s->path = path;
	return true;
}
