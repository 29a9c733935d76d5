// SPDX-License-Identifier: GPL-2.0
/*
 * Pane 5 collector. bpf/kvm.bpf.c counts port I/O, MMIO, MSR and user-space
 * exits per VMM process and vCPU thread; bpf/kvm_exits.bpf.c times exits by
 * reason, loaded only where hardware virtualization can make them fire.
 * Kernel counters only grow: rows carry the interval's delta and the total.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "counters.h"
#include "grow.h"
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "bpfmap.h"
#include "hist.h"
#include "kvm.h"
#include "exit_table.h"
#include "kvm.skel.h"
#include "skel.h"
#include "kvm_exits.skel.h"
#include "exit_reasons.h"
#include "pane.h"
#include "tracefs.h"
#include "vmscan.h"

#define KEY_MAX 24

enum kvm_variant {
	VARIANT_TP_BTF,
	VARIANT_RAW_TP,
	VARIANT_TRACEPOINT,
	NR_VARIANTS,
};

enum ctr_map {
	MAP_PIO,
	MAP_MMIO,
	MAP_MSR,
	MAP_UEXIT,
	NR_MAPS,
};

/* One key of a counting map: totals summed over CPUs, and the interval's delta. */
struct ctr {
	uint8_t key[KEY_MAX]; /* starts with tgid, tid */
	uint64_t cur[2], delta[2];
};

struct ctr_set {
	struct map_reader reader;
	int fd;
	int nr_vals;
	struct gen_table gen; /* of struct ctr */
};

struct name_cache {
	pid_t pid;
	bool gone; /* the process was gone at the last refresh */
	char name[VM_NAME_LEN];
};

struct kvm_priv {
	struct kvm_bpf *skel;
	struct kvm_exits_bpf *xskel;
	struct ctr_set sets[NR_MAPS];
	struct map_reader xreader;
	struct exit_gen xgen;
	struct name_cache *names;
	size_t nr_names, names_cap;
	struct kvm_snapshot snap;
	bool cumulative; /* rows since start rather than since the last refresh */
};

static int try_variant(struct pane *p, int index, char *why, size_t why_len)
{
	struct kvm_priv *kp = p->priv;
	bool btf = index == VARIANT_TP_BTF, raw = index == VARIANT_RAW_TP;
	bool tp = index == VARIANT_TRACEPOINT;
	struct kvm_bpf *skel;
	int err;

	if (access("/dev/kvm", F_OK)) {
		snprintf(why, why_len, "no /dev/kvm: this host runs no KVM guests");
		return -ENOENT;
	}
	if (tp) {
		err = tracefs_ensure();
		if (err) {
			snprintf(why, why_len, "tracefs is not mounted and mounting it failed: %s",
				 strerror(-err));
			return err;
		}
	}
	skel = kvm_bpf__open();
	if (!skel)
		return -errno ? -errno : -ENOMEM;
	skel_autoload(skel->obj, btf ? "tp_btf/" : raw ? "raw_tp/" : "tracepoint/");
	err = skel_load_attach(skel->skeleton, why, why_len);
	if (err)
		goto fail;
	kp->skel = skel;
	return 0;
fail:
	kvm_bpf__destroy(skel);
	return err;
}

static const struct hook_choice kvm_hooks[] = {
	[VARIANT_TP_BTF] = { "tp_btf", "kvm_pio, kvm_mmio, kvm_msr, kvm_userspace_exit",
			     try_variant },
	[VARIANT_RAW_TP] = { "raw_tp", "kvm_pio, kvm_mmio, kvm_msr, kvm_userspace_exit",
			     try_variant },
	[VARIANT_TRACEPOINT] = { "tracepoint", "kvm:kvm_pio, kvm_mmio, kvm_msr, kvm_userspace_exit",
				 try_variant },
};

/* The vendor module whose exits kvm_exit reports, or NULL without one. */
static const char *hw_kvm_module(void)
{
	if (!access("/sys/module/kvm_intel", F_OK))
		return "kvm_intel";
	if (!access("/sys/module/kvm_amd", F_OK))
		return "kvm_amd";
	return NULL;
}

