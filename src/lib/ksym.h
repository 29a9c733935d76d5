/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_KSYM_H
#define CVTOP_KSYM_H

#include <stdint.h>

/*
 * Address of the kernel function @name in a kallsyms file (/proc/kallsyms):
 * the exact name, or a compiler clone of it ("name.isra.0"). 0, -ENOENT, or
 * -EPERM when the addresses are hidden (all zero).
 */
int ksym_find(const char *kallsyms, const char *name, uint64_t *addr);

#endif
