// SPDX-License-Identifier: GPL-2.0
/*
 * libbpf reads the kernel's BTF (5.5 MB here) into a buffer, copies it and
 * indexes it for every BPF object it loads, and frees all of it after. A page
 * touched for the first time costs ~17 us in a VM with shadow paging: ~3,000
 * of them, 50 ms, the first time. So while the panes load the heap is padded
 * (each parse reuses the pages of the one before) and grown once up front
 * into a region advised for transparent huge pages (tens of faults instead of
 * thousands where THP is "madvise" or "always"); then it is trimmed.
 */
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include "heap.h"

#define MMAP_THRESHOLD (256 * 1024)
#define LOAD_HEAP_PAD (16 << 20)
#define HUGE_PAGE (2UL << 20)

void heap_init(void)
{
	mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD);
}

void heap_load_begin(void)
{
	uintptr_t start, end;
	char *p;

	mallopt(M_TOP_PAD, LOAD_HEAP_PAD);
	/* from the heap, not a mapping of its own: raised for this one call */
	mallopt(M_MMAP_THRESHOLD, LOAD_HEAP_PAD + HUGE_PAGE);
	p = malloc(LOAD_HEAP_PAD);
	mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD);
	if (!p)
		return;
	start = ((uintptr_t)p + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	end = ((uintptr_t)p + LOAD_HEAP_PAD) & ~(HUGE_PAGE - 1);
	/* only advice: without THP the pages come one by one as before */
	if (end > start)
		madvise((void *)start, end - start, MADV_HUGEPAGE);
	free(p);
}

void heap_load_end(void)
{
	mallopt(M_TOP_PAD, 0);
	malloc_trim(0);
}
