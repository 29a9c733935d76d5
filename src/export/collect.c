// SPDX-License-Identifier: GPL-2.0
/*
 * The panes' snapshots into the series store, derived from their field
 * schemas alone: a field with a metric kind is a family, the identity and
 * the .label fields of its row (and of the rows it is nested in) are its
 * labels. No pane's field is named here.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "collect.h"
#include "escape.h"
#include "identity.h"
#include "pane.h"
#include "schema.h"

static int map_add(struct collect *c, const struct field *f, size_t *cap)
{
	static const enum fam_kind kinds[] = {
		[METRIC_COUNTER] = FAM_COUNTER,
		[METRIC_GAUGE] = FAM_GAUGE,
		[METRIC_HISTOGRAM] = FAM_HISTOGRAM,
	};
	char name[160];
	struct family *fam;

	snprintf(name, sizeof(name), "cvtop_%s", f->metric_name);
	/* a family's # HELP: the field's help line, else its JSON key */
	fam = store_family(c->st, name, kinds[f->metric], f->help ? f->help : f->key,
			   f->metric_unit, f->metric == METRIC_HISTOGRAM ? f->nr : 0,
			   f->metric_scale ? f->metric_scale : 1);
	if (!fam)
		return -ENOMEM;
	if (c->nr_map == *cap) {
		size_t n = *cap ? *cap * 2 : 64;
		struct fmap *m = realloc(c->map, n * sizeof(*m));

		if (!m)
			return -ENOMEM;
		c->map = m;
		*cap = n;
	}
	c->map[c->nr_map++] = (struct fmap){ f, fam };
	return 0;
}

static int map_fields(struct collect *c, const struct field *fields, int nr, size_t *cap)
{
	int i, err = 0;

	for (i = 0; i < nr && !err; i++) {
		const struct field *f = &fields[i];

		if (f->type == FT_OBJECT)
			err = map_fields(c, f->sub, f->nr_sub, cap);
		else if (f->type == FT_TABLE)
			err = map_fields(c, f->table->fields, f->table->nr_fields, cap);
		else if (f->metric != METRIC_NONE && f->metric_name)
			err = map_add(c, f, cap);
	}
	return err;
}

static int cmp_fmap(const void *a, const void *b)
{
	const struct field *x = ((const struct fmap *)a)->f, *y = ((const struct fmap *)b)->f;

	return x < y ? -1 : x > y;
}

static struct family *family_of(const struct collect *c, const struct field *f)
{
	struct fmap key = { .f = f }, *m;

	m = bsearch(&key, c->map, c->nr_map, sizeof(key), cmp_fmap);
	return m ? m->fam : NULL;
}

/* name="value" after cvtop's escaping of untrusted bytes */
static void add_label(struct sbuf *b, const char *name, const char *value)
{
	char esc[4096];

	if (!value || !value[0])
		return;
	esc_cstr(value, esc, sizeof(esc));
	if (b->len)
		sbuf_add(b, ",", 1);
	sbuf_str(b, name);
	sbuf_add(b, "=\"", 2);
	sbuf_label_value(b, esc);
	sbuf_add(b, "\"", 1);
}

static void add_identity(struct sbuf *b, const struct ident_offsets *o, const void *row)
{
	const struct cg_identity *id =
		*(const struct cg_identity *const *)((const char *)row + o->ident);
	const char *path = *(const char *const *)((const char *)row + o->path);

	add_label(b, "cgroup", path);
	add_label(b, "name", id ? id->name : path);
	add_label(b, "runtime", id ? identity_runtime_name(id->runtime) : "host");
	if (!id)
		return;
	add_label(b, "container_id", id->id);
	add_label(b, "namespace", id->k8s_namespace);
	add_label(b, "pod", id->k8s_pod);
	add_label(b, "container", id->k8s_container);
}

