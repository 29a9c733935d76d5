// SPDX-License-Identifier: GPL-2.0
/* Pane 2 renderer: throttled cgroups, CPU and I/O side by side; per-device detail. */
#include <stdio.h>
#include <string.h>
#include "escape.h"
#include "out.h"
#include "pane.h"
#include "table.h"
#include "throttle.h"
#include "units.h"
#include "view.h"
#include "views.h"

/* where the data comes from, and what the method cannot see: 1 or 2 lines */
static int draw_notes(struct view *v, const struct throttle_snapshot *s)
{
	char raw[1024], line[1024];
	int n = 0;

	throttle_notes(s, raw, sizeof(raw));
	esc_cstr(raw, line, sizeof(line));
	wattrset(v->win, ui_attr(UI_DIM));
	ui_put(v->win, v->y + n++, v->x, line, v->w, true);
	if (s->io_missing && s->io_missing[0]) {
		snprintf(raw, sizeof(raw), "missing: %s", s->io_missing);
		esc_cstr(raw, line, sizeof(line));
		wattrset(v->win, ui_attr(UI_WARN));
		ui_put(v->win, v->y + n++, v->x, line, v->w, true);
	}
	wattrset(v->win, ui_attr(UI_NORMAL));
	return n;
}

static void throttle_draw(struct view *v, struct pane *p)
{
	const struct throttle_snapshot *s = p->snap;
	struct table_src t;
	int n = 0;

	if (s && v->h > 4)
		n = draw_notes(v, s);
	throttle_table(p, &t);
	ui_table_draw(v, &t, v->y + n, v->h - n, true);
}

static const struct throttle_row *selected_row(const struct view *v,
					       const struct throttle_snapshot *s)
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

static void cpu_line(const struct throttle_row *r, char *line, size_t len)
{
	char thr[16];

	if (!r->has_quota) {
		snprintf(line, len, "CPU: no quota");
		return;
	}
	if (!r->has_periods) {
		snprintf(line, len,
			 "CPU: quota %.2f CPU (%llu us per %llu us)  periods: not known yet",
			 r->quota_cpus, (unsigned long long)r->quota_us,
			 (unsigned long long)r->period_us);
		return;
	}
	fmt_ns(thr, sizeof(thr), r->throttled_ns);
	snprintf(line, len,
		 "CPU: quota %.2f CPU (%llu us per %llu us)  throttled %llu of %llu periods "
		 "(%.1f%%), %s",
		 r->quota_cpus, (unsigned long long)r->quota_us, (unsigned long long)r->period_us,
		 (unsigned long long)r->throttled_periods, (unsigned long long)r->periods,
		 r->throttled_pct, r->has_throttled_time ? thr : "time unknown");
}

static void cpu_line2(const struct throttle_row *r, char *line, size_t len)
{
	char burst[16];
	size_t used = 0;

	line[0] = '\0';
	if (!r->has_quota)
		return;
	if (r->has_usage)
		used += snprintf(line, len, "     used %.0f%% of the quota", r->quota_used_pct);
	else
		used += snprintf(line, len, "     usage: unknown (no cpuacct.usage or usage_usec)");
	fmt_ns(burst, sizeof(burst), r->burst_ns);
	if (used < len && r->has_bursts)
		snprintf(line + used, len - used, "  bursts %llu (%s)",
			 (unsigned long long)r->bursts, burst);
}

static void dev_line(const struct throttle_snapshot *s, const struct throttle_dev *d, int w,
		     char *line, size_t len)
{
	char bytes[16], hold[16], held[24], name[64];

	esc_cstr(d->name, name, sizeof(name));
	if (!s->io_available) {
		snprintf(line, len, "  %-12s %-5s %8s %9s %8s   %-8s %u:%u", name,
			 w ? "write" : "read", "n/a", "n/a", "n/a", "n/a", d->major, d->minor);
		return;
	}
	fmt_count(bytes, sizeof(bytes), (double)d->bytes[w]);
	/* the tracepoint-only methods cannot see holds: say so, never 0 */
	snprintf(held, sizeof(held), "n/a");
	snprintf(hold, sizeof(hold), "n/a");
	if (s->has_held)
		snprintf(held, sizeof(held), "%llu", (unsigned long long)d->held[w]);
	if (s->has_hold) {
		if (d->held[w])
			fmt_ns(hold, sizeof(hold), d->hold_ns[w] / d->held[w]);
		else
			snprintf(hold, sizeof(hold), "-");
	}
	snprintf(line, len, "  %-12s %-5s %8llu %9s %8s   %-8s %u:%u", name, w ? "write" : "read",
		 (unsigned long long)d->bios[w], bytes, held, hold, d->major, d->minor);
}

static bool throttle_draw_detail(struct view *v, struct pane *p)
{
	const struct throttle_snapshot *s = p->snap;
	const struct throttle_row *r;
	char path[512], line[1024], lim[160], raw[256];
	int y = v->y, end = v->y + v->h;
	size_t j;
	int w;

	if (!s)
		return false;
	r = selected_row(v, s);
	esc_cstr(v->ts->sel_name, path, sizeof(path));
	snprintf(line, sizeof(line), "Throttling of %s (last %.1f s; Esc to go back)", path,
		 s->interval_s);
	ui_put(v->win, y++, v->x, line, v->w, true);
	if (!r) {
		ui_put(v->win, y, v->x, "  this cgroup is gone", v->w, true);
		return true;
	}
	cpu_line(r, line, sizeof(line));
	ui_put(v->win, y++, v->x, line, v->w, true);
	cpu_line2(r, line, sizeof(line));
	ui_put(v->win, y++, v->x, line, v->w, true);
	y++;
	if (y < end) {
		wattrset(v->win, ui_attr(UI_HEADER));
		ui_put(v->win, y++, v->x,
		       "  DEVICE       DIR       BIOS     BYTES     HELD   AVG-HOLD MAJ:MIN", v->w,
		       true);
		wattrset(v->win, ui_attr(UI_NORMAL));
	}
	if (!r->nr_devs && y < end)
		ui_put(v->win, y++, v->x, "  no block limit and no throttled I/O", v->w, true);
	for (j = 0; j < r->nr_devs && y < end; j++) {
		const struct throttle_dev *d = &r->devs[j];

		for (w = 0; w < 2 && y < end; w++) {
			dev_line(s, d, w, line, sizeof(line));
			ui_put(v->win, y++, v->x, line, v->w, true);
		}
		if (y < end) {
			throttle_dev_limits(d, raw, sizeof(raw));
			esc_cstr(raw, lim, sizeof(lim));
			snprintf(line, sizeof(line), "               limits: %s", lim);
			ui_put(v->win, y++, v->x, line, v->w, true);
		}
	}
	if (s->io_missing && s->io_missing[0] && y + 1 < end) {
		esc_cstr(s->io_missing, raw, sizeof(raw));
		snprintf(line, sizeof(line), "missing: %s", raw);
		wattrset(v->win, ui_attr(UI_WARN));
		ui_put(v->win, y + 1, v->x, line, v->w, true);
		wattrset(v->win, ui_attr(UI_NORMAL));
	}
	return true;
}

const struct pane_view throttle_view = {
	.draw = throttle_draw,
	.draw_detail = throttle_draw_detail,
};
