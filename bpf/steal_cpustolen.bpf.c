// SPDX-License-Identifier: GPL-2.0
/*
 * Pane 4, guest view, the book's cpustolen: what the paravirtual steal clock
 * (kvm_steal_clock, or xen_steal_clock in a Xen guest) returns, as a
 * histogram of the steal added between two calls for the same CPU. The
 * function is set at load time by src/steal.c.
 *   stolen_fexit            fexit: argument and return value together
 *   stolen_kprobe + _kret   kprobe keeps the CPU argument, kretprobe the rest
 * Neither runs on the development VM (fentry EPERM, no kprobes); both are
 * tried first where they can.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "bits.bpf.h"
#include "steal_cpustolen.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, CPUSTOLEN_MAX_CPUS);
	__type(key, __u32);
	__type(value, struct cpustolen_val);
} cpustolen_cpus SEC(".maps");

/* the CPU argument between kprobe and kretprobe; the read is not preempted */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} cpustolen_arg SEC(".maps");

static __always_inline void account(__u32 cpu, __u64 clock)
{
	struct cpustolen_val *v = bpf_map_lookup_elem(&cpustolen_cpus, &cpu);
	__u64 d;

	if (!v)
		return;
	if (v->last && clock > v->last) {
		d = clock - v->last;
		__sync_fetch_and_add(&v->calls, 1);
		__sync_fetch_and_add(&v->sum_ns, d);
		__sync_fetch_and_add(&v->hist[hist_slot_of(d, CPUSTOLEN_HIST_SLOTS)], 1);
	}
	if (clock > v->last)
		v->last = clock;
}

SEC("fexit/kvm_steal_clock")
int BPF_PROG(stolen_fexit, int cpu, __u64 ret)
{
	account(cpu, ret);
	return 0;
}

SEC("kprobe/kvm_steal_clock")
int BPF_KPROBE(stolen_kprobe, int cpu)
{
	__u32 zero = 0, *arg = bpf_map_lookup_elem(&cpustolen_arg, &zero);

	if (arg)
		*arg = cpu;
	return 0;
}

SEC("kretprobe/kvm_steal_clock")
int BPF_KRETPROBE(stolen_kret, __u64 ret)
{
	__u32 zero = 0, *arg = bpf_map_lookup_elem(&cpustolen_arg, &zero);

	if (arg)
		account(*arg, ret);
	return 0;
}
