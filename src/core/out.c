// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include "escape.h"
#include "identity.h"
#include "json.h"
#include "out.h"
#include "pane.h"
#include "schema.h"

void out_json_pane_head(struct json_writer *jw, const struct pane *p)
{
	bool ok = p->status == PANE_OK;

	jw_string_field(jw, "status", ok ? "ok" : "unavailable");
	if (ok)
		jw_null_field(jw, "reason");
	else
		jw_string_field(jw, "reason", p->reason);
	if (ok)
		jw_string_field(jw, "method", p->method);
	else
		jw_null_field(jw, "method");
	/* the figures cover this long since the pane attached */
	if (ok && p->cumulative)
		jw_float_field(jw, "cumulative_s", p->elapsed_s, 6);
	/* what a full map could not take: said, never dropped silently */
	if (ok && p->untracked)
		jw_uint_field(jw, "untracked", p->untracked);
}

void out_text_pane_head(FILE *f, const struct pane *p)
{
	char reason[sizeof(p->reason) * 4];

	if (p->status == PANE_OK) {
		fprintf(f, "[%s] %s  (%s)", p->def->key, p->def->title, p->method);
		if (p->untracked)
			fprintf(f, "  [%llu events not tracked since start: map full or busy]",
				(unsigned long long)p->untracked);
		fputc('\n', f);
		return;
	}
	esc_cstr(p->reason, reason, sizeof(reason));
	fprintf(f, "[%s] %s: unavailable: %s\n", p->def->key, p->def->title, reason);
}

void out_json_identity(struct json_writer *jw, unsigned long long cgroup_id, const char *path,
		       const struct cg_identity *id, bool gone)
{
	jw_string_field(jw, "name", id ? id->name : path);
	jw_string_field(jw, "runtime", id ? identity_runtime_name(id->runtime) : "host");
	jw_bool_field(jw, "container", id && id->container && !id->helper);
	if (id && id->id[0])
		jw_string_field(jw, "container_id", id->id);
	else
		jw_null_field(jw, "container_id");
	jw_name(jw, "kubernetes");
	if (id && id->pod_uid[0]) {
		jw_start_object(jw);
		jw_string_field(jw, "pod_uid", id->pod_uid);
		jw_string_field(jw, "namespace", id->k8s_namespace[0] ? id->k8s_namespace : NULL);
		jw_string_field(jw, "pod", id->k8s_pod[0] ? id->k8s_pod : NULL);
		jw_string_field(jw, "container", id->k8s_container[0] ? id->k8s_container : NULL);
		jw_end_object(jw);
	} else {
		jw_null(jw);
	}
	jw_string_field(jw, "cgroup", path);
	if (cgroup_id)
		jw_uint_field(jw, "cgroup_id", cgroup_id);
	else
		jw_null_field(jw, "cgroup_id");
	jw_bool_field(jw, "gone", gone);
}

static const struct cg_identity *ident_of(const struct ident_offsets *o, const void *row)
{
	return *(const struct cg_identity *const *)((const char *)row + o->ident);
}

static const char *path_of(const struct ident_offsets *o, const void *row)
{
	return *(const char *const *)((const char *)row + o->path);
}

const char *ident_row_label(const struct ident_offsets *o, const void *row)
{
	const struct cg_identity *id = ident_of(o, row);

	return id ? id->name : path_of(o, row);
}

void ident_format_name(const struct field *f, const void *row, double iv, char *buf, size_t len)
{
	esc_cstr(ident_row_label(f->ident, row), buf, len);
}

int ident_compare_name(const struct field *f, const void *a, const void *b)
{
	return strcmp(ident_row_label(f->ident, a), ident_row_label(f->ident, b));
}

void ident_format_runtime(const struct field *f, const void *row, double iv, char *buf, size_t len)
{
	const struct cg_identity *id = ident_of(f->ident, row);

	snprintf(buf, len, "%s", id ? identity_runtime_name(id->runtime) : "");
}

int ident_compare_runtime(const struct field *f, const void *a, const void *b)
{
	const struct cg_identity *x = ident_of(f->ident, a), *y = ident_of(f->ident, b);

	return (x ? (int)x->runtime : -1) - (y ? (int)y->runtime : -1);
}

void ident_format_id(const struct field *f, const void *row, double iv, char *buf, size_t len)
{
	const struct cg_identity *id = ident_of(f->ident, row);
	char sid[16] = "";

	if (id && id->container)
		identity_short_id(id, sid, sizeof(sid));
	esc_cstr(sid[0] ? sid : "-", buf, len);
}

int ident_compare_path(const struct field *f, const void *a, const void *b)
{
	return strcmp(path_of(f->ident, a), path_of(f->ident, b));
}