static void add_field_label(struct sbuf *b, const struct field *f, const void *s)
{
	char num[64];
	uint64_t v;

	/* a label's text is what the JSON says: a name, a string, a number */
	if (f->derive_str) {
		add_label(b, f->label, f->derive_str(s, num, sizeof(num)));
		return;
	}
	switch (f->type) {
	case FT_STR:
		add_label(b, f->label, *(const char *const *)field_ptr(f, s));
		return;
	case FT_CHARS:
		add_label(b, f->label, field_ptr(f, s));
		return;
	case FT_DEVNO:
		snprintf(num, sizeof(num), "%u:%u", *(const unsigned int *)field_ptr(f, s),
			 *(const unsigned int *)((const char *)s + f->off2));
		add_label(b, f->label, num);
		return;
	default:
		break;
	}
	v = field_u64(f, s, 0);
	if (f->names && f->nr) {
		add_label(b, f->label, f->names[v < f->nr ? v : 0]);
		return;
	}
	if (f->type == FT_INT)
		snprintf(num, sizeof(num), "%d", *(const int *)field_ptr(f, s));
	else
		snprintf(num, sizeof(num), "%llu", (unsigned long long)v);
	add_label(b, f->label, num);
}

/* The labels a struct gives its series: its identity and .label fields. */
static void row_labels(struct sbuf *b, const struct field *fields, int nr, const void *s)
{
	int i;

	for (i = 0; i < nr; i++) {
		const struct field *f = &fields[i];

		if (!field_present(f, s))
			continue;
		if (f->type == FT_IDENTITY && f->ident)
			add_identity(b, f->ident, s);
		else if (f->type == FT_OBJECT)
			row_labels(b, f->sub, f->nr_sub, (const char *)s + f->off);
		else if (f->label)
			add_field_label(b, f, s);
	}
}

static void put(struct collect *c, const struct field *f, const void *s, double iv, bool cumul,
		const struct sbuf *labels)
{
	struct family *fam = family_of(c, f);
	double scale = f->metric_scale ? f->metric_scale : 1;
	struct series *ser;
	unsigned int i;

	if (!fam)
		return;
	/* what JSON writes as null is no sample */
	if (((f->flags & FF_NULL_MAX) && field_u64(f, s, iv) == UINT64_MAX) ||
	    ((f->flags & FF_NULL_WHEN) && !*(const uint64_t *)((const char *)s + f->when)))
		return;
	ser = store_series(c->st, fam, labels->s ? labels->s : "", labels->len);
	if (!ser)
		return;
	if (fam->kind == FAM_HISTOGRAM) {
		const uint64_t *h = field_ptr(f, s);
		double sum = *(const uint64_t *)((const char *)s + f->sum_field) * scale;

		for (i = 0; i < fam->nr_slots && i < f->nr; i++)
			ser->slots[i] = cumul ? h[i] : ser->slots[i] + h[i];
		ser->sum = cumul ? sum : ser->sum + sum;
	} else if (fam->kind == FAM_COUNTER && !cumul) {
		ser->value += field_double(f, s, iv) * scale;
	} else {
		ser->value = field_double(f, s, iv) * scale;
	}
	ser->seen_s = c->st->now_s;
	ser->seen_gen = c->st->gen;
}

static void walk(struct collect *c, const struct field *fields, int nr, const void *s, double iv,
		 bool cumul, const struct sbuf *labels);

static void walk_rows(struct collect *c, const struct field *f, const void *s, double iv,
		      bool cumul, const struct sbuf *parent)
{
	const struct table_def *def = f->table;
	const char *rows = *(const char *const *)field_ptr(f, s);
	size_t n = *(const size_t *)((const char *)s + f->count), i;

	for (i = 0; rows && i < n; i++) {
		const void *row = rows + i * def->row_size;
		struct sbuf b = { 0 };

		sbuf_add(&b, parent->s ? parent->s : "", parent->len);
		row_labels(&b, def->fields, def->nr_fields, row);
		if (!b.err)
			walk(c, def->fields, def->nr_fields, row, iv, cumul, &b);
		sbuf_free(&b);
	}
}