/* tp_btf and raw_tp read the reason from vcpu_vmx/vcpu_svm: is their BTF there? */
static bool vendor_btf_present(const char *module)
{
	const char *type = strcmp(module, "kvm_intel") ? "vcpu_svm" : "vcpu_vmx";
	struct btf *vmlinux = btf__load_vmlinux_btf(), *mod = NULL;
	bool found = false;

	if (!vmlinux)
		return false;
	found = btf__find_by_name_kind(vmlinux, type, BTF_KIND_STRUCT) > 0;
	if (!found) {
		mod = btf__load_module_btf(module, vmlinux);
		found = mod && btf__find_by_name_kind(mod, type, BTF_KIND_STRUCT) > 0;
	}
	btf__free(mod);
	btf__free(vmlinux);
	return found;
}

static int try_exit_variant(struct kvm_priv *kp, int index, const char *module, char *why,
			    size_t why_len)
{
	bool btf = index == VARIANT_TP_BTF, raw = index == VARIANT_RAW_TP;
	bool tp = index == VARIANT_TRACEPOINT;
	struct kvm_exits_bpf *skel;
	int err;

	if (!tp && !vendor_btf_present(module)) {
		snprintf(why, why_len, "no BTF for %s's vcpu struct to read the exit reason from",
			 module);
		return -ENOENT;
	}
	if (tp) {
		err = tracefs_ensure();
		if (err) {
			snprintf(why, why_len, "tracefs: %s", strerror(-err));
			return err;
		}
	}
	skel = kvm_exits_bpf__open();
	if (!skel)
		return -errno ? -errno : -ENOMEM;
	skel_autoload(skel->obj, btf ? "tp_btf/" : raw ? "raw_tp/" : "tracepoint/");
	skel->bss->epoch = 1;
	err = skel_load_attach(skel->skeleton, why, why_len);
	if (err)
		goto fail;
	kp->xskel = skel;
	return 0;
fail:
	kvm_exits_bpf__destroy(skel);
	return err;
}

static int try_exits(struct pane *p, int index, char *why, size_t why_len)
{
	return try_exit_variant(p->priv, index, hw_kvm_module(), why, why_len);
}

static const struct hook_choice exit_hooks[] = {
	[VARIANT_TP_BTF] = { "tp_btf", "exits: kvm_exit + kvm_entry, reason from vcpu BTF",
			     try_exits },
	[VARIANT_RAW_TP] = { "raw_tp", "exits: kvm_exit + kvm_entry, reason from vcpu BTF",
			     try_exits },
	[VARIANT_TRACEPOINT] = { "tracepoint", "exits: kvm:kvm_exit + kvm:kvm_entry", try_exits },
};

/* Chooses the exit table's hook; its attempts follow the pane's own. */
static void open_exits(struct pane *p, struct kvm_priv *kp)
{
	struct kvm_snapshot *s = &kp->snap;
	struct part_choice part = { .name = "exits", .choices = exit_hooks, .nr = NR_VARIANTS };
	char absent[sizeof(s->exits_reason)];
	int isa, err;

	if (!hw_kvm_module()) {
		isa = kvm_isa_from_cpuinfo("/proc/cpuinfo");
		snprintf(absent, sizeof(absent),
			 "kvm_exit/kvm_entry fire only under hardware virtualization "
			 "(kvm_intel or kvm_amd, %s here); neither module is loaded, so "
			 "/dev/kvm is a software hypervisor whose exits are not traced",
			 isa == KVM_ISA_VMX   ? "VMX"
			 : isa == KVM_ISA_SVM ? "SVM"
					      : "unknown vendor");
		part.absent = absent;
		part.absent_short = "no kvm_intel or kvm_amd";
	}
	if (probe_choose_part(p, &part, s->exits_method, sizeof(s->exits_method), s->exits_reason,
			      sizeof(s->exits_reason)) < 0)
		return;
	s->exits_ok = true;
	err = map_reader_init(&kp->xreader, bpf_map__fd(kp->xskel->maps.kvm_exits),
			      sizeof(struct kvm_exit_key), sizeof(struct kvm_exit_val), 1);
	if (err) {
		s->exits_ok = false;
		snprintf(s->exits_reason, sizeof(s->exits_reason), "map reader: %s",
			 strerror(-err));
	}
}

