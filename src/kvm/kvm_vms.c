// SPDX-License-Identifier: GPL-2.0
/* Pane 5: the VMM processes seen, by name, and the keys of those that exited. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "grow.h"
#include <bpf/libbpf.h>
#include "exit_reasons.h"
#include "kvm.skel.h"
#include "kvm_exits.skel.h"
#include "kvm_priv.h"
#include "pane.h"

/*
 * The command line the kernel kept at the VM's first event, for a VMM gone
 * before this refresh could read /proc: its -name, else its program.
 */
static bool name_from_kernel(struct kvm_priv *kp, pid_t pid, struct name_cache *n)
{
	struct kvm_vm_args *a = kp->args;
	uint32_t key = pid;
	const char *prog;
	size_t len;

	if (!a || bpf_map_lookup_elem(bpf_map__fd(kp->skel->maps.kvm_vm_args), &key, a))
		return false;
	len = a->len < sizeof(a->args) ? a->len : sizeof(a->args);
	if (!len)
		return false;
	if (!vm_name_from_cmdline(a->args, len, n->name, sizeof(n->name)))
		return true;
	a->args[len - 1] = '\0';
	prog = strrchr(a->args, '/');
	snprintf(n->name, sizeof(n->name), "%.64s[%d]", prog ? prog + 1 : a->args, (int)pid);
	return true;
}

static struct name_cache *name_of(struct kvm_priv *kp, pid_t pid)
{
	char path[64], cmdline[4096], comm[64] = "";
	struct name_cache *n;
	ssize_t len = 0;
	size_t i;
	int fd;

	for (i = 0; i < kp->nr_names; i++) {
		if (kp->names[i].pid == pid)
			return &kp->names[i];
	}
	if (array_grow((void **)&kp->names, &kp->names_cap, kp->nr_names + 1, sizeof(*n)))
		return NULL;
	n = &kp->names[kp->nr_names++];
	memset(n, 0, sizeof(*n));
	n->pid = pid;
	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		len = read(fd, cmdline, sizeof(cmdline));
		close(fd);
	}
	if (len > 0 && !vm_name_from_cmdline(cmdline, len, n->name, sizeof(n->name)))
		return n;
	if (len <= 0 && name_from_kernel(kp, pid, n))
		return n;
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		len = read(fd, comm, sizeof(comm) - 1);
		close(fd);
		comm[len > 0 ? len : 0] = '\0';
		comm[strcspn(comm, "\n")] = '\0';
	}
	if (comm[0])
		snprintf(n->name, sizeof(n->name), "%s[%d]", comm, (int)pid);
	else
		snprintf(n->name, sizeof(n->name), "pid %d (exited)", (int)pid);
	return n;
}

/* Looks a name up without adding: rows point into the cache, which must not move. */
const char *kvm_vm_name_of(struct kvm_priv *kp, uint32_t tgid)
{
	size_t i;

	for (i = 0; i < kp->nr_names; i++) {
		if (kp->names[i].pid == (pid_t)tgid)
			return kp->names[i].name;
	}
	return "?";
}

/* Resolves the names of every VMM seen, before any row points at one. */
void kvm_resolve_names(struct kvm_priv *kp)
{
	size_t i;
	int m;

	for (m = 0; m < NR_MAPS; m++) {
		for (i = 0; i < kp->sets[m].gen.nr_prev; i++)
			name_of(kp, key_tgid(gen_prev_at(&kp->sets[m].gen, i)));
	}
	for (i = 0; i < kp->xgen.gen.nr_cur; i++)
		name_of(kp, ((struct exit_entry *)gen_at(&kp->xgen.gen, i))->key.tgid);
}

/* exited VMs' keys and names stay (pane_keeps_idle) */
bool kvm_keeps_dead(const struct kvm_priv *kp)
{
	int m;

	for (m = 0; m < NR_MAPS; m++) {
		if (!pane_keeps_idle(kp->cumulative, kp->sets[m].gen.nr_prev, KVM_MAX_KEYS))
			return false;
	}
	return pane_keeps_idle(kp->cumulative, kp->xgen.gen.nr_prev, KVM_MAX_KEYS);
}

/*
 * A VMM that exited keeps its name for one more refresh, the one that shows
 * its last counts and deletes its keys; then the name leaves the cache.
 */
void kvm_forget_dead(struct kvm_priv *kp)
{
	char path[64];
	size_t i, kept = 0;

	for (i = 0; i < kp->nr_names; i++) {
		struct name_cache *n = &kp->names[i];

		/* kept with their keys, under their names */
		if (n->gone && !kvm_keeps_dead(kp))
			continue;
		snprintf(path, sizeof(path), "/proc/%d", (int)n->pid);
		n->gone = access(path, F_OK) != 0;
		kp->names[kept++] = *n;
	}
	kp->nr_names = kept;
}

/*
 * Gone at the start of this refresh, before the epoch closed: every event of
 * the VM is in what was just read, so its keys can go.
 */
static bool gone_before_read(const struct kvm_priv *kp, uint32_t tgid)
{
	size_t i;

	for (i = 0; i < kp->nr_names; i++) {
		if (kp->names[i].pid == (pid_t)tgid)
			return kp->names[i].gone;
	}
	return false;
}

void kvm_delete_dead_keys(struct kvm_priv *kp)
{
	size_t i;
	int m;

	for (m = 0; m < NR_MAPS; m++) {
		struct ctr_set *cs = &kp->sets[m];

		for (i = 0; i < cs->gen.nr_prev; i++) {
			const struct ctr *c = gen_prev_at(&cs->gen, i);

			if (gone_before_read(kp, key_tgid(c->key)))
				bpf_map_delete_elem(cs->fd, c->key);
		}
	}
	kvm_delete_dead_io_times(kp, gone_before_read);
	for (i = 0; i < kp->nr_names; i++) {
		uint32_t key = kp->names[i].pid;

		if (kp->names[i].gone)
			bpf_map_delete_elem(bpf_map__fd(kp->skel->maps.kvm_vm_args), &key);
	}
	for (i = 0; kp->xskel && i < kp->xgen.gen.nr_prev; i++) {
		struct exit_entry *e = gen_prev_at(&kp->xgen.gen, i);

		if (!gone_before_read(kp, e->key.tgid))
			continue;
		/* its totals stay in the all-VMs rows */
		if (!bpf_map_delete_elem(bpf_map__fd(kp->xskel->maps.kvm_exits), &e->key) ||
		    errno == ENOENT)
			exit_gen_retire(&kp->xgen, e);
	}
}
