/* SPDX-License-Identifier: GPL-2.0 */
/* Batch writers: every pane's snapshot as text and as JSON. */
#ifndef CVTOP_OUT_H
#define CVTOP_OUT_H

#include <stdbool.h>
#include <stdio.h>

struct json_writer;
struct jv;
struct jv_arena;
struct pane;
struct table_src;

/* Fields every pane object has: status, reason, method. */
void out_json_pane_head(struct json_writer *jw, const struct pane *p);
/* name, runtime, container_id, kubernetes, cgroup, cgroup_id, gone fields of a row */
struct cg_identity;
void out_json_identity(struct json_writer *jw, unsigned long long cgroup_id, const char *path,
		       const struct cg_identity *id, bool gone);
/* "[key] Title  (method)" or "[key] Title: unavailable: reason" */
void out_text_pane_head(FILE *f, const struct pane *p);

/* Pane 1 */
void cpu_table(const struct pane *p, struct table_src *t);
void cpu_pidns_table(const struct pane *p, struct table_src *t);

/* Pane 3 */
struct overlay_row;
void overlay_table(const struct pane *p, struct table_src *t);
/* upper dir, else mount point, else "dev M:m" written into @buf */
const char *overlay_row_label(const struct overlay_row *r, char *buf, size_t len);

/* Pane 2 */
struct throttle_dev;
struct throttle_snapshot;
void throttle_table(const struct pane *p, struct table_src *t);
/* "rbps=N wbps=N" of the limits in force, or "none" */
void throttle_dev_limits(const struct throttle_dev *d, char *buf, size_t len);
/* where CPU and I/O throttling are read from, raw */
void throttle_notes(const struct throttle_snapshot *s, char *buf, size_t len);

/* Pane 4 */
void steal_cpu_table(const struct pane *p, struct table_src *t);
void steal_vm_table(const struct pane *p, struct table_src *t);

/* Pane 5 */
void kvm_table(const struct pane *p, struct table_src *t);
void kvm_exit_table(const struct pane *p, struct table_src *t);
void kvm_pio_table(const struct pane *p, struct table_src *t);
void kvm_uexit_table(const struct pane *p, struct table_src *t);
void kvm_mmio_table(const struct pane *p, struct table_src *t);
void kvm_msr_table(const struct pane *p, struct table_src *t);

#endif