static void walk(struct collect *c, const struct field *fields, int nr, const void *s, double iv,
		 bool cumul, const struct sbuf *labels)
{
	int i;

	for (i = 0; i < nr; i++) {
		const struct field *f = &fields[i];

		if (!field_present(f, s))
			continue;
		if (f->type == FT_OBJECT && !(f->flags & FF_NO_METRIC))
			walk(c, f->sub, f->nr_sub, (const char *)s + f->off, iv, cumul, labels);
		else if (f->type == FT_TABLE)
			walk_rows(c, f, s, iv, cumul, labels);
		else if (f->metric != METRIC_NONE)
			put(c, f, s, iv, cumul, labels);
	}
}

static void set_gauge(struct collect *c, struct family *fam, const struct sbuf *labels, double v)
{
	struct series *ser = store_series(c->st, fam, labels->s ? labels->s : "", labels->len);

	if (!ser)
		return;
	ser->value = v;
	ser->seen_s = c->st->now_s;
	ser->seen_gen = c->st->gen;
}

int collect_init(struct collect *c, struct store *st, const char *version)
{
	size_t cap = 0;
	int i, err;

	memset(c, 0, sizeof(*c));
	c->st = st;
	for (i = 0; i < nr_pane_defs; i++) {
		err = map_fields(c, pane_defs[i]->fields, pane_defs[i]->nr_fields, &cap);
		if (err)
			return err;
	}
	qsort(c->map, c->nr_map, sizeof(*c->map), cmp_fmap);
	c->pane_up = store_family(st, "cvtop_pane_up", FAM_GAUGE,
				  "1 when the pane collects, 0 with the reason when it cannot", "",
				  0, 1);
	c->build = store_family(st, "cvtop_build_info", FAM_GAUGE, "cvtop's version", "", 0, 1);
	c->dropped = store_family(st, "cvtop_series_dropped", FAM_COUNTER,
				  "updates of series refused: over the limit of series per family",
				  "", 0, 1);
	if (!c->pane_up || !c->build || !c->dropped)
		return -ENOMEM;
	c->pane_up->unlimited = c->build->unlimited = c->dropped->unlimited = true;
	/* the build's series never goes stale */
	{
		struct sbuf b = { 0 };

		add_label(&b, "version", version);
		set_gauge(c, c->build, &b, 1);
		sbuf_free(&b);
	}
	return 0;
}

static void pane_status(struct collect *c, const struct pane *p)
{
	struct sbuf b = { 0 };
	bool ok = p->status == PANE_OK;

	add_label(&b, "pane", p->def->key);
	add_label(&b, "method", ok ? p->method : "");
	add_label(&b, "reason", ok ? "" : p->reason);
	if (!b.err)
		set_gauge(c, c->pane_up, &b, ok);
	sbuf_free(&b);
}

void collect_update(struct collect *c, const struct pane *panes, double now_s)
{
	struct sbuf none = { 0 };
	size_t k;
	int i;

	c->st->gen++;
	c->st->now_s = now_s;
	for (i = 0; i < nr_pane_defs; i++) {
		const struct pane *p = &panes[i];

		if (!p->def)
			continue;
		pane_status(c, p);
		if (p->status != PANE_OK || !p->snap || !p->def->fields)
			continue;
		walk(c, p->def->fields, p->def->nr_fields, p->snap,
		     *(const double *)((const char *)p->snap + p->def->snap_interval),
		     p->cumulative, &none);
	}
	for (k = 0; k < c->st->nr; k++) {
		struct family *fam = c->st->fams[k];
		struct sbuf b = { 0 };

		if (!fam->dropped)
			continue;
		add_label(&b, "family", fam->name);
		if (!b.err)
			set_gauge(c, c->dropped, &b, fam->dropped);
		sbuf_free(&b);
	}
	/* the build info is as old as cvtop */
	for (k = 0; k < c->build->nr; k++)
		c->build->series[k]->seen_s = now_s, c->build->series[k]->seen_gen = c->st->gen;
	store_expire(c->st);
}

void collect_free(struct collect *c)
{
	free(c->map);
	memset(c, 0, sizeof(*c));
}
