// SPDX-License-Identifier: GPL-2.0
/* Pane 5 renderer: exit reasons (or why not), port I/O, exits to the VMM, MMIO, MSR. */
#include <stdio.h>
#include <string.h>
#include "escape.h"
#include "kvm.h"
#include "exit_stats.h"
#include "out.h"
#include "pane.h"
#include "table.h"
#include "units.h"
#include "view.h"
#include "views.h"

/* the secondary tables are shown, not navigated */
static struct table_state side_state[4] = {
	{ .sort_col = -1 }, { .sort_col = -1 }, { .sort_col = -1 }, { .sort_col = -1 }
};

static void title(struct view *v, int y, const char *s, enum ui_attr a)
{
	wattrset(v->win, ui_attr(a));
	ui_put(v->win, y, v->x, s, v->w, true);
	wattrset(v->win, ui_attr(UI_NORMAL));
}

/* A titled table in at most @h rows from @y; returns the rows used. */
static int section(struct view *v, int y, int h, const char *name, const struct table_src *t,
		   struct table_state *ts)
{
	struct view nv = *v;
	int rows;

	if (h < 3)
		return 0;
	title(v, y, name, UI_TITLE);
	if (!t->nr_rows) {
		char line[64];

		snprintf(line, sizeof(line), "  none %s", v->span ?: "this interval");
		ui_put(v->win, y + 1, v->x, line, v->w, true);
		return 3;
	}
	rows = (int)t->nr_rows + 1;
	if (rows > h - 2)
		rows = h - 2;
	if (ts) {
		nv.ts = ts;
		ui_table_draw(&nv, t, y + 1, rows, false);
	} else {
		ui_table_draw(v, t, y + 1, rows, true);
	}
	return rows + 2;
}

static void kvm_draw(struct view *v, struct pane *p)
{
	const struct kvm_snapshot *s = p->snap;
	int y = v->y, end = v->y + v->h, share;
	char line[1200], reason[1024];
	struct table_src t;

	if (!s)
		return;
	share = v->h / 4 > 4 ? v->h / 4 : 4;
	if (s->exits_ok) {
		kvm_exit_table(p, &t);
		snprintf(line, sizeof(line), "VM exits by reason, %s (SEM%% = perf's +-)",
			 v->span ?: "this interval");
		y += section(v, y, v->h / 2, line, &t, NULL);
	} else {
		esc_cstr(s->exits_reason, reason, sizeof(reason));
		snprintf(line, sizeof(line), "VM exits by reason: unavailable: %s", reason);
		wattrset(v->win, ui_attr(UI_WARN));
		y += ui_put_wrap(v->win, y, v->x, line, v->w, 2) + 1;
		wattrset(v->win, ui_attr(UI_NORMAL));
	}
	kvm_pio_table(p, &t);
	snprintf(line, sizeof(line), "Port I/O (kvm_pio), %s", v->span ?: "this interval");
	y += section(v, y, end - y < share ? end - y : share, line, &t,
		     s->exits_ok ? &side_state[0] : NULL);
	kvm_uexit_table(p, &t);
	y += section(v, y, end - y < share ? end - y : share,
		     "Exits to the VMM (kvm_userspace_exit)", &t, &side_state[1]);
	kvm_mmio_table(p, &t);
	y += section(v, y, end - y < share ? end - y : share, "MMIO (kvm_mmio)", &t,
		     &side_state[2]);
	kvm_msr_table(p, &t);
	section(v, y, end - y, "MSR accesses (kvm_msr)", &t, &side_state[3]);
}

