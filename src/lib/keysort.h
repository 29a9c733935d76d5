/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_KEYSORT_H
#define CVTOP_KEYSORT_H

#include <stddef.h>
#include <stdint.h>

/* A key, the first of its bytes most significant (memcmp() order), and what it is of. */
struct keysort_pair {
	uint64_t key;
	size_t idx;
};

/* Scratch kept between sorts: a refresh sorts thousands of rows each time. */
struct keysort {
	struct keysort_pair *pairs; /* 2 * cap */
	size_t cap;
	char *tmp; /* one element */
	size_t tmp_size;
};

/*
 * Sorts @n elements of @size bytes at @base by their first @key_size bytes
 * (1 to 8), in memcmp() order, keeping the order of equal keys: a radix sort
 * of (key, index) pairs, then each element moved once. Where qsort() of large
 * elements calls a compare function ~n log n times through a pointer, this
 * reads each key once. Falls back to qsort() when out of memory.
 */
void keysort(struct keysort *ks, void *base, size_t n, size_t size, size_t key_size);
/* Room in @ks for @n pairs to fill in before keysort_pairs(); NULL without memory. */
struct keysort_pair *keysort_room(struct keysort *ks, size_t n);
/* The @n pairs filled in, sorted by key (stable, @key_size low bytes of
 * each key significant): they stay in @ks until its next use. */
const struct keysort_pair *keysort_pairs(struct keysort *ks, size_t n, size_t key_size);
void keysort_free(struct keysort *ks);

#endif
