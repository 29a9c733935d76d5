// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
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

/* @sec starts with one of the space-separated @prefixes */
static bool section_in(const char *sec, const char *prefixes)
{
	const char *p = prefixes, *end;
	size_t n;

	while (*p) {
		end = strchr(p, ' ');
		n = end ? (size_t)(end - p) : strlen(p);
		if (n && !strncmp(sec, p, n))
			return true;
		p += n;
		while (*p == ' ')
			p++;
	}
	return false;
}

void skel_autoload(struct bpf_object *obj, const char *prefixes)
{
	struct bpf_program *prog;

	bpf_object__for_each_program(prog, obj)
	{
		bpf_program__set_autoload(prog,
					  section_in(bpf_program__section_name(prog), prefixes));
	}
}
