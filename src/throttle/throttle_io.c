// SPDX-License-Identifier: GPL-2.0
/* Pane 2: throttled bios from the block map, folded into the cgroups' entries. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "sorted.h"
#include "cgroup.h"
#include "hist.h"
#include "idcache.h"
#include "throttle_priv.h"
#include "throttle.skel.h"

static int cmp_key(const void *a, const void *b)
{
	const struct throttle_key *x = a, *y = b;

	if (x->cgroup_id != y->cgroup_id)
		return x->cgroup_id < y->cgroup_id ? -1 : 1;
	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	return (int)x->write - (int)y->write;
}

static int collect_io(const void *key, const void *values, const struct map_reader *r, void *ctx)
{
	struct throttle_priv *tp = ctx;
	struct io_state *s;
	int cpu;

	if (tp->nr_io_next == tp->io_cap) {
		size_t cap = tp->io_cap ? tp->io_cap * 2 : 64;
		struct io_state *a = realloc(tp->io_next, cap * sizeof(*a));
		struct io_state *b;

		if (!a)
			return -ENOMEM;
		tp->io_next = a;
		b = realloc(tp->io, cap * sizeof(*b));
		if (!b)
			return -ENOMEM;
		tp->io = b;
		tp->io_cap = cap;
	}
	s = &tp->io_next[tp->nr_io_next++];
	memset(s, 0, sizeof(*s));
	memcpy(&s->key, key, sizeof(s->key));
	for (cpu = 0; cpu < r->nr_values; cpu++) {
		const struct throttle_val *v = map_reader_value(r, values, cpu);

		s->cum.bios += v->bios;
		s->cum.bytes += v->bytes;
		s->cum.held += v->held;
		s->cum.hold_ns += v->hold_ns;
	}
	return 0;
}

static int cmp_id(const void *a, const void *b)
{
	const struct id_path *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* Path of an io cgroup id, cached; NULL when the cgroup is gone. A cached
 * path is checked again every LIVENESS_EVERY refreshes. */
static const char *id_path(struct throttle_priv *tp, uint64_t id, int *err)
{
	struct id_path key = { .id = id }, *ip;
	char buf[PATH_MAX];
	int ret;

	*err = 0;
	ip = sorted_find(&key, tp->ids, tp->nr_ids, sizeof(*ip), cmp_id);
	if (ip)
		ip->used = tp->refreshes;
	if (ip && tp->refreshes - ip->checked < LIVENESS_EVERY)
		return ip->path;
	if (!ip) {
		if (tp->nr_ids == tp->ids_cap) {
			size_t cap = tp->ids_cap ? tp->ids_cap * 2 : 32;
			struct id_path *a = realloc(tp->ids, cap * sizeof(*a));

			if (!a) {
				*err = -ENOMEM;
				return NULL;
			}
			tp->ids = a;
			tp->ids_cap = cap;
		}
		ip = &tp->ids[tp->nr_ids++];
		ip->id = id;
		ip->path = NULL;
		ip->used = tp->refreshes;
		sorted_sort(tp->ids, tp->nr_ids, sizeof(*ip), cmp_id);
		ip = sorted_find(&key, tp->ids, tp->nr_ids, sizeof(*ip), cmp_id);
	}
	ip->checked = tp->refreshes;
	ret = cgroup_path_in(tp->fs.io.fd, tp->fs.io.mount, id, buf, sizeof(buf));
	free(ip->path);
	ip->path = NULL;
	if (ret == -ESTALE || ret == -ENOENT)
		return NULL;
	if (ret)
		snprintf(buf, sizeof(buf), "cgroup id %llu", (unsigned long long)id);
	ip->path = strdup(buf);
	if (!ip->path)
		*err = -ENOMEM;
	return ip->path;
}

/* Cached paths of ids no longer in the map go: the cache stays as small as it. */
static void forget_unused_ids(struct throttle_priv *tp)
{
	size_t i, kept = 0;

	for (i = 0; i < tp->nr_ids; i++) {
		if (tp->ids[i].used != tp->refreshes) {
			free(tp->ids[i].path);
			continue;
		}
		tp->ids[kept++] = tp->ids[i];
	}
	tp->nr_ids = kept;
}

/* Throttled I/O of the interval into the entries; forgets gone cgroups. */
int thr_read_io(struct throttle_priv *tp)
{
	struct io_state *tmp;
	size_t i, kept = 0;
	int err;

	tp->nr_io_next = 0;
	err = map_reader_each(&tp->reader, collect_io, tp);
	if (err)
		return err;
	sorted_sort(tp->io_next, tp->nr_io_next, sizeof(*tp->io_next), cmp_key);
	for (i = 0; i < tp->nr_io_next; i++) {
		struct io_state *s = &tp->io_next[i];
		struct io_state *old = sorted_find(s, tp->io, tp->nr_io, sizeof(*s), cmp_key);
		static const struct throttle_val zero;
		/* the map's counters start at zero when cvtop attaches */
		const struct throttle_val *prev = old && !tp->cumulative ? &old->cum : &zero;
		uint64_t bios = counter_delta(s->cum.bios, prev->bios);
		const char *path = id_path(tp, s->key.cgroup_id, &err);
		struct throttle_dev *d;
		struct entry *e;
		int w = s->key.write ? 1 : 0;

		if (err)
			return err;
		if (!path) {
			bpf_map_delete_elem(tp->reader.fd, &s->key);
			continue;
		}
		tp->io_next[kept++] = *s;
		if (!bios)
			continue;
		e = thr_find_entry(tp, path, true);
		if (!e)
			return -ENOMEM;
		d = thr_find_dev(e, s->key.dev >> 20, s->key.dev & 0xfffff);
		if (!d)
			continue;
		d->bios[w] += bios;
		d->bytes[w] += counter_delta(s->cum.bytes, prev->bytes);
		d->held[w] += counter_delta(s->cum.held, prev->held);
		d->hold_ns[w] += counter_delta(s->cum.hold_ns, prev->hold_ns);
	}
	forget_unused_ids(tp);
	tmp = tp->io;
	tp->io = tp->io_next;
	tp->nr_io = kept;
	tp->io_next = tmp;
	tp->nr_io_next = 0;
	return 0;
}
