/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_SORTED_H
#define CVTOP_SORTED_H

#include <stdlib.h>

/*
 * qsort() and bsearch() for arrays that may be empty and then NULL: the C
 * library declares their base nonnull, so passing NULL is undefined even
 * with no element, and lets the compiler drop later NULL checks.
 */
static inline void sorted_sort(void *base, size_t n, size_t size,
			       int (*cmp)(const void *, const void *))
{
	if (n)
		qsort(base, n, size, cmp);
}

static inline void *sorted_find(const void *key, const void *base, size_t n, size_t size,
				int (*cmp)(const void *, const void *))
{
	return n ? bsearch(key, base, n, size, cmp) : NULL;
}

#endif
