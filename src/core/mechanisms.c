// SPDX-License-Identifier: GPL-2.0
/*
 * Whether the kernel takes fentry/fexit programs and kprobes at all, asked
 * once before any pane loads: a two-instruction fentry program really loaded,
 * and the kprobe interfaces looked for. A pane that met the refusal first used
 * to pay for it with its whole object (a parse of the kernel BTF, its maps,
 * the verifier): ~60 ms of the start on a kernel that refuses both.
 */
#include <errno.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include "btfscan.h"
#include "pane.h"

#define KERNEL_BTF "/sys/kernel/btf/vmlinux"
/* any function every kernel has, in its BTF */
#define FENTRY_TARGET "vfs_read"

static void probe_tracing(void)
{
	const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = BPF_TRACE_FENTRY);
	uint32_t id;
	int fd;

	/* without it the panes' own attempts say what is wrong */
	if (btfscan_func_id(KERNEL_BTF, FENTRY_TARGET, &id))
		return;
	opts.attach_btf_id = id;
	fd = bpf_prog_load(BPF_PROG_TYPE_TRACING, "cvtop_fentry", "GPL", insns, 2, &opts);
	if (fd >= 0) {
		close(fd);
		return;
	}
	/* the panes' criterion: EPERM at load is the mechanism's refusal */
	if (fd == -EPERM)
		probe_refuse("fentry", "an empty fentry program on " FENTRY_TARGET,
			     "load: Operation not permitted");
}

static void probe_kprobes(void)
{
	static const char *const ways[] = {
		"/sys/bus/event_source/devices/kprobe/type", /* the PMU */
		"/sys/kernel/tracing/kprobe_events", /* the legacy interface */
		"/sys/kernel/debug/tracing/kprobe_events",
	};
	size_t i;

	for (i = 0; i < sizeof(ways) / sizeof(ways[0]); i++) {
		if (!access(ways[i], F_OK))
			return;
	}
	probe_refuse("kprobe", "this kernel",
		     "no kprobe PMU and no kprobe_events: built without kprobes");
}

void probe_kernel_mechanisms(void)
{
	probe_tracing();
	probe_kprobes();
}
