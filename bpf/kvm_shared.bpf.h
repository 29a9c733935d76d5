/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pane 5: maps bpf/kvm.bpf.c and bpf/kvm_exits.bpf.c share (user space
 * reuses one fd for both).
 *   kvm_vm_args  a VMM's command line, kept when the VM's first key is made
 *                (not per event), so a VM that lives less than a refresh
 *                still has its name
 *   kvm_pending  the exit of each vCPU thread waiting for its kvm_entry, and
 *                the port, MMIO or MSR access it made (timed like perf kvm
 *                stat's ioport and mmio events)
 */
#ifndef CVTOP_KVM_SHARED_BPF_H
#define CVTOP_KVM_SHARED_BPF_H

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, struct kvm_pending_exit);
} kvm_pending SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, KVM_MAX_VMS);
	__type(key, __u32);
	__type(value, struct kvm_vm_args);
} kvm_vm_args SEC(".maps");

/* too large for the stack: one per CPU */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct kvm_vm_args);
} kvm_args_buf SEC(".maps");

static __always_inline void note_vm_args(__u32 tgid)
{
	struct task_struct *t = (struct task_struct *)bpf_get_current_task();
	__u64 start, end, len;
	struct kvm_vm_args *a;
	__u32 zero = 0;

	if (bpf_map_lookup_elem(&kvm_vm_args, &tgid))
		return;
	a = bpf_map_lookup_elem(&kvm_args_buf, &zero);
	if (!a)
		return;
	start = BPF_CORE_READ(t, mm, arg_start);
	end = BPF_CORE_READ(t, mm, arg_end);
	if (!start || end <= start)
		return;
	len = end - start;
	if (len > KVM_ARGS_LEN)
		len = KVM_ARGS_LEN;
	/* may fail where faults are off and the page is out: no name then */
	if (bpf_probe_read_user(a->args, len, (void *)start))
		return;
	a->len = len;
	bpf_map_update_elem(&kvm_vm_args, &tgid, a, BPF_NOEXIST);
}

#endif
