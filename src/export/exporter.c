// SPDX-License-Identifier: GPL-2.0
/*
 * The exporter: a series store fed after every refresh, and the
 * expositions built from it then (under the lock), so that a scrape from
 * libmicrohttpd's thread only takes a reference to a finished buffer.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "collect.h"
#include "exporter.h"
#include "http.h"
#include "log.h"
#include "options.h"
#include "pane.h"
#include "textfile.h"
#include "webconfig.h"

struct exporter {
	pthread_mutex_t lock;
	struct store st;
	struct collect col;
	struct expo_buf *buf[NR_EXPO_FMT];
	/* the buffer before, once no scrape holds it: the next one is built in
	 * its memory (no page faults, no growing of 6 MB at 1000 cgroups) */
	struct expo_buf *spare[NR_EXPO_FMT];
	/* the update a format was last asked for at: built while asked for */
	uint64_t asked[NR_EXPO_FMT];
	bool textfile_text; /* --textfile: the text format at every update */
	bool history;
	struct web_config wc;
	struct http_server *http;
	const char *textfile;
	int textfile_err; /* the last error, logged once */
};

/* the one exporter_start() made, for batch mode's writer */
static struct exporter *current;

static struct expo_buf *render(struct exporter *ex, enum expo_fmt fmt)
{
	struct expo_buf head = { 0 }, *b, *spare = ex->spare[fmt];
	struct sbuf sb = { 0 };
	size_t len, cap;

	if (spare) {
		sb.s = (char *)spare;
		sb.cap = spare->cap;
		ex->spare[fmt] = NULL;
	}
	/* the header and the text in one allocation, without a copy */
	sbuf_add(&sb, (const char *)&head, sizeof(head));
	expo_write(&sb, &ex->st, fmt);
	cap = sb.cap;
	b = (struct expo_buf *)sbuf_take(&sb, &len);
	if (!b)
		return NULL;
	atomic_init(&b->ref, 1);
	b->fmt = fmt;
	b->len = len - sizeof(*b);
	b->cap = cap;
	return b;
}

void exporter_put(struct expo_buf *b)
{
	if (b && atomic_fetch_sub(&b->ref, 1) == 1)
		free(b);
}

struct expo_buf *exporter_get(struct exporter *ex, enum expo_fmt fmt)
{
	struct expo_buf *b;

	pthread_mutex_lock(&ex->lock);
	ex->asked[fmt] = ex->st.gen ? ex->st.gen : 1;
	b = ex->buf[fmt] ? ex->buf[fmt] : ex->buf[!fmt];
	if (b)
		atomic_fetch_add(&b->ref, 1);
	pthread_mutex_unlock(&ex->lock);
	return b;
}

/* Asked for in the last 300 updates; the text format also when nothing is,
 * as the first answer in either format. */
static bool wanted(const struct exporter *ex, uint64_t gen, enum expo_fmt fmt)
{
	bool recent[NR_EXPO_FMT];
	int i;

	for (i = 0; i < NR_EXPO_FMT; i++)
		recent[i] = ex->asked[i] && gen - ex->asked[i] < 300;
	if (fmt == EXPO_TEXT)
		return ex->textfile_text || recent[EXPO_TEXT] || !recent[EXPO_OPENMETRICS];
	return recent[fmt];
}

static void write_textfile(struct exporter *ex)
{
	struct expo_buf *b;
	int err;

	pthread_mutex_lock(&ex->lock);
	b = ex->buf[EXPO_TEXT];
	if (b)
		atomic_fetch_add(&b->ref, 1);
	pthread_mutex_unlock(&ex->lock);
	err = b ? textfile_write(ex->textfile, b->data, b->len) : -ENOMEM;

	if (err && err != ex->textfile_err)
		log_msg("--textfile %s: %s\n", ex->textfile, strerror(-err));
	ex->textfile_err = err;
	exporter_put(b);
}

