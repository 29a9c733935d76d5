// SPDX-License-Identifier: GPL-2.0
/* Pane 1 read back from a recording: the inverse of cpu_write_json(). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "cpu.h"
#include "identity.h"
#include "jsondom.h"
#include "out.h"
#include "pane.h"
#include "replay.h"

static void read_row(const struct jv *row, struct cpu_row *r, struct cg_identity *id)
{
	const struct jv *runq = jv_get(row, "runq"), *hist = jv_get(runq, "hist_log2_ns");
	const struct jv *psi = jv_get(row, "psi");
	size_t i;

	replay_identity(row, id);
	r->ident = id;
	r->path = jv_str(jv_get(row, "cgroup"), "?");
	r->cgroup_id = jv_u64(jv_get(row, "cgroup_id"), 0);
	r->gone = jv_bool(jv_get(row, "gone"), false);
	r->runq_count = jv_u64(jv_get(runq, "count"), 0);
	r->runq_ns = jv_u64(jv_get(runq, "total_ns"), 0);
	r->runq_p50_ns = jv_u64(jv_get(runq, "p50_ns"), 0);
	r->runq_p99_ns = jv_u64(jv_get(runq, "p99_ns"), 0);
	r->runq_max_ns = jv_u64(jv_get(runq, "max_ns"), 0);
	for (i = 0; i < CPU_HIST_SLOTS && i < jv_len(hist); i++)
		r->hist[i] = jv_u64(jv_at(hist, i), 0);
	r->cpu_ns = jv_u64(jv_get(row, "cpu_ns"), 0);
	r->switches = jv_u64(jv_get(row, "switches"), 0);
	r->pidns_switches = jv_u64(jv_get(row, "pidns_switches"), 0);
	r->has_psi = psi && psi->type == JV_OBJECT;
	r->psi_some_avg10 = jv_num(jv_get(psi, "some_avg10"), 0);
	r->psi_some_stall_us = jv_u64(jv_get(psi, "some_stall_us"), 0);
}

int cpu_read_json(struct pane *p, const struct jv *obj, double interval_s, struct jv_arena **arena)
{
	const struct jv *rows = jv_get(obj, "rows"), *pidns = jv_get(obj, "pidns");
	struct cpu_snapshot *s = jv_alloc(arena, sizeof(*s));
	size_t i, n = jv_len(rows);
	struct cg_identity *ids;

	if (!s)
		return -ENOMEM;
	s->rows = jv_alloc(arena, (n + 1) * sizeof(*s->rows));
	ids = jv_alloc(arena, (n + 1) * sizeof(*ids));
	s->nr_pidns = jv_len(pidns);
	s->pidns = jv_alloc(arena, (s->nr_pidns + 1) * sizeof(*s->pidns));
	if (!s->rows || !ids || !s->pidns)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		read_row(jv_at(rows, i), &s->rows[i], &ids[i]);
	s->nr_rows = n;
	s->interval_s = interval_s;
	s->has_pidns = pidns && pidns->type == JV_ARRAY;
	for (i = 0; i < s->nr_pidns; i++) {
		const struct jv *ns = jv_at(pidns, i);

		s->pidns[i].inum = (uint32_t)jv_u64(jv_get(ns, "inum"), 0);
		s->pidns[i].hostname = jv_str(jv_get(ns, "hostname"), "");
		s->pidns[i].switches = jv_u64(jv_get(ns, "switches"), 0);
	}
	p->snap = s;
	return 0;
}
