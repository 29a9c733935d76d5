// SPDX-License-Identifier: GPL-2.0
/*
 * Every pane's field schema round trip, without root: a snapshot filled with
 * varied values (hostile strings, absent values, unlimited limits, empty
 * tables) -> JSON -> the replay reader -> JSON again, identical; and every
 * snapshot of the fixture recordings read and written back byte for byte.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fileio.h"
#include "identity.h"
#include "json.h"
#include "jsondom.h"
#include "pane.h"
#include "schema.h"

/* everything the filler allocates, freed at the end of a test */
static void *allocs[100000];
static int nr_allocs;

static void *test_alloc(size_t n)
{
	void *p = calloc(1, n);

	assert_non_null(p);
	assert_true(nr_allocs < (int)(sizeof(allocs) / sizeof(allocs[0])));
	allocs[nr_allocs++] = p;
	return p;
}

static void free_allocs(void)
{
	while (nr_allocs)
		free(allocs[--nr_allocs]);
}

static uint64_t seed = 88172645463325252ull;

static uint64_t rnd(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

static const char *const strings[] = {
	"web-1",
	"",
	"a \"quoted\"\nname\\",
	"\x1b[31mred\x1b[0m",
	"bad utf8 \xff\xfe",
	"/libpod_parent/libpod-0123456789abcdef",
	"caf\xc3\xa9",
};

static const char *any_string(void)
{
	return strings[rnd() % (sizeof(strings) / sizeof(strings[0]))];
}

static void fill(const struct field *fields, int nr, void *s, int depth);

static void fill_identity(const struct field *f, void *s)
{
	const struct ident_offsets *o = f->ident;
	struct cg_identity *id = NULL;
	char *base = s;

	if (rnd() % 4) {
		id = test_alloc(sizeof(*id));
		id->runtime = rnd() % (RT_KUBERNETES + 1);
		id->container = rnd() % 2;
		snprintf(id->id, sizeof(id->id), "%s", rnd() % 2 ? "0123456789abcdef" : "");
		snprintf(id->name, sizeof(id->name), "%s", any_string());
		if (rnd() % 2) {
			snprintf(id->pod_uid, sizeof(id->pod_uid), "1234-5678");
			snprintf(id->k8s_namespace, sizeof(id->k8s_namespace), "%s", any_string());
			snprintf(id->k8s_pod, sizeof(id->k8s_pod), "%s", any_string());
		}
	}
	*(const struct cg_identity **)(base + o->ident) = id;
	*(const char **)(base + o->path) = any_string();
	if (o->has_cgroup_id)
		*(uint64_t *)(base + o->cgroup_id) = rnd() % 3 ? rnd() : 0;
	if (o->has_gone)
		*(bool *)(base + o->gone) = rnd() % 2;
}

static void fill_field(const struct field *f, void *s, int depth)
{
	char *p = (char *)s + f->off;
	size_t i, n;

	if (f->present)
		*((bool *)s + f->present - 1) = rnd() % 4 != 0;
	if (f->derive || f->derive_str) /* made of other fields */
		return;
	switch (f->type) {
	case FT_U64:
		*(uint64_t *)p = f->flags & FF_NULL_MAX && rnd() % 3 == 0 ? UINT64_MAX
				 : rnd() % 2				  ? rnd()
									  : rnd() % 1000;
		break;
	case FT_U32:
		*(uint32_t *)p = (uint32_t)rnd();
		break;
	case FT_INT:
		*(int *)p = (int)(rnd() % 2000) - 1000;
		break;
	case FT_DOUBLE:
		/* values the decimals written keep exactly */
		*(double *)p = (double)(rnd() % 100000) / 4;
		break;
	case FT_BOOL:
		*(bool *)p = rnd() % 2;
		break;
	case FT_STR:
		*(const char **)p = rnd() % 5 ? any_string() : NULL;
		break;
	case FT_CHARS:
	case FT_STATUS: /* its reason */
		snprintf(p, f->nr, "%s", any_string());
		break;
	case FT_HIST:
		for (i = 0; i < f->nr; i++)
			((uint64_t *)p)[i] = i < rnd() % (f->nr + 1) ? rnd() % 5000 : 0;
		break;
	case FT_DEVNO:
		*(unsigned int *)p = rnd() % 300;
		*(unsigned int *)((char *)s + f->off2) = rnd() % 300;
		break;
	case FT_OBJECT:
		fill(f->sub, f->nr_sub, p, depth);
		break;
	case FT_TABLE:
		n = depth > 2 ? 0 : rnd() % 6;
		*(void **)p = test_alloc((n + 1) * f->table->row_size);
		*(size_t *)((char *)s + f->count) = n;
		for (i = 0; i < n; i++)
			fill(f->table->fields, f->table->nr_fields,
			     *(char **)p + i * f->table->row_size, depth + 1);
		break;
	case FT_IDENTITY:
		fill_identity(f, s);
		break;
	default:
		break;
	}
}

static void fill(const struct field *fields, int nr, void *s, int depth)
{
	int i;

	for (i = 0; i < nr; i++)
		fill_field(&fields[i], s, depth);
}

/* the pane's JSON object, in a malloc'd string */
static char *pane_json(const struct pane *p)
{
	struct json_writer *jw;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	jw = jw_new(f);
	assert_non_null(jw);
	pane_schema_write_json(jw, p);
	assert_true(jw_balanced(jw));
	jw_free(jw);
	fclose(f);
	return buf;
}

/* @json read back by the pane's reader and written again: the same text */
static void assert_reads_back(struct pane *p, const char *json, double iv)
{
	struct jv_arena *a = NULL;
	const struct jv *obj;
	char *again;
	int err;

	obj = jv_parse(json, strlen(json), &a, &err);
	assert_non_null(obj);
	jv_undisplay_strings(obj); /* as replay does */
	assert_int_equal(pane_schema_read_json(p, obj, iv, &a), 0);
	again = pane_json(p);
	if (strcmp(again, json)) {
		size_t i = 0;

		while (again[i] == json[i])
			i++;
		i = i > 80 ? i - 80 : 0;
		print_error("written: ...%.200s\nread back: ...%.200s\n", json + i, again + i);
	}
	assert_string_equal(again, json);
	free(again);
	jv_arena_free(a);
}

static void test_every_field_round_trips(void **state)
{
	int i, round, nr = 0;

	for (i = 0; i < nr_pane_defs; i++) {
		const struct pane_def *def = pane_defs[i];
		struct pane p = { .def = def, .status = PANE_OK };

		if (!def->fields)
			continue;
		snprintf(p.method, sizeof(p.method), "test");
		for (round = 0; round < 200; round++) {
			void *snap = test_alloc(def->snap_size);
			char *json;

			*(double *)((char *)snap + def->snap_interval) = round % 3 ? 1.5 : 0.25;
			fill(def->fields, def->nr_fields, snap, 0);
			p.snap = snap;
			json = pane_json(&p);
			assert_reads_back(&p, json, round % 3 ? 1.5 : 0.25);
			free(json);
			free_allocs();
		}
		nr++;
	}
	/* every pane has its schema */
	assert_int_equal(nr, nr_pane_defs);
}

/* the pane objects of a recorded line, as written: from "\"key\":{" to its end */
static char *pane_text(const char *line, const char *key)
{
	char pat[64];
	const char *start, *q;
	int depth = 0;
	bool in_str = false;

	snprintf(pat, sizeof(pat), "\"%s\":{", key);
	start = strstr(line, pat);
	if (!start)
		return NULL;
	start += strlen(pat) - 1;
	for (q = start; *q; q++) {
		if (in_str) {
			if (*q == '\\')
				q++;
			else if (*q == '"')
				in_str = false;
		} else if (*q == '"') {
			in_str = true;
		} else if (*q == '{') {
			depth++;
		} else if (*q == '}' && --depth == 0) {
			return strndup(start, q - start + 1);
		}
	}
	return NULL;
}

static void test_fixtures_read_back(void **state)
{
	const char *dir = getenv("CVTOP_FIXTURES") ?: "tests/fixtures";
	const char *recs[] = { "all-panes-6.18.jsonl", "throttle-devices-6.18.jsonl",
			       "kvm-nested-6.12-cumulative.jsonl" };
	size_t r, nr_checked = 0;
	int i;

	for (r = 0; r < sizeof(recs) / sizeof(recs[0]); r++) {
		char path[512], *buf = NULL, *line, *save = NULL;
		size_t len;

		snprintf(path, sizeof(path), "%s/recordings/%s", dir, recs[r]);
		assert_int_equal(file_read_all(path, 0, 64 << 20, &buf, &len, NULL), 0);
		for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			struct jv_arena *la = NULL;
			const struct jv *root = jv_parse(line, strlen(line), &la, &i);
			double iv = jv_num(jv_get(root, "interval_s"), 1.0);

			assert_non_null(root);
			jv_arena_free(la);
			for (i = 0; i < nr_pane_defs; i++) {
				struct pane p = { .def = pane_defs[i], .status = PANE_OK };
				struct jv_arena *a = NULL;
				const struct jv *obj;
				char *text;
				int err;

				text = pane_text(line, p.def->key);
				if (!p.def->fields || !text || !strstr(text, "\"status\":\"ok\"")) {
					free(text);
					continue;
				}
				obj = jv_parse(text, strlen(text), &a, &err);
				assert_non_null(obj);
				snprintf(p.method, sizeof(p.method), "%s",
					 jv_str(jv_get(obj, "method"), ""));
				p.elapsed_s = jv_num(jv_get(obj, "cumulative_s"), 0);
				p.cumulative = p.elapsed_s > 0;
				assert_reads_back(&p, text, p.cumulative ? p.elapsed_s : iv);
				jv_arena_free(a);
				free(text);
				nr_checked++;
			}
		}
		free(buf);
	}
	assert_true(nr_checked >= 9);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_field_round_trips),
		cmocka_unit_test(test_fixtures_read_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
