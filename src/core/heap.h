/* SPDX-License-Identifier: GPL-2.0 */
/* How cvtop's heap behaves: while the panes load, and after. */
#ifndef CVTOP_HEAP_H
#define CVTOP_HEAP_H

/* Before anything is allocated: big buffers are mapped apart and handed back
 * to the kernel when freed, never left in the heap. */
void heap_init(void);
/* While the panes load: one heap, grown once and in huge pages where the
 * kernel allows, serves every object's copy of the kernel BTF. */
void heap_load_begin(void);
/* After: what loading left free goes back to the kernel. */
void heap_load_end(void);

#endif
