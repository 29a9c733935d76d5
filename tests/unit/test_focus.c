// SPDX-License-Identifier: GPL-2.0
/* One container or VM across every pane: identities, matching, the
 * overview's order, and the heatmaps' history of histograms. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "focus.h"
#include "heatring.h"
#include "schema.h"
#include "suffer.h"
#include "table.h"

/* a pane-1-like row: identity, a figure, a histogram */
struct crow {
	uint64_t wait;
	const char *path;
	const struct cg_identity *ident;
	uint64_t hist[HEAT_SLOTS];
};

static const struct ident_offsets c_ident = {
	.ident = offsetof(struct crow, ident),
	.path = offsetof(struct crow, path),
};

static const char *c_name(const void *r)
{
	return ((const struct crow *)r)->path;
}

static const struct field c_fields[] = {
	{ .type = FT_IDENTITY, .ident = &c_ident },
	{ .key = "wait",
	  .type = FT_U64,
	  .off = offsetof(struct crow, wait),
	  .col = 1,
	  .header = "WAIT",
	  .width = 6,
	  .fmt = FMT_NS },
	{ .type = FT_NONE,
	  .ident = &c_ident,
	  .col = 2,
	  .header = "NAME",
	  .width = 10,
	  .flags = FF_LEFT | FF_FLEX,
	  .format = ident_format_name,
	  .compare = ident_compare_name },
	{ .key = "hist", .type = FT_HIST, .off = offsetof(struct crow, hist), .nr = HEAT_SLOTS },
};

static const struct table_def c_def = {
	.name = "test.c",
	.row_size = sizeof(struct crow),
	.fields = c_fields,
	.nr_fields = NR_FIELDS(c_fields),
	.default_sort = 1,
	.default_desc = true,
	.row_name = c_name,
};

/* a pane-2-like row: another layout, the same identities, no histogram */
struct trow {
	double pct;
	const struct cg_identity *ident;
	const char *path;
};

static const struct ident_offsets t_ident = {
	.ident = offsetof(struct trow, ident),
	.path = offsetof(struct trow, path),
};

static const struct field t_fields[] = {
	{ .key = "pct",
	  .type = FT_DOUBLE,
	  .off = offsetof(struct trow, pct),
	  .col = 1,
	  .header = "THR%",
	  .width = 6,
	  .fmt = FMT_FIXED,
	  .prec = 1 },
	{ .type = FT_IDENTITY, .ident = &t_ident },
};

static const struct table_def t_def = {
	.name = "test.t",
	.row_size = sizeof(struct trow),
	.fields = t_fields,
	.nr_fields = NR_FIELDS(t_fields),
	.default_sort = 1,
	.default_desc = true,
};

/* a pane-5-like row: a VM by its pid (0: all VMs), two histograms in objects */
struct dir {
	uint64_t hist[HEAT_SLOTS];
};

struct vrow {
	int pid;
	const char *vm;
	uint64_t exits;
	char key[32];
	struct dir d[2];
};

static const char *v_name(const void *r)
{
	return ((const struct vrow *)r)->key;
}

static const struct field dir_fields[] = {
	{ .key = "hist", .type = FT_HIST, .off = offsetof(struct dir, hist), .nr = HEAT_SLOTS },
};

static const struct field v_fields[] = {
	{ .key = "pid", .type = FT_INT, .off = offsetof(struct vrow, pid) },
	{ .key = "vm",
	  .type = FT_STR,
	  .off = offsetof(struct vrow, vm),
	  .col = 2,
	  .header = "VM",
	  .width = 8,
	  .flags = FF_LEFT | FF_FLEX },
	{ .key = "exits",
	  .type = FT_U64,
	  .off = offsetof(struct vrow, exits),
	  .col = 1,
	  .header = "EXITS",
	  .width = 6 },
	{ .key = "read",
	  .type = FT_OBJECT,
	  .off = offsetof(struct vrow, d[0]),
	  .sub = dir_fields,
	  .nr_sub = 1 },
	{ .key = "write",
	  .type = FT_OBJECT,
	  .off = offsetof(struct vrow, d[1]),
	  .sub = dir_fields,
	  .nr_sub = 1 },
};

static const struct table_def v_def = {
	.name = "test.v",
	.row_size = sizeof(struct vrow),
	.fields = v_fields,
	.nr_fields = NR_FIELDS(v_fields),
	.default_sort = 1,
	.default_desc = true,
	.row_name = v_name,
};

