// SPDX-License-Identifier: GPL-2.0
/*
 * Pane 5, the VM-exit table (like `perf kvm stat live`): the time from each
 * kvm_exit to the next kvm_entry on the same vCPU thread, aggregated per VMM
 * process, vCPU thread, ISA and exit reason: count, sum, sum of squares
 * (128 bits), min, max, log2 histogram, all per refresh epoch (two slots,
 * reset on first use in a new epoch: user space folds the closed one into
 * its totals). Per-CPU maps; the pending exit of a vCPU thread waits in a
 * tid hash.
 *
 * kvm_exit and kvm_entry fire only under hardware virtualization (kvm_intel,
 * kvm_amd); src/kvm.c does not load this where neither is present.
 *   *_btf  tp_btf: the exit reason read from vcpu_vmx/vcpu_svm (module BTF,
 *          CO-RE) around the struct kvm_vcpu the tracepoint passes
 *   *_raw  raw_tp: the same
 *   *_tp   classic tracepoints: exit_reason and isa from the trace record
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "bits.bpf.h"
#include "kvm.h"
#include "kvm_shared.bpf.h"

char LICENSE[] SEC("license") = "GPL";

/* Refresh epoch, bumped by user space; selects the slot written. */
volatile __u64 epoch;

#define ISA_VMX 1
#define ISA_SVM 2
/* src/kvm/exit_reasons.h: KVM_ISA_ARM64, KVM_ARM64_NOT_TRAP */
#define ISA_ARM64 3
#define ARM64_NOT_TRAP 0x80000000u

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, KVM_MAX_KEYS);
	__type(key, struct kvm_exit_key);
	__type(value, struct kvm_exit_val);
} kvm_exits SEC(".maps");

/* the accesses noted in kvm_pending (kvm.bpf.c), timed the same way */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, KVM_MAX_KEYS);
	__type(key, struct kvm_io_key);
	__type(value, struct kvm_exit_val);
} kvm_io_times SEC(".maps");

static const struct kvm_exit_val zero_exit;

/* Local views of the vendor modules' types: CO-RE finds them in module BTF. */
union vmx_exit_reason___cvtop {
	__u32 full;
} __attribute__((preserve_access_index));

struct vcpu_vmx___cvtop {
	struct kvm_vcpu vcpu;
	union vmx_exit_reason___cvtop exit_reason;
} __attribute__((preserve_access_index));

struct vmcb_control_area___cvtop {
	__u32 exit_code; /* low half of a u64 on x86 */
} __attribute__((preserve_access_index));

struct vmcb___cvtop {
	struct vmcb_control_area___cvtop control;
} __attribute__((preserve_access_index));

struct vcpu_svm___cvtop {
	struct kvm_vcpu vcpu;
	struct vmcb___cvtop *vmcb;
} __attribute__((preserve_access_index));

static __always_inline __u32 exit_reason_of(struct kvm_vcpu *vcpu, __u32 isa)
{
	/* tp_btf: newer verifiers allow arithmetic only on a null-checked pointer */
	if (!vcpu)
		return 0xffffffff;
	if (isa == ISA_VMX && bpf_core_type_exists(struct vcpu_vmx___cvtop)) {
		struct vcpu_vmx___cvtop *vmx =
			(void *)vcpu - bpf_core_field_offset(struct vcpu_vmx___cvtop, vcpu);

		return BPF_CORE_READ(vmx, exit_reason.full);
	}
	if (isa == ISA_SVM && bpf_core_type_exists(struct vcpu_svm___cvtop)) {
		struct vcpu_svm___cvtop *svm =
			(void *)vcpu - bpf_core_field_offset(struct vcpu_svm___cvtop, vcpu);

		return BPF_CORE_READ(svm, vmcb, control.exit_code);
	}
	return 0xffffffff;
}

static __always_inline void on_exit(__u32 isa, __u32 reason)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct kvm_pending_exit p = { .ts = bpf_ktime_get_ns(), .isa = isa, .reason = reason };

	bpf_map_update_elem(&kvm_pending, &tid, &p, BPF_ANY);
}

static __always_inline struct kvm_exit_val *val_of(void *map, const void *key)
{
	struct kvm_exit_val *v = bpf_map_lookup_elem(map, key);

	if (v)
		return v;
	note_vm_args(*(const __u32 *)key);
	bpf_map_update_elem(map, key, &zero_exit, BPF_NOEXIST);
	v = bpf_map_lookup_elem(map, key);
	if (!v)
		count_untracked();
	return v;
}

