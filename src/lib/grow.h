/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_GROW_H
#define CVTOP_GROW_H

#include <stddef.h>

/*
 * Makes room for @need elements of @size bytes in the array *@arr of *@cap
 * elements, doubling from 64; the contents stay. 0 or -ENOMEM (the array is
 * then unchanged).
 */
int array_grow(void **arr, size_t *cap, size_t need, size_t size);

#endif
