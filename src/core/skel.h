/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_SKEL_H
#define CVTOP_SKEL_H

#include <stddef.h>

struct bpf_object;
struct bpf_object_skeleton;

/*
 * Loads and attaches a skeleton (what its generated __load and __attach do),
 * saying in @why which step failed. 0 or -errno; the caller destroys the
 * skeleton on failure.
 */
int skel_load_attach(struct bpf_object_skeleton *s, char *why, size_t why_len);

/*
 * Loads only the programs of @obj whose section starts with one of the
 * space-separated @prefixes ("tp_btf/", "kprobe/ kretprobe/"): each variant
 * of a pane is the programs of one attach type.
 */
void skel_autoload(struct bpf_object *obj, const char *prefixes);
/*
 * For tests of what happens when a map is full: CVTOP_TEST_MAP_MAX="map=N,..."
 * makes those maps of @obj hold N entries. skel_autoload() calls it.
 */
void skel_test_limits(struct bpf_object *obj);

/* strerror(@err), also for the kernel's ENOTSUPP (524) that libbpf passes on */
const char *skel_strerror(int err);

#endif