/* the access the exit made, if kvm.bpf.c noted one */
static __always_inline void time_io(struct kvm_pending_exit *p, __u64 now, __u64 e)
{
	struct kvm_io_key k = p->io;
	__u64 end = p->io_end ?: now, start = p->io_ts, d;
	struct kvm_exit_val *v;

	p->io_ts = 0;
	if (end < start)
		return;
	d = end - start;
	v = val_of(&kvm_io_times, &k);
	if (v)
		kvm_epoch_add(&v->slot[e & 1], e, d, hist_slot_of(d, KVM_HIST_SLOTS));
}

static __always_inline void on_entry(void)
{
	__u64 id = bpf_get_current_pid_tgid(), now = bpf_ktime_get_ns(), d, e = epoch;
	struct kvm_exit_key k = { .tgid = id >> 32, .tid = (__u32)id };
	struct kvm_pending_exit *p = bpf_map_lookup_elem(&kvm_pending, &k.tid);
	struct kvm_exit_val *v;

	if (!p || !p->ts || now < p->ts)
		return;
	d = now - p->ts;
	k.isa = p->isa;
	k.reason = p->reason;
	p->ts = 0;
	if (p->io_ts)
		time_io(p, now, e);
	v = val_of(&kvm_exits, &k);
	/* per CPU: nothing else writes this slot while this program runs */
	if (v)
		kvm_epoch_add(&v->slot[e & 1], e, d, hist_slot_of(d, KVM_HIST_SLOTS));
}

#if defined(__TARGET_ARCH_arm64)
/*
 * arm64's kvm_exit (arch/arm64/kvm/trace_arm.h) passes (ret, esr_ec, pc), no
 * vcpu and no isa: ret is the exception type (ARM_EXCEPTION_*, bit 31 flags a
 * pending SError); a trap (ARM_EXCEPTION_TRAP, 2) is keyed by its ESR_EL2
 * exception class, anything else by its type, as perf kvm stat does.
 */
static __always_inline __u32 arm64_reason(int ret, __u32 esr_ec)
{
	__u32 type = (__u32)ret & ~(1u << 31);

	return type == 2 ? esr_ec : ARM64_NOT_TRAP | type;
}

SEC("tp_btf/kvm_exit")
int BPF_PROG(kvm_exit_btf, int ret, unsigned int esr_ec, unsigned long pc)
{
	on_exit(ISA_ARM64, arm64_reason(ret, esr_ec));
	return 0;
}

SEC("raw_tp/kvm_exit")
int BPF_PROG(kvm_exit_raw, int ret, unsigned int esr_ec, unsigned long pc)
{
	on_exit(ISA_ARM64, arm64_reason(ret, esr_ec));
	return 0;
}

SEC("tracepoint/kvm/kvm_exit")
int kvm_exit_tp(struct trace_event_raw_kvm_exit *ctx)
{
	on_exit(ISA_ARM64, arm64_reason(ctx->ret, ctx->esr_ec));
	return 0;
}
#else
SEC("tp_btf/kvm_exit")
int BPF_PROG(kvm_exit_btf, struct kvm_vcpu *vcpu, __u32 isa)
{
	on_exit(isa, exit_reason_of(vcpu, isa));
	return 0;
}

SEC("raw_tp/kvm_exit")
int BPF_PROG(kvm_exit_raw, struct kvm_vcpu *vcpu, __u32 isa)
{
	on_exit(isa, exit_reason_of(vcpu, isa));
	return 0;
}

SEC("tracepoint/kvm/kvm_exit")
int kvm_exit_tp(struct trace_event_raw_kvm_exit *ctx)
{
	on_exit(ctx->isa, ctx->exit_reason);
	return 0;
}
#endif

SEC("tp_btf/kvm_entry")
int BPF_PROG(kvm_entry_btf)
{
	on_entry();
	return 0;
}

SEC("raw_tp/kvm_entry")
int BPF_PROG(kvm_entry_raw)
{
	on_entry();
	return 0;
}

SEC("tracepoint/kvm/kvm_entry")
int kvm_entry_tp(void *ctx)
{
	on_entry();
	return 0;
}
