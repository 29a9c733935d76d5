/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_PANE_H
#define CVTOP_PANE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct json_writer;
struct jv;
struct jv_arena;
struct table_src;
struct field;
struct view;
struct pane;

/* a pane's hooks and those of its optional parts */
#define PANE_MAX_HOOKS 12

enum pane_status {
	PANE_OK,
	PANE_UNAVAILABLE,
};

/* One way a pane can attach, and what happened when cvtop tried it. */
struct hook_attempt {
	const char *name; /* "tp_btf", "raw_tp", "tracepoint", "fentry", ... */
	const char *what; /* what it attaches to */
	bool tried;
	bool chosen;
	int err; /* -errno of the failed load or attach */
	char why[200]; /* why it failed or was skipped */
};

/* One hook a collector offers, in its order of preference. */
struct hook_choice {
	const char *name;
	const char *what;
	/* Loads and attaches; 0 or -errno. May fill @why on failure. */
	int (*try_attach)(struct pane *p, int index, char *why, size_t why_len);
};

struct collector_ops {
	/* Chooses a hook and attaches; a pane that cannot run is marked
	 * unavailable with a reason and still returns 0. -errno only for
	 * errors that should stop cvtop (out of memory). */
	int (*open)(struct pane *p);
	/* Reads the kernel's counters and fills the snapshot for the
	 * @interval_s seconds since the last refresh, or, when
	 * p->cumulative, for everything counted since the collector started
	 * (@interval_s is then p->elapsed_s). */
	int (*refresh)(struct pane *p, double interval_s);
	void (*close)(struct pane *p);
	/* Optional: bumps the refresh epoch its programs write to. Every
	 * pane's is closed first, then one wait for the programs that saw the
	 * old epochs (an RCU grace period for all panes: seconds on a
	 * saturated machine), then each refresh reads its closed epoch. */
	void (*close_epoch)(struct pane *p);
};

/* How the UI draws a pane (ui/<pane>.c); opaque here: no curses in src/. */
struct pane_view;

/*
 * What a pane is: each pane's folder under src/ exports one of these, and
 * src/core/panes.c lists them in the order of the tabs.
 */
struct pane_def {
	const char *key; /* batch key: "cpu", "throttle", ... */
	const char *title; /* "CPU contention" */
	const char *short_title; /* "CPU", for narrow screens */
	const char *help; /* the help screen's first line about it */
	const char *help_more; /* and its last, after the columns' lines */
	const char *not_built; /* reason shown while the pane has no collector */
	const struct collector_ops *collector;
	/* The snapshot's field schema: JSON, replay, text and columns derive
	 * from it (schema.h); @snap_size bytes, its interval_s at
	 * @snap_interval; @main_table is the FT_TABLE field the UI sorts. */
	const struct field *fields;
	int nr_fields;
	size_t snap_size;
	size_t snap_interval;
	const struct field *main_table;
	/* the table the UI sorts and selects in, when not @main_table's */
	void (*table)(const struct pane *p, struct table_src *t);
	const struct pane_view *view;
};

struct pane {
	const struct pane_def *def;
	enum pane_status status;
	char reason[256];
	char method[160];
	struct hook_attempt hooks[PANE_MAX_HOOKS];
	int nr_hooks;
	void *priv; /* collector state */
	const void *snap; /* latest snapshot, owned by the collector */
	unsigned long generation; /* bumped by every successful refresh */
	/* new keys (cgroups, VMs, ...) its full maps could not take, since start */
	uint64_t untracked;
	/* the snapshot covers everything since start, not the last interval */
	bool cumulative;
	double opened_s; /* CLOCK_MONOTONIC when the collector attached */
	double elapsed_s; /* since then, at the last refresh */
};

/* The schema-derived outputs of a pane (pane_schema.c), for its pane_def. */
void pane_schema_write_text(FILE *f, const struct pane *p);
void pane_schema_write_json(struct json_writer *jw, const struct pane *p);
int pane_schema_read_json(struct pane *p, const struct jv *obj, double interval_s,
			  struct jv_arena **arena);
