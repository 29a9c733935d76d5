// SPDX-License-Identifier: GPL-2.0
/* cvtop: real-time view of containers and hypervisors from BPF. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>
#include "batch.h"
#include "log.h"
#include "options.h"
#include "pane.h"
#include "privs.h"
#include "ui/ui.h"

#define CVTOP_VERSION "0.1.0"

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

int main(int argc, char **argv)
{
	struct pane panes[8];
	struct options o;
	char err_msg[256];
	int err, i;

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

	err = panes_open(panes);
	if (err) {
		fprintf(stderr, "cvtop: %s\n", strerror(-err));
		goto out;
	}
	switch (o.mode) {
	case MODE_PROBE:
		panes_write_probe_report(stdout, panes);
		break;
	case MODE_BATCH:
		err = batch_run(panes, &o, &stop);
		break;
	default:
		err = ui_run(panes, &o, &stop);
		if (err)
			fprintf(stderr, "cvtop: %s\n", strerror(-err));
		break;
	}
out:
	panes_close(panes);
	log_close();
	return err ? 1 : 0;
}
