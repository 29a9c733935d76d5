/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_HIST_H
#define CVTOP_HIST_H

#include <stdint.h>

/*
 * Log2 histograms as the BPF side fills them: slot 0 holds values 0 and 1,
 * slot k (k >= 1) holds [2^k, 2^(k+1)), and the last slot also holds
 * everything larger.
 */
unsigned int hist_slot(uint64_t v, unsigned int nr_slots);
/* Lowest value of slot @slot and one past its highest (saturating at UINT64_MAX). */
uint64_t hist_slot_low(unsigned int slot);
uint64_t hist_slot_high(unsigned int slot);

uint64_t hist_total(const uint64_t *h, unsigned int nr_slots);

/*
 * Value below which @pct percent (0 < pct <= 100) of the samples lie,
 * interpolated linearly inside the slot that holds that rank. 0 when empty.
 * If @max is non-zero it caps the result (the last slot is open-ended).
 */
uint64_t hist_percentile(const uint64_t *h, unsigned int nr_slots, double pct, uint64_t max);

/*
 * Counters only grow in the kernel; user space takes deltas. If @cur is
 * below @prev the entry was re-created (map entry deleted and added again),
 * so everything in @cur is new.
 */
uint64_t counter_delta(uint64_t cur, uint64_t prev);
/* out[i] = counter_delta(cur[i], prev[i]), but all of @cur when any slot went backwards */
void hist_delta(uint64_t *out, const uint64_t *cur, const uint64_t *prev, unsigned int nr_slots);

#endif
