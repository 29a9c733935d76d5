// SPDX-License-Identifier: GPL-2.0
/*
 * Pane 5, the views of `perf kvm stat` that come from KVM's own tracepoints:
 * port I/O (kvm_pio), MMIO (kvm_mmio), MSR accesses (kvm_msr) and exits to
 * the VMM in user space (kvm_userspace_exit), counted per VMM process and
 * vCPU thread in per-CPU hashes. These fire for any KVM, also a software one.
 *
 * Three attach variants of the same counting, one chosen at run time:
 *   *_btf  tp_btf: arguments straight from the tracepoint call
 *   *_raw  raw_tp: the same arguments
 *   *_tp   classic tracepoints: the fields of the trace record
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "kvm.h"
#include "bits.bpf.h"
#include "kvm_shared.bpf.h"

char LICENSE[] SEC("license") = "GPL";

#define COUNT_MAP(name, key_type, val_type)             \
	struct {                                        \
		__uint(type, BPF_MAP_TYPE_PERCPU_HASH); \
		__uint(map_flags, BPF_F_NO_PREALLOC);   \
		__uint(max_entries, KVM_MAX_KEYS);      \
		__type(key, key_type);                  \
		__type(value, val_type);                \
	} name SEC(".maps")

COUNT_MAP(kvm_pio_map, struct kvm_pio_key, struct kvm_pio_val);
COUNT_MAP(kvm_mmio_map, struct kvm_mmio_key, __u64);
COUNT_MAP(kvm_msr_map, struct kvm_msr_key, __u64);
COUNT_MAP(kvm_uexit_map, struct kvm_uexit_key, __u64);

/* set by user space once the exit table (kvm_exits.bpf.c) is loaded: until
 * then no exit is pending to time an access in, and a lookup is wasted */
bool io_timed;

/*
 * The access of the exit pending on this thread: its time runs from now to
 * the kvm_entry, or from the exit to now when @ends (an MMIO read completes
 * here). The first access of an exit is the one timed; without the exit
 * table nothing is pending, and nothing is looked up.
 */
static __always_inline void note_io(__u32 kind, __u32 sub, __u64 addr, bool ends)
{
	struct kvm_pending_exit *p;
	__u64 id;
	__u32 tid;

	if (!io_timed)
		return;
	id = bpf_get_current_pid_tgid();
	tid = (__u32)id;
	p = bpf_map_lookup_elem(&kvm_pending, &tid);
	if (!p || !p->ts || p->io_ts)
		return;
	p->io.tgid = id >> 32;
	p->io.tid = tid;
	p->io.kind = kind;
	p->io.sub = sub;
	p->io.addr = addr;
	if (ends) {
		p->io_end = bpf_ktime_get_ns();
		p->io_ts = p->ts;
	} else {
		p->io_end = 0;
		p->io_ts = bpf_ktime_get_ns();
	}
}

static const struct kvm_pio_val zero_pio;
static const __u64 zero_count;

/* map_get_or_add(), and the VM's command line kept when its key is new */
static __always_inline void *get_or_add(void *map, const void *key, const void *zero)
{
	void *v = bpf_map_lookup_elem(map, key);

	if (v)
		return v;
	note_vm_args(*(const __u32 *)key);
	return map_get_or_add(map, key, zero);
}

#define SET_IDS(k)                                     \
	do {                                           \
		__u64 id = bpf_get_current_pid_tgid(); \
		(k).tgid = id >> 32;                   \
		(k).tid = (__u32)id;                   \
	} while (0)

static __always_inline void count_pio(__u32 rw, __u32 port, __u32 size, __u32 count)
{
	struct kvm_pio_key k = { .port = port, .write = !!rw, .size = size };
	struct kvm_pio_val *v;

	SET_IDS(k);
	v = get_or_add(&kvm_pio_map, &k, &zero_pio);
	if (!v)
		return;
	v->exits++;
	v->items += count;
	note_io(KVM_IO_PIO, (!!rw) << 8 | (size & 0xff), port, false);
}

static __always_inline void count_one(void *map, const void *key)
{
	__u64 *v = get_or_add(map, key, &zero_count);

	if (v)
		(*v)++;
}