void pane_schema_table(const struct pane *p, struct table_src *t);
/* The table the UI sorts and moves the selection in. */
void pane_table(const struct pane *p, struct table_src *t);

/* Every size limit that depends on the number of panes follows from this. */
#define PANE_MAX 8

extern const struct pane_def *const pane_defs[];
extern const int nr_pane_defs;

/*
 * Tries @choices in order until one loads and attaches, recording every
 * attempt in @p->hooks. Returns the index chosen, or -1 with the pane marked
 * unavailable and a reason naming each failure.
 */
int probe_choose(struct pane *p, const struct hook_choice *choices, int nr);
/* An optional part of a pane with hooks of its own (the exit table, cpustolen). */
struct part_choice {
	const char *name; /* "exits": --hook PANE.exits=HOOK forces its hook */
	const struct hook_choice *choices;
	int nr;
	/* after the hook's name in the method and the reason ("kvm_steal_clock"); NULL: what */
	const char *label;
	/* why the part cannot run here at all, and shorter, for each hook; NULL: try */
	const char *absent, *absent_short;
};

/*
 * Chooses the hook of an optional part of @p after the pane's own: the
 * attempts follow in @p->hooks, the refusal memo and --hook apply. Returns
 * the index chosen, with "hook: label" in @method, or -1 with why in @reason.
 */
int probe_choose_part(struct pane *p, const struct part_choice *part, char *method, size_t mlen,
		      char *reason, size_t rlen);
/*
 * Failures of a mechanism as such (fentry/fexit refused, no kprobes) are
 * remembered: probe_refused() then says so in @why and returns true, for
 * collectors that try hooks outside probe_choose().
 */
bool probe_refused(const char *hook, char *why, size_t why_len);
void probe_note_failure(const char *pane, const struct hook_attempt *h);
/* @hook's mechanism refused as such, as a pane's failure would have it:
 * "HOOK failed for WHO: WHY" (probe_kernel_mechanisms()) */
void probe_refuse(const char *hook, const char *who, const char *why);
/* Tries every mechanism again, as at start. */
void probe_forget_refusals(void);
/* Asks the kernel, before any pane loads, whether it takes fentry programs and
 * has kprobes at all: what it refuses is remembered (mechanisms.c). */
void probe_kernel_mechanisms(void);
/* "PANE=HOOK": restricts PANE to that hook; 0 or -EINVAL/-E2BIG */
int probe_force(const char *spec);
void pane_set_unavailable(struct pane *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Called before each pane attaches, so a UI can say what it waits for. */
typedef void (*panes_progress_fn)(const struct pane_def *def, int index, void *ctx);
/* Opens every pane in the table; @progress may be NULL. */
int panes_open(struct pane *panes, panes_progress_fn progress, void *ctx);
void panes_refresh(struct pane *panes, double interval_s);
/* Whether panes_refresh() waits for the programs of a closed epoch (it
 * needs an array-of-maps); without it an interval's figures can straddle
 * two epochs. Known once panes_open() began. */
bool panes_close_epochs(void);
/* @fn(panes, @ctx) after every panes_refresh() (the exporter); NULL: none. */
void panes_on_refresh(void (*fn)(const struct pane *panes, void *ctx), void *ctx);
/*
 * Whether a collector keeps the idle or dead entries of a map it would
 * otherwise delete: in the cumulative view they hold totals since start, so
 * they stay while the map (@used of @capacity entries) is under 3/4 full.
 */
static inline bool pane_keeps_idle(bool cumulative, size_t used, size_t capacity)
{
	return cumulative && used <= capacity * 3 / 4;
}

/* Interval or cumulative figures from the next refresh on. */
void panes_set_cumulative(struct pane *panes, bool cumulative);
/* Seconds the cumulative figures cover; 0 in interval mode. */
double panes_cumulative_s(const struct pane *panes);
void panes_close(struct pane *panes);
/* Human-readable report of every pane's choice, for --probe. */
void panes_write_probe_report(FILE *f, const struct pane *panes);

#endif
