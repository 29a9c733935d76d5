// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "options.h"

enum {
	OPT_FORMAT = 256,
	OPT_PROBE,
	OPT_LOG,
	OPT_HOOK,
	OPT_THEME,
	OPT_RECORD,
	OPT_REPLAY,
	OPT_CUMULATIVE,
	OPT_LISTEN,
	OPT_TEXTFILE,
	OPT_WEB_CONFIG,
	OPT_SERIES_LIMIT,
	OPT_SERIES_STALE,
	OPT_UI,
	OPT_NO_HEADER,
};

static const struct option long_opts[] = {
	{ "batch", no_argument, NULL, 'b' },
	{ "iterations", required_argument, NULL, 'n' },
	{ "delay", required_argument, NULL, 'd' },
	{ "output", required_argument, NULL, 'o' },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "probe", no_argument, NULL, OPT_PROBE },
	{ "log", required_argument, NULL, OPT_LOG },
	{ "hook", required_argument, NULL, OPT_HOOK },
	{ "theme", required_argument, NULL, OPT_THEME },
	{ "cumulative", no_argument, NULL, OPT_CUMULATIVE },
	{ "record", required_argument, NULL, OPT_RECORD },
	{ "replay", required_argument, NULL, OPT_REPLAY },
	{ "listen", required_argument, NULL, OPT_LISTEN },
	{ "textfile", required_argument, NULL, OPT_TEXTFILE },
	{ "web-config", required_argument, NULL, OPT_WEB_CONFIG },
	{ "series-limit", required_argument, NULL, OPT_SERIES_LIMIT },
	{ "series-stale", required_argument, NULL, OPT_SERIES_STALE },
	{ "ui", no_argument, NULL, OPT_UI },
	{ "no-header", no_argument, NULL, OPT_NO_HEADER },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

void options_usage(FILE *f, const char *prog)
{
	fprintf(f,
		"Usage: %s [options]\n"
		"Real-time view of container CPU contention, throttling, overlay latency,\n"
		"stolen time and KVM exits, from BPF.\n\n"
		"  -b, --batch            write snapshots instead of the interactive UI\n"
		"  -n, --iterations N     batch: stop after N snapshots (default: until ^C)\n"
		"  -d, --delay SECONDS    refresh interval (default 1, 0.1 to 3600)\n"
		"  -o, --output FILE      batch: write to FILE (created 0600, never through\n"
		"                         a symlink) instead of standard output\n"
		"      --format text|json|openmetrics\n"
		"                         batch: top -b style text, JSON Lines, or the\n"
		"                         OpenMetrics exposition (timestamped with --replay)\n"
		"      --cumulative       figures since cvtop started instead of per\n"
		"                         interval (the UI's i key)\n"
		"      --no-header        UI: start without the summary header (the H key)\n"
		"      --record FILE      also write every snapshot as JSON Lines to FILE\n"
		"                         (0600, never through a symlink), UI or batch\n"
		"      --replay FILE      show a recording in the UI (no root needed):\n"
		"                         space pauses, Left/Right step\n"
		"      --probe            print which hook each pane chose and why, then exit\n"
		"      --log FILE         append diagnostics (libbpf's included) to FILE\n"
		"      --hook PANE=HOOK   use only HOOK for PANE (e.g. cpu=raw_tp), to\n"
		"                         check a fallback; see --probe for the names;\n"
		"                         kvm.exits= and steal.cpustolen= for the optional\n"
		"                         parts (PANE= applies to them too)\n"
		"      --theme NAME|PATH  colours: default, light, mono, high-contrast, or a\n"
		"                         file; NAME is looked up in ~/.config/cvtop/themes,\n"
		"                         then the installed themes\n"
		"      --listen [ADDR:]PORT  serve Prometheus metrics on /metrics (address\n"
		"                         127.0.0.1 unless given; port 10077 is cvtop's);\n"
		"                         without -b or --ui, headless\n"
		"      --textfile DIR     write DIR/cvtop.prom every interval (atomically),\n"
		"                         for node_exporter's textfile collector\n"
		"      --web-config FILE  TLS and basic auth for --listen (see cvtop(8))\n"
		"      --series-limit N   at most N series per metric family (default 10000)\n"
		"      --series-stale S   a series not updated for S seconds leaves the\n"
		"                         exposition (default 300)\n"
		"      --ui               keep the interactive UI while serving\n"
		"  -v, --verbose          diagnostics on standard error too (not in the UI)\n"
		"  -h, --help             this text\n"
		"  -V, --version          version\n",
		prog);
}