static __always_inline void count_mmio(int type, int len, __u64 gpa)
{
	struct kvm_mmio_key k = { .gpa = gpa, .type = type, .len = len };

	SET_IDS(k);
	count_one(&kvm_mmio_map, &k);
	/* like perf: a write from here to the entry, a read from the exit to
	 * its completion here; an unsatisfied read (0) goes on to user space,
	 * to complete as a read */
	if (type)
		note_io(KVM_IO_MMIO, (__u32)type << 16 | (len & 0xffff), gpa, type == 1);
}

static __always_inline void count_msr(__u32 write, __u32 msr, bool exception)
{
	struct kvm_msr_key k = { .msr = msr, .write = !!write, .exception = exception };

	SET_IDS(k);
	count_one(&kvm_msr_map, &k);
	note_io(KVM_IO_MSR, !!write | (__u32)exception << 1, msr, false);
}

static __always_inline void count_uexit(__u32 reason, int err)
{
	struct kvm_uexit_key k = { .reason = err < 0 ? KVM_UEXIT_ERRNO | (__u32)-err : reason };

	SET_IDS(k);
	count_one(&kvm_uexit_map, &k);
}

/* tp_btf and raw_tp take the same arguments: one body, two sections */
#define BTF_AND_RAW(name, tp, args, call) \
	SEC("tp_btf/" tp)                 \
	int BPF_PROG(name##_btf, args)    \
	{                                 \
		call;                     \
		return 0;                 \
	}                                 \
	SEC("raw_tp/" tp)                 \
	int BPF_PROG(name##_raw, args)    \
	{                                 \
		call;                     \
		return 0;                 \
	}

#define COMMA ,
BTF_AND_RAW(kvm_pio, "kvm_pio",
	    unsigned int rw COMMA unsigned int port COMMA unsigned int size COMMA unsigned int count
		    COMMA const void *data,
	    count_pio(rw, port, size, count))
BTF_AND_RAW(kvm_mmio, "kvm_mmio", int type COMMA int len COMMA __u64 gpa COMMA void *val,
	    count_mmio(type, len, gpa))
BTF_AND_RAW(kvm_msr, "kvm_msr",
	    unsigned int write COMMA __u32 ecx COMMA __u64 data COMMA bool exception,
	    count_msr(write, ecx, exception))
BTF_AND_RAW(kvm_uexit, "kvm_userspace_exit", __u32 reason COMMA int err, count_uexit(reason, err))

#if !defined(__TARGET_ARCH_x86)
/*
 * kvm_pio and kvm_msr are x86's (arch/x86/kvm/trace.h): elsewhere src/kvm/kvm.c
 * never loads their programs; these record layouts only let them build.
 */
struct trace_event_raw_kvm_pio {
	struct trace_entry ent;
	unsigned int rw, port, size, count;
} __attribute__((preserve_access_index));

struct trace_event_raw_kvm_msr {
	struct trace_entry ent;
	unsigned int write;
	__u32 ecx;
	__u64 data;
	__u8 exception;
} __attribute__((preserve_access_index));
#endif

SEC("tracepoint/kvm/kvm_pio")
int kvm_pio_tp(struct trace_event_raw_kvm_pio *ctx)
{
	count_pio(ctx->rw, ctx->port, ctx->size, ctx->count);
	return 0;
}

SEC("tracepoint/kvm/kvm_mmio")
int kvm_mmio_tp(struct trace_event_raw_kvm_mmio *ctx)
{
	count_mmio(ctx->type, ctx->len, ctx->gpa);
	return 0;
}

SEC("tracepoint/kvm/kvm_msr")
int kvm_msr_tp(struct trace_event_raw_kvm_msr *ctx)
{
	count_msr(ctx->write, ctx->ecx, ctx->exception);
	return 0;
}

SEC("tracepoint/kvm/kvm_userspace_exit")
int kvm_uexit_tp(struct trace_event_raw_kvm_userspace_exit *ctx)
{
	count_uexit(ctx->reason, ctx->errno);
	return 0;
}
