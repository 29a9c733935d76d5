// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>
#include "sorted.h"
#include "fileio.h"
#include "jsonread.h"
#include "names.h"

/* runtime state files bigger than this are not read */
#define STATE_MAX (16 << 20)

struct podman_entry {
	char id[CG_ID_LEN + 1];
	char name[256];
};

struct name_resolver {
	struct name_paths paths;
	/* podman's containers.json, reloaded when its mtime changes */
	struct podman_entry *podman;
	size_t nr_podman;
	struct timespec podman_mtime;
	char podman_file[512];
};

struct name_resolver *names_new(const struct name_paths *paths)
{
	struct name_resolver *nr = calloc(1, sizeof(*nr));

	if (!nr)
		return NULL;
	nr->paths.podman_storage = "/var/lib/containers/storage";
	nr->paths.docker_root = "/var/lib/docker";
	nr->paths.kube_logs = "/var/log/containers";
	if (paths && paths->podman_storage)
		nr->paths.podman_storage = paths->podman_storage;
	if (paths && paths->docker_root)
		nr->paths.docker_root = paths->docker_root;
	if (paths && paths->kube_logs)
		nr->paths.kube_logs = paths->kube_logs;
	return nr;
}

void names_free(struct name_resolver *nr)
{
	if (!nr)
		return;
	free(nr->podman);
	free(nr);
}

static int cmp_podman(const void *a, const void *b)
{
	return strcmp(((const struct podman_entry *)a)->id, ((const struct podman_entry *)b)->id);
}

/* containers.json: [{"id": "...", "names": ["name", ...], ...}, ...] */
static int parse_podman(const char *text, size_t len, struct podman_entry **out, size_t *nr)
{
	struct podman_entry *list = NULL, *bigger, cur;
	size_t n = 0, cap = 0;
	struct json_reader r;
	enum jr_token t;

	jr_init(&r, text, len);
	if (jr_next(&r) != JR_ARRAY_START)
		return -EINVAL;
	while ((t = jr_next(&r)) == JR_OBJECT_START) {
		memset(&cur, 0, sizeof(cur));
		while ((t = jr_next(&r)) == JR_KEY) {
			if (jr_is(&r, "id")) {
				if (jr_next(&r) != JR_STRING)
					goto bad;
				jr_string(&r, cur.id, sizeof(cur.id));
			} else if (jr_is(&r, "names")) {
				if (jr_next(&r) != JR_ARRAY_START)
					goto bad;
				while ((t = jr_next(&r)) == JR_STRING) {
					if (!cur.name[0])
						jr_string(&r, cur.name, sizeof(cur.name));
				}
				if (t != JR_ARRAY_END)
					goto bad;
			} else if (jr_skip(&r, JR_KEY) == JR_ERROR) {
				goto bad;
			}
		}
		if (t != JR_OBJECT_END)
			goto bad;
		if (!cur.id[0] || !cur.name[0])
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			bigger = realloc(list, cap * sizeof(*list));
			if (!bigger)
				goto bad;
			list = bigger;
		}
		list[n++] = cur;
	}
	if (t != JR_ARRAY_END)
		goto bad;
	sorted_sort(list, n, sizeof(*list), cmp_podman);
	*out = list;
	*nr = n;
	return 0;
bad:
	free(list);
	return -EINVAL;
}

static void reload_podman(struct name_resolver *nr)
{
	static const char *const drivers[] = { "overlay", "vfs", "btrfs", "zfs" };
	struct podman_entry *list;
	struct stat st;
	size_t i, len, n;
	char *text;

	for (i = 0; i < sizeof(drivers) / sizeof(drivers[0]); i++) {
		snprintf(nr->podman_file, sizeof(nr->podman_file),
			 "%s/%s-containers/containers.json", nr->paths.podman_storage, drivers[i]);
		text = NULL;
		if (file_read_all(nr->podman_file, O_NOFOLLOW, STATE_MAX, &text, &len, &st)) {
			free(text);
			continue;
		}
		if (st.st_mtim.tv_sec == nr->podman_mtime.tv_sec &&
		    st.st_mtim.tv_nsec == nr->podman_mtime.tv_nsec) {
			free(text);
			return;
		}
		if (!parse_podman(text, len, &list, &n)) {
			free(nr->podman);
			nr->podman = list;
			nr->nr_podman = n;
			nr->podman_mtime = st.st_mtim;
		}
		free(text);
		return;
	}
}

static bool podman_name(struct name_resolver *nr, struct cg_identity *id)
{
	struct podman_entry key, *e;

	reload_podman(nr);
	snprintf(key.id, sizeof(key.id), "%s", id->id);
	e = sorted_find(&key, nr->podman, nr->nr_podman, sizeof(key), cmp_podman);
	if (!e)
		return false;
	snprintf(id->name, sizeof(id->name), "%s", e->name);
	return true;
}

