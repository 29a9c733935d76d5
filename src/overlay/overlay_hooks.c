// SPDX-License-Identifier: GPL-2.0
/* Pane 3: choosing the overlay hooks, and attaching them only while an overlay
 * is mounted. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "overlay.skel.h"
#include "ksym_bpf.h"
#include "overlay_priv.h"
#include "skel.h"
#include "tracefs.h"

/* section prefixes of each variant's programs */
static const char *const variant_sections[NR_VARIANTS][2] = {
	[VARIANT_FENTRY] = { "fentry/", "fexit/" },
	[VARIANT_KPROBE] = { "kprobe/", "kretprobe/" },
	[VARIANT_TP_BTF] = { "tp_btf/", NULL },
	[VARIANT_RAW_TP] = { "raw_tp/", NULL },
	[VARIANT_TRACEPOINT] = { "tracepoint/", NULL },
};

const char *const variant_misses[NR_VARIANTS] = {
	[VARIANT_FENTRY] = "mmap'ed file access (page faults); a nested overlay's I/O counts once",
	[VARIANT_KPROBE] = "mmap'ed file access (page faults); a nested overlay's I/O counts once",
	[VARIANT_TP_BTF] = "mmap page faults, io_uring, aio, splice and copy_file_range, "
			   "32-bit syscalls, kernel-internal I/O (exec, loop devices)",
	[VARIANT_RAW_TP] = "mmap page faults, io_uring, aio, splice and copy_file_range, "
			   "32-bit syscalls, kernel-internal I/O (exec, loop devices)",
	[VARIANT_TRACEPOINT] = "mmap page faults, io_uring, aio, splice and copy_file_range, "
			       "32-bit syscalls, kernel-internal I/O (exec, loop devices)",
};

/* Whether each of @names is a kernel function (of a module too). */
static void ksyms_present(const char *const *names, bool *found, int nr)
{
	uint64_t addr;
	int i;

	for (i = 0; i < nr; i++)
		found[i] = !kernel_sym(names[i], false, &addr);
}

static bool has_prefix(const char *s, const char *prefix)
{
	return prefix && !strncmp(s, prefix, strlen(prefix));
}

/* Loads only @variant's programs; the splice hooks only where they exist. */
static void choose_programs(struct overlay_bpf *skel, enum ovl_variant variant)
{
	static const char *const splice_fns[] = { "ovl_splice_read", "ovl_splice_write" };
	/* the kernel's functions do not change while cvtop runs: look once */
	static bool splice[2], looked;
	struct bpf_program *prog;

	if (!looked && (variant == VARIANT_FENTRY || variant == VARIANT_KPROBE)) {
		ksyms_present(splice_fns, splice, 2);
		looked = true;
	}
	skel_test_limits(skel->obj);
	bpf_object__for_each_program(prog, skel->obj)
	{
		const char *sec = bpf_program__section_name(prog);
		const char *const *want = variant_sections[variant];
		bool load = has_prefix(sec, want[0]) || has_prefix(sec, want[1]);

		if (load && strstr(sec, "/ovl_splice_read"))
			load = splice[0];
		if (load && strstr(sec, "/ovl_splice_write"))
			load = splice[1];
		bpf_program__set_autoload(prog, load);
	}
}

static int try_variant(struct pane *p, int index, char *why, size_t why_len)
{
	struct overlay_priv *op = p->priv;
	struct overlay_bpf *skel;
	int err;

	if (index == VARIANT_TRACEPOINT) {
		err = tracefs_ensure_why(why, why_len);
		if (err)
			return err;
	}
	skel = overlay_bpf__open();
	if (!skel)
		return -errno ? -errno : -ENOMEM;
	choose_programs(skel, index);
	skel->bss->epoch = 1;
	err = skel_load_attach(skel->skeleton, why, why_len);
	if (err)
		goto fail;
	op->skel = skel;
	op->variant = index;
	return 0;
fail:
	overlay_bpf__destroy(skel);
	return err;
}

const struct hook_choice overlay_hooks[NR_VARIANTS] = {
	[VARIANT_FENTRY] = { "fentry", "ovl_{read,write}_iter, ovl_splice_{read,write}",
			     try_variant },
	[VARIANT_KPROBE] = { "kprobe", "ovl_{read,write}_iter, ovl_splice_{read,write}",
			     try_variant },
	[VARIANT_TP_BTF] = { "tp_btf", "sys_enter/sys_exit, read/write syscalls on overlay fds",
			     try_variant },
	[VARIANT_RAW_TP] = { "raw_tp", "sys_enter/sys_exit, read/write syscalls on overlay fds",
			     try_variant },
	[VARIANT_TRACEPOINT] = { "tracepoint",
				 "syscalls:sys_{enter,exit}_{read,write,...} on overlay fds",
				 try_variant },
};

/*
 * The hooks follow the mount table: attached while an overlay is mounted,
 * for the syscall tracepoints of tp_btf, raw_tp and tracepoint slow every
 * syscall of the machine. A call that began before a detach is stale after
 * the next attach (the kernel side compares the attachment it began in).
 */
int ovl_follow_mounts(struct pane *p, struct overlay_priv *op)
{
	bool mounted = true, changed = true;
	int err;

	/* a mount table that cannot be read leaves them attached */
	if (op->watch.fd < 0 || ovl_watch_mounted(&op->watch, &mounted, &changed))
		mounted = changed = true;
	/* learnt again after any change of the mounts (overlay.bpf.c): the
	 * overlay module is unloaded and loaded again only in between */
	if (changed)
		op->skel->bss->ovl_fops = 0;
	if (mounted == op->attached)
		return 0;
	if (mounted) {
		op->skel->bss->attached++;
		op->skel->bss->inflight = 0;
		err = bpf_object__attach_skeleton(op->skel->skeleton);
		if (err) {
			bpf_object__detach_skeleton(op->skel->skeleton);
			return err;
		}
	} else {
		bpf_object__detach_skeleton(op->skel->skeleton);
	}
	op->attached = mounted;
	snprintf(p->method, sizeof(p->method), "%s%s", op->method,
		 mounted ? "" : "; idle: no overlay mounted, hooks detached");
	return 0;
}