static struct cg_identity web = {
	.runtime = RT_PODMAN,
	.container = true,
	.id = "0c62b1efb9ea00000000000000000000000000000000000000000000000000aa",
	.name = "web"
};
/* same name, another container: never confused with the first */
static struct cg_identity web2 = {
	.runtime = RT_DOCKER,
	.container = true,
	.id = "99990000000000000000000000000000000000000000000000000000000000bb",
	.name = "web"
};
static struct cg_identity svc = { .runtime = RT_SERVICE,
				  .unit = "cron.service",
				  .name = "cron.service" };

static void test_container_across_tables(void **state)
{
	struct crow c[3] = {
		{ .wait = 100, .path = "machine.slice/libpod-0c62.scope", .ident = &web },
		{ .wait = 300, .path = "system.slice/docker-9999.scope", .ident = &web2 },
		{ .wait = 50, .path = "system.slice/cron.service", .ident = &svc },
	};
	/* v1 paths differ from v2's: the id matches all the same */
	struct trow tr[3] = {
		{ .pct = 10, .ident = &web, .path = "/machine.slice/libpod-0c62.scope/container" },
		{ .pct = 20, .ident = &web2, .path = "/docker/9999" },
		{ .pct = 30, .ident = &svc, .path = "/system.slice/cron.service" },
	};
	struct table_src ct, tt;
	struct table_filter flt = { 0 };
	struct focus f, g;
	size_t order[3];

	schema_table(&c_def, c, 3, 1, &ct);
	schema_table(&t_def, tr, 3, 1, &tt);
	assert_true(focus_table_has_identity(&ct));
	assert_true(focus_of_row(&f, &ct, &c[0]));
	assert_int_equal(f.kind, FOCUS_CONTAINER);
	assert_string_equal(f.label, "web");
	assert_true(focus_match(&f, &tt, &tr[0]));
	assert_false(focus_match(&f, &tt, &tr[1])); /* the other "web" */
	assert_false(focus_match(&f, &tt, &tr[2]));
	flt.focus = &f;
	assert_int_equal(table_sort(&tt, order, 0, true, &flt), 1);
	assert_int_equal(order[0], 0);
	/* a host cgroup: by its unit, whatever the hierarchy's path */
	assert_true(focus_of_row(&g, &ct, &c[2]));
	assert_int_equal(g.kind, FOCUS_CGROUP);
	assert_true(focus_match(&g, &tt, &tr[2]));
	assert_false(focus_match(&g, &tt, &tr[0]));
	/* no focus: everything */
	g.kind = FOCUS_NONE;
	assert_true(focus_match(&g, &tt, &tr[1]));
}

static void test_cgroup_by_path(void **state)
{
	struct crow c[2] = { { .path = "a/b" }, { .path = "a/c" } };
	struct trow tr[2] = { { .path = "a/b" }, { .path = "a/b/c" } };
	struct table_src ct, tt;
	struct focus f;
	char key[64];

	schema_table(&c_def, c, 2, 1, &ct);
	schema_table(&t_def, tr, 2, 1, &tt);
	assert_true(focus_of_row(&f, &ct, &c[0]));
	assert_int_equal(f.kind, FOCUS_CGROUP);
	assert_string_equal(f.runtime, "host");
	assert_true(focus_match(&f, &tt, &tr[0]));
	assert_false(focus_match(&f, &tt, &tr[1]));
	focus_key(&f, key, sizeof(key));
	assert_string_equal(key, "p:a/b");
}

static void test_vm(void **state)
{
	struct vrow v[3] = {
		{ .pid = 0, .vm = "all VMs", .exits = 900 },
		{ .pid = 42, .vm = "guest", .exits = 600 },
		{ .pid = 43, .vm = "guest", .exits = 300 },
	};
	struct crow c[1] = { { .path = "a", .ident = &web } };
	struct table_src vt, ct;
	struct focus f;
	char what[128];

	schema_table(&v_def, v, 3, 1, &vt);
	schema_table(&c_def, c, 1, 1, &ct);
	assert_false(focus_of_row(&f, &vt, &v[0])); /* all VMs: no one */
	assert_true(focus_of_row(&f, &vt, &v[2]));
	assert_int_equal(f.kind, FOCUS_VM);
	assert_int_equal(f.pid, 43);
	assert_false(focus_match(&f, &vt, &v[0]));
	assert_false(focus_match(&f, &vt, &v[1])); /* same name, another VM */
	assert_true(focus_match(&f, &vt, &v[2]));
	assert_false(focus_match(&f, &ct, &c[0])); /* a container is no VM */
	focus_describe(&f, what, sizeof(what));
	assert_string_equal(what, "VM guest (pid 43)");
}

