// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>

#include "hist.h"

/* Same slot as hist_slot_of() in bpf/bits.bpf.h. */
unsigned int hist_slot(uint64_t v, unsigned int nr_slots)
{
	unsigned int slot = v < 2 ? 0 : 63 - __builtin_clzll(v);

	if (!nr_slots)
		return 0;
	return slot < nr_slots ? slot : nr_slots - 1;
}

uint64_t hist_slot_low(unsigned int slot)
{
	if (!slot)
		return 0;
	return slot < 64 ? 1ULL << slot : UINT64_MAX;
}

uint64_t hist_slot_high(unsigned int slot)
{
	if (!slot)
		return 2;
	return slot < 63 ? 1ULL << (slot + 1) : UINT64_MAX;
}

uint64_t hist_total(const uint64_t *h, unsigned int nr_slots)
{
	uint64_t sum = 0;
	unsigned int i;

	for (i = 0; i < nr_slots; i++)
		sum = h[i] > UINT64_MAX - sum ? UINT64_MAX : sum + h[i];
	return sum;
}

uint64_t hist_percentile(const uint64_t *h, unsigned int nr_slots, double pct, uint64_t max)
{
	uint64_t total = hist_total(h, nr_slots), low, high, res;
	unsigned int i, slot = 0;
	double rank, cum = 0, off;
	bool found = false;

	if (!total)
		return 0;
	if (!(pct >= 0))
		pct = 0;
	else if (pct > 100)
		pct = 100;
	/* pct * total first: 99 * 100 / 100 is exactly 99, 0.99 * 100 is not */
	rank = pct * (double)total / 100;

	for (i = 0; i < nr_slots; i++) {
		if (!h[i])
			continue;
		slot = i;
		if (cum + (double)h[i] >= rank) {
			found = true;
			break;
		}
		cum += (double)h[i];
	}
	/* rounding can leave rank a hair above the sum: use the top of the last slot */
	if (!found)
		cum = rank - (double)h[slot];

	low = hist_slot_low(slot);
	high = hist_slot_high(slot);
	/* the last slot has no upper end; the observed maximum is the best bound */
	if (slot == nr_slots - 1 && max > high)
		high = max;

	off = (double)(high - low) * ((rank - cum) / (double)h[slot]);
	if (off < 0)
		off = 0;
	if (off >= (double)(high - low))
		res = high;
	else
		res = low + (uint64_t)off;

	if (max && res > max)
		res = max;
	return res;
}

uint64_t counter_delta(uint64_t cur, uint64_t prev)
{
	return cur >= prev ? cur - prev : cur;
}

void hist_delta(uint64_t *out, const uint64_t *cur, const uint64_t *prev, unsigned int nr_slots)
{
	bool reset = false;
	unsigned int i;

	for (i = 0; i < nr_slots; i++) {
		if (cur[i] < prev[i]) {
			reset = true;
			break;
		}
	}
	/* element-wise, so @out may be @cur or @prev */
	for (i = 0; i < nr_slots; i++)
		out[i] = reset ? cur[i] : cur[i] - prev[i];
}
