// SPDX-License-Identifier: GPL-2.0
/* Pane 4 renderer: per-CPU steal with sparklines, then the host's VMs. */
#include <stdio.h>
#include <string.h>
#include "escape.h"
#include "hist.h"
#include "out.h"
#include "pane.h"
#include "steal.h"
#include "table.h"
#include "units.h"
#include "view.h"
#include "views.h"

/* A sparkline of the last @width samples; full height is @top percent. */
static void sparkline(const struct view *v, const struct steal_cpu_row *r, int y, int x, int width,
		      double top)
{
	static const char *const bars[] = { " ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
	static const char ascii[] = " .:-=+*#%@";
	char line[8 * 200 + 1];
	int i, n = 0, first;

	if (width > 200)
		width = 200;
	first = r->nr_history > width ? r->nr_history - width : 0;
	for (i = first; i < r->nr_history; i++) {
		double f = top > 0 ? r->history[i] / top : 0;
		int lvl;

		if (f > 1)
			f = 1;
		if (v->utf8) {
			lvl = r->history[i] > 0 && f * 8 < 1 ? 1 : (int)(f * 8 + 0.5);
			n += snprintf(line + n, sizeof(line) - n, "%s", bars[lvl]);
		} else {
			lvl = r->history[i] > 0 && f * 9 < 1 ? 1 : (int)(f * 9 + 0.5);
			line[n++] = ascii[lvl];
			line[n] = '\0';
		}
	}
	line[n] = '\0';
	ui_put(v->win, y, x, line, width, true);
}

static double history_top(const struct steal_snapshot *s)
{
	double top = 10; /* at least 10 %: small steal stays small */
	size_t c;
	int i;

	for (c = 0; c < s->nr_cpus; c++) {
		for (i = 0; i < s->cpus[c].nr_history; i++) {
			if (s->cpus[c].history[i] > top)
				top = s->cpus[c].history[i];
		}
	}
	return top;
}

static void steal_draw(struct view *v, struct pane *p)
{
	const struct steal_snapshot *s = p->snap;
	char line[1200], reason[1024];
	int y = v->y, cpu_h;
	struct table_src t;
	double top;
	size_t c;

	if (!s)
		return;
	if (!s->guest_ok) {
		esc_cstr(s->guest_reason, reason, sizeof(reason));
		snprintf(line, sizeof(line), "Guest view unavailable: %s", reason);
		wattrset(v->win, ui_attr(UI_WARN));
		ui_put(v->win, y++, v->x, line, v->w, true);
	} else {
		top = history_top(s);
		snprintf(line, sizeof(line),
			 "Guest: steal %.1f%% of all CPUs in the last %.1f s (/proc/stat); "
			 "history, full height %.0f%%:",
			 steal_cpu_pct(&s->total), s->interval_s, top);
		wattrset(v->win, ui_attr(UI_TITLE));
		ui_put(v->win, y++, v->x, line, v->w, true);
		wattrset(v->win, ui_attr(UI_NORMAL));
		cpu_h = (int)s->nr_cpus;
		if (cpu_h > v->h / 2)
			cpu_h = v->h / 2;
		for (c = 0; c < (size_t)cpu_h; c++) {
			const struct steal_cpu_row *r = &s->cpus[c];

			snprintf(line, sizeof(line), "cpu%-4d %5.1f%%", r->cpu, steal_cpu_pct(r));
			ui_put(v->win, y, v->x, line, 15, true);
			if (v->w > 17)
				sparkline(v, r, y, v->x + 16, v->w - 16, top);
			y++;
		}
	}
	if (s->cpustolen_ok) {
		char p50[16], p99[16];

		fmt_ns(p50, sizeof(p50),
		       hist_percentile(s->cpustolen_hist, CPUSTOLEN_HIST_SLOTS, 50, 0));
		fmt_ns(p99, sizeof(p99),
		       hist_percentile(s->cpustolen_hist, CPUSTOLEN_HIST_SLOTS, 99, 0));
		snprintf(line, sizeof(line),
			 "Steal clock (%s): %llu calls added steal, per call p50 %s p99 %s",
			 s->cpustolen_method, (unsigned long long)s->cpustolen_calls, p50, p99);
		ui_put(v->win, y++, v->x, line, v->w, true);
	} else if (y < v->y + v->h) {
		esc_cstr(s->cpustolen_reason, reason, sizeof(reason));
		snprintf(line, sizeof(line), "Per-call steal deltas unavailable: %s", reason);
		wattrset(v->win, ui_attr(UI_DIM));
		y += ui_put_wrap(v->win, y, v->x, line, v->w, v->y + v->h - y > 1 ? 2 : 1);
		wattrset(v->win, ui_attr(UI_NORMAL));
	}
	y++;
	if (y >= v->y + v->h)
		return;
	if (!s->host_ok) {
		esc_cstr(s->host_reason, reason, sizeof(reason));
		snprintf(line, sizeof(line), "Host view unavailable: %s", reason);
		wattrset(v->win, ui_attr(UI_WARN));
		ui_put(v->win, y, v->x, line, v->w, true);
		wattrset(v->win, ui_attr(UI_NORMAL));
		return;
	}
	wattrset(v->win, ui_attr(UI_TITLE));
	ui_put(v->win, y++, v->x,
	       s->nr_vms ? "Host: VMs here, their vCPU threads' run-queue wait (the steal their "
			   "guests see); * = all threads"
			 : "Host: no VM on this host (no process holds a KVM vCPU)",
	       v->w, true);
	wattrset(v->win, ui_attr(UI_NORMAL));
	steal_vm_table(p, &t);
	if (y < v->y + v->h)
		ui_table_draw(v, &t, y, v->y + v->h - y, true);
}

const struct pane_view steal_view = {
	.draw = steal_draw,
	.draw_detail = NULL,
};
