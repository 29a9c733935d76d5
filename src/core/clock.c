// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include "clock.h"

double ts_diff(const struct timespec *a, const struct timespec *b)
{
	return (a->tv_sec - b->tv_sec) + (a->tv_nsec - b->tv_nsec) / 1e9;
}

double monotonic_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

double round_us(double s)
{
	return round(s * 1e6) / 1e6;
}
