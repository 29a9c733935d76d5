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

SEC("tp_btf/sched_switch")
int BPF_PROG(floor_switch_a)
{
	return 0;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(floor_switch_b)
{
	return 0;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(floor_sys_enter)
{
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(floor_sys_exit)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
