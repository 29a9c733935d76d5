// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "batch.h"
#include "log.h"
#include "options.h"
#include "clock.h"
#include "exporter.h"
#include "outfile.h"
#include "pane.h"
#include "snapshot.h"

static void ts_add(struct timespec *t, double s)
{
	long long ns = t->tv_nsec + (long long)(s * 1e9);

	t->tv_sec += ns / 1000000000LL;
	t->tv_nsec = ns % 1000000000LL;
}

int batch_run(struct pane *panes, const struct options *o, volatile sig_atomic_t *stop)
{
	struct timespec last, now, deadline, wall;
	FILE *f = stdout, *rec = NULL;
	char when[40];
	long n;
	int err = 0, rec_err = 0;

	if (o->output) {
		err = outfile_open(o->output, &f);
		if (err) {
			fprintf(stderr, "cvtop: cannot write %s: %s\n", o->output,
				outfile_strerror(err));
			return err;
		}
	}
	if (o->record) {
		err = outfile_open(o->record, &rec);
		if (err) {
			fprintf(stderr, "cvtop: cannot record to %s: %s\n", o->record,
				outfile_strerror(err));
			if (f != stdout)
				fclose(f);
			return err;
		}
	}
	/* the first refresh is the baseline the first interval is measured from */
	clock_gettime(CLOCK_MONOTONIC, &last);
	panes_refresh(panes, 0);
	deadline = last;
	for (n = 0; !o->count || n < o->count; n++) {
		struct timespec t;

		ts_add(&deadline, o->interval);
		/* behind schedule (slow refreshes on a busy machine): the next
		 * interval starts now rather than being cut short */
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (ts_diff(&deadline, &t) < o->interval / 2) {
			deadline = t;
			ts_add(&deadline, o->interval);
		}
		while (!*stop &&
		       clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, NULL) == EINTR)
			;
		if (*stop)
			break;
		clock_gettime(CLOCK_MONOTONIC, &now);
		panes_refresh(panes, round_us(ts_diff(&now, &last)));
		clock_gettime(CLOCK_REALTIME, &wall);
		snapshot_time(when, sizeof(when), &wall);
		if (o->format == FORMAT_JSON)
			snapshot_write_json(f, panes, when, round_us(ts_diff(&now, &last)));
		else if (o->format == FORMAT_OPENMETRICS)
			err = exporter_write_current(f, EXPO_OPENMETRICS);
		else
			snapshot_write_text(f, panes, when, round_us(ts_diff(&now, &last)));
		if (err)
			break;
		if (rec) {
			snapshot_write_json(rec, panes, when, round_us(ts_diff(&now, &last)));
			rec_err = outfile_flush(rec);
			if (rec_err) {
				/* the snapshots go on; the exit status says it */
				fprintf(stderr, "cvtop: recording to %s stopped: %s\n", o->record,
					outfile_strerror(rec_err));
				fclose(rec);
				rec = NULL;
			}
		}
		last = now;
		err = outfile_flush(f);
		if (err)
			break;
	}
	if (rec) {
		int rerr = outfile_close(rec);

		if (!err)
			err = rerr;
	}
	if (f != stdout) {
		int cerr = outfile_close(f);

		if (!err)
			err = cerr;
	}
	if (err)
		fprintf(stderr, "cvtop: writing %s: %s\n",
			o->output ? o->output : "standard output", outfile_strerror(err));
	return err ? err : rec_err;
}
