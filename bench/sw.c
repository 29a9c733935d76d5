// SPDX-License-Identifier: GPL-2.0
/* A task that context-switches ten times a second and does nothing else. */
#include <time.h>

int main(void)
{
	struct timespec ts = { .tv_nsec = 100 * 1000 * 1000 };

	for (;;)
		nanosleep(&ts, NULL);
}
