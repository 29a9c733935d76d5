// SPDX-License-Identifier: GPL-2.0
#include <time.h>
#include "escape.h"
#include "host.h"
#include "json.h"
#include "out.h"
#include "pane.h"
#include "snapshot.h"

void snapshot_time(char *buf, size_t len, const struct timespec *now)
{
	struct tm tm;
	size_t n;

	gmtime_r(&now->tv_sec, &tm);
	n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, len - n, ".%03ldZ", now->tv_nsec / 1000000);
}

void snapshot_write_json(FILE *f, const struct pane *panes, const char *when, double interval_s)
{
	double cumulative_s = panes_cumulative_s(panes);
	struct json_writer *jw = jw_new(f);
	int i;

	if (!jw)
		return;
	jw_start_object(jw);
	jw_string_field(jw, "time", when);
	jw_float_field(jw, "interval_s", interval_s, 6);
	if (cumulative_s > 0)
		jw_float_field(jw, "cumulative_s", cumulative_s, 6);
	host_write_json(jw);
	jw_name(jw, "panes");
	jw_start_object(jw);
	for (i = 0; i < nr_pane_defs; i++) {
		const struct pane *p = &panes[i];

		jw_name(jw, p->def->key);
		pane_schema_write_json(jw, p);
	}
	jw_end_object(jw);
	jw_end_object(jw);
	jw_free(jw);
	fputc('\n', f);
}

void snapshot_write_text(FILE *f, const struct pane *panes, const char *when, double interval_s)
{
	double cumulative_s = panes_cumulative_s(panes);
	char safe[64];
	int i;

	/* a recording's time is read back from a file: escape it */
	esc_cstr(when, safe, sizeof(safe));
	when = safe;
	if (cumulative_s > 0)
		fprintf(f, "cvtop %s  cumulative over %.2f s (refresh %.2f s)\n", when,
			cumulative_s, interval_s);
	else
		fprintf(f, "cvtop %s  interval %.2f s\n", when, interval_s);
	host_write_text(f);
	for (i = 0; i < nr_pane_defs; i++) {
		const struct pane *p = &panes[i];

		fputc('\n', f);
		pane_schema_write_text(f, p);
	}
	fputc('\n', f);
}
