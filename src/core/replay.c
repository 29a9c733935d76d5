// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "fileio.h"
#include "host.h"
#include "jsondom.h"
#include "identity.h"
#include "pane.h"
#include "replay.h"

#define REPLAY_MAX (1ULL << 30)

/* a line is a snapshot when it parses and has a "panes" object */
static bool good_snapshot(const char *line, size_t len, char *why, size_t why_len)
{
	struct jv_arena *a;
	struct jv *v;
	bool ok;
	int err;

	v = jv_parse(line, len, &a, &err);
	if (!v) {
		snprintf(why, why_len, "not valid JSON (cut short or damaged)");
		return false;
	}
	ok = jv_get(v, "panes") && jv_get(v, "panes")->type == JV_OBJECT;
	if (!ok)
		snprintf(why, why_len, "not a cvtop snapshot (no \"panes\")");
	jv_arena_free(a);
	return ok;
}

int replay_open(const char *path, struct replay *r)
{
	size_t pos = 0, line = 0, cap = 0;
	int err;

	memset(r, 0, sizeof(*r));
	err = file_read_all(path, 0, REPLAY_MAX, &r->buf, &r->len, NULL);
	if (err)
		return err;
	while (pos < r->len) {
		char *nl = memchr(r->buf + pos, '\n', r->len - pos);
		size_t end = nl ? (size_t)(nl - r->buf) : r->len;

		line++;
		if (end == pos) { /* blank line */
			pos = end + 1;
			continue;
		}
		if (!nl) {
			snprintf(r->stopped_why, sizeof(r->stopped_why),
				 "the last line is cut short");
			r->stopped_line = line;
			break;
		}
		if (!good_snapshot(r->buf + pos, end - pos, r->stopped_why,
				   sizeof(r->stopped_why))) {
			r->stopped_line = line;
			break;
		}
		if (r->nr == cap) {
			size_t *s, *l;

			cap = cap ? cap * 2 : 64;
			s = realloc(r->starts, cap * sizeof(*s));
			if (s)
				r->starts = s;
			l = realloc(r->lens, cap * sizeof(*l));
			if (l)
				r->lens = l;
			if (!s || !l)
				return -ENOMEM;
		}
		r->starts[r->nr] = pos;
		r->lens[r->nr++] = end - pos;
		pos = end + 1;
	}
	return r->nr ? 0 : -EINVAL;
}

void replay_close(struct replay *r)
{
	jv_arena_free(r->arena);
	free(r->buf);
	free(r->starts);
	free(r->lens);
	memset(r, 0, sizeof(*r));
}

static void read_head(struct pane *p, const struct jv *obj)
{
	const char *status = jv_str(jv_get(obj, "status"), "unavailable");

	p->status = strcmp(status, "ok") ? PANE_UNAVAILABLE : PANE_OK;
	snprintf(p->reason, sizeof(p->reason), "%s",
		 jv_str(jv_get(obj, "reason"), obj ? "" : "not in this recording"));
	snprintf(p->method, sizeof(p->method), "%s", jv_str(jv_get(obj, "method"), "?"));
	p->untracked = jv_u64(jv_get(obj, "untracked"), 0);
}

int replay_show(struct replay *r, size_t i, struct pane *panes)
{
	const struct jv *root, *all;
	struct jv_arena *a;
	int err, k;

	if (i >= r->nr)
		return -ERANGE;
	root = jv_parse(r->buf + r->starts[i], r->lens[i], &a, &err);
	if (!root)
		return err;
	jv_undisplay_strings(root);
	all = jv_get(root, "panes");
	r->interval_s = jv_num(jv_get(root, "interval_s"), 1.0);
	/* the host's pressure, when the recording has it (else "-") */
	host_read_json(jv_get(root, "host"));
	for (k = 0; k < nr_pane_defs; k++) {
		struct pane *p = &panes[k];
		const struct jv *obj = jv_get(all, p->def->key);

		read_head(p, obj);
		p->elapsed_s = jv_num(jv_get(obj, "cumulative_s"), 0);
		p->cumulative = p->elapsed_s > 0;
		if (p->status == PANE_OK) {
			err = pane_schema_read_json(
				p, obj, p->cumulative ? p->elapsed_s : r->interval_s, &a);
			if (err)
				pane_set_unavailable(p, "recorded data unreadable: %s",
						     strerror(-err));
		}
		p->generation += 2; /* past the UI's baseline */
	}
	/* the previous snapshot's strings were in the old arena */
	jv_arena_free(r->arena);
	r->arena = a;
	snprintf(r->time, sizeof(r->time), "%s", jv_str(jv_get(root, "time"), "?"));
	return 0;
}

void panes_open_replay(struct pane *panes)
{
	int i;

	for (i = 0; i < nr_pane_defs; i++) {
		memset(&panes[i], 0, sizeof(panes[i]));
		panes[i].def = pane_defs[i];
		pane_set_unavailable(&panes[i], "not in this recording");
	}
}

static enum cg_runtime runtime_of(const char *name)
{
	int rt;

	for (rt = RT_HOST; rt <= RT_KUBERNETES; rt++) {
		if (!strcmp(identity_runtime_name(rt), name))
			return rt;
	}
	return RT_HOST;
}

void replay_identity(const struct jv *row, struct cg_identity *id)
{
	const struct jv *k8s = jv_get(row, "kubernetes");

	id->runtime = runtime_of(jv_str(jv_get(row, "runtime"), "host"));
	id->container = jv_bool(jv_get(row, "container"), false);
	snprintf(id->name, sizeof(id->name), "%s", jv_str(jv_get(row, "name"), "?"));
	snprintf(id->id, sizeof(id->id), "%s", jv_str(jv_get(row, "container_id"), ""));
	/* a monitor is recorded as a non-container with an id */
	id->helper = !id->container && id->id[0] && id->runtime != RT_HOST;
	if (id->helper)
		id->container = true;
	snprintf(id->pod_uid, sizeof(id->pod_uid), "%s", jv_str(jv_get(k8s, "pod_uid"), ""));
	snprintf(id->k8s_namespace, sizeof(id->k8s_namespace), "%s",
		 jv_str(jv_get(k8s, "namespace"), ""));
	snprintf(id->k8s_pod, sizeof(id->k8s_pod), "%s", jv_str(jv_get(k8s, "pod"), ""));
	snprintf(id->k8s_container, sizeof(id->k8s_container), "%s",
		 jv_str(jv_get(k8s, "container"), ""));
}
