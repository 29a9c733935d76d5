// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>
#include "keysort.h"

static __thread size_t fallback_key_size;

static int cmp_fallback(const void *a, const void *b)
{
	return memcmp(a, b, fallback_key_size);
}

struct keysort_pair *keysort_room(struct keysort *ks, size_t n)
{
	void *p;

	if (n > ks->cap) {
		p = realloc(ks->pairs, 2 * n * sizeof(*ks->pairs));
		if (!p)
			return NULL;
		ks->pairs = p;
		ks->cap = n;
	}
	return ks->pairs;
}

static int reserve(struct keysort *ks, size_t n, size_t size)
{
	void *p;

	if (!keysort_room(ks, n))
		return -1;
	if (size > ks->tmp_size) {
		p = realloc(ks->tmp, size);
		if (!p)
			return -1;
		ks->tmp = p;
		ks->tmp_size = size;
	}
	return 0;
}

/* Stable LSD radix sort of @a by key, a byte a pass; @b is as large. */
static struct keysort_pair *radix(struct keysort_pair *a, struct keysort_pair *b, size_t n,
				  size_t key_size)
{
	size_t count[256], pass, i, pos, sum;
	struct keysort_pair *t;
	unsigned int shift;

	for (pass = 0; pass < key_size; pass++) {
		shift = 8 * pass;
		memset(count, 0, sizeof(count));
		for (i = 0; i < n; i++)
			count[(a[i].key >> shift) & 0xff]++;
		/* every key has this byte: the pass would change nothing */
		if (count[(a[0].key >> shift) & 0xff] == n)
			continue;
		for (i = 0, sum = 0; i < 256; i++) {
			pos = sum;
			sum += count[i];
			count[i] = pos;
		}
		for (i = 0; i < n; i++)
			b[count[(a[i].key >> shift) & 0xff]++] = a[i];
		t = a;
		a = b;
		b = t;
	}
	return a;
}

/* Moves each element to where @p says, following the cycles of the
 * permutation: element p[i].idx belongs at i. */
static void permute(struct keysort *ks, char *base, struct keysort_pair *p, size_t n, size_t size)
{
	size_t i, j, k;

	for (i = 0; i < n; i++) {
		if (p[i].idx == i)
			continue;
		memcpy(ks->tmp, base + i * size, size);
		for (j = i;; j = k) {
			k = p[j].idx;
			p[j].idx = j;
			if (k == i) {
				memcpy(base + j * size, ks->tmp, size);
				break;
			}
			memcpy(base + j * size, base + k * size, size);
		}
	}
}

const struct keysort_pair *keysort_pairs(struct keysort *ks, size_t n, size_t key_size)
{
	return n < 2 ? ks->pairs : radix(ks->pairs, ks->pairs + n, n, key_size);
}

void keysort(struct keysort *ks, void *base, size_t n, size_t size, size_t key_size)
{
	const unsigned char *e;
	struct keysort_pair *p;
	size_t i, b;
	uint64_t key;

	if (n < 2)
		return;
	if (!key_size || key_size > 8 || key_size > size || reserve(ks, n, size)) {
		fallback_key_size = key_size < size ? key_size : size;
		qsort(base, n, size, cmp_fallback);
		return;
	}
	for (i = 0; i < n; i++) {
		e = (const unsigned char *)base + i * size;
		for (b = 0, key = 0; b < key_size; b++)
			key = key << 8 | e[b];
		ks->pairs[i].key = key;
		ks->pairs[i].idx = i;
	}
	/* the pairs are the sort's own: permute() marks them as it goes */
	p = (struct keysort_pair *)keysort_pairs(ks, n, key_size);
	permute(ks, base, p, n, size);
}

void keysort_free(struct keysort *ks)
{
	free(ks->pairs);
	free(ks->tmp);
	memset(ks, 0, sizeof(*ks));
}