void exporter_update(struct exporter *ex, const struct pane *panes, double now_s)
{
	struct expo_buf *fresh[NR_EXPO_FMT] = { 0 };
	bool want[NR_EXPO_FMT];
	int i;

	/* only this thread touches the store: scrapes wait for nothing but
	 * the swap of the buffers */
	collect_update(&ex->col, panes, now_s);
	if (ex->history)
		expo_append_history(&ex->st, EXPO_OPENMETRICS);
	pthread_mutex_lock(&ex->lock);
	for (i = 0; i < NR_EXPO_FMT; i++)
		want[i] = wanted(ex, ex->st.gen, i);
	pthread_mutex_unlock(&ex->lock);
	for (i = 0; i < NR_EXPO_FMT; i++)
		fresh[i] = want[i] ? render(ex, i) : NULL;
	pthread_mutex_lock(&ex->lock);
	for (i = 0; i < NR_EXPO_FMT; i++) {
		struct expo_buf *old = ex->buf[i];

		ex->buf[i] = fresh[i];
		fresh[i] = old;
	}
	pthread_mutex_unlock(&ex->lock);
	for (i = 0; i < NR_EXPO_FMT; i++) {
		/* ours alone: kept for the next build, else the last scrape
		 * holding it frees it */
		if (fresh[i] && atomic_load(&fresh[i]->ref) == 1 && !ex->spare[i])
			ex->spare[i] = fresh[i];
		else
			exporter_put(fresh[i]);
	}
	if (ex->textfile)
		write_textfile(ex);
}

static void on_refresh(const struct pane *panes, void *ctx)
{
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	exporter_update(ctx, panes, now.tv_sec + now.tv_nsec / 1e9);
}

int exporter_write(struct exporter *ex, FILE *f, enum expo_fmt fmt)
{
	struct sbuf sb = { 0 };
	int err = 0;

	/* batch mode runs on the refresh thread: the store is its own */
	expo_write(&sb, &ex->st, fmt);
	if (sb.err)
		err = sb.err;
	else if (fwrite(sb.s, 1, sb.len, f) != sb.len)
		err = -EIO;
	sbuf_free(&sb);
	return err;
}

int exporter_write_current(FILE *f, enum expo_fmt fmt)
{
	return current ? exporter_write(current, f, fmt) : -ENODEV;
}

void exporter_keep_history(struct exporter *ex)
{
	ex->history = true;
	/* a recording's series stay to its end */
	ex->st.stale_s = 1e18;
}

int exporter_write_history(struct exporter *ex, FILE *f, enum expo_fmt fmt)
{
	struct sbuf sb = { 0 };
	int err = 0;

	expo_write_history(&sb, &ex->st, fmt);
	if (sb.err)
		err = sb.err;
	else if (fwrite(sb.s, 1, sb.len, f) != sb.len)
		err = -EIO;
	sbuf_free(&sb);
	return err;
}

int exporter_start(const struct options *o, const char *version, struct exporter **out)
{
	struct exporter *ex;
	char msg[300];
	int err;

	*out = NULL;
	if (!o->listen && !o->textfile && o->format != FORMAT_OPENMETRICS)
		return 0;
	ex = calloc(1, sizeof(*ex));
	if (!ex)
		return -ENOMEM;
	pthread_mutex_init(&ex->lock, NULL);
	ex->st.limit = o->series_limit;
	ex->st.stale_s = o->series_stale_s;
	err = collect_init(&ex->col, &ex->st, version);
	if (err)
		goto fail;
	if (o->textfile) {
		/* node_exporter's textfile collector reads the text format only */
		ex->textfile = o->textfile;
		ex->textfile_text = true;
	}
	if (o->web_config) {
		err = web_config_load(o->web_config, &ex->wc, msg, sizeof(msg));
		if (err) {
			fprintf(stderr, "cvtop: --web-config %s\n", msg);
			goto fail;
		}
	}
	if (o->listen) {
		err = http_start(o->listen, &ex->wc, ex, &ex->http, msg, sizeof(msg));
		if (err) {
			fprintf(stderr, "cvtop: %s\n", msg);
			goto fail;
		}
	}
	panes_on_refresh(on_refresh, ex);
	current = ex;
	*out = ex;
	return 0;
fail:
	exporter_stop(ex);
	return err;
}

void exporter_stop(struct exporter *ex)
{
	int i;

	if (!ex)
		return;
	panes_on_refresh(NULL, NULL);
	if (current == ex)
		current = NULL;
	/* the server first: no scrape holds the lock after this */
	http_stop(ex->http);
	for (i = 0; i < NR_EXPO_FMT; i++) {
		exporter_put(ex->buf[i]);
		free(ex->spare[i]);
	}
	collect_free(&ex->col);
	store_free(&ex->st);
	web_config_free(&ex->wc);
	pthread_mutex_destroy(&ex->lock);
	free(ex);
}
