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

/*
 * sorted_find() for callers that ask for keys in the array's own order (rows
 * built in key order): the element after the last one found is tried first,
 * so such a walk finds each with one compare instead of a search. *@next is
 * that position, 0 at first.
 */
static inline void *sorted_find_next(const void *key, const void *base, size_t n, size_t size,
				     int (*cmp)(const void *, const void *), size_t *next)
{
	const char *e;

	if (*next < n) {
		e = (const char *)base + *next * size;
		if (!cmp(key, e)) {
			(*next)++;
			return (void *)e;
		}
	}
	e = sorted_find(key, base, n, size, cmp);
	if (e)
		*next = (size_t)(e - (const char *)base) / size + 1;
	return (void *)e;
}

#endif
