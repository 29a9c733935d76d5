// SPDX-License-Identifier: GPL-2.0
/*
 * Pane 2, block I/O throttling (blk-throttle), per cgroup, device and
 * direction.
 *
 * Every bio that blk-throttle lets through a bps limit, at once or after
 * holding it, carries BIO_BPS_THROTTLED when block_bio_queue fires for it;
 * its blkg names the cgroup whose limit applied (a v1 blkio cgroup on hybrid
 * machines). That is all the tracepoint-only variants can see.
 *
 * A bio blk-throttle held is issued later by its dispatch work item
 * (blk_throtl_dispatch_work_fn, address from kallsyms): when block_bio_queue
 * runs in a workqueue worker whose current_func is that function, the bio
 * was held. So the tracepoint variants count held bios too, but not how long.
 *
 * Where fexit or kprobes work, the decision itself is hooked:
 * __blk_throtl_bio() (blk_throtl_bio() is a static inline) returns true when
 * it queued the bio. The bio is stamped then, and when block_bio_queue fires
 * for it on its way out the hold time is charged.
 *
 * Variants, one chosen at run time (src/throttle.c):
 *   fexit   fexit/__blk_throtl_bio + tp_btf/block_bio_queue
 *   kprobe  kprobe+kretprobe/__blk_throtl_bio + raw_tp/block_bio_queue
 *   tp_btf  tp_btf/block_bio_queue
 *   raw_tp  raw_tp/block_bio_queue
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "throttle.h"
#include "bits.bpf.h"

char LICENSE[] SEC("license") = "GPL";

/* The BIO_BPS_THROTTLED bit: an anonymous enum, so user space looks its
 * value up in the kernel's BTF and sets it before load. */
const volatile __u32 bps_throttled_bit = 5;
/* a decision hook (fexit or kprobe) stamps held bios */
const volatile bool decision_hooked;
/* address of blk_throtl_dispatch_work_fn, 0 when unknown */
const volatile __u64 dispatch_fn;

#define PF_WQ_WORKER 0x00000020

static const struct throttle_val zero_val;

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, THROTTLE_MAX_KEYS);
	__type(key, struct throttle_key);
	__type(value, struct throttle_val);
} throttle_io SEC(".maps");

/* bio -> ktime of the decision to hold it; LRU so lost bios age out */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, THROTTLE_MAX_HELD);
	__type(key, __u64);
	__type(value, __u64);
} throttle_held SEC(".maps");

/* kprobe variant: the bio of the __blk_throtl_bio() call in progress */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u64);
	__type(value, __u64);
} throttle_calls SEC(".maps");

static __always_inline void stamp_held(struct bio *bio)
{
	__u64 key = (__u64)bio, now = bpf_ktime_get_ns();

	bpf_map_update_elem(&throttle_held, &key, &now, BPF_ANY);
}

SEC("fexit/__blk_throtl_bio")
int BPF_PROG(throttle_decision_fexit, struct bio *bio, bool throttled)
{
	if (throttled)
		stamp_held(bio);
	return 0;
}

SEC("kprobe/__blk_throtl_bio")
int BPF_KPROBE(throttle_decision_kprobe, struct bio *bio)
{
	__u64 tid = bpf_get_current_pid_tgid(), b = (__u64)bio;

	bpf_map_update_elem(&throttle_calls, &tid, &b, BPF_ANY);
	return 0;
}

SEC("kretprobe/__blk_throtl_bio")
int BPF_KRETPROBE(throttle_decision_kretprobe, bool throttled)
{
	__u64 tid = bpf_get_current_pid_tgid(), *b;

	b = bpf_map_lookup_elem(&throttle_calls, &tid);
	if (!b)
		return 0;
	if (throttled)
		stamp_held((struct bio *)*b);
	bpf_map_delete_elem(&throttle_calls, &tid);
	return 0;
}

/* Is current blk-throttle's dispatcher, issuing bios it held? */
static __always_inline bool in_dispatcher(void)
{
	struct task_struct *t = (struct task_struct *)bpf_get_current_task();
	struct kthread *k;
	struct worker *w;

	if (!dispatch_fn || !(BPF_CORE_READ(t, flags) & PF_WQ_WORKER))
		return false;
	if (!bpf_core_field_exists(t->worker_private))
		return false;
	k = BPF_CORE_READ(t, worker_private);
	if (!k)
		return false;
	w = BPF_CORE_READ(k, data);
	return w && (__u64)BPF_CORE_READ(w, current_func) == dispatch_fn;
}

static __always_inline void account(struct throttle_key *key, __u32 bytes, __u64 bio_addr)
{
	struct throttle_val *v;
	__u64 *stamp;

	v = bpf_map_lookup_elem(&throttle_io, key);
	if (!v) {
		bpf_map_update_elem(&throttle_io, key, &zero_val, BPF_NOEXIST);
		v = bpf_map_lookup_elem(&throttle_io, key);
		if (!v) {
			count_untracked();
			return;
		}
	}
	v->bios++;
	v->bytes += bytes;
	if (!decision_hooked) {
		if (in_dispatcher())
			v->held++;
		return;
	}
	stamp = bpf_map_lookup_elem(&throttle_held, &bio_addr);
	if (stamp) {
		__u64 now = bpf_ktime_get_ns();

		v->held++;
		if (now > *stamp)
			v->hold_ns += now - *stamp;
		bpf_map_delete_elem(&throttle_held, &bio_addr);
	}
}

SEC("tp_btf/block_bio_queue")
int BPF_PROG(throttle_queue_btf, struct bio *bio)
{
	struct throttle_key key = {};

	if (!(bio->bi_flags & (1U << bps_throttled_bit)) || !bio->bi_blkg)
		return 0;
	key.cgroup_id = bio->bi_blkg->blkcg->css.cgroup->kn->id;
	key.dev = bio->bi_bdev->bd_dev;
	key.write = bio->bi_opf & 1; /* op_is_write() */
	account(&key, bio->bi_iter.bi_size, (__u64)bio);
	return 0;
}

SEC("raw_tp/block_bio_queue")
int BPF_PROG(throttle_queue_raw, struct bio *bio)
{
	struct throttle_key key = {};
	struct blkcg_gq *blkg;

	if (!(BPF_CORE_READ(bio, bi_flags) & (1U << bps_throttled_bit)))
		return 0;
	blkg = BPF_CORE_READ(bio, bi_blkg);
	if (!blkg)
		return 0;
	key.cgroup_id = BPF_CORE_READ(blkg, blkcg, css.cgroup, kn, id);
	key.dev = BPF_CORE_READ(bio, bi_bdev, bd_dev);
	key.write = BPF_CORE_READ(bio, bi_opf) & 1;
	account(&key, BPF_CORE_READ(bio, bi_iter.bi_size), (__u64)bio);
	return 0;
}
