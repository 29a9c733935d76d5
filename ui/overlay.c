// SPDX-License-Identifier: GPL-2.0
/* Pane 3 renderer: per cgroup and overlay table, read/write histograms. */
#include <stdio.h>
#include <string.h>
#include "escape.h"
#include "out.h"
#include "overlay.h"
#include "pane.h"
#include "strip.h"
#include "table.h"
#include "units.h"
#include "view.h"
#include "views.h"

/* reads and writes together: the row's calls by latency */
static int row_hist(const void *row, uint64_t *out, int max)
{
	const struct overlay_row *r = row;
	int n = OVL_HIST_SLOTS < max ? OVL_HIST_SLOTS : max, i;

	for (i = 0; i < n; i++)
		out[i] = r->dir[OVL_READ].hist[i] + r->dir[OVL_WRITE].hist[i];
	return n;
}

#define SPLIT_MIN_H 30

/* the selected row's read and write histograms below the table, side by side */
static void draw_split(struct view *v, const struct overlay_snapshot *s, int y, int h)
{
	struct view left = *v, right = *v;
	const struct overlay_row *r;
	char name[256], title[400];

	if (!v->ts->has_sel || v->ts->sel_row >= s->nr_rows)
		return;
	r = &s->rows[v->ts->sel_row];
	left.w = v->w / 2 - 1;
	right.x = v->x + v->w / 2 + 1;
	right.w = v->w - v->w / 2 - 1;
	esc_cstr(r->ident ? r->ident->name : r->path, name, sizeof(name));
	snprintf(title, sizeof(title), "read latency of %s", name);
	ui_hist_draw(&left, y, h, title, r->dir[OVL_READ].hist, OVL_HIST_SLOTS);
	ui_hist_draw(&right, y, h, "write latency (Enter: detail)", r->dir[OVL_WRITE].hist,
		     OVL_HIST_SLOTS);
}

static void overlay_draw(struct view *v, struct pane *p)
{
	const struct overlay_snapshot *s = p->snap;
	struct table_strip strip = { .hist = row_hist };
	char misses[512], line[600];
	struct table_src t;
	int split_h = 0;

	if (!s)
		return;
	/* what the method cannot see is said, so missing I/O is not read as none */
	esc_cstr(s->misses, misses, sizeof(misses));
	snprintf(line, sizeof(line), "not seen: %s", misses);
	wattrset(v->win, ui_attr(UI_DIM));
	ui_put(v->win, v->y, v->x, line, v->w, true);
	wattrset(v->win, ui_attr(UI_NORMAL));
	if (v->h >= SPLIT_MIN_H)
		split_h = v->h / 3 < 14 ? v->h / 3 : 14;
	overlay_table(p, &t);
	ui_table_draw_strip(v, &t, v->y + 1, v->h - 1 - split_h, true, &strip);
	if (split_h)
		draw_split(v, s, v->y + v->h - split_h, split_h);
}

static const struct overlay_row *selected_row(const struct view *v,
					      const struct overlay_snapshot *s)
{
	size_t i;

	if (!v->ts->has_sel)
		return NULL;
	for (i = 0; i < s->nr_rows; i++) {
		if (!strcmp(s->rows[i].name, v->ts->sel_name))
			return &s->rows[i];
	}
	return NULL;
}

static void dir_line(struct view *v, int y, const char *what, const struct overlay_dir_row *d,
		     double iv)
{
	char line[256], p50[16], p99[16], max[16], avg[16], bytes[16];

	fmt_count(bytes, sizeof(bytes), iv > 0 ? d->bytes / iv : (double)d->bytes);
	if (!d->count) {
		snprintf(line, sizeof(line), "%-6s none  errors %llu", what,
			 (unsigned long long)d->errors);
		ui_put(v->win, y, v->x, line, v->w, true);
		return;
	}
	fmt_ns(p50, sizeof(p50), d->p50_ns);
	fmt_ns(p99, sizeof(p99), d->p99_ns);
	fmt_ns(max, sizeof(max), d->max_ns);
	fmt_ns(avg, sizeof(avg), d->total_ns / d->count);
	snprintf(line, sizeof(line),
		 "%-6s %llu calls  %sB/s  avg %s  p50 %s  p99 %s  max %s  errors %llu", what,
		 (unsigned long long)d->count, bytes, avg, p50, p99, max,
		 (unsigned long long)d->errors);
	ui_put(v->win, y, v->x, line, v->w, true);
}

static bool overlay_draw_detail(struct view *v, struct pane *p)
{
	const struct overlay_snapshot *s = p->snap;
	const struct overlay_row *r;
	char name[512], mnt[512], upper[512], line[1600];
	struct view left = *v, right = *v;

	if (!s)
		return false;
	r = selected_row(v, s);
	esc_cstr(v->ts->sel_name, name, sizeof(name));
	snprintf(line, sizeof(line), "Overlay latency of %s (last %.1f s; Esc to go back)", name,
		 s->interval_s);
	ui_put(v->win, v->y, v->x, line, v->w, true);
	if (!r) {
		ui_put(v->win, v->y + 1, v->x, "  this cgroup or overlay is gone", v->w, true);
		return true;
	}
	esc_cstr(r->mount ? r->mount : "(not in cvtop's mount namespace)", mnt, sizeof(mnt));
	esc_cstr(r->upper ? r->upper : "-", upper, sizeof(upper));
	snprintf(line, sizeof(line), "overlay dev %u:%u  mounted on %s  upper %s", r->dev_major,
		 r->dev_minor, mnt, upper);
	ui_put(v->win, v->y + 1, v->x, line, v->w, true);
	dir_line(v, v->y + 2, "reads", &r->dir[OVL_READ], s->interval_s);
	dir_line(v, v->y + 3, "writes", &r->dir[OVL_WRITE], s->interval_s);
	/* side by side, like overlayfs.bt's two maps */
	left.w = v->w / 2 - 1;
	right.x = v->x + v->w / 2 + 1;
	right.w = v->w - v->w / 2 - 1;
	ui_hist_draw(&left, v->y + 5, v->h - 5, "read latency         count", r->dir[OVL_READ].hist,
		     OVL_HIST_SLOTS);
	ui_hist_draw(&right, v->y + 5, v->h - 5, "write latency        count",
		     r->dir[OVL_WRITE].hist, OVL_HIST_SLOTS);
	return true;
}

const struct pane_view overlay_view = {
	.draw = overlay_draw,
	.draw_detail = overlay_draw_detail,
};
