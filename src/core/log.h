/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_LOG_H
#define CVTOP_LOG_H

#include <stdarg.h>
#include <bpf/libbpf.h>

/*
 * Diagnostics, libbpf's included, never go to the terminal while the UI owns
 * it: they are kept in memory (the last lines, for reasons and the status
 * line) and, with --log FILE, appended to a file.
 */
int log_open_file(const char *path);
void log_close(void);
void log_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_vmsg(const char *fmt, va_list ap);
/* Also print to stderr (before and after the UI). */
void log_set_stderr(int on);
/* libbpf_print_fn_t compatible */
int log_libbpf(enum libbpf_print_level level, const char *fmt, va_list ap);
/* Forgets the remembered last error line. */
void log_mark(void);
/* Last warning-level libbpf line since log_mark(), "" if none. */
const char *log_last_error(void);

#endif
