// SPDX-License-Identifier: GPL-2.0
/* The Prometheus text and OpenMetrics expositions of the series store. */
#include <stdio.h>
#include <string.h>
#include "expo.h"

const char *const expo_content_type[NR_EXPO_FMT] = {
	[EXPO_TEXT] = "text/plain; version=0.0.4; charset=utf-8",
	[EXPO_OPENMETRICS] = "application/openmetrics-text; version=1.0.0; charset=utf-8",
};

/* # HELP text: backslash and newline escaped (and the quote in OpenMetrics) */
static void help_text(struct sbuf *b, const char *s, enum expo_fmt fmt)
{
	for (; *s; s++) {
		if (*s == '\\')
			sbuf_add(b, "\\\\", 2);
		else if (*s == '\n')
			sbuf_add(b, "\\n", 2);
		else if (*s == '"' && fmt == EXPO_OPENMETRICS)
			sbuf_add(b, "\\\"", 2);
		else
			sbuf_add(b, s, 1);
	}
}

static bool ends_with_unit(const struct family *f)
{
	size_t n = strlen(f->name), u = strlen(f->unit);

	return u && n > u + 1 && f->name[n - u - 1] == '_' && !strcmp(f->name + n - u, f->unit);
}

static void family_head(struct sbuf *b, const struct family *f, enum expo_fmt fmt)
{
	static const char *const om_types[] = { "counter", "gauge", "histogram", "info" };
	static const char *const text_types[] = { "counter", "gauge", "histogram", "gauge" };
	/* the text format names counters and infos by their sample */
	const char *suffix = fmt == EXPO_OPENMETRICS  ? ""
			     : f->kind == FAM_COUNTER ? "_total"
			     : f->kind == FAM_INFO    ? "_info"
						      : "";

	sbuf_printf(b, "# HELP %s%s ", f->name, suffix);
	help_text(b, f->help, fmt);
	sbuf_printf(b, "\n# TYPE %s%s %s\n", f->name, suffix,
		    (fmt == EXPO_OPENMETRICS ? om_types : text_types)[f->kind]);
	if (fmt == EXPO_OPENMETRICS && ends_with_unit(f))
		sbuf_printf(b, "# UNIT %s %s\n", f->name, f->unit);
}

static void timestamp(struct sbuf *b, double ts, enum expo_fmt fmt)
{
	if (ts <= 0)
		return;
	/* OpenMetrics: seconds; the text format: integer milliseconds */
	if (fmt == EXPO_OPENMETRICS)
		sbuf_printf(b, " %.3f", ts);
	else
		sbuf_printf(b, " %lld", (long long)(ts * 1000 + 0.5));
}

static void sample(struct sbuf *b, const struct family *f, const char *suffix,
		   const struct series *s, const char *le, double ts, enum expo_fmt fmt)
{
	sbuf_str(b, f->name);
	sbuf_str(b, suffix);
	if (s->labels_len || le) {
		sbuf_add(b, "{", 1);
		sbuf_add(b, s->labels, s->labels_len);
		if (le) {
			if (s->labels_len)
				sbuf_add(b, ",", 1);
			sbuf_add(b, "le=\"", 4);
			sbuf_str(b, le);
			sbuf_add(b, "\"", 1);
		}
		sbuf_add(b, "}", 1);
	}
	sbuf_add(b, " ", 1);
}

static void end_line(struct sbuf *b, double ts, enum expo_fmt fmt)
{
	timestamp(b, ts, fmt);
	sbuf_add(b, "\n", 1);
}

static void series_samples(struct sbuf *b, const struct family *f, const struct series *s,
			   double ts, enum expo_fmt fmt)
{
	uint64_t cum = 0;
	unsigned int i;

	switch (f->kind) {
	case FAM_COUNTER:
		sample(b, f, "_total", s, NULL, ts, fmt);
		sbuf_double(b, s->value);
		break;
	case FAM_INFO:
		sample(b, f, "_info", s, NULL, ts, fmt);
		sbuf_double(b, s->value);
		break;
	case FAM_GAUGE:
		sample(b, f, "", s, NULL, ts, fmt);
		sbuf_double(b, s->value);
		break;
	case FAM_HISTOGRAM:
		for (i = 0; i + 1 < f->nr_slots; i++) {
			cum += s->slots[i];
			sample(b, f, "_bucket", s, f->le[i], ts, fmt);
			sbuf_u64(b, cum);
			end_line(b, ts, fmt);
		}
		if (f->nr_slots)
			cum += s->slots[f->nr_slots - 1];
		sample(b, f, "_bucket", s, "+Inf", ts, fmt);
		sbuf_u64(b, cum);
		end_line(b, ts, fmt);
		sample(b, f, "_sum", s, NULL, ts, fmt);
		sbuf_double(b, s->sum);
		end_line(b, ts, fmt);
		sample(b, f, "_count", s, NULL, ts, fmt);
		sbuf_u64(b, cum);
		break;
	}
	end_line(b, ts, fmt);
}

void expo_write(struct sbuf *b, const struct store *st, enum expo_fmt fmt)
{
	size_t k, i;

	for (k = 0; k < st->nr; k++) {
		const struct family *f = st->fams[k];
		bool head = false;

		for (i = 0; i < f->nr; i++) {
			const struct series *s = f->series[i];

			/* a level holds for its update only (a p99 without waits
			 * is no value); totals stay until they go stale */
			if (f->kind == FAM_GAUGE && s->seen_gen != st->gen)
				continue;
			if (!head)
				family_head(b, f, fmt);
			head = true;
			series_samples(b, f, s, 0, fmt);
		}
	}
	if (fmt == EXPO_OPENMETRICS)
		sbuf_str(b, "# EOF\n");
}

void expo_append_history(struct store *st, enum expo_fmt fmt)
{
	size_t k, i;

	for (k = 0; k < st->nr; k++) {
		struct family *f = st->fams[k];

		for (i = 0; i < f->nr; i++) {
			struct series *s = f->series[i];

			if (s->seen_gen == st->gen)
				series_samples(&s->history, f, s, st->now_s, fmt);
		}
	}
}

void expo_write_history(struct sbuf *b, const struct store *st, enum expo_fmt fmt)
{
	size_t k, i;

	for (k = 0; k < st->nr; k++) {
		const struct family *f = st->fams[k];
		bool head = false;

		for (i = 0; i < f->nr; i++) {
			const struct series *s = f->series[i];

			if (!s->history.len)
				continue;
			if (!head)
				family_head(b, f, fmt);
			head = true;
			sbuf_add(b, s->history.s, s->history.len);
		}
	}
	if (fmt == EXPO_OPENMETRICS)
		sbuf_str(b, "# EOF\n");
}
