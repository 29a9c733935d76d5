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
#include "kvm_priv.h"

/* kvm_pio and kvm_msr are x86's tracepoints; kvm_mmio and kvm_userspace_exit are KVM's own */
#if defined(__x86_64__) || defined(__i386__)
#define KVM_X86 true
#else
#define KVM_X86 false
#endif

static int try_variant(struct pane *p, int index, char *why, size_t why_len)
{
	struct kvm_priv *kp = p->priv;
	bool btf = index == VARIANT_TP_BTF, raw = index == VARIANT_RAW_TP;
	bool tp = index == VARIANT_TRACEPOINT;
	struct kvm_bpf *skel;
	int err;

	if (!vm_kvm_present()) {
		snprintf(why, why_len, "no /dev/kvm: this host runs no KVM guests");
		return -ENOENT;
	}
	if (tp) {
		err = tracefs_ensure_why(why, why_len);
		if (err)
			return err;
	}
	skel = kvm_bpf__open();
	if (!skel)
		return -errno ? -errno : -ENOMEM;
	skel_autoload(skel->obj, btf ? "tp_btf/" : raw ? "raw_tp/" : "tracepoint/");
	if (!KVM_X86) {
		bpf_program__set_autoload(skel->progs.kvm_pio_btf, false);
		bpf_program__set_autoload(skel->progs.kvm_msr_btf, false);
		bpf_program__set_autoload(skel->progs.kvm_pio_raw, false);
		bpf_program__set_autoload(skel->progs.kvm_msr_raw, false);
		bpf_program__set_autoload(skel->progs.kvm_pio_tp, false);
		bpf_program__set_autoload(skel->progs.kvm_msr_tp, false);
	}
	err = skel_load_attach(skel->skeleton, why, why_len);
	if (err)
		goto fail;
	kp->skel = skel;
	return 0;
fail:
	kvm_bpf__destroy(skel);
	return err;
}

#if defined(__x86_64__) || defined(__i386__)
#define KVM_TPS "kvm_pio, kvm_mmio, kvm_msr, kvm_userspace_exit"
#define EXIT_REASON_FROM "reason from vcpu BTF"
#else
#define KVM_TPS "kvm_mmio, kvm_userspace_exit"
#define EXIT_REASON_FROM "exception class from the tracepoint"
#endif
static const struct hook_choice kvm_hooks[] = {
	[VARIANT_TP_BTF] = { "tp_btf", KVM_TPS, try_variant },
	[VARIANT_RAW_TP] = { "raw_tp", KVM_TPS, try_variant },
	[VARIANT_TRACEPOINT] = { "tracepoint", "kvm:" KVM_TPS, try_variant },
};

/* The vendor module whose exits kvm_exit reports, or NULL without one. */
static const char *hw_kvm_module(void)
{
#if defined(__aarch64__)
	/* arm64: KVM is built in and has /dev/kvm only when the kernel booted at EL2 */
	return vm_kvm_present() ? "kvm" : NULL;
#endif
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

	/* arm64's kvm_exit passes the reason itself: no vcpu struct to read */
	if (!tp && KVM_X86 && !vendor_btf_present(module)) {
		snprintf(why, why_len, "no BTF for %s's vcpu struct to read the exit reason from",
			 module);
		return -ENOENT;
	}
	if (tp) {
		err = tracefs_ensure_why(why, why_len);
		if (err)
			return err;
	}
	skel = kvm_exits_bpf__open();
	if (!skel)
		return -errno ? -errno : -ENOMEM;
	skel_autoload(skel->obj, btf ? "tp_btf/" : raw ? "raw_tp/" : "tracepoint/");
	skel->bss->epoch = 1;
	/* one map of VMM command lines for both objects */
	err = bpf_map__reuse_fd(skel->maps.kvm_vm_args, bpf_map__fd(kp->skel->maps.kvm_vm_args));
	if (!err)
		err = bpf_map__reuse_fd(skel->maps.kvm_pending,
					bpf_map__fd(kp->skel->maps.kvm_pending));
	if (err) {
		snprintf(why, why_len, "sharing maps with the kvm tracepoints' programs: %s",
			 strerror(-err));
		goto fail;
	}
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
	[VARIANT_TP_BTF] = { "tp_btf", "exits: kvm_exit + kvm_entry, " EXIT_REASON_FROM,
			     try_exits },
	[VARIANT_RAW_TP] = { "raw_tp", "exits: kvm_exit + kvm_entry, " EXIT_REASON_FROM,
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
	if (!panes_close_epochs()) {
		s->exits_ok = false;
		snprintf(s->exits_reason, sizeof(s->exits_reason),
			 "cannot close refresh epochs (no array-of-maps)");
		return;
	}
	err = map_reader_init(&kp->xreader, bpf_map__fd(kp->xskel->maps.kvm_exits),
			      sizeof(struct kvm_exit_key), sizeof(struct kvm_exit_val), 1);
	if (!err)
		err = kvm_io_times_init(kp);
	if (err) {
		s->exits_ok = false;
		snprintf(s->exits_reason, sizeof(s->exits_reason), "map reader: %s",
			 strerror(-err));
		return;
	}
	/* the accesses' programs note them for the exit table from now on */
	kp->skel->bss->io_timed = true;
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
	kp->args = malloc(sizeof(*kp->args));
	open_exits(p, kp);
	return 0;
}

/*
 * Closes the epoch the exit table's programs were writing: the framework
 * then waits until none that saw it still runs (panes_refresh()), so every
 * figure of the interval (counts, sums, histograms, min, max) read by
 * read_exits() is of that epoch alone.
 */
static void kvm_close_epoch(struct pane *p)
{
	struct kvm_priv *kp = p->priv;

	if (kp->snap.exits_ok)
		kp->xskel->bss->epoch = ++kp->xgen.epoch;
}

static int read_exits(struct kvm_priv *kp)
{
	int err;

	exit_gen_begin(&kp->xgen);
	err = map_reader_each(&kp->xreader, exit_gen_collect, &kp->xgen);
	return err ?: kvm_read_io_times(kp);
}

static const char *exit_vm_name(uint32_t tgid, void *ctx)
{
	return kvm_vm_name_of(ctx, tgid);
}

static int kvm_refresh(struct pane *p, double interval_s)
{
	struct kvm_priv *kp = p->priv;
	int i, err;

	if (p->status != PANE_OK)
		return 0;
	kp->cumulative = p->cumulative;
	kp->xgen.cumulative = p->cumulative;
	kvm_forget_dead(kp);
	for (i = 0; i < NR_MAPS; i++) {
		err = kvm_read_set(&kp->sets[i], kp->cumulative);
		if (err)
			return err;
	}
	if (kp->snap.exits_ok) {
		err = read_exits(kp);
		if (err)
			return err;
	}
	kvm_resolve_names(kp);
	err = kvm_build_io_rows(kp);
	if (!err)
		kvm_io_time_rows(kp);
	if (!err && kp->snap.exits_ok)
		err = exit_gen_build(&kp->xgen, &kp->snap, exit_vm_name, kp);
	if (err)
		return err;
	if (!kvm_keeps_dead(kp))
		kvm_delete_dead_keys(kp);
	kp->snap.interval_s = interval_s;
	p->untracked = kp->skel->bss->untracked + (kp->xskel ? kp->xskel->bss->untracked : 0);
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
	map_reader_free(&kp->ioreader);
	gen_free(&kp->iogen, NULL, NULL);
	exit_gen_free(&kp->xgen);
	free(kp->names);
	free(kp->args);
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
	.close_epoch = kvm_close_epoch,
};
