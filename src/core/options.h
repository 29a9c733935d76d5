/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_OPTIONS_H
#define CVTOP_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum out_format {
	FORMAT_TEXT,
	FORMAT_JSON,
	FORMAT_OPENMETRICS, /* the exporter's exposition (src/export) */
};

enum run_mode {
	MODE_UI,
	MODE_BATCH,
	MODE_PROBE,
	MODE_HELP,
	MODE_VERSION,
	MODE_REPLAY,
	MODE_SERVE, /* --listen or --textfile without the UI or -b */
};

#define OPTIONS_MAX_HOOKS 8

struct options {
	enum run_mode mode;
	long count; /* snapshots in batch mode, 0 = until interrupted */
	double interval; /* seconds */
	const char *output;
	enum out_format format;
	const char *log_path;
	const char *theme; /* --theme NAME|PATH, NULL for the default */
	const char *record; /* --record FILE: the JSON stream, UI or batch */
	const char *replay; /* --replay FILE */
	bool verbose;
	bool cumulative; /* --cumulative: since start, not per interval */
	bool no_header; /* --no-header: the UI starts without its summary header */
	bool batch; /* -b: with --replay, write the recording out as text or JSON */
	const char *hooks[OPTIONS_MAX_HOOKS]; /* --hook PANE=HOOK */
	int nr_hooks;
	/* the exporter (src/export) */
	const char *listen; /* --listen [ADDR:]PORT */
	const char *textfile; /* --textfile DIR */
	const char *web_config; /* --web-config FILE: TLS, basic auth */
	size_t series_limit; /* --series-limit N per family, 0 none */
	double series_stale_s; /* --series-stale SECONDS */
	bool ui; /* --ui: the interactive UI while serving */
};

/* 0, or -EINVAL with a message in @err. Does not print or exit. */
int options_parse(int argc, char **argv, struct options *o, char *err, size_t err_len);
void options_usage(FILE *f, const char *prog);

#endif
