// SPDX-License-Identifier: GPL-2.0
#include "escape.h"
#include "json.h"
#include "out.h"
#include "pane.h"

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
}

void out_text_pane_head(FILE *f, const struct pane *p)
{
	char reason[sizeof(p->reason) * 4];

	if (p->status == PANE_OK) {
		fprintf(f, "[%s] %s  (%s)\n", p->def->key, p->def->title, p->method);
		return;
	}
	esc_cstr(p->reason, reason, sizeof(reason));
	fprintf(f, "[%s] %s: unavailable: %s\n", p->def->key, p->def->title, reason);
}
