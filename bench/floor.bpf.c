// SPDX-License-Identifier: GPL-2.0
/* The floor: what attaching any BPF program to sched_switch costs here. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

SEC("tp_btf/sched_switch")
int BPF_PROG(floor_tp_btf)
{
	return 0;
}

SEC("raw_tp/sched_switch")
int floor_raw_tp(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
