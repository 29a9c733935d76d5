// SPDX-License-Identifier: GPL-2.0
/*
 * A task that context-switches once a second and does nothing else (ten
 * times a second, 5000 of them saturated this 2-CPU VM on their own).
 * "sw spawn DIR PREFIX N [PERIOD_S]" makes the cgroups DIR/PREFIX-0..N-1 and
 * starts one such task in each, born there (clone3 CLONE_INTO_CGROUP): moving
 * thousands of tasks through cgroup.procs waits out an RCU grace period each
 * and took minutes. PERIOD_S (default 1) is how long each sleeps at a time.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static void sleep_loop(long period_s)
{
	struct timespec ts = { .tv_sec = period_s };

	for (;;)
		nanosleep(&ts, NULL);
}

static int spawn_one(const char *dir, const char *prefix, int i, long period_s)
{
	struct clone_args args = { .flags = CLONE_INTO_CGROUP, .exit_signal = SIGCHLD };
	char path[4096];
	long pid;
	int fd;

	snprintf(path, sizeof(path), "%s/%s-%d", dir, prefix, i);
	if (mkdir(path, 0755) && errno != EEXIST)
		return -errno;
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	args.cgroup = fd;
	pid = syscall(SYS_clone3, &args, sizeof(args));
	if (pid == 0) {
		close(fd);
		sleep_loop(period_s);
	}
	close(fd);
	return pid < 0 ? -errno : 0;
}

int main(int argc, char **argv)
{
	long period_s = 1;
	int i, n, err;

	if (argc < 2) {
		sleep_loop(period_s);
		return 0;
	}
	if (argc == 6)
		period_s = atol(argv[5]);
	if (argc < 5 || argc > 6 || strcmp(argv[1], "spawn") || period_s < 1) {
		fprintf(stderr, "usage: sw [spawn CGROUP_DIR PREFIX N [PERIOD_S]]\n");
		return 2;
	}
	/* the tasks outlive this process: nobody waits for them */
	signal(SIGCHLD, SIG_IGN);
	n = atoi(argv[4]);
	for (i = 0; i < n; i++) {
		err = spawn_one(argv[2], argv[3], i, period_s);
		if (err) {
			fprintf(stderr, "sw: %s/%s-%d: %s\n", argv[2], argv[3], i, strerror(-err));
			return 1;
		}
	}
	return 0;
}
