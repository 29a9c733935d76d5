// SPDX-License-Identifier: GPL-2.0
/* cvtop: real-time view of containers and hypervisors from BPF. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <bpf/libbpf.h>
#include "batch.h"
#include "exporter.h"
#include "heap.h"
#include "log.h"
#include "options.h"
#include "pane.h"
#include "privs.h"
#include "outfile.h"
#include "replay.h"
#include "serve.h"
#include "snapshot.h"
#include "ui/ui.h"

/* from the Makefile: the top entry of debian/changelog */
#ifndef CVTOP_VERSION
#error "CVTOP_VERSION is defined by the Makefile"
#endif

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = 1;
}

static void install_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* "2026-11-25T20:08:53.479Z" as seconds since the epoch; 0 if it is not one */
static double snapshot_epoch(const char *when)
{
	struct tm tm = { 0 };
	const char *rest = strptime(when, "%Y-%m-%dT%H:%M:%S", &tm);
	double frac = 0;

	if (!rest)
		return 0;
	if (*rest == '.')
		frac = strtod(rest, NULL);
	return (double)timegm(&tm) + frac;
}

/* --replay -b --format openmetrics: every snapshot's samples, timestamped */
static int replay_openmetrics(struct replay *r, struct pane *panes, const struct options *o,
			      FILE *f)
{
	struct exporter *ex;
	size_t i;
	int err;

	err = exporter_start(o, CVTOP_VERSION, &ex);
	if (err)
		return err;
	exporter_keep_history(ex);
	for (i = 0; i < r->nr && (!o->count || (long)i < o->count) && !err; i++) {
		err = replay_show(r, i, panes);
		if (!err)
			exporter_update(ex, panes, snapshot_epoch(r->time));
	}
	if (!err)
		err = exporter_write_history(ex, f, EXPO_OPENMETRICS);
	exporter_stop(ex);
	return err;
}

/* --replay -b: the recording written out again, as text, JSON or OpenMetrics */
static int replay_batch(struct replay *r, struct pane *panes, const struct options *o)
{
	FILE *f = stdout;
	size_t i;
	int err = 0;

	if (o->output) {
		err = outfile_open(o->output, &f);
		if (err) {
			fprintf(stderr, "cvtop: cannot write %s: %s\n", o->output,
				outfile_strerror(err));
			return err;
		}
	}
	if (o->format == FORMAT_OPENMETRICS) {
		err = replay_openmetrics(r, panes, o, f);
		if (!err)
			err = outfile_flush(f);
	}
	for (i = 0; o->format != FORMAT_OPENMETRICS && i < r->nr &&
		    (!o->count || (long)i < o->count) && !err;
	     i++) {
		err = replay_show(r, i, panes);
		if (err)
			break;
		if (o->format == FORMAT_JSON)
			snapshot_write_json(f, panes, r->time, r->interval_s);
		else
			snapshot_write_text(f, panes, r->time, r->interval_s);
		err = outfile_flush(f);
	}
	if (f != stdout) {
		int cerr = outfile_close(f);

		if (!err)
			err = cerr;
	}
	return err;
}

/* --replay: no BPF, no root; the recording fills the panes */
static int run_replay(const struct options *o)
{
	struct pane panes[PANE_MAX];
	struct replay r;
	int err;

	err = replay_open(o->replay, &r);
	if (err) {
		fprintf(stderr, "cvtop: cannot replay %s: %s\n", o->replay,
			err == -EINVAL ? "no cvtop snapshot in it" : strerror(-err));
		replay_close(&r);
		return 1;
	}
	if (r.stopped_line)
		fprintf(stderr, "cvtop: %s: %zu snapshots; line %zu: %s\n", o->replay, r.nr,
			r.stopped_line, r.stopped_why);
	install_signals();
	panes_open_replay(panes);
	if (o->batch)
		err = replay_batch(&r, panes, o);
	else
		err = replay_show(&r, 0, panes);
	if (!err && !o->batch)
		err = ui_run(panes, o, &stop, &r);
	if (err)
		fprintf(stderr, "cvtop: %s\n", strerror(-err));
	replay_close(&r);
	return err ? 1 : 0;
}

/* Files kept open per cgroup (cpu.pressure): up to the hard limit. */
static void raise_nofile_limit(void)
{
	struct rlimit r;

	if (!getrlimit(RLIMIT_NOFILE, &r) && r.rlim_cur < r.rlim_max) {
		r.rlim_cur = r.rlim_max;
		setrlimit(RLIMIT_NOFILE, &r);
	}
}

int main(int argc, char **argv)
{
	struct pane panes[PANE_MAX] = { 0 };
	struct exporter *ex = NULL;
	struct options o;
	char err_msg[256];
	int err, i;

	heap_init();
	raise_nofile_limit();
	err = options_parse(argc, argv, &o, err_msg, sizeof(err_msg));
	if (err) {
		fprintf(stderr, "cvtop: %s\n", err_msg);
		options_usage(stderr, "cvtop");
		return 2;
	}
	if (o.mode == MODE_HELP) {
		options_usage(stdout, "cvtop");
		return 0;
	}
	if (o.mode == MODE_VERSION) {
		printf("cvtop %s (libbpf %s)\n", CVTOP_VERSION, libbpf_version_string());
		return 0;
	}
	if (o.mode == MODE_REPLAY)
		return run_replay(&o);
	if (!privs_can_trace()) {
		fprintf(stderr, "cvtop: loading BPF programs needs root, or the capabilities "
				"CAP_BPF and CAP_PERFMON (plus CAP_DAC_READ_SEARCH for cgroup "
				"names); try: sudo cvtop\n");
		return 1;
	}
	if (o.log_path) {
		err = log_open_file(o.log_path);
		if (err) {
			fprintf(stderr, "cvtop: cannot open log %s: %s\n", o.log_path,
				strerror(-err));
			return 1;
		}
	}
	for (i = 0; i < o.nr_hooks; i++) {
		if (probe_force(o.hooks[i])) {
			fprintf(stderr, "cvtop: --hook wants PANE=HOOK, e.g. cpu=raw_tp\n");
			return 2;
		}
	}
	log_set_stderr(o.verbose && o.mode != MODE_UI);
	libbpf_set_print(log_libbpf);
	install_signals();
	if (o.mode != MODE_PROBE) {
		err = exporter_start(&o, CVTOP_VERSION, &ex);
		if (err)
			goto out;
	}

	/* the UI attaches the panes itself, after its first frame */
	if (o.mode != MODE_UI) {
		err = panes_open(panes, NULL, NULL);
		if (err) {
			fprintf(stderr, "cvtop: %s\n", strerror(-err));
			goto out;
		}
		panes_set_cumulative(panes, o.cumulative);
	}
	switch (o.mode) {
	case MODE_PROBE:
		panes_write_probe_report(stdout, panes);
		break;
	case MODE_BATCH:
		err = batch_run(panes, &o, &stop);
		break;
	case MODE_SERVE:
		err = serve_run(panes, &o, &stop);
		break;
	default:
		err = ui_run(panes, &o, &stop, NULL);
		if (err)
			fprintf(stderr, "cvtop: %s\n", strerror(-err));
		break;
	}
out:
	exporter_stop(ex);
	panes_close(panes);
	log_close();
	return err ? 1 : 0;
}
