/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_UNITS_H
#define CVTOP_UNITS_H

#include <stddef.h>
#include <stdint.h>

/* Human units with SI prefixes, at most ~7 characters: "850ns", "12.3us",
 * "4.56ms", "1.20s", "2.1min". */
void fmt_ns(char *buf, size_t len, uint64_t ns);
/* Counts: "999", "1.23k", "45.6M" */
void fmt_count(char *buf, size_t len, double v);
/* A log2 bucket's lower bound in time units: "0", "2ns", "1us", "2.1s" */
void fmt_ns_short(char *buf, size_t len, uint64_t ns);
/* A span of time for a header: "42s", "5m03s", "2h07m", "3d04h" */
void fmt_elapsed(char *buf, size_t len, double s);

#endif
