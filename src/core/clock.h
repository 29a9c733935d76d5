/* SPDX-License-Identifier: GPL-2.0 */
/* Time spans, as cvtop measures and writes them. */
#ifndef CVTOP_CLOCK_H
#define CVTOP_CLOCK_H

#include <time.h>

/* @a - @b in seconds */
double ts_diff(const struct timespec *a, const struct timespec *b);
/* CLOCK_MONOTONIC in seconds */
double monotonic_s(void);
/* Rounded to whole microseconds: every interval a rate is computed over is
 * written so, and a replay computes the same rates from what was written. */
double round_us(double s);

#endif
