// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <time.h>
#include "clock.h"
#include "options.h"
#include "pane.h"
#include "serve.h"

int serve_run(struct pane *panes, const struct options *o, volatile sig_atomic_t *stop)
{
	struct timespec last, now, deadline;
	long long ns;

	clock_gettime(CLOCK_MONOTONIC, &last);
	panes_refresh(panes, 0);
	deadline = last;
	while (!*stop) {
		/* absolute deadlines: the pace holds whatever a refresh costs */
		ns = deadline.tv_nsec + (long long)(o->interval * 1e9);
		deadline.tv_sec += ns / 1000000000LL;
		deadline.tv_nsec = ns % 1000000000LL;
		while (!*stop &&
		       clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, NULL) == EINTR)
			;
		if (*stop)
			break;
		clock_gettime(CLOCK_MONOTONIC, &now);
		panes_refresh(panes, round_us(ts_diff(&now, &last)));
		last = now;
	}
	return 0;
}
