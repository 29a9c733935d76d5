/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One container, host cgroup or VM across every pane: its identity taken
 * from a row of any table, and whether a row of any other table is about
 * it. Rows are matched by identity (container id, systemd unit or cgroup
 * path, the VMM's pid), never by the name shown. The identity of a table's
 * rows is found in its schema: an FT_IDENTITY field (a cgroup's row) or an
 * FT_INT "pid" field (a VM's row). No curses here.
 */
#ifndef CVTOP_FOCUS_H
#define CVTOP_FOCUS_H

#include <stdbool.h>
#include <stddef.h>
#include "identity.h"

struct table_src;

enum focus_kind {
	FOCUS_NONE,
	FOCUS_CONTAINER, /* by container id (or machine name) */
	FOCUS_CGROUP, /* a host cgroup: by systemd unit, else by path */
	FOCUS_VM, /* by the VMM's pid */
};

struct focus {
	enum focus_kind kind;
	int pid; /* FOCUS_VM */
	char id[CG_ID_LEN + 1]; /* FOCUS_CONTAINER */
	char unit[128]; /* FOCUS_CGROUP: "" when the cgroup is no unit */
	char path[256]; /* FOCUS_CGROUP without a unit */
	char label[256]; /* its name, raw: escape to show */
	char runtime[16]; /* "podman", "VM", "service", ... */
};

/* Whether the rows of @t carry an identity a focus can match. */
bool focus_table_has_identity(const struct table_src *t);
/* The identity of @row of @t into @f; false when the row has none (a
 * table without identities, or a row of all VMs). */
bool focus_of_row(struct focus *f, const struct table_src *t, const void *row);
/* Whether @row of @t is about @f. A table without identities matches
 * everything (it is about the whole host); FOCUS_NONE matches everything. */
bool focus_match(const struct focus *f, const struct table_src *t, const void *row);
/* Same container, cgroup or VM. */
bool focus_equal(const struct focus *a, const struct focus *b);
/* "podman container web (id 0c62b1efb9ea)", "VM guest (pid 4242)", raw. */
void focus_describe(const struct focus *f, char *buf, size_t len);
/* A key unique to the identity: "c:ID", "u:UNIT", "p:PATH", "vm:PID". */
void focus_key(const struct focus *f, char *buf, size_t len);

#endif
