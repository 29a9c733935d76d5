// SPDX-License-Identifier: GPL-2.0
/*
 * Container names from what runtimes leave on disk, through names_resolve()
 * as cvtop calls it: the first byte picks podman's containers.json, docker's
 * config.v2.json (the rest is the file) or a kubelet log name (the rest is
 * <pod>_<namespace>_<container>, the file name before "-<id>.log").
 */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "fuzz.h"
#include "identity.h"
#include "names.h"

#define ID "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static char root[64];

static void put(const char *path, const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "w");

	if (!f || fwrite(data, 1, size, f) != size || fclose(f))
		abort();
}

static const char *const dirs[] = {
	"",
	"/podman",
	"/podman/overlay-containers",
	"/docker",
	"/docker/containers",
	("/docker/containers/" ID),
	"/kube",
};

/* the directories go when the process ends (the files after each input) */
static void remove_root(void)
{
	char p[256];
	int i;

	for (i = sizeof(dirs) / sizeof(dirs[0]) - 1; i >= 0; i--) {
		snprintf(p, sizeof(p), "%s%s", root, dirs[i]);
		rmdir(p);
	}
}

static void make_root(void)
{
	char p[256];
	size_t i;

	if (root[0])
		return;
	snprintf(root, sizeof(root), "/tmp/cvtop-fuzz-names.%d", (int)getpid());
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", root, dirs[i]);
		if (mkdir(p, 0700))
			abort();
	}
	atexit(remove_root);
}

FUZZ_TARGET(names)
{
	char podman[128], docker[128], kube[128], file[PATH_MAX];
	struct name_paths paths = { podman, docker, kube };
	struct name_resolver *nr;
	struct cg_identity id;
	const char *cg;
	size_t i;

	if (!size)
		return;
	make_root();
	snprintf(podman, sizeof(podman), "%s/podman", root);
	snprintf(docker, sizeof(docker), "%s/docker", root);
	snprintf(kube, sizeof(kube), "%s/kube", root);
	file[0] = 0;
	switch (data[0] % 3) {
	case 0:
		snprintf(file, sizeof(file), "%s/overlay-containers/containers.json", podman);
		put(file, data + 1, size - 1);
		cg = "/machine.slice/libpod-" ID ".scope";
		break;
	case 1:
		snprintf(file, sizeof(file), "%s/containers/" ID "/config.v2.json", docker);
		put(file, data + 1, size - 1);
		cg = "/system.slice/docker-" ID ".scope";
		break;
	default:
		/* a file name: no '/', no NUL, at most 180 bytes */
		if (size - 1 > 180)
			return;
		for (i = 1; i < size; i++) {
			if (data[i] == '/' || !data[i])
				return;
		}
		snprintf(file, sizeof(file), "%s/%.*s-" ID ".log", kube, (int)(size - 1),
			 (const char *)data + 1);
		put(file, (const uint8_t *)"", 0);
		cg = "/kubepods.slice/kubepods-besteffort.slice/"
		     "kubepods-besteffort-pod11111111_2222_3333_4444_555555555555.slice/"
		     "cri-containerd-" ID ".scope";
		break;
	}
	nr = names_new(&paths);
	if (!nr)
		abort();
	identity_parse_path(cg, &id);
	names_resolve(nr, &id, cg, -1);
	names_free(nr);
	unlink(file);
}