static int kvm_open(struct pane *p)
{
	static const size_t key_sizes[NR_MAPS] = {
		sizeof(struct kvm_pio_key),
		sizeof(struct kvm_mmio_key),
		sizeof(struct kvm_msr_key),
		sizeof(struct kvm_uexit_key),
	};
	struct kvm_priv *kp = calloc(1, sizeof(*kp));
	int i, err, fds[NR_MAPS];

	if (!kp)
		return -ENOMEM;
	p->priv = kp;
	p->snap = &kp->snap;
	kp->xgen.epoch = 1;
	if (probe_choose(p, kvm_hooks, sizeof(kvm_hooks) / sizeof(kvm_hooks[0])) < 0)
		return 0;
	fds[MAP_PIO] = bpf_map__fd(kp->skel->maps.kvm_pio_map);
	fds[MAP_MMIO] = bpf_map__fd(kp->skel->maps.kvm_mmio_map);
	fds[MAP_MSR] = bpf_map__fd(kp->skel->maps.kvm_msr_map);
	fds[MAP_UEXIT] = bpf_map__fd(kp->skel->maps.kvm_uexit_map);
	for (i = 0; i < NR_MAPS; i++) {
		struct ctr_set *cs = &kp->sets[i];

		cs->fd = fds[i];
		cs->gen.key_size = key_sizes[i];
		cs->gen.entry_size = sizeof(struct ctr);
		cs->nr_vals = i == MAP_PIO ? 2 : 1;
		err = map_reader_init(&cs->reader, cs->fd, key_sizes[i],
				      cs->nr_vals * sizeof(uint64_t), 1);
		if (err) {
			pane_set_unavailable(p, "map reader: %s", strerror(-err));
			return 0;
		}
	}
	open_exits(p, kp);
	return 0;
}

static int fold_ctr(void *entry, const void *values, const struct map_reader *r, void *ctx)
{
	struct ctr_set *cs = ctx;
	struct ctr *c = entry;
	int cpu, i;

	for (cpu = 0; cpu < r->nr_values; cpu++) {
		const uint64_t *v = (const void *)((const char *)values + cpu * r->stride);

		for (i = 0; i < cs->nr_vals; i++)
			c->cur[i] += v[i];
	}
	return 0;
}

/* @cumulative: deltas from zero, where the map's counters started */
static int read_set(struct ctr_set *cs, bool cumulative)
{
	size_t i;
	int j, err;

	err = gen_read(&cs->gen, &cs->reader, fold_ctr, cs);
	if (err)
		return err;
	for (i = 0; i < cs->gen.nr_cur; i++) {
		struct ctr *c = gen_at(&cs->gen, i);
		struct ctr *old = cumulative ? NULL : gen_prev(&cs->gen, c);

		for (j = 0; j < cs->nr_vals; j++)
			c->delta[j] = counter_delta(c->cur[j], old ? old->cur[j] : 0);
		gen_keep(&cs->gen, i);
	}
	gen_end(&cs->gen, NULL, NULL);
	return 0;
}

static int cmp_ctr(const void *a, const void *b)
{
	return memcmp(((const struct ctr *)a)->key, ((const struct ctr *)b)->key, KEY_MAX);
}

