// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>
#include "skel.h"

/*
 * strerror() for libbpf's errors, which can be the kernel's internal ENOTSUPP
 * (524, no libc name): e.g. fentry/fexit attach on arm64 kernels before 6.4,
 * which have no ftrace direct calls for BPF trampolines.
 */
const char *skel_strerror(int err)
{
	if (err == 524)
		return "ENOTSUPP (524): the kernel does not support it";
	return strerror(err);
}

int skel_load_attach(struct bpf_object_skeleton *s, char *why, size_t why_len)
{
	int err = bpf_object__load_skeleton(s);

	if (err) {
		snprintf(why, why_len, "load: %s", skel_strerror(-err));
		return err;
	}
	err = bpf_object__attach_skeleton(s);
	if (err)
		snprintf(why, why_len, "attach: %s", skel_strerror(-err));
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

	skel_test_limits(obj);
	bpf_object__for_each_program(prog, obj)
	{
		bpf_program__set_autoload(prog,
					  section_in(bpf_program__section_name(prog), prefixes));
	}
}

void skel_test_limits(struct bpf_object *obj)
{
	const char *spec = getenv("CVTOP_TEST_MAP_MAX");
	struct bpf_map *map;
	char name[64];
	unsigned int max;
	int n;

	while (spec && sscanf(spec, "%63[^=,]=%u%n", name, &max, &n) == 2) {
		map = bpf_object__find_map_by_name(obj, name);
		if (map && max > 0)
			bpf_map__set_max_entries(map, max);
		spec += n;
		spec += *spec == ',';
	}
}
