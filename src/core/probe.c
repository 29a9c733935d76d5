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

void probe_refuse(const char *hook, const char *who, const char *why)
{
	enum mechanism m = mechanism_of(hook);

	if (m != MECH_NONE && !refused[m][0])
		snprintf(refused[m], sizeof(refused[m]), "%s failed for %s: %.100s", hook, who,
			 why);
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

/* What a choice among hooks is about: the pane itself or an optional part. */
struct choice_ctx {
	const char *force; /* the one hook --hook allows, or NULL */
	const char *force_spec; /* how the operator said it */
	const char *label; /* after the hook's name in the reason: "kvm_steal_clock" */
	bool summarize_refused; /* a mechanism refused earlier is said in the reason */
	char *summary; /* every failure, "; "-separated */
	size_t summary_len;
};

/*
 * Tries @choices in order, recording each in @p->hooks from @first on, until
 * one loads and attaches. Returns its index, or -1 with @c->summary filled.
 */
static int choose(struct pane *p, const struct hook_choice *choices, int nr, int first,
		  const struct choice_ctx *c)
{
	size_t used = 0;
	int i, err;

	for (i = 0; i < nr && first + i < PANE_MAX_HOOKS; i++) {
		struct hook_attempt *h = &p->hooks[first + i];

		p->nr_hooks = first + i + 1;
		*h = (struct hook_attempt){ .name = choices[i].name, .what = choices[i].what };
		if (c->force && strcmp(c->force, h->name)) {
			snprintf(h->why, sizeof(h->why), "skipped: --hook %s", c->force_spec);
			continue;
		}
		if (probe_refused(h->name, h->why, sizeof(h->why))) {
			if (!c->summarize_refused)
				continue;
		} else {
			log_mark();
			h->tried = true;
			err = choices[i].try_attach(p, i, h->why, sizeof(h->why));
			if (!err) {
				h->chosen = true;
				log_msg("%s: using %s (%s)\n", p->def->key, h->name, h->what);
				/* the rest are listed as not tried */
				for (i++; i < nr && first + i < PANE_MAX_HOOKS; i++)
					p->hooks[p->nr_hooks++] =
						(struct hook_attempt){ .name = choices[i].name,
								       .what = choices[i].what };
				return h - p->hooks - first;
			}
			describe_failure(h, err, h->why);
			probe_note_failure(p->def->key, h);
			log_msg("%s: %s unusable: %s\n", p->def->key, h->name, h->why);
		}
		if (used < c->summary_len)
			used += snprintf(c->summary + used, c->summary_len - used, "%s%s%s%s: %s",
					 used ? "; " : "", h->name, c->label ? " " : "",
					 c->label ?: "", h->why);
	}
	return -1;
}

int probe_choose(struct pane *p, const struct hook_choice *choices, int nr)
{
	char summary[sizeof(p->reason)] = "", spec[80];
	size_t used;
	bool tried;
	struct choice_ctx c = { .force = forced_hook(p->def->key),
				.force_spec = spec,
				.summary = summary,
				.summary_len = sizeof(summary) };
	int i;

	snprintf(spec, sizeof(spec), "%s=%s", p->def->key, c.force ?: "");
	i = choose(p, choices, nr, 0, &c);
	if (i >= 0) {
		p->status = PANE_OK;
		snprintf(p->method, sizeof(p->method), "%s: %s", choices[i].name, choices[i].what);
		return i;
	}
	/* every hook skipped (refused before, or not the one forced): why */
	tried = summary[0];
	for (i = 0, used = 0; !tried && i < p->nr_hooks && used < sizeof(summary); i++) {
		if (c.force && strcmp(c.force, p->hooks[i].name))
			continue;
		used += snprintf(summary + used, sizeof(summary) - used, "%s%s: %s",
				 used ? "; " : "", p->hooks[i].name, p->hooks[i].why);
	}
	pane_set_unavailable(p, "%s", summary[0] ? summary : "no hook to try");
	return -1;
}

int probe_choose_part(struct pane *p, const struct part_choice *part, char *method, size_t mlen,
		      char *reason, size_t rlen)
{
	char key[64], spec[96];
	struct choice_ctx c = { .label = part->label,
				.summarize_refused = true,
				.force_spec = spec,
				.summary = reason,
				.summary_len = rlen };
	int first = p->nr_hooks, i;

	/* --hook PANE.PART=HOOK, else what --hook PANE=HOOK says of the pane */
	snprintf(key, sizeof(key), "%s.%s", p->def->key, part->name);
	c.force = forced_hook(key);
	if (!c.force) {
		snprintf(key, sizeof(key), "%s", p->def->key);
		c.force = forced_hook(key);
	}
	snprintf(spec, sizeof(spec), "%s=%s", key, c.force ?: "");
	reason[0] = method[0] = '\0';
	if (part->absent) {
		for (i = 0; i < part->nr && first + i < PANE_MAX_HOOKS; i++) {
			p->hooks[p->nr_hooks++] =
				(struct hook_attempt){ .name = part->choices[i].name,
						       .what = part->choices[i].what };
			snprintf(p->hooks[first + i].why, sizeof(p->hooks[first + i].why),
				 "skipped: %s", part->absent_short);
		}
		snprintf(reason, rlen, "%s", part->absent);
		return -1;
	}
	i = choose(p, part->choices, part->nr, first, &c);
	if (i >= 0)
		snprintf(method, mlen, "%s: %s", part->choices[i].name,
			 part->label ?: part->choices[i].what);
	else if (!reason[0])
		snprintf(reason, rlen, "no hook to try");
	return i;
}
