// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include "log.h"

static FILE *log_file;
static int log_stderr;
static char last_error[256];

int log_open_file(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0600);

	if (fd < 0)
		return -errno;
	log_file = fdopen(fd, "a");
	if (!log_file) {
		close(fd);
		return -ENOMEM;
	}
	setvbuf(log_file, NULL, _IOLBF, 0);
	return 0;
}

void log_close(void)
{
	if (log_file)
		fclose(log_file);
	log_file = NULL;
}

void log_set_stderr(int on)
{
	log_stderr = on;
}

void log_vmsg(const char *fmt, va_list ap)
{
	va_list copy;

	if (log_file) {
		va_copy(copy, ap);
		vfprintf(log_file, fmt, copy);
		va_end(copy);
	}
	if (log_stderr)
		vfprintf(stderr, fmt, ap);
}

void log_msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(fmt, ap);
	va_end(ap);
}

int log_libbpf(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	va_list copy;
	size_t n;

	if (level == LIBBPF_WARN) {
		va_copy(copy, ap);
		vsnprintf(last_error, sizeof(last_error), fmt, copy);
		va_end(copy);
		n = strlen(last_error);
		while (n && (last_error[n - 1] == '\n' || last_error[n - 1] == ' '))
			last_error[--n] = '\0';
	}
	/* libbpf's debug output is huge: only into the file */
	if (level == LIBBPF_DEBUG) {
		if (log_file)
			vfprintf(log_file, fmt, ap);
		return 0;
	}
	log_vmsg(fmt, ap);
	return 0;
}

void log_mark(void)
{
	last_error[0] = '\0';
}

const char *log_last_error(void)
{
	return last_error;
}
