// SPDX-License-Identifier: GPL-2.0
/*
 * spin [SECONDS [cpu]]: burns CPU for SECONDS (default 5) of wall time, a
 * contention workload; with "cpu", until it has used SECONDS of CPU time
 * itself, however busy the machine is.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 5;
	clockid_t clk =
		argc > 2 && !strcmp(argv[2], "cpu") ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_MONOTONIC;
	struct timespec start, now;
	volatile unsigned long n = 0;

	clock_gettime(clk, &start);
	do {
		for (int i = 0; i < 100000; i++)
			n++;
		clock_gettime(clk, &now);
	} while ((now.tv_sec - start.tv_sec) + (now.tv_nsec - start.tv_nsec) / 1e9 < secs);
	return 0;
}