static int parse_double(const char *s, double *v)
{
	char *end;

	errno = 0;
	*v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(*v))
		return -EINVAL;
	return 0;
}

int options_parse(int argc, char **argv, struct options *o, char *err, size_t err_len)
{
	char *end;
	int c;

	*o = (struct options){ .mode = MODE_UI,
			       .interval = 1.0,
			       .format = FORMAT_TEXT,
			       .series_limit = 10000,
			       .series_stale_s = 300 };
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":bn:d:o:vhV", long_opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			o->batch = true;
			if (o->mode == MODE_UI)
				o->mode = MODE_BATCH;
			break;
		case 'n':
			errno = 0;
			o->count = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || o->count < 1) {
				snprintf(err, err_len, "-n wants a count of at least 1");
				return -EINVAL;
			}
			break;
		case 'd':
			if (parse_double(optarg, &o->interval) || o->interval < 0.1 ||
			    o->interval > 3600) {
				snprintf(err, err_len, "-d wants seconds from 0.1 to 3600");
				return -EINVAL;
			}
			break;
		case 'o':
			o->output = optarg;
			break;
		case OPT_FORMAT:
			if (!strcmp(optarg, "text")) {
				o->format = FORMAT_TEXT;
			} else if (!strcmp(optarg, "json")) {
				o->format = FORMAT_JSON;
			} else if (!strcmp(optarg, "openmetrics")) {
				o->format = FORMAT_OPENMETRICS;
			} else {
				snprintf(err, err_len, "--format is text, json or openmetrics");
				return -EINVAL;
			}
			break;
		case OPT_PROBE:
			o->mode = MODE_PROBE;
			break;
		case OPT_LOG:
			o->log_path = optarg;
			break;
		case OPT_RECORD:
			o->record = optarg;
			break;
		case OPT_REPLAY:
			o->replay = optarg;
			o->mode = MODE_REPLAY;
			break;
		case OPT_THEME:
			o->theme = optarg;
			break;
		case OPT_CUMULATIVE:
			o->cumulative = true;
			break;
		case OPT_NO_HEADER:
			o->no_header = true;
			break;
		case OPT_HOOK:
			if (o->nr_hooks == OPTIONS_MAX_HOOKS) {
				snprintf(err, err_len, "too many --hook options");
				return -EINVAL;
			}
			o->hooks[o->nr_hooks++] = optarg;
			break;
		case OPT_LISTEN:
			o->listen = optarg;
			break;
		case OPT_TEXTFILE:
			o->textfile = optarg;
			break;
		case OPT_WEB_CONFIG:
			o->web_config = optarg;
			break;
		case OPT_SERIES_LIMIT:
			errno = 0;
			o->series_limit = strtoul(optarg, &end, 10);
			if (errno || end == optarg || *end || optarg[0] == '-') {
				snprintf(err, err_len,
					 "--series-limit wants a count (0: no limit)");
				return -EINVAL;
			}
			break;
		case OPT_SERIES_STALE:
			if (parse_double(optarg, &o->series_stale_s) || o->series_stale_s < 0) {
				snprintf(err, err_len, "--series-stale wants seconds");
				return -EINVAL;
			}
			break;
		case OPT_UI:
			o->ui = true;
			break;
		case 'v':
			o->verbose = true;
			break;
		case 'h':
			o->mode = MODE_HELP;
			return 0;
		case 'V':
			o->mode = MODE_VERSION;
			return 0;
		case ':':
			snprintf(err, err_len, "option %s needs a value", argv[optind - 1]);
			return -EINVAL;
		default:
			snprintf(err, err_len, "unknown option %s", argv[optind - 1]);
			return -EINVAL;
		}
	}
	if (optind < argc) {
		snprintf(err, err_len, "unexpected argument %s", argv[optind]);
		return -EINVAL;
	}
	if (o->mode == MODE_REPLAY && o->record) {
		snprintf(err, err_len, "--record and --replay do not go together");
		return -EINVAL;
	}
	if (o->mode == MODE_REPLAY && (o->listen || o->textfile)) {
		snprintf(err, err_len, "a replay is exported with -b --format openmetrics");
		return -EINVAL;
	}
	if (o->web_config && !o->listen) {
		snprintf(err, err_len, "--web-config goes with --listen");
		return -EINVAL;
	}
	/* an exporter alone runs headless */
	if (o->mode == MODE_UI && (o->listen || o->textfile) && !o->ui)
		o->mode = MODE_SERVE;
	if (!o->batch && (o->output || o->count)) {
		snprintf(err, err_len, "-o and -n go with -b");
		return -EINVAL;
	}
	return 0;
}
