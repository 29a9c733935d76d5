// SPDX-License-Identifier: GPL-2.0
/*
 * ovlio FILE N MODE: exactly N I/O calls of 4096 bytes on FILE, for the
 * overlay pane's tests. MODE "rw": N pwrite (creating FILE) then N pread;
 * "read": N pread of an existing file; "coldread": the same after
 * POSIX_FADV_RANDOM and POSIX_FADV_DONTNEED, so each read goes to the disk;
 * "fifo": FILE made a fifo, N writes of 4096 bytes into it by a child and
 * all of them read back (calls the overlay pane must not count: a fifo on an
 * overlay is no overlay I/O). Exits 1 on any short or failed call.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define IO_SIZE 4096

static int do_io(int fd, long n, bool write)
{
	static char buf[IO_SIZE];
	long i;

	memset(buf, 'o', sizeof(buf));
	for (i = 0; i < n; i++) {
		ssize_t r = write ? pwrite(fd, buf, IO_SIZE, i * IO_SIZE)
				  : pread(fd, buf, IO_SIZE, i * IO_SIZE);

		if (r != IO_SIZE) {
			perror(write ? "pwrite" : "pread");
			return -1;
		}
	}
	return 0;
}

/* the fifo mode: a child writes, this process reads; 0 or -1 */
static int fifo_io(const char *path, long n)
{
	static char buf[IO_SIZE];
	long want = n * IO_SIZE;
	int fd, status;
	ssize_t r;
	pid_t pid;

	if (mkfifo(path, 0600)) {
		perror(path);
		return -1;
	}
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		fd = open(path, O_WRONLY);
		if (fd < 0)
			_exit(1);
		memset(buf, 'f', sizeof(buf));
		for (; n > 0; n--) {
			if (write(fd, buf, IO_SIZE) != IO_SIZE)
				_exit(1);
		}
		_exit(0);
	}
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		perror(path);
		return -1;
	}
	while (want > 0 && (r = read(fd, buf, sizeof(buf))) > 0)
		want -= r;
	close(fd);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		return -1;
	return want ? -1 : 0;
}

int main(int argc, char **argv)
{
	const char *mode;
	long n;
	int fd, err = 0;

	if (argc != 4) {
		fprintf(stderr, "usage: ovlio FILE N rw|read|coldread|fifo\n");
		return 2;
	}
	n = atol(argv[2]);
	mode = argv[3];
	if (!strcmp(mode, "fifo"))
		return fifo_io(argv[1], n) ? 1 : 0;
	fd = open(argv[1], !strcmp(mode, "rw") ? O_RDWR | O_CREAT : O_RDONLY, 0644);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	if (!strcmp(mode, "rw")) {
		err = do_io(fd, n, true);
		if (!err)
			err = do_io(fd, n, false);
	} else {
		if (!strcmp(mode, "coldread")) {
			posix_fadvise(fd, 0, 0, POSIX_FADV_RANDOM);
			posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
		}
		err = do_io(fd, n, false);
	}
	close(fd);
	return err ? 1 : 0;
}
