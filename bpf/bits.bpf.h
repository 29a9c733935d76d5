/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_BITS_BPF_H
#define CVTOP_BITS_BPF_H

/* floor(log2(v)) for v > 0, 0 for v == 0: branch-light, no loop */
/* 64-bit results throughout: a 32-bit one gets zero-extended into a copy,
 * and older verifiers (6.1) lose the bounds check on the copy */
static __always_inline __u64 log2_u64(__u64 v)
{
	__u64 r = 0, shift;

	shift = (v > 0xffffffffULL) << 5;
	v >>= shift;
	r |= shift;
	shift = (v > 0xffff) << 4;
	v >>= shift;
	r |= shift;
	shift = (v > 0xff) << 3;
	v >>= shift;
	r |= shift;
	shift = (v > 0xf) << 2;
	v >>= shift;
	r |= shift;
	shift = (v > 0x3) << 1;
	v >>= shift;
	r |= shift;
	r |= (v >> 1);
	return r;
}

static __always_inline __u64 hist_slot_of(__u64 v, __u64 nr_slots)
{
	__u64 slot = log2_u64(v);

	return slot < nr_slots ? slot : nr_slots - 1;
}

/*
 * Entries a full map could not take (a new cgroup, VM or key when the map
 * holds max_entries): counted here, never dropped silently. Only the failure
 * path touches it; user space reads it from .bss without a syscall.
 */
__u64 untracked;

static __always_inline void count_untracked(void)
{
	__sync_fetch_and_add(&untracked, 1);
}

/* The value of @key in a hash @map, added as @zero when new; NULL (counted)
 * when the map is full. */
static __always_inline void *map_get_or_add(void *map, const void *key, const void *zero)
{
	void *v = bpf_map_lookup_elem(map, key);

	if (v)
		return v;
	bpf_map_update_elem(map, key, zero, BPF_NOEXIST);
	v = bpf_map_lookup_elem(map, key);
	if (!v)
		count_untracked();
	return v;
}

#endif
