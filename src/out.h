/* SPDX-License-Identifier: GPL-2.0 */
/* Batch writers: every pane's snapshot as text and as JSON. */
#ifndef CVTOP_OUT_H
#define CVTOP_OUT_H

#include <stdio.h>

struct json_writer;
struct pane;
struct table_src;

/* Fields every pane object has: status, reason, method. */
void out_json_pane_head(struct json_writer *jw, const struct pane *p);
/* "[key] Title  (method)" or "[key] Title: unavailable: reason" */
void out_text_pane_head(FILE *f, const struct pane *p);

/* Pane 1 */
void cpu_table(const struct pane *p, struct table_src *t);
void cpu_pidns_table(const struct pane *p, struct table_src *t);
void cpu_write_text(FILE *f, const struct pane *p);
void cpu_write_json(struct json_writer *jw, const struct pane *p);

/* Pane 4 */
void steal_cpu_table(const struct pane *p, struct table_src *t);
void steal_vm_table(const struct pane *p, struct table_src *t);
void steal_write_text(FILE *f, const struct pane *p);
void steal_write_json(struct json_writer *jw, const struct pane *p);

/* Pane 5 */
void kvm_table(const struct pane *p, struct table_src *t);
void kvm_exit_table(const struct pane *p, struct table_src *t);
void kvm_pio_table(const struct pane *p, struct table_src *t);
void kvm_uexit_table(const struct pane *p, struct table_src *t);
void kvm_mmio_table(const struct pane *p, struct table_src *t);
void kvm_msr_table(const struct pane *p, struct table_src *t);
void kvm_write_text(FILE *f, const struct pane *p);
void kvm_write_json(struct json_writer *jw, const struct pane *p);

#endif