/* config.v2.json: {"Name": "/web", ...} */
static bool docker_name(struct name_resolver *nr, struct cg_identity *id)
{
	struct json_reader r;
	char path[512], *text = NULL, name[256];
	struct stat st;
	enum jr_token t;
	bool found = false;
	size_t len;

	snprintf(path, sizeof(path), "%s/containers/%s/config.v2.json", nr->paths.docker_root,
		 id->id);
	if (file_read_all(path, O_NOFOLLOW, STATE_MAX, &text, &len, &st))
		goto out;
	jr_init(&r, text, len);
	if (jr_next(&r) != JR_OBJECT_START)
		goto out;
	while ((t = jr_next(&r)) == JR_KEY) {
		if (jr_is(&r, "Name")) {
			if (jr_next(&r) == JR_STRING && jr_string(&r, name, sizeof(name)) &&
			    name[0]) {
				snprintf(id->name, sizeof(id->name), "%s",
					 name[0] == '/' ? name + 1 : name);
				found = true;
			}
			break;
		}
		if (jr_skip(&r, JR_KEY) == JR_ERROR)
			break;
	}
out:
	free(text);
	return found;
}

/* /var/log/containers/<pod>_<namespace>_<container>-<id>.log */
static bool kube_name(struct name_resolver *nr, struct cg_identity *id)
{
	char suffix[CG_ID_LEN + 8], *base;
	const char *pod, *ns, *ctr, *sep1, *sep2;
	size_t sl, nl;
	struct dirent *de;
	bool found = false;
	DIR *d;

	if (!id->id[0])
		return false;
	d = opendir(nr->paths.kube_logs);
	if (!d)
		return false;
	sl = (size_t)snprintf(suffix, sizeof(suffix), "-%s.log", id->id);
	while (!found && (de = readdir(d))) {
		nl = strlen(de->d_name);
		if (nl <= sl || strcmp(de->d_name + nl - sl, suffix))
			continue;
		base = strndup(de->d_name, nl - sl);
		if (!base)
			break;
		sep1 = strchr(base, '_');
		sep2 = sep1 ? strchr(sep1 + 1, '_') : NULL;
		if (sep2) {
			pod = base;
			ns = sep1 + 1;
			ctr = sep2 + 1;
			snprintf(id->k8s_pod, sizeof(id->k8s_pod), "%.*s", (int)(sep1 - pod), pod);
			snprintf(id->k8s_namespace, sizeof(id->k8s_namespace), "%.*s",
				 (int)(sep2 - ns), ns);
			snprintf(id->k8s_container, sizeof(id->k8s_container), "%s", ctr);
			snprintf(id->name, sizeof(id->name), "%.60s/%.120s/%.60s",
				 id->k8s_namespace, id->k8s_pod, id->k8s_container);
			found = true;
		}
		free(base);
	}
	closedir(d);
	return found;
}

struct uts_job {
	int ns_fd;
	char host[65];
	int err;
};

/* setns() changes only the calling thread: a short-lived thread reads it */
static void *uts_thread(void *arg)
{
	struct uts_job *job = arg;
	struct utsname u;

	if (setns(job->ns_fd, CLONE_NEWUTS) || uname(&u)) {
		job->err = -errno;
		return NULL;
	}
	snprintf(job->host, sizeof(job->host), "%s", u.nodename);
	return NULL;
}

static bool uts_hostname(int procs_fd, char *out, size_t len)
{
	struct uts_job job = { .ns_fd = -1 };
	char buf[64], path[64];
	pthread_t th;
	ssize_t n;
	long pid;

	if (procs_fd < 0)
		return false;
	n = pread(procs_fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	pid = strtol(buf, NULL, 10);
	if (pid <= 0)
		return false;
	snprintf(path, sizeof(path), "/proc/%ld/ns/uts", pid);
	job.ns_fd = open(path, O_RDONLY | O_CLOEXEC);
	if (job.ns_fd < 0)
		return false;
	if (!pthread_create(&th, NULL, uts_thread, &job))
		pthread_join(th, NULL);
	else
		job.err = -EAGAIN;
	close(job.ns_fd);
	if (job.err || !job.host[0])
		return false;
	snprintf(out, len, "%s", job.host);
	return true;
}

bool names_resolve(struct name_resolver *nr, struct cg_identity *id, const char *path, int procs_fd)
{
	char host[65], short_id[16];
	bool found = false;

	if (!id->container) {
		snprintf(id->name, sizeof(id->name), "%s", id->unit[0] ? id->unit : path);
		return true;
	}
	switch (id->runtime) {
	case RT_PODMAN:
		found = podman_name(nr, id);
		break;
	case RT_DOCKER:
		found = docker_name(nr, id) || kube_name(nr, id);
		break;
	case RT_CONTAINERD:
	case RT_CRIO:
	case RT_KUBERNETES:
		found = kube_name(nr, id);
		break;
	case RT_NSPAWN:
	case RT_LXC:
		/* their id is the machine's name */
		snprintf(id->name, sizeof(id->name), "%s", id->id);
		found = true;
		break;
	default:
		break;
	}
	if (found) {
		if (id->helper) /* the runtime's monitor, not the container */
			strncat(id->name, " (monitor)", sizeof(id->name) - strlen(id->name) - 1);
		return true;
	}
	identity_short_id(id, short_id, sizeof(short_id));
	if (!id->helper && uts_hostname(procs_fd, host, sizeof(host)) && strcmp(host, short_id))
		snprintf(id->name, sizeof(id->name), "%s", host);
	else if (short_id[0])
		snprintf(id->name, sizeof(id->name), "%s%s", short_id,
			 id->helper ? " (monitor)" : "");
	else
		snprintf(id->name, sizeof(id->name), "pod %s", id->pod_uid);
	return false;
}
