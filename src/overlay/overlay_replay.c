// SPDX-License-Identifier: GPL-2.0
/* Pane 3 read back from a recording: the inverse of overlay_write_json(). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "identity.h"
#include "jsondom.h"
#include "out.h"
#include "overlay.h"
#include "pane.h"
#include "replay.h"

static void read_dir(const struct jv *d, struct overlay_dir_row *dir)
{
	const struct jv *hist = jv_get(d, "hist_log2_ns");
	size_t i;

	dir->count = jv_u64(jv_get(d, "count"), 0);
	dir->bytes = jv_u64(jv_get(d, "bytes"), 0);
	dir->errors = jv_u64(jv_get(d, "errors"), 0);
	dir->total_ns = jv_u64(jv_get(d, "total_ns"), 0);
	dir->p50_ns = jv_u64(jv_get(d, "p50_ns"), 0);
	dir->p99_ns = jv_u64(jv_get(d, "p99_ns"), 0);
	dir->max_ns = jv_u64(jv_get(d, "max_ns"), 0);
	for (i = 0; i < OVL_HIST_SLOTS && i < jv_len(hist); i++)
		dir->hist[i] = jv_u64(jv_at(hist, i), 0);
}

int overlay_read_json(struct pane *p, const struct jv *obj, double interval_s,
		      struct jv_arena **arena)
{
	const struct jv *rows = jv_get(obj, "rows");
	struct overlay_snapshot *s = jv_alloc(arena, sizeof(*s));
	size_t i, n = jv_len(rows);
	struct cg_identity *ids;

	if (!s)
		return -ENOMEM;
	s->rows = jv_alloc(arena, (n + 1) * sizeof(*s->rows));
	ids = jv_alloc(arena, (n + 1) * sizeof(*ids));
	if (!s->rows || !ids)
		return -ENOMEM;
	s->interval_s = interval_s;
	s->misses = jv_str(jv_get(obj, "misses"), NULL);
	for (i = 0; i < n; i++) {
		const struct jv *row = jv_at(rows, i);
		struct overlay_row *r = &s->rows[i];
		unsigned int maj = 0, min = 0;
		size_t len;
		char *name;

		replay_identity(row, &ids[i]);
		r->ident = &ids[i];
		r->cgroup_id = jv_u64(jv_get(row, "cgroup_id"), 0);
		r->path = jv_str(jv_get(row, "cgroup"), "?");
		sscanf(jv_str(jv_get(row, "dev"), "0:0"), "%u:%u", &maj, &min);
		r->dev_major = maj;
		r->dev_minor = min;
		r->mount = jv_str(jv_get(row, "mount"), NULL);
		r->upper = jv_str(jv_get(row, "upperdir"), NULL);
		/* the unique row name the collector makes: "<cgroup> <major>:<minor>" */
		len = strlen(r->path) + 32;
		name = jv_alloc(arena, len);
		if (!name)
			return -ENOMEM;
		snprintf(name, len, "%s %u:%u", r->path, maj, min);
		r->name = name;
		read_dir(jv_get(row, "read"), &r->dir[OVL_READ]);
		read_dir(jv_get(row, "write"), &r->dir[OVL_WRITE]);
	}
	s->nr_rows = n;
	p->snap = s;
	return 0;
}
