// SPDX-License-Identifier: GPL-2.0
/*
 * Ping-pong over pipes between this process (in the caller's pid namespace)
 * and a child in a new pid and UTS namespace with hostname HOST, both pinned
 * to CPU: every hand-over is a switch between pid namespaces. With HOST "-"
 * the child stays in the caller's namespaces (a control: no such switches).
 * Usage: nsping ROUNDS HOST CPU
 */
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static int to_child[2], to_parent[2];
static long rounds;
static const char *host;

static int child(void *arg)
{
	char c;
	long i;

	/* never outlive the test that started us */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (strcmp(host, "-") && sethostname(host, strlen(host)))
		return 1;
	for (i = 0; i < rounds; i++) {
		if (read(to_child[0], &c, 1) != 1 || write(to_parent[1], &c, 1) != 1)
			return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static char stack[256 * 1024];
	cpu_set_t cpus;
	char c = 'x';
	int status;
	long i;
	pid_t pid;

	if (argc != 4) {
		fprintf(stderr, "usage: nsping ROUNDS HOST CPU\n");
		return 2;
	}
	rounds = atol(argv[1]);
	host = argv[2];
	CPU_ZERO(&cpus);
	CPU_SET(atoi(argv[3]), &cpus);
	if (sched_setaffinity(0, sizeof(cpus), &cpus) || pipe(to_child) || pipe(to_parent)) {
		perror("nsping: setup");
		return 1;
	}
	pid = clone(child, stack + sizeof(stack),
		    (strcmp(host, "-") ? CLONE_NEWPID | CLONE_NEWUTS : 0) | SIGCHLD, NULL);
	if (pid < 0) {
		perror("nsping: clone");
		return 1;
	}
	for (i = 0; i < rounds; i++) {
		if (write(to_child[1], &c, 1) != 1 || read(to_parent[0], &c, 1) != 1) {
			perror("nsping: pipe");
			return 1;
		}
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
		return 1;
	return 0;
}
