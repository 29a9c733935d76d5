// SPDX-License-Identifier: GPL-2.0
/* One container or VM across every pane: identities and matching. */
#include <stdio.h>
#include <string.h>
#include "focus.h"
#include "schema.h"
#include "table.h"

static const struct cg_identity *ident_of(const struct ident_offsets *o, const void *row)
{
	return *(const struct cg_identity *const *)((const char *)row + o->ident);
}

static const char *path_of(const struct ident_offsets *o, const void *row)
{
	const char *p = *(const char *const *)((const char *)row + o->path);

	return p ? p : "";
}

static int pid_of(const struct field *f, const void *row)
{
	return *(const int *)field_ptr(f, row);
}

bool focus_table_has_identity(const struct table_src *t)
{
	struct row_who w;

	table_def_who(t->def, &w);
	return w.ident || w.pid;
}

static void cgroup_focus(struct focus *f, const struct ident_offsets *o, const void *row)
{
	const struct cg_identity *id = ident_of(o, row);
	const char *path = path_of(o, row);

	memset(f, 0, sizeof(*f));
	if (id && id->container && id->id[0]) {
		f->kind = FOCUS_CONTAINER;
		snprintf(f->id, sizeof(f->id), "%s", id->id);
	} else {
		f->kind = FOCUS_CGROUP;
		if (id)
			snprintf(f->unit, sizeof(f->unit), "%s", id->unit);
		snprintf(f->path, sizeof(f->path), "%s", path);
	}
	snprintf(f->label, sizeof(f->label), "%s", id && id->name[0] ? id->name : path);
	snprintf(f->runtime, sizeof(f->runtime), "%s",
		 id ? identity_runtime_name(id->runtime) : "host");
}

bool focus_of_row(struct focus *f, const struct table_src *t, const void *row)
{
	struct row_who w;
	const char *name;

	table_def_who(t->def, &w);
	if (w.ident) {
		cgroup_focus(f, w.ident, row);
		return true;
	}
	if (!w.pid || pid_of(w.pid, row) <= 0)
		return false;
	memset(f, 0, sizeof(*f));
	f->kind = FOCUS_VM;
	f->pid = pid_of(w.pid, row);
	name = w.name ? *(const char *const *)field_ptr(w.name, row) : NULL;
	if (name && name[0])
		snprintf(f->label, sizeof(f->label), "%s", name);
	else
		snprintf(f->label, sizeof(f->label), "pid %d", f->pid);
	snprintf(f->runtime, sizeof(f->runtime), "VM");
	return true;
}

bool focus_equal(const struct focus *a, const struct focus *b)
{
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case FOCUS_CONTAINER:
		return !strcmp(a->id, b->id);
	case FOCUS_CGROUP:
		/* a unit is the same in every hierarchy; a path may not be */
		if (a->unit[0] || b->unit[0])
			return !strcmp(a->unit, b->unit);
		return !strcmp(a->path, b->path);
	case FOCUS_VM:
		return a->pid == b->pid;
	default:
		return true;
	}
}

bool focus_match(const struct focus *f, const struct table_src *t, const void *row)
{
	struct focus r;
	struct row_who w;

	if (!f || f->kind == FOCUS_NONE)
		return true;
	table_def_who(t->def, &w);
	if (!w.ident && !w.pid)
		return true;
	if (!focus_of_row(&r, t, row))
		return false;
	return focus_equal(f, &r);
}

void focus_describe(const struct focus *f, char *buf, size_t len)
{
	switch (f->kind) {
	case FOCUS_CONTAINER:
		snprintf(buf, len, "%s container %s (id %.12s)", f->runtime, f->label, f->id);
		break;
	case FOCUS_CGROUP:
		if (f->unit[0] && strcmp(f->unit, f->label))
			snprintf(buf, len, "%s cgroup %s (%s)", f->runtime, f->label, f->unit);
		else
			snprintf(buf, len, "%s cgroup %s", f->runtime, f->label);
		break;
	case FOCUS_VM:
		snprintf(buf, len, "VM %s (pid %d)", f->label, f->pid);
		break;
	default:
		snprintf(buf, len, "everything");
	}
}

void focus_key(const struct focus *f, char *buf, size_t len)
{
	switch (f->kind) {
	case FOCUS_CONTAINER:
		snprintf(buf, len, "c:%s", f->id);
		break;
	case FOCUS_CGROUP:
		if (f->unit[0])
			snprintf(buf, len, "u:%s", f->unit);
		else
			snprintf(buf, len, "p:%s", f->path);
		break;
	case FOCUS_VM:
		snprintf(buf, len, "vm:%d", f->pid);
		break;
	default:
		snprintf(buf, len, "-");
	}
}
