/* SPDX-License-Identifier: GPL-2.0 */
/* One name looked up in a raw BTF file without parsing all of it. */
#ifndef CVTOP_BTFSCAN_H
#define CVTOP_BTFSCAN_H

#include <stdint.h>

/*
 * The value of the enumerator @name (of any enum, named or not) in the raw
 * BTF file at @path (/sys/kernel/btf/vmlinux): the file is read once in
 * small pieces rather than copied and indexed whole as libbpf's btf__parse()
 * does (11 MB and tens of ms for a kernel's). 0, -ENOENT when there is no
 * such enumerator, or -errno (-EINVAL for a malformed file).
 */
int btfscan_enum_value(const char *path, const char *name, int64_t *val);

/* The type id of the function @name (BTF_KIND_FUNC) in the same way. */
int btfscan_func_id(const char *path, const char *name, uint32_t *id);

#endif
