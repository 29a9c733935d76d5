// SPDX-License-Identifier: GPL-2.0
/*
 * Loads and attaches every program of a BPF object file, prints "ready",
 * and holds them until SIGINT/SIGTERM. Links are fd-based: they go when
 * this process does.
 */
#include <bpf/libbpf.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = 1;
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	int err = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s OBJ.bpf.o\n", argv[0]);
		return 2;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj)
		return 1;
	err = bpf_object__load(obj);
	if (err)
		goto out;
	bpf_object__for_each_program(prog, obj)
	{
		if (!bpf_program__attach(prog)) {
			err = -errno;
			goto out;
		}
	}
	printf("ready\n");
	fflush(stdout);
	while (!stop)
		pause();
out:
	bpf_object__close(obj);
	return err ? 1 : 0;
}
