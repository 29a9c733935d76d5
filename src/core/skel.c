// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>
#include "skel.h"

int skel_load_attach(struct bpf_object_skeleton *s, char *why, size_t why_len)
{
	int err = bpf_object__load_skeleton(s);

	if (err) {
		snprintf(why, why_len, "load: %s", strerror(-err));
		return err;
	}
	err = bpf_object__attach_skeleton(s);
	if (err)
		snprintf(why, why_len, "attach: %s", strerror(-err));
	return err;
}