static void test_table_without_identity(void **state)
{
	static const struct field plain[] = {
		{ .key = "n", .type = FT_U64, .off = 0, .col = 1, .header = "N", .width = 4 },
	};
	static const struct table_def def = { .name = "test.plain",
					      .row_size = sizeof(uint64_t),
					      .fields = plain,
					      .nr_fields = 1,
					      .default_sort = 1 };
	uint64_t rows[2] = { 1, 2 };
	struct focus f = { .kind = FOCUS_VM, .pid = 1 };
	struct table_src t;

	schema_table(&def, rows, 2, 1, &t);
	assert_false(focus_table_has_identity(&t));
	assert_true(focus_match(&f, &t, &rows[0])); /* about the host: shown */
	assert_false(focus_of_row(&f, &t, &rows[0]));
}

static void test_suffer_order(void **state)
{
	static struct cg_identity host = { .runtime = RT_HOST };
	struct crow c[4] = {
		{ .wait = 100000, .path = "p/web", .ident = &web },
		{ .wait = 300000, .path = "d/web2", .ident = &web2 },
		{ .wait = 900000, .path = "/", .ident = &host }, /* host: not listed */
		{ .wait = 200000, .path = "p/web/sub", .ident = &web }, /* web's worst */
	};
	struct trow tr[1] = { { .pct = 50, .ident = &web, .path = "x" } };
	struct vrow v[2] = { { .pid = 0, .vm = "all", .exits = 5 },
			     { .pid = 7, .vm = "vm7", .exits = 5 } };
	struct table_src tables[3];
	struct suffer_list l = { 0 };

	schema_table(&c_def, c, 4, 1, &tables[0]);
	schema_table(&t_def, tr, 1, 1, &tables[1]);
	schema_table(&v_def, v, 2, 1, &tables[2]);
	assert_int_equal(suffer_build(&l, tables, 3), 0);
	assert_int_equal(l.nr, 3);
	/* web: 200/300 + 1 = 1.67; web2: 1; vm7: 1 (then by key: c: < vm:) */
	assert_string_equal(l.rows[0].who.label, "web");
	assert_true(l.rows[0].score > 1.66 && l.rows[0].score < 1.67);
	assert_string_equal(l.rows[0].cell[0], "200us");
	assert_string_equal(l.rows[0].cell[1], "50.0");
	assert_false(l.rows[0].has[2]);
	assert_string_equal(l.rows[1].who.id, web2.id);
	assert_int_equal(l.rows[2].who.kind, FOCUS_VM);
	assert_int_equal(l.rows[2].who.pid, 7);
	assert_string_equal(l.figure[0], "WAIT");
	assert_string_equal(l.figure[2], "EXITS");
	/* rebuilt from nothing: nothing */
	assert_int_equal(suffer_build(&l, tables, 0), 0);
	assert_int_equal(l.nr, 0);
	suffer_free(&l);
}

static void test_heat_ring(void **state)
{
	static struct heat_ring r;
	struct vrow v[2] = { { .pid = 0, .key = "all" }, { .pid = 9, .key = "vm9" } };
	const struct heat_series *s;
	struct table_src t;
	unsigned int i;

	schema_table(&v_def, v, 2, 1, &t);
	assert_true(heat_table_has_hist(&t));
	v[0].d[0].hist[3] = 5; /* read and write summed */
	v[0].d[1].hist[3] = 2;
	v[1].d[0].hist[10] = 4;
	assert_int_equal(heat_ring_feed(&r, &t, NULL), 0);
	memset(v, 0, sizeof(v));
	strcpy(v[0].key, "all");
	strcpy(v[1].key, "vm9");
	v[1].pid = 9;
	v[1].d[1].hist[20] = 1;
	assert_int_equal(heat_ring_feed(&r, &t, NULL), 0);
	assert_int_equal(heat_ring_len(&r), 2);
	s = heat_ring_find(&r, "all");
	assert_non_null(s);
	assert_int_equal(heat_column(&r, s, 1)[3], 7);
	assert_int_equal(heat_column(&r, s, 0)[3], 0);
	assert_null(heat_column(&r, s, 2));
	/* the host: the rows about no one VM */
	s = heat_ring_find(&r, HEAT_HOST);
	assert_non_null(s);
	assert_int_equal(heat_column(&r, s, 1)[3], 7);
	assert_int_equal(heat_column(&r, s, 1)[10], 0);
	s = heat_ring_find(&r, "vm9");
	assert_int_equal(heat_column(&r, s, 0)[20], 1);
	assert_int_equal(heat_column(&r, s, 1)[10], 4);
	/* a series with no samples for a whole window goes */
	for (i = 0; i < HEAT_COLS; i++)
		heat_ring_next(&r);
	assert_int_equal(heat_ring_len(&r), HEAT_COLS);
	assert_null(heat_ring_find(&r, "vm9"));
	heat_ring_clear(&r);
	assert_int_equal(heat_ring_len(&r), 0);
}