static uint32_t key_tgid(const void *key)
{
	uint32_t tgid;

	memcpy(&tgid, key, sizeof(tgid));
	return tgid;
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
static const char *vm_name_of(struct kvm_priv *kp, uint32_t tgid)
{
	size_t i;

	for (i = 0; i < kp->nr_names; i++) {
		if (kp->names[i].pid == (pid_t)tgid)
			return kp->names[i].name;
	}
	return "?";
}

/* Resolves the names of every VMM seen, before any row points at one. */
static void resolve_names(struct kvm_priv *kp)
{
	size_t i;
	int m;

	for (m = 0; m < NR_MAPS; m++) {
		for (i = 0; i < kp->sets[m].gen.nr_prev; i++)
			name_of(kp, key_tgid(gen_prev_at(&kp->sets[m].gen, i)));
	}
	for (i = 0; i < kp->xgen.nr_next; i++)
		name_of(kp, kp->xgen.next[i].key.tgid);
}

/* exited VMs' keys and names stay (pane_keeps_idle) */
static bool keeps_dead(const struct kvm_priv *kp)
{
	int m;

	for (m = 0; m < NR_MAPS; m++) {
		if (!pane_keeps_idle(kp->cumulative, kp->sets[m].gen.nr_prev, KVM_MAX_KEYS))
			return false;
	}
	return pane_keeps_idle(kp->cumulative, kp->xgen.nr_prev, KVM_MAX_KEYS);
}

/*
 * A VMM that exited keeps its name for one more refresh, the one that shows
 * its last counts and deletes its keys; then the name leaves the cache.
 */
static void forget_dead(struct kvm_priv *kp)
{
	char path[64];
	size_t i, kept = 0;

	for (i = 0; i < kp->nr_names; i++) {
		struct name_cache *n = &kp->names[i];

		/* kept with their keys, under their names */
		if (n->gone && !keeps_dead(kp))
			continue;
		snprintf(path, sizeof(path), "/proc/%d", (int)n->pid);
		n->gone = access(path, F_OK) != 0;
		kp->names[kept++] = *n;
	}
	kp->nr_names = kept;
}

static void delete_dead_keys(struct kvm_priv *kp)
{
	char path[64];
	size_t i;
	int m;

	for (m = 0; m < NR_MAPS; m++) {
		struct ctr_set *cs = &kp->sets[m];

		for (i = 0; i < cs->gen.nr_prev; i++) {
			const struct ctr *c = gen_prev_at(&cs->gen, i);

			snprintf(path, sizeof(path), "/proc/%u", key_tgid(c->key));
			if (access(path, F_OK))
				bpf_map_delete_elem(cs->fd, c->key);
		}
	}
	for (i = 0; kp->xskel && i < kp->xgen.nr_prev; i++) {
		snprintf(path, sizeof(path), "/proc/%u", kp->xgen.prev[i].key.tgid);
		if (access(path, F_OK))
			bpf_map_delete_elem(bpf_map__fd(kp->xskel->maps.kvm_exits),
					    &kp->xgen.prev[i].key);
	}
}

/*
 * Folds a set's keys over vCPU threads (tid zeroed) into @out: per VM rows.
 * Returns the number of folded entries or -ENOMEM.
 */
static long fold_tids(const struct ctr_set *cs, struct ctr **out, size_t *cap)
{
	size_t i, n = 0;

	if (array_grow((void **)out, cap, cs->gen.nr_prev + 1, sizeof(**out)))
		return -ENOMEM;
	for (i = 0; i < cs->gen.nr_prev; i++) {
		struct ctr c = *(struct ctr *)gen_prev_at(&cs->gen, i);

		memset(c.key + 4, 0, 4);
		if (n && !cmp_ctr(&(*out)[n - 1], &c)) {
			(*out)[n - 1].cur[0] += c.cur[0];
			(*out)[n - 1].cur[1] += c.cur[1];
			(*out)[n - 1].delta[0] += c.delta[0];
			(*out)[n - 1].delta[1] += c.delta[1];
			continue;
		}
		(*out)[n++] = c;
	}
	qsort(*out, n, sizeof(**out), cmp_ctr);
	/* sorting may bring equal keys of different tids together: merge again */
	{
		size_t k = 0;

		for (i = 0; i < n; i++) {
			if (k && !cmp_ctr(&(*out)[k - 1], &(*out)[i])) {
				(*out)[k - 1].cur[0] += (*out)[i].cur[0];
				(*out)[k - 1].cur[1] += (*out)[i].cur[1];
				(*out)[k - 1].delta[0] += (*out)[i].delta[0];
				(*out)[k - 1].delta[1] += (*out)[i].delta[1];
				continue;
			}
			(*out)[k++] = (*out)[i];
		}
		n = k;
	}
	return (long)n;
}

static int build_io_rows(struct kvm_priv *kp)
{
	struct kvm_snapshot *s = &kp->snap;
	struct ctr *f = NULL;
	size_t cap = 0;
	long n, i;
	void *rows;

	n = fold_tids(&kp->sets[MAP_PIO], &f, &cap);
	if (n < 0 || !(rows = realloc(s->pio, (n + 1) * sizeof(*s->pio))))
		goto nomem;
	s->pio = rows;
	for (i = 0; i < n; i++) {
		struct kvm_pio_key k;
		struct kvm_pio_row *r = &s->pio[i];

		memcpy(&k, f[i].key, sizeof(k));
		*r = (struct kvm_pio_row){ .pid = k.tgid,
					   .vm = vm_name_of(kp, k.tgid),
					   .port = k.port,
					   .write = k.write,
					   .size = k.size,
					   .exits = f[i].delta[0],
					   .exits_total = f[i].cur[0],
					   .items = f[i].delta[1],
					   .items_total = f[i].cur[1] };
	}
	s->nr_pio = n;

	n = fold_tids(&kp->sets[MAP_MMIO], &f, &cap);
	if (n < 0 || !(rows = realloc(s->mmio, (n + 1) * sizeof(*s->mmio))))
		goto nomem;
	s->mmio = rows;
	for (i = 0; i < n; i++) {
		struct kvm_mmio_key k;

		memcpy(&k, f[i].key, sizeof(k));
		s->mmio[i] = (struct kvm_mmio_row){ .pid = k.tgid,
						    .vm = vm_name_of(kp, k.tgid),
						    .gpa = k.gpa,
						    .type = k.type,
						    .len = k.len,
						    .count = f[i].delta[0],
						    .total = f[i].cur[0] };
	}
	s->nr_mmio = n;

	n = fold_tids(&kp->sets[MAP_MSR], &f, &cap);
	if (n < 0 || !(rows = realloc(s->msr, (n + 1) * sizeof(*s->msr))))
		goto nomem;
	s->msr = rows;
	for (i = 0; i < n; i++) {
		struct kvm_msr_key k;

		memcpy(&k, f[i].key, sizeof(k));
		s->msr[i] = (struct kvm_msr_row){ .pid = k.tgid,
						  .vm = vm_name_of(kp, k.tgid),
						  .msr = k.msr,
						  .write = k.write,
						  .exception = k.exception,
						  .count = f[i].delta[0],
						  .total = f[i].cur[0] };
	}
	s->nr_msr = n;

	n = fold_tids(&kp->sets[MAP_UEXIT], &f, &cap);
	if (n < 0 || !(rows = realloc(s->uexit, (n + 1) * sizeof(*s->uexit))))
		goto nomem;
	s->uexit = rows;
	for (i = 0; i < n; i++) {
		struct kvm_uexit_key k;
		struct kvm_uexit_row *r = &s->uexit[i];

		memcpy(&k, f[i].key, sizeof(k));
		*r = (struct kvm_uexit_row){ .pid = k.tgid,
					     .vm = vm_name_of(kp, k.tgid),
					     .reason = k.reason,
					     .count = f[i].delta[0],
					     .total = f[i].cur[0] };
		kvm_uexit_name(k.reason, r->name, sizeof(r->name));
	}
	s->nr_uexit = n;
	free(f);
	return 0;
nomem:
	free(f);
	return -ENOMEM;
}

static int read_exits(struct kvm_priv *kp)
{
	kp->xskel->bss->epoch = ++kp->xgen.epoch;
	kp->xgen.nr_next = 0;
	return map_reader_each(&kp->xreader, exit_gen_collect, &kp->xgen);
}

static const char *exit_vm_name(uint32_t tgid, void *ctx)
{
	return vm_name_of(ctx, tgid);
}

static int kvm_refresh(struct pane *p, double interval_s)
{
	struct kvm_priv *kp = p->priv;
	int i, err;

	if (p->status != PANE_OK)
		return 0;
	kp->cumulative = p->cumulative;
	kp->xgen.cumulative = p->cumulative;
	forget_dead(kp);
	for (i = 0; i < NR_MAPS; i++) {
		err = read_set(&kp->sets[i], kp->cumulative);
		if (err)
			return err;
	}
	if (kp->snap.exits_ok) {
		err = read_exits(kp);
		if (err)
			return err;
	}
	resolve_names(kp);
	err = build_io_rows(kp);
	if (!err && kp->snap.exits_ok)
		err = exit_gen_build(&kp->xgen, &kp->snap, exit_vm_name, kp);
	if (err)
		return err;
	if (!keeps_dead(kp))
		delete_dead_keys(kp);
	kp->snap.interval_s = interval_s;
	p->generation++;
	return 0;
}

static void kvm_close(struct pane *p)
{
	struct kvm_priv *kp = p->priv;
	int i;

	if (!kp)
		return;
	kvm_bpf__destroy(kp->skel);
	kvm_exits_bpf__destroy(kp->xskel);
	for (i = 0; i < NR_MAPS; i++) {
		map_reader_free(&kp->sets[i].reader);
		gen_free(&kp->sets[i].gen, NULL, NULL);
	}
	map_reader_free(&kp->xreader);
	exit_gen_free(&kp->xgen);
	free(kp->names);
	free(kp->snap.pio);
	free(kp->snap.mmio);
	free(kp->snap.msr);
	free(kp->snap.uexit);
	free(kp->snap.exits);
	free(kp);
	p->priv = NULL;
	p->snap = NULL;
}

const struct collector_ops kvm_collector = {
	.open = kvm_open,
	.refresh = kvm_refresh,
	.close = kvm_close,
};
