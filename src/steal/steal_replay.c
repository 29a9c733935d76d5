// SPDX-License-Identifier: GPL-2.0
/* Pane 4 read back from a recording: the inverse of steal_write_json(). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "jsondom.h"
#include "out.h"
#include "pane.h"
#include "procstat.h"
#include "steal.h"

static bool status_ok(const struct jv *o, char *reason, size_t len)
{
	bool ok = !strcmp(jv_str(jv_get(o, "status"), "unavailable"), "ok");

	snprintf(reason, len, "%s", jv_str(jv_get(o, "reason"), ""));
	return ok;
}

static void read_cpu(const struct jv *c, struct steal_cpu_row *r)
{
	r->cpu = (int)jv_num(jv_get(c, "cpu"), -1);
	r->steal_ticks = jv_u64(jv_get(c, "steal_ticks"), 0);
	r->total_ticks = jv_u64(jv_get(c, "total_ticks"), 0);
	/* as the collector computes it, not the rounded recorded value */
	r->steal_pct = r->total_ticks ? 100.0 * r->steal_ticks / r->total_ticks : 0;
}

int steal_read_json(struct pane *p, const struct jv *obj, double interval_s,
		    struct jv_arena **arena)
{
	const struct jv *guest = jv_get(obj, "guest"), *host = jv_get(obj, "host");
	const struct jv *cpus = jv_get(guest, "cpus"), *vms = jv_get(host, "vms");
	const struct jv *stolen = jv_get(obj, "cpustolen"), *hist;
	struct steal_snapshot *s = jv_alloc(arena, sizeof(*s));
	size_t i;

	if (!s)
		return -ENOMEM;
	memset(s, 0, sizeof(*s));
	s->interval_s = interval_s;
	s->guest_ok = status_ok(guest, s->guest_reason, sizeof(s->guest_reason));
	read_cpu(jv_get(guest, "total"), &s->total);
	s->total.cpu = -1;
	s->nr_cpus = jv_len(cpus);
	s->cpus = jv_alloc(arena, (s->nr_cpus + 1) * sizeof(*s->cpus));
	s->host_ok = status_ok(host, s->host_reason, sizeof(s->host_reason));
	s->nr_vms = jv_len(vms);
	s->vms = jv_alloc(arena, (s->nr_vms + 1) * sizeof(*s->vms));
	if (!s->cpus || !s->vms)
		return -ENOMEM;
	for (i = 0; i < s->nr_cpus; i++) {
		memset(&s->cpus[i], 0, sizeof(s->cpus[i]));
		read_cpu(jv_at(cpus, i), &s->cpus[i]);
	}
	for (i = 0; i < s->nr_vms; i++) {
		const struct jv *v = jv_at(vms, i);
		struct steal_vm_row *r = &s->vms[i];

		memset(r, 0, sizeof(*r));
		r->pid = (pid_t)jv_u64(jv_get(v, "pid"), 0);
		r->name = jv_str(jv_get(v, "name"), "?");
		r->named = jv_bool(jv_get(v, "named"), false);
		r->nr_vcpus = (int)jv_u64(jv_get(v, "vcpus"), 0);
		r->nr_threads = (int)jv_u64(jv_get(v, "threads"), 0);
		r->threads_by_name = jv_bool(jv_get(v, "threads_by_name"), false);
		r->wait_ns = jv_u64(jv_get(v, "wait_ns"), 0);
		r->waits = jv_u64(jv_get(v, "waits"), 0);
		r->max_thread_wait_ns = jv_u64(jv_get(v, "max_thread_wait_ns"), 0);
		r->steal_pct = jv_num(jv_get(v, "steal_pct"), 0);
	}
	s->cpustolen_ok = status_ok(stolen, s->cpustolen_reason, sizeof(s->cpustolen_reason));
	snprintf(s->cpustolen_method, sizeof(s->cpustolen_method), "%s",
		 jv_str(jv_get(stolen, "method"), ""));
	s->cpustolen_calls = jv_u64(jv_get(stolen, "calls"), 0);
	s->cpustolen_ns = jv_u64(jv_get(stolen, "steal_ns"), 0);
	hist = jv_get(stolen, "hist_log2_ns");
	for (i = 0; i < CPUSTOLEN_HIST_SLOTS && i < jv_len(hist); i++)
		s->cpustolen_hist[i] = jv_u64(jv_at(hist, i), 0);
	p->snap = s;
	return 0;
}