static void test_heat_ring_wraps_and_fills(void **state)
{
	static struct heat_ring r;
	uint64_t h[HEAT_SLOTS] = { 0 };
	const struct heat_series *s;
	char key[16];
	unsigned int i;

	for (i = 0; i < HEAT_COLS + 5; i++) {
		heat_ring_next(&r);
		h[0] = i + 1;
		assert_int_equal(heat_ring_add(&r, "a", h, HEAT_SLOTS), 0);
	}
	s = heat_ring_find(&r, "a");
	assert_int_equal(heat_column(&r, s, 0)[0], HEAT_COLS + 5);
	assert_int_equal(heat_column(&r, s, HEAT_COLS - 1)[0], 6);
	/* every series busy in this interval: the next row is not kept */
	for (i = 1; i < HEAT_MAX_SERIES; i++) {
		snprintf(key, sizeof(key), "k%u", i);
		assert_int_equal(heat_ring_add(&r, key, h, HEAT_SLOTS), 0);
	}
	assert_int_equal(heat_ring_add(&r, "one more", h, HEAT_SLOTS), -ENOSPC);
	/* the next interval: the least recently busy makes room */
	heat_ring_next(&r);
	assert_int_equal(heat_ring_add(&r, "one more", h, HEAT_SLOTS), 0);
	assert_non_null(heat_ring_find(&r, "one more"));
	/* a count past 32 bits saturates */
	h[1] = UINT64_MAX / 2;
	assert_int_equal(heat_ring_add(&r, "one more", h, HEAT_SLOTS), 0);
	s = heat_ring_find(&r, "one more");
	assert_int_equal(heat_column(&r, s, 0)[1], UINT32_MAX);
	heat_ring_clear(&r);
}

/* More busy rows than series: the selected one is kept all the same. */
static void test_heat_ring_keeps_the_selected(void **state)
{
	static struct heat_ring r;
	static struct vrow v[HEAT_MAX_SERIES + 10];
	struct table_src t;
	size_t i;
	int k;

	for (i = 0; i < HEAT_MAX_SERIES + 10; i++) {
		v[i].pid = i ? 1 : 0; /* the first is of all VMs: the host's */
		snprintf(v[i].key, sizeof(v[i].key), "row%zu", i);
		v[i].d[0].hist[2] = 1;
	}
	schema_table(&v_def, v, HEAT_MAX_SERIES + 10, 1, &t);
	assert_int_equal(heat_ring_feed(&r, &t, NULL), -ENOSPC);
	assert_null(heat_ring_find(&r, "row137"));
	for (k = 0; k < 3; k++)
		assert_int_equal(heat_ring_feed(&r, &t, "row137"), -ENOSPC);
	assert_non_null(heat_ring_find(&r, "row137"));
	assert_int_equal(heat_column(&r, heat_ring_find(&r, "row137"), 0)[2], 1);
	/* the host's is never the one to go */
	assert_non_null(heat_ring_find(&r, HEAT_HOST));
	heat_ring_clear(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_container_across_tables),
		cmocka_unit_test(test_cgroup_by_path),
		cmocka_unit_test(test_vm),
		cmocka_unit_test(test_table_without_identity),
		cmocka_unit_test(test_suffer_order),
		cmocka_unit_test(test_heat_ring),
		cmocka_unit_test(test_heat_ring_wraps_and_fills),
		cmocka_unit_test(test_heat_ring_keeps_the_selected),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
