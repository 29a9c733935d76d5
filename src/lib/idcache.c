// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "idcache.h"
#include "names.h"

/* a fallback name (hostname, short id) is looked up again this often */
#define RENAME_EVERY 10
/* entries not asked for in this many refreshes are dropped */
#define UNUSED_MAX 30

struct id_entry {
	char *path; /* NULL: free slot */
	struct cg_identity *id; /* apart, so rows keep it while the table grows */
	bool final;
	unsigned int age, unused;
};

struct idcache {
	struct name_resolver *names;
	struct id_entry *slots;
	size_t cap, used; /* open addressing, cap a power of two */
};

struct idcache *idcache_new(void)
{
	struct idcache *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->names = names_new(NULL);
	c->cap = 64;
	c->slots = calloc(c->cap, sizeof(*c->slots));
	if (!c->names || !c->slots) {
		idcache_free(c);
		return NULL;
	}
	return c;
}

void idcache_free(struct idcache *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; c->slots && i < c->cap; i++) {
		free(c->slots[i].path);
		free(c->slots[i].id);
	}
	free(c->slots);
	names_free(c->names);
	free(c);
}

static size_t hash(const char *s)
{
	size_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static struct id_entry *find_slot(struct id_entry *slots, size_t cap, const char *path)
{
	size_t i = hash(path) & (cap - 1);

	while (slots[i].path && strcmp(slots[i].path, path))
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

static int grow(struct idcache *c)
{
	struct id_entry *slots = calloc(c->cap * 2, sizeof(*slots));
	size_t i;

	if (!slots)
		return -ENOMEM;
	for (i = 0; i < c->cap; i++) {
		if (c->slots[i].path)
			*find_slot(slots, c->cap * 2, c->slots[i].path) = c->slots[i];
	}
	free(c->slots);
	c->slots = slots;
	c->cap *= 2;
	return 0;
}

static void resolve(struct idcache *c, struct id_entry *e, int root_fd)
{
	const char *rel = e->path;
	char procs[4096];
	int fd = -1;

	identity_parse_path(e->path, e->id);
	while (*rel == '/')
		rel++;
	if (root_fd >= 0 && e->id->container) {
		snprintf(procs, sizeof(procs), "%s%scgroup.procs", rel, *rel ? "/" : "");
		fd = openat(root_fd, procs, O_RDONLY | O_CLOEXEC);
	}
	e->final = names_resolve(c->names, e->id, e->path, fd);
	if (fd >= 0)
		close(fd);
}

const struct cg_identity *idcache_get(struct idcache *c, const char *path, int root_fd)
{
	struct id_entry *e;

	/* keep the table at most half full */
	if ((c->used + 1) * 2 > c->cap && grow(c))
		return NULL;
	e = find_slot(c->slots, c->cap, path);
	if (!e->path) {
		e->id = calloc(1, sizeof(*e->id));
		e->path = strdup(path);
		if (!e->path || !e->id) {
			free(e->path);
			free(e->id);
			e->path = NULL;
			return NULL;
		}
		c->used++;
		resolve(c, e, root_fd);
	} else if (!e->final && ++e->age % RENAME_EVERY == 0) {
		resolve(c, e, root_fd);
	}
	e->unused = 0;
	return e->id;
}

void idcache_tick(struct idcache *c)
{
	struct id_entry *old = c->slots;
	size_t i, cap = c->cap;
	bool drop = false;

	for (i = 0; i < cap; i++) {
		if (old[i].path && ++old[i].unused > UNUSED_MAX)
			drop = true;
	}
	if (!drop)
		return;
	/* rebuild without the stale entries (open addressing has no holes) */
	c->slots = calloc(cap, sizeof(*c->slots));
	if (!c->slots) {
		c->slots = old;
		return;
	}
	c->used = 0;
	for (i = 0; i < cap; i++) {
		if (!old[i].path)
			continue;
		if (old[i].unused > UNUSED_MAX) {
			free(old[i].path);
			free(old[i].id);
			continue;
		}
		*find_slot(c->slots, cap, old[i].path) = old[i];
		c->used++;
	}
	free(old);
}
