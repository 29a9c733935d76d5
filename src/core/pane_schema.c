// SPDX-License-Identifier: GPL-2.0
/* A pane's JSON, replay, text and main table, from its snapshot's schema. */
#include <errno.h>
#include <string.h>
#include "jsondom.h"
#include "json.h"
#include "out.h"
#include "pane.h"
#include "schema.h"
#include "table.h"

static double snap_interval(const struct pane *p)
{
	return *(const double *)((const char *)p->snap + p->def->snap_interval);
}

void pane_schema_write_text(FILE *f, const struct pane *p)
{
	out_text_pane_head(f, p);
	if (p->status != PANE_OK || !p->snap)
		return;
	schema_write_text(f, p->def->fields, p->def->nr_fields, p->snap, snap_interval(p), p, 0);
}

void pane_schema_write_json(struct json_writer *jw, const struct pane *p)
{
	jw_start_object(jw);
	out_json_pane_head(jw, p);
	if (p->status == PANE_OK && p->snap)
		schema_write_fields(jw, p->def->fields, p->def->nr_fields, p->snap,
				    snap_interval(p));
	jw_end_object(jw);
}

int pane_schema_read_json(struct pane *p, const struct jv *obj, double interval_s,
			  struct jv_arena **arena)
{
	char *s = jv_alloc(arena, p->def->snap_size);
	int err;

	if (!s)
		return -ENOMEM;
	memset(s, 0, p->def->snap_size);
	*(double *)(s + p->def->snap_interval) = interval_s;
	err = schema_read_fields(p->def->fields, p->def->nr_fields, obj, s, arena);
	if (err)
		return err;
	p->snap = s;
	return 0;
}

void pane_schema_table(const struct pane *p, struct table_src *t)
{
	schema_field_table(p->def->main_table, p->snap, p->snap ? snap_interval(p) : 0, t);
}

void pane_table(const struct pane *p, struct table_src *t)
{
	if (p->def->table)
		p->def->table(p, t);
	else
		pane_schema_table(p, t);
}
