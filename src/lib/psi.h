/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_PSI_H
#define CVTOP_PSI_H

#include <stdbool.h>
#include <stdint.h>

/* One line of a PSI file (/proc/pressure/cpu, <cgroup>/cpu.pressure). */
struct psi_line {
	bool valid;
	double avg10, avg60, avg300; /* percent */
	uint64_t total_us; /* cumulative stall time */
};

struct psi {
	struct psi_line some, full;
};

/*
 * Parses the text of a PSI file ("some avg10=0.00 avg60=0.00 avg300=0.00
 * total=0\nfull ..."). Lines it does not know are skipped; a "some" or
 * "full" line with a missing or malformed field leaves that line invalid.
 * Returns 0 when at least the "some" line is valid, else -EINVAL.
 */
int psi_parse(const char *text, struct psi *out);

/* Reads and parses @name relative to directory fd @dirfd; -errno on failure. */
int psi_read_at(int dirfd, const char *name, struct psi *out);
/* The same in two steps, for a file read again every refresh: an fd (or
 * -errno), then a read of the whole file from its start. */
int psi_open_at(int dirfd, const char *name);
int psi_read_fd(int fd, struct psi *out);

/* The kernel's fixed-point average (2048 = 1 %) as its PSI files print it. */
double psi_avg_fixed(uint64_t x);
/*
 * An avg10 carried forward from stall totals rather than read: the kernel's
 * exponential average over 10 s (a weight of e^(-2/10) per 2 s period) of the
 * stall share of the @dt_s seconds in which the total grew by @stall_us.
 */
double psi_avg_update(double avg10, uint64_t stall_us, double dt_s);

#endif
