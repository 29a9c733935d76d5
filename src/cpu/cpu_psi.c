// SPDX-License-Identifier: GPL-2.0
/*
 * Pane 1: each cgroup's CPU pressure (cpu.pressure "some"). Every cgroup's
 * totals come from one walk of the cgroup iterator per refresh when the
 * kernel runs it (6.1+), else from each cgroup's file, kept open. The
 * iterator gives totals: avg10 is then derived from their deltas as the
 * kernel does (an exponential average over 10 s), starting from the kernel's
 * own avg10 at first sight.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cgroup_iter.h"
#include "cpu_priv.h"
#include "hist.h"
#include "pane.h"
#include "psi.h"

void cg_close_psi(struct cpu_priv *cp, struct cg_state *s)
{
	if (s->psi_fd < 0)
		return;
	close(s->psi_fd);
	s->psi_fd = -1;
	cp->nr_psi_fds--;
}

/* @s's cpu.pressure, kept open while descriptors last; 0 or -errno, and
 * -ENODATA without a valid "some" line */
static int read_psi_file(struct cpu_priv *cp, struct cg_state *s, struct psi *psi)
{
	char rel[PATH_MAX + 16];
	const char *p = s->path;
	int err;

	if (s->psi_fd < 0) {
		while (*p == '/')
			p++;
		snprintf(rel, sizeof(rel), "%s%scpu.pressure", p, *p ? "/" : "");
		if (cp->nr_psi_fds >= cp->max_psi_fds) {
			err = psi_read_at(cp->cgfs.v2_fd, rel, psi);
			return err ? err : psi->some.valid ? 0 : -ENODATA;
		}
		err = psi_open_at(cp->cgfs.v2_fd, rel);
		if (err < 0)
			return err;
		s->psi_fd = err;
		cp->nr_psi_fds++;
	}
	err = psi_read_fd(s->psi_fd, psi);
	if (!err && !psi->some.valid)
		err = -ENODATA;
	/* the cgroup went (ENODEV): opened again next time if it is back */
	if (err)
		cg_close_psi(cp, s);
	return err;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One walk of the iterator per refresh, at the first row that needs it. */
static const struct cgroup_iter_rec *iter_rec(struct cpu_priv *cp, uint64_t id)
{
	double t;

	if (cp->psi_read_at != cp->refreshes + 1) {
		cp->psi_read_at = cp->refreshes + 1;
		t = now_s();
		cp->psi_dt_s = cp->psi_read_s ? t - cp->psi_read_s : 0;
		cp->psi_read_s = t;
		cp->psi_read_err = cgroup_iter_read(cp->psi_iter);
	}
	if (cp->psi_read_err)
		return NULL;
	return cgroup_iter_find(cp->psi_iter, id);
}

int cg_in_walk(struct cpu_priv *cp, uint64_t id)
{
	if (!cp->psi_iter)
		return -ENOENT;
	if (iter_rec(cp, id))
		return 1;
	if (cp->psi_read_err || !cgroup_iter_complete(cp->psi_iter))
		return -ENOENT;
	return 0;
}

/* 0 with @psi's "some" line from the iterator (avg10 derived), else -ENOENT */
static int read_psi_iter(struct cpu_priv *cp, struct cg_state *s, const struct cg_state *old,
			 struct psi *psi)
{
	const struct cgroup_iter_rec *r = iter_rec(cp, s->id);

	if (!r || !(r->flags & CGITER_HAS_PSI))
		return -ENOENT;
	memset(psi, 0, sizeof(*psi));
	psi->some.valid = true;
	psi->some.total_us = r->psi_some_ns / 1000;
	/* the pending part is weighed in microseconds, the kernel's in
	 * jiffies: once folded in, the total may come out a little lower than
	 * the estimate before; held until it catches up, never backwards */
	if (old && old->psi_seen && psi->some.total_us < old->psi_total_us)
		psi->some.total_us = old->psi_total_us;
	if (old && old->psi_seen)
		s->psi_avg10 = psi_avg_update(old->psi_avg10,
					      counter_delta(psi->some.total_us, old->psi_total_us),
					      cp->psi_dt_s);
	else
		s->psi_avg10 = psi_avg_fixed(r->psi_some_avg10);
	/* shown as the file shows it: two decimals */
	psi->some.avg10 = round(s->psi_avg10 * 100) / 100;
	return 0;
}

void cg_read_psi(struct cpu_priv *cp, struct cg_state *s, const struct cg_state *old,
		 struct cpu_row *row)
{
	struct psi psi;

	row->has_psi = false;
	/* a cgroup the iterator cannot read (the root on some kernels): its file */
	if (!cp->psi_iter || read_psi_iter(cp, s, old, &psi)) {
		if (read_psi_file(cp, s, &psi))
			return;
		/* where the derived average starts if the iterator takes over */
		s->psi_avg10 = psi.some.avg10;
	}
	s->psi_total_us = psi.some.total_us;
	s->psi_first_us = old && old->psi_seen ? old->psi_first_us : psi.some.total_us;
	s->psi_seen = true;
	row->has_psi = true;
	row->psi_some_avg10 = psi.some.avg10;
	if (cp->cumulative)
		row->psi_some_stall_us = counter_delta(psi.some.total_us, s->psi_first_us);
	else if (old && old->psi_seen)
		row->psi_some_stall_us = counter_delta(psi.some.total_us, old->psi_total_us);
}

static int try_iter(struct pane *p, int index, char *why, size_t why_len)
{
	struct cpu_priv *cp = p->priv;

	(void)index;
	return cgroup_iter_open(&cp->psi_iter, cp->cgfs.v2_fd, why, why_len);
}

/* each row's cpu.pressure, read when the row is: always there */
static int try_files(struct pane *p, int index, char *why, size_t why_len)
{
	(void)p, (void)index, (void)why, (void)why_len;
	return 0;
}

enum { PSI_ITER, PSI_FILES };

static const struct hook_choice psi_hooks[] = {
	[PSI_ITER] = { "iter", "cgroup iterator: every cgroup's PSI in one read", try_iter },
	[PSI_FILES] = { "files", "each cgroup's cpu.pressure file", try_files },
};

/* The iterator if the kernel runs it, else the files (--hook cpu.psi=files
 * forces them; a hook of the pane forced with --hook cpu=... leaves the
 * files too: it names no PSI hook). */
void cg_psi_open(struct pane *p, struct cpu_priv *cp)
{
	const struct part_choice part = { .name = "psi", .choices = psi_hooks, .nr = 2 };
	char method[96], reason[160];
	size_t len = strlen(p->method);

	(void)cp;
	if (probe_choose_part(p, &part, method, sizeof(method), reason, sizeof(reason)) == PSI_ITER)
		snprintf(p->method + len, sizeof(p->method) - len, "; PSI: cgroup iterator");
	else
		snprintf(p->method + len, sizeof(p->method) - len, "; PSI: cpu.pressure files");
}

void cg_psi_close(struct cpu_priv *cp)
{
	cgroup_iter_free(cp->psi_iter);
	cp->psi_iter = NULL;
}
