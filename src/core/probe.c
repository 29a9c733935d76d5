// SPDX-License-Identifier: GPL-2.0
/* Choosing each pane's hook by really loading and attaching it. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
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

/*
 * A mechanism the kernel refused as such, whatever the function: fentry and
 * fexit programs the kernel will not load (EPERM: lockdown, a BPF LSM), and
 * kprobes when the kernel has no kprobe PMU to attach them with. Once one
 * pane has really tried it, the others skip it and say why: each failed
 * attempt costs a load (and libbpf a parse of the kernel BTF).
 */
enum mechanism {
	MECH_NONE = -1,
	MECH_TRACING,
	MECH_KPROBE,
	NR_MECH,
};

static char refused[NR_MECH][160];

static enum mechanism mechanism_of(const char *hook)
{
	if (!strcmp(hook, "fentry") || !strcmp(hook, "fexit"))
		return MECH_TRACING;
	if (!strcmp(hook, "kprobe"))
		return MECH_KPROBE;
	return MECH_NONE;
}

void probe_note_failure(const char *pane, const struct hook_attempt *h)
{
	enum mechanism m = mechanism_of(h->name);
	bool as_such;

	if (m == MECH_TRACING)
		as_such = h->err == -EPERM && !strncmp(h->why, "load:", 5);
	else if (m == MECH_KPROBE)
		as_such = access("/sys/bus/event_source/devices/kprobe/type", F_OK) != 0;
	else
		return;
	if (as_such && !refused[m][0])
		snprintf(refused[m], sizeof(refused[m]), "%s failed for %s: %.120s", h->name, pane,
			 h->why);
}

void probe_forget_refusals(void)
{
	memset(refused, 0, sizeof(refused));
}

bool probe_refused(const char *hook, char *why, size_t why_len)
{
	enum mechanism m = mechanism_of(hook);

	if (m == MECH_NONE || !refused[m][0])
		return false;
	snprintf(why, why_len, "skipped: %.150s", refused[m]);
	return true;
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
		if (probe_refused(h->name, h->why, sizeof(h->why)))
			continue;
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
		probe_note_failure(p->def->key, h);
		log_msg("%s: %s unusable: %s\n", p->def->key, h->name, h->why);
		if (used < sizeof(summary))
			used += snprintf(summary + used, sizeof(summary) - used, "%s%s: %s",
					 used ? "; " : "", h->name, h->why);
	}
	pane_set_unavailable(p, "%s", summary[0] ? summary : "no hook to try");
	return -1;
}
