// SPDX-License-Identifier: GPL-2.0
/* Pane 1 renderer: cgroup table, pid-namespace victims, histogram detail. */
#include <stdio.h>
#include <string.h>
#include "cpu.h"
#include "escape.h"
#include "identity.h"
#include "out.h"
#include "pane.h"
#include "strip.h"
#include "table.h"
#include "units.h"
#include "view.h"
#include "views.h"

/* the pid-namespace table is shown, not navigated */
static struct table_state pidns_state = { .sort_col = -1 };

static int row_hist(const void *row, uint64_t *out, int max)
{
	const struct cpu_row *r = row;
	int n = CPU_HIST_SLOTS < max ? CPU_HIST_SLOTS : max;

	memcpy(out, r->hist, (size_t)n * sizeof(*out));
	return n;
}

/* the selected row's histogram in full below the table, on a tall screen */
#define SPLIT_MIN_H 30

static void draw_split(struct view *v, const struct cpu_snapshot *s, int y, int h)
{
	const struct cpu_row *r;
	char name[256], title[400];

	if (!v->ts->has_sel || v->ts->sel_row >= s->nr_rows)
		return;
	r = &s->rows[v->ts->sel_row];
	esc_cstr(r->ident ? r->ident->name : r->path, name, sizeof(name));
	snprintf(title, sizeof(title), "run-queue wait of %s, %s (Enter: detail)", name,
		 v->span ?: "this interval");
	ui_hist_draw(v, y, h, title, r->hist, CPU_HIST_SLOTS);
}

static void cpu_draw(struct view *v, struct pane *p)
{
	const struct cpu_snapshot *s = p->snap;
	struct table_strip strip = { .hist = row_hist };
	struct table_src t;
	struct view nv = *v;
	int ns_h = 0, split_h = 0;

	if (s && s->has_pidns && s->nr_pidns && v->h >= 14) {
		ns_h = (int)s->nr_pidns + 2;
		if (ns_h > v->h / 3)
			ns_h = v->h / 3;
	}
	if (s && v->h >= SPLIT_MIN_H)
		split_h = v->h / 3 < 14 ? v->h / 3 : 14;
	cpu_table(p, &t);
	ui_table_draw_strip(v, &t, v->y, v->h - ns_h - split_h, true, &strip);
	if (split_h)
		draw_split(v, s, v->y + v->h - ns_h - split_h, split_h - 1);
	if (!ns_h)
		return;
	wattrset(v->win, ui_attr(UI_TITLE));
	ui_put(v->win, v->y + v->h - ns_h, v->x,
	       "pid-namespace switches, by the namespace switched out", v->w, true);
	wattrset(v->win, ui_attr(UI_NORMAL));
	nv.ts = &pidns_state;
	cpu_pidns_table(p, &t);
	ui_table_draw(&nv, &t, v->y + v->h - ns_h + 1, ns_h - 1, false);
}

/* "podman  id f4f23fe3d207  cgroup /libpod_parent/libpod-f4f2...  k8s ns/pod/ctr" */
static void identity_line(const struct cpu_row *r, char *line, size_t len)
{
	char path[256], id[16] = "-", k8s[512] = "";
	const struct cg_identity *i = r->ident;

	esc_cstr(r->path, path, sizeof(path));
	if (i && i->container)
		identity_short_id(i, id, sizeof(id));
	if (i && i->pod_uid[0]) {
		char ns[128], pod[256];

		esc_cstr(i->k8s_namespace[0] ? i->k8s_namespace : "?", ns, sizeof(ns));
		esc_cstr(i->k8s_pod[0] ? i->k8s_pod : i->pod_uid, pod, sizeof(pod));
		snprintf(k8s, sizeof(k8s), "  pod %s/%s", ns, pod);
	}
	snprintf(line, len, "%s  id %s  cgroup %s (id %llu)%s%s",
		 i ? identity_runtime_name(i->runtime) : "host", id, path,
		 (unsigned long long)r->cgroup_id, k8s, r->gone ? "  [removed]" : "");
}

static const struct cpu_row *selected_row(const struct view *v, const struct cpu_snapshot *s)
{
	size_t i;

	if (!v->ts->has_sel)
		return NULL;
	for (i = 0; i < s->nr_rows; i++) {
		if (!strcmp(s->rows[i].path, v->ts->sel_name))
			return &s->rows[i];
	}
	return NULL;
}

static bool cpu_draw_detail(struct view *v, struct pane *p)
{
	const struct cpu_snapshot *s = p->snap;
	const struct cpu_row *r;
	char path[512], line[1024], p50[16], p99[16], max[16], avg[16];

	if (!s)
		return false;
	r = selected_row(v, s);
	if (!r) {
		esc_cstr(v->ts->sel_name, path, sizeof(path));
		snprintf(line, sizeof(line), "Run-queue latency of %s", path);
		ui_put(v->win, v->y, v->x, line, v->w, true);
		ui_put(v->win, v->y + 1, v->x, "  this cgroup is gone", v->w, true);
		return true;
	}
	esc_cstr(r->ident ? r->ident->name : r->path, path, sizeof(path));
	snprintf(line, sizeof(line), "Run-queue latency of %s (last %.1f s; Esc to go back)", path,
		 s->interval_s);
	fmt_ns(p50, sizeof(p50), r->runq_p50_ns);
	fmt_ns(p99, sizeof(p99), r->runq_p99_ns);
	fmt_ns(max, sizeof(max), r->runq_max_ns);
	fmt_ns(avg, sizeof(avg), r->runq_count ? r->runq_ns / r->runq_count : 0);
	ui_put(v->win, v->y, v->x, line, v->w, true);
	snprintf(line, sizeof(line),
		 "waits %llu  avg %s  p50 %s  p99 %s  max %s  cpu %.1f%%  csw %llu  "
		 "pidns switches %llu",
		 (unsigned long long)r->runq_count, avg, p50, p99, max,
		 s->interval_s > 0 ? r->cpu_ns / (s->interval_s * 1e7) : 0.0,
		 (unsigned long long)r->switches, (unsigned long long)r->pidns_switches);
	ui_put(v->win, v->y + 1, v->x, line, v->w, true);
	if (r->has_psi)
		snprintf(line, sizeof(line), "PSI cpu some avg10 %.2f%%, stalled %.1f ms",
			 r->psi_some_avg10, r->psi_some_stall_us / 1000.0);
	else
		snprintf(line, sizeof(line), "PSI: no cpu.pressure for this cgroup");
	ui_put(v->win, v->y + 2, v->x, line, v->w, true);
	identity_line(r, line, sizeof(line));
	ui_put(v->win, v->y + 3, v->x, line, v->w, true);
	ui_hist_draw(v, v->y + 5, v->h - 5, "wait                 count      distribution", r->hist,
		     CPU_HIST_SLOTS);
	return true;
}

const struct pane_view cpu_view = {
	.draw = cpu_draw,
	.draw_detail = cpu_draw_detail,
};
