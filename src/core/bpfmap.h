/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_BPFMAP_H
#define CVTOP_BPFMAP_H

#include <stddef.h>

/*
 * Reads a whole (per-CPU) hash map with batched lookups into buffers that
 * are allocated once and reused, calling @fn for each entry. For per-CPU maps
 * @values holds one value per possible CPU, @stride bytes apart.
 */
struct map_reader {
	int fd;
	size_t key_size;
	size_t value_size; /* of one CPU's value */
	size_t stride; /* value_size rounded up to 8 (libbpf's layout) */
	int nr_values; /* possible CPUs for per-CPU maps, else 1 */
	unsigned int chunk; /* entries per batch call */
	void *keys, *values;
};

typedef int (*map_entry_fn)(const void *key, const void *values, const struct map_reader *r,
			    void *ctx);

/* The map's max_entries bounds a batch: a one-entry array reads one. */
int map_reader_init(struct map_reader *r, int map_fd, size_t key_size, size_t value_size,
		    int percpu);
/* CPU @cpu's value among an entry's @values (the one value of other maps) */
static inline const void *map_reader_value(const struct map_reader *r, const void *values, int cpu)
{
	return (const char *)values + (size_t)cpu * r->stride;
}
void map_reader_free(struct map_reader *r);
/* 0 or -errno; stops early and returns @fn's value when it is non-zero. */
int map_reader_each(struct map_reader *r, map_entry_fn fn, void *ctx);

#endif
