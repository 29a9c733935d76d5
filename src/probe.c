// SPDX-License-Identifier: GPL-2.0
/* Choosing each pane's hook by really loading and attaching it. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "log.h"
#include "pane.h"

/* --hook PANE=NAME: what the operator forced, for testing fallbacks */
static char forced[8][64];
static int nr_forced;

int probe_force(const char *spec)
{
	const char *eq = strchr(spec, '=');

	if (!eq || eq == spec || !eq[1] || strlen(spec) >= sizeof(forced[0]))
		return -EINVAL;
	if (nr_forced == (int)(sizeof(forced) / sizeof(forced[0])))
		return -E2BIG;
	snprintf(forced[nr_forced++], sizeof(forced[0]), "%s", spec);
	return 0;
}

/* NULL when nothing is forced for @pane, else the forced hook's name */
static const char *forced_hook(const char *pane)
{
	size_t len = strlen(pane);
	int i;

	for (i = 0; i < nr_forced; i++) {
		if (!strncmp(forced[i], pane, len) && forced[i][len] == '=')
			return forced[i] + len + 1;
	}
	return NULL;
}

void pane_set_unavailable(struct pane *p, const char *fmt, ...)
{
	va_list ap;

	p->status = PANE_UNAVAILABLE;
	va_start(ap, fmt);
	vsnprintf(p->reason, sizeof(p->reason), fmt, ap);
	va_end(ap);
}

static void describe_failure(struct hook_attempt *h, int err, const char *why)
{
	const char *libbpf_line = log_last_error();

	h->err = err;
	if (why[0])
		return;
	if (libbpf_line[0])
		snprintf(h->why, sizeof(h->why), "%s (%s)", strerror(-err), libbpf_line);
	else
		snprintf(h->why, sizeof(h->why), "%s", strerror(-err));
}

int probe_choose(struct pane *p, const struct hook_choice *choices, int nr)
{
	const char *force = forced_hook(p->def->key);
	char summary[sizeof(p->reason)] = "";
	size_t used = 0;
	int i, err;

	p->nr_hooks = nr < PANE_MAX_HOOKS ? nr : PANE_MAX_HOOKS;
	for (i = 0; i < p->nr_hooks; i++) {
		p->hooks[i] =
			(struct hook_attempt){ .name = choices[i].name, .what = choices[i].what };
	}
	for (i = 0; i < p->nr_hooks; i++) {
		struct hook_attempt *h = &p->hooks[i];

		if (force && strcmp(force, h->name)) {
			snprintf(h->why, sizeof(h->why), "skipped: --hook %s=%s", p->def->key,
				 force);
			continue;
		}
		log_mark();
		h->tried = true;
		err = choices[i].try_attach(p, i, h->why, sizeof(h->why));
		if (!err) {
			h->chosen = true;
			p->status = PANE_OK;
			snprintf(p->method, sizeof(p->method), "%s: %s", h->name, h->what);
			log_msg("%s: using %s (%s)\n", p->def->key, h->name, h->what);
			return i;
		}
		describe_failure(h, err, h->why);
		log_msg("%s: %s unusable: %s\n", p->def->key, h->name, h->why);
		if (used < sizeof(summary))
			used += snprintf(summary + used, sizeof(summary) - used, "%s%s: %s",
					 used ? "; " : "", h->name, h->why);
	}
	pane_set_unavailable(p, "%s", summary[0] ? summary : "no hook to try");
	return -1;
}
