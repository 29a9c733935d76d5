// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bpfmap.h"

/* keep one batch's buffers around 256 KiB whatever the number of CPUs */
#define BATCH_BYTES (256 * 1024)

int map_reader_init(struct map_reader *r, int map_fd, size_t key_size, size_t value_size,
		    int percpu)
{
	struct bpf_map_info info = {};
	__u32 info_len = sizeof(info);
	size_t per_entry;

	memset(r, 0, sizeof(*r));
	r->fd = map_fd;
	r->key_size = key_size;
	r->value_size = value_size;
	r->stride = (value_size + 7) & ~(size_t)7;
	r->nr_values = percpu ? libbpf_num_possible_cpus() : 1;
	if (r->nr_values <= 0)
		return r->nr_values ? r->nr_values : -EINVAL;
	per_entry = r->stride * r->nr_values + key_size;
	r->chunk = BATCH_BYTES / per_entry;
	if (r->chunk < 8)
		r->chunk = 8;
	if (!bpf_obj_get_info_by_fd(map_fd, &info, &info_len) && info.max_entries &&
	    info.max_entries < r->chunk)
		r->chunk = info.max_entries;
	r->keys = calloc(r->chunk, key_size);
	r->values = calloc(r->chunk, r->stride * r->nr_values);
	if (!r->keys || !r->values) {
		map_reader_free(r);
		return -ENOMEM;
	}
	return 0;
}

void map_reader_free(struct map_reader *r)
{
	free(r->keys);
	free(r->values);
	r->keys = r->values = NULL;
}

int map_reader_each(struct map_reader *r, map_entry_fn fn, void *ctx)
{
	LIBBPF_OPTS(bpf_map_batch_opts, opts);
	unsigned long long in_batch = 0, out_batch = 0;
	bool first = true, last = false;
	__u32 count, i;
	int err;

	while (!last) {
		count = r->chunk;
		err = bpf_map_lookup_batch(r->fd, first ? NULL : &in_batch, &out_batch, r->keys,
					   r->values, &count, &opts);
		if (err) {
			err = -errno;
			if (err != -ENOENT)
				return err;
			last = true; /* ENOENT: this was the final batch */
		}
		for (i = 0; i < count; i++) {
			const char *key = (const char *)r->keys + i * r->key_size;
			const char *vals = (const char *)r->values + i * r->stride * r->nr_values;
			int ret = fn(key, vals, r, ctx);

			if (ret)
				return ret;
		}
		in_batch = out_batch;
		first = false;
	}
	return 0;
}
