// SPDX-License-Identifier: GPL-2.0
/*
 * The floor of cvtop's hot paths: empty programs on every tracepoint that
 * cvtop attaches to on a busy machine, as many times as cvtop does (the CPU
 * and steal panes each on sched_switch, the overlay pane on sys_enter and
 * sys_exit, which here also sends every syscall through the slow path).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

/* an empty program on @tp */
#define EMPTY(tp, name)    \
	SEC("tp_btf/" tp)  \
	int BPF_PROG(name) \
	{                  \
		return 0;  \
	}

EMPTY("sched_switch", floor_switch_a)
EMPTY("sched_switch", floor_switch_b)
EMPTY("sys_enter", floor_sys_enter)
EMPTY("sys_exit", floor_sys_exit)

char LICENSE[] SEC("license") = "GPL";