static void exit_detail(struct view *v, const struct kvm_snapshot *s)
{
	const struct kvm_exit_row *r = NULL;
	char line[1024], name[256], mean[16], sd[16], mn[16], mx[16];
	double dev;
	size_t i;

	for (i = 0; i < s->nr_exits && !r; i++) {
		if (!strcmp(s->exits[i].key, v->ts->sel_name))
			r = &s->exits[i];
	}
	esc_cstr(v->ts->sel_name, name, sizeof(name));
	if (!r) {
		snprintf(line, sizeof(line), "%s: no exits %s (Esc to go back)", name,
			 v->span ?: "this interval");
		ui_put(v->win, v->y, v->x, line, v->w, true);
		return;
	}
	esc_cstr(r->vm, name, sizeof(name));
	if (r->scope == KVM_SCOPE_VCPU)
		snprintf(line, sizeof(line),
			 "Exit %s of %s vCPU thread %d, kvm_exit to kvm_entry (Esc to go back)",
			 r->name, name, (int)r->tid);
	else
		snprintf(line, sizeof(line),
			 "Exit %s of %s, kvm_exit to kvm_entry (Esc to go back)", r->name, name);
	ui_put(v->win, v->y, v->x, line, v->w, true);
	fmt_ns(mean, sizeof(mean), (uint64_t)exit_stats_mean(&r->iv));
	fmt_ns(mn, sizeof(mn), r->iv.min_ns);
	fmt_ns(mx, sizeof(mx), r->iv.max_ns);
	if (exit_stats_stddev(&r->iv, &dev))
		fmt_ns(sd, sizeof(sd), (uint64_t)dev);
	else
		snprintf(sd, sizeof(sd), "-");
	snprintf(line, sizeof(line), "samples %llu  min %s  mean %s  stddev %s  max %s",
		 (unsigned long long)r->iv.count, mn, mean, sd, mx);
	ui_put(v->win, v->y + 1, v->x, line, v->w, true);
	ui_hist_draw(v, v->y + 3, v->h - 3, "time                 count      distribution", r->hist,
		     KVM_HIST_SLOTS);
}

/* The selected port row's VMM: two VMs may have one name. 0: by name only. */
static pid_t selected_pid(const struct view *v, const struct kvm_snapshot *s)
{
	size_t i = v->ts->sel_row;

	return i < s->nr_pio && !strcmp(s->pio[i].vm, v->ts->sel_name) ? s->pio[i].pid : 0;
}

static bool same_vm(const char *vm, pid_t pid, const struct view *v, pid_t sel)
{
	return !strcmp(vm, v->ts->sel_name) && (!sel || pid == sel);
}

/* Without the exit table: the selected VM's exits to the VMM and ports. */
static void vm_detail(struct view *v, const struct kvm_snapshot *s)
{
	char line[1024], name[256], what[64];
	pid_t sel = selected_pid(v, s);
	int y = v->y + 2;
	size_t i;

	esc_cstr(v->ts->sel_name, name, sizeof(name));
	if (sel)
		snprintf(line, sizeof(line),
			 "VM %s (pid %d), this interval / since start (Esc to go back)", name,
			 (int)sel);
	else
		snprintf(line, sizeof(line), "VM %s, this interval / since start (Esc to go back)",
			 name);
	ui_put(v->win, v->y, v->x, line, v->w, true);
	for (i = 0; i < s->nr_uexit && y < v->y + v->h; i++) {
		const struct kvm_uexit_row *r = &s->uexit[i];

		if (!same_vm(r->vm, r->pid, v, sel))
			continue;
		esc_cstr(r->name, what, sizeof(what));
		snprintf(line, sizeof(line), "  exit to VMM %-16s %10llu %12llu", what,
			 (unsigned long long)r->count, (unsigned long long)r->total);
		ui_put(v->win, y++, v->x, line, v->w, true);
	}
	for (i = 0; i < s->nr_pio && y < v->y + v->h; i++) {
		const struct kvm_pio_row *r = &s->pio[i];

		if (!same_vm(r->vm, r->pid, v, sel))
			continue;
		snprintf(line, sizeof(line), "  port 0x%-4x %-3s size %u  %10llu %12llu", r->port,
			 r->write ? "out" : "in", r->size, (unsigned long long)r->exits,
			 (unsigned long long)r->exits_total);
		ui_put(v->win, y++, v->x, line, v->w, true);
	}
}

static bool kvm_draw_detail(struct view *v, struct pane *p)
{
	const struct kvm_snapshot *s = p->snap;

	if (!s)
		return false;
	if (s->exits_ok)
		exit_detail(v, s);
	else
		vm_detail(v, s);
	return true;
}

const struct pane_view kvm_view = {
	.draw = kvm_draw,
	.draw_detail = kvm_draw_detail,
};
