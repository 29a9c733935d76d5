/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_KSYM_BPF_H
#define CVTOP_KSYM_BPF_H

#include <stdbool.h>
#include <stdint.h>

/*
 * The address of the kernel function @name, asked of the kernel itself: a
 * BPF syscall program calls bpf_kallsyms_lookup_name() (kernel 5.16+), where
 * a read of /proc/kallsyms walks ~120,000 symbols (~30 ms). The file stays the
 * fallback, and is where a compiler clone ("name.isra.0") is found when
 * @clones. 0, -ENOENT, or -EPERM when the file hides addresses.
 */
int kernel_sym(const char *name, bool clones, uint64_t *addr);
/* The kernel's answer alone: 0, -ENOENT, or another -errno when it cannot be
 * asked this way (before 5.16, without privileges, a name over 127 bytes). */
int ksym_ask_kernel(const char *name, uint64_t *addr);

#endif
