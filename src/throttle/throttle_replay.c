// SPDX-License-Identifier: GPL-2.0
/* Pane 2 read back from a recording: the inverse of throttle_write_json(). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "identity.h"
#include "jsondom.h"
#include "out.h"
#include "pane.h"
#include "replay.h"
#include "throttle.h"

static const char *const limit_names[IO_NR_LIMITS] = { "rbps", "wbps", "riops", "wiops" };

static void read_cpu(const struct jv *cpu, struct throttle_row *r)
{
	const struct jv *v;

	r->has_quota = cpu && cpu->type == JV_OBJECT;
	if (!r->has_quota)
		return;
	r->quota_us = jv_u64(jv_get(cpu, "quota_us"), 0);
	r->period_us = jv_u64(jv_get(cpu, "period_us"), 0);
	r->quota_cpus = jv_num(jv_get(cpu, "quota_cpus"), 0);
	v = jv_get(cpu, "periods");
	r->has_periods = v && v->type == JV_NUMBER;
	r->periods = jv_u64(v, 0);
	r->throttled_periods = jv_u64(jv_get(cpu, "throttled_periods"), 0);
	r->throttled_pct = jv_num(jv_get(cpu, "throttled_pct"), 0);
	v = jv_get(cpu, "throttled_ns");
	r->has_throttled_time = v && v->type == JV_NUMBER;
	r->throttled_ns = jv_u64(v, 0);
	v = jv_get(cpu, "bursts");
	r->has_bursts = v && v->type == JV_NUMBER;
	r->bursts = jv_u64(v, 0);
	r->burst_ns = jv_u64(jv_get(cpu, "burst_ns"), 0);
	v = jv_get(cpu, "usage_ns");
	r->has_usage = v && v->type == JV_NUMBER;
	r->usage_ns = jv_u64(v, 0);
	r->quota_used_pct = jv_num(jv_get(cpu, "quota_used_pct"), 0);
}

static void read_dev(const struct jv *d, struct throttle_dev *dev)
{
	const struct jv *lim = jv_get(d, "limits");
	const char *dir[2] = { "read", "write" };
	unsigned int maj = 0, min = 0;
	int i;

	sscanf(jv_str(jv_get(d, "dev"), "0:0"), "%u:%u", &maj, &min);
	dev->major = maj;
	dev->minor = min;
	snprintf(dev->name, sizeof(dev->name), "%s", jv_str(jv_get(d, "name"), ""));
	for (i = 0; i < IO_NR_LIMITS; i++) {
		dev->limit[i] = jv_u64(jv_get(lim, limit_names[i]), IO_NO_LIMIT);
		if (dev->limit[i] != IO_NO_LIMIT)
			dev->has_limit = true;
	}
	for (i = 0; i < 2; i++) {
		const struct jv *o = jv_get(d, dir[i]);

		dev->bios[i] = jv_u64(jv_get(o, "bios"), 0);
		dev->bytes[i] = jv_u64(jv_get(o, "bytes"), 0);
		dev->held[i] = jv_u64(jv_get(o, "held"), 0);
		dev->hold_ns[i] = jv_u64(jv_get(o, "hold_ns"), 0);
	}
}

int throttle_read_json(struct pane *p, const struct jv *obj, double interval_s,
		       struct jv_arena **arena)
{
	const struct jv *rows = jv_get(obj, "rows");
	struct throttle_snapshot *s = jv_alloc(arena, sizeof(*s));
	size_t i, j, n = jv_len(rows), nr_devs = 0;
	struct cg_identity *ids;

	if (!s)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		nr_devs += jv_len(jv_get(jv_get(jv_at(rows, i), "io"), "devices"));
	s->rows = jv_alloc(arena, (n + 1) * sizeof(*s->rows));
	s->devs = jv_alloc(arena, (nr_devs + 1) * sizeof(*s->devs));
	ids = jv_alloc(arena, (n + 1) * sizeof(*ids));
	if (!s->rows || !s->devs || !ids)
		return -ENOMEM;
	s->interval_s = interval_s;
	s->cpu_source = jv_str(jv_get(obj, "cpu_source"), NULL);
	s->io_source = jv_str(jv_get(obj, "io_source"), NULL);
	s->io_available = jv_bool(jv_get(obj, "io_available"), false);
	s->has_held = jv_bool(jv_get(obj, "held_visible"), false);
	s->has_hold = jv_bool(jv_get(obj, "hold_visible"), false);
	s->io_missing = jv_str(jv_get(obj, "missing"), NULL);
	for (i = 0; i < n; i++) {
		const struct jv *row = jv_at(rows, i), *io = jv_get(row, "io");
		const struct jv *devs = jv_get(io, "devices");
		struct throttle_row *r = &s->rows[i];

		replay_identity(row, &ids[i]);
		r->ident = &ids[i];
		r->path = jv_str(jv_get(row, "cgroup"), "?");
		r->score = jv_num(jv_get(row, "score"), 0);
		read_cpu(jv_get(row, "cpu"), r);
		r->has_io_limit = jv_bool(jv_get(io, "limited"), false);
		r->io_bios = jv_u64(jv_get(io, "bios"), 0);
		r->io_bytes = jv_u64(jv_get(io, "bytes"), 0);
		r->io_held = jv_u64(jv_get(io, "held"), 0);
		r->io_hold_ns = jv_u64(jv_get(io, "hold_ns"), 0);
		r->io_visible = s->io_available;
		r->held_visible = s->has_held;
		r->hold_visible = s->has_hold;
		r->dev_first = s->nr_devs;
		r->nr_devs = jv_len(devs);
		for (j = 0; j < r->nr_devs; j++)
			read_dev(jv_at(devs, j), &s->devs[s->nr_devs++]);
	}
	s->nr_rows = n;
	p->snap = s;
	return 0;
}
