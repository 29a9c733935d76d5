// SPDX-License-Identifier: GPL-2.0
/* Container identity from real-world cgroup paths, and names from runtime
 * state files (fixtures copied from real podman, docker and kubelet hosts). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "identity.h"
#include "names.h"

#define ID64 "f4f23fe3d207ef3706f9103703f6a38f7190aa76514f217fc00219b1e7aa0cd5"
#define K1 "1111111111111111111111111111111111111111111111111111111111111111"
#define K2 "2222222222222222222222222222222222222222222222222222222222222222"

struct path_case {
	const char *path;
	enum cg_runtime runtime;
	bool container, helper;
	const char *id, *pod_uid, *unit;
};

static const struct path_case cases[] = {
	/* docker: cgroupfs and systemd drivers */
	{ "/docker/" ID64, RT_DOCKER, true, false, ID64, "", "" },
	{ "/system.slice/docker-" ID64 ".scope", RT_DOCKER, true, false, ID64, "", "" },
	/* podman: cgroupfs, systemd, rootless, in a pod, conmon, sub-cgroups */
	{ "/libpod_parent/libpod-" ID64, RT_PODMAN, true, false, ID64, "", "" },
	{ "/machine.slice/libpod-" ID64 ".scope", RT_PODMAN, true, false, ID64, "", "" },
	{ "/machine.slice/libpod-" ID64 ".scope/container", RT_PODMAN, true, false, ID64, "", "" },
	{ "/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" ID64 ".scope",
	  RT_PODMAN, true, false, ID64, "", "" },
	{ "/machine.slice/machine-libpod_pod_0123.slice/libpod-" ID64 ".scope", RT_PODMAN, true,
	  false, ID64, "", "" },
	{ "/machine.slice/libpod-conmon-" ID64 ".scope", RT_PODMAN, true, true, ID64, "", "" },
	/* kubernetes: cgroupfs and systemd drivers, containerd and CRI-O */
	{ "/kubepods/burstable/pod8a8d6a0e-5f8a-4a5e-9f3c-2b6f1c0d9e7a/" K1, RT_KUBERNETES, true,
	  false, K1, "8a8d6a0e-5f8a-4a5e-9f3c-2b6f1c0d9e7a", "" },
	{ "/kubepods/pod8a8d6a0e-5f8a-4a5e-9f3c-2b6f1c0d9e7a/" K1, RT_KUBERNETES, true, false, K1,
	  "8a8d6a0e-5f8a-4a5e-9f3c-2b6f1c0d9e7a", "" },
	{ "/kubepods.slice/kubepods-burstable.slice/"
	  "kubepods-burstable-pod8a8d6a0e_5f8a_4a5e_9f3c_2b6f1c0d9e7a.slice/cri-containerd-" K1
	  ".scope",
	  RT_CONTAINERD, true, false, K1, "8a8d6a0e-5f8a-4a5e-9f3c-2b6f1c0d9e7a", "" },
	{ "/kubepods.slice/kubepods-besteffort.slice/"
	  "kubepods-besteffort-pod8a8d6a0e_5f8a_4a5e_9f3c_2b6f1c0d9e7a.slice/crio-" K2 ".scope",
	  RT_CRIO, true, false, K2, "8a8d6a0e-5f8a-4a5e-9f3c-2b6f1c0d9e7a", "" },
	{ "/kubepods.slice/kubepods-pod8a8d6a0e_5f8a_4a5e_9f3c_2b6f1c0d9e7a.slice/crio-conmon-" K2
	  ".scope",
	  RT_CRIO, true, true, K2, "8a8d6a0e-5f8a-4a5e-9f3c-2b6f1c0d9e7a", "" },
	{ "/kubepods.slice/kubepods-burstable.slice/"
	  "kubepods-burstable-pod8a8d6a0e_5f8a_4a5e_9f3c_2b6f1c0d9e7a.slice",
	  RT_KUBERNETES, true, false, "", "8a8d6a0e-5f8a-4a5e-9f3c-2b6f1c0d9e7a", "" },
	/* nspawn, lxc */
	{ "/machine.slice/systemd-nspawn@debian.service", RT_NSPAWN, true, false, "debian", "",
	  "" },
	{ "/machine.slice/machine-fedora.scope", RT_NSPAWN, true, false, "fedora", "", "" },
	{ "/lxc.payload.web01", RT_LXC, true, false, "web01", "", "" },
	{ "/lxc.payload.web01/system.slice/nginx.service", RT_LXC, true, false, "web01", "", "" },
	{ "/lxc.monitor.web01", RT_LXC, true, true, "web01", "", "" },
	{ "/lxc/web02", RT_LXC, true, false, "web02", "", "" },
	/* host cgroups keep their units */
	{ "/system.slice/nginx.service", RT_SERVICE, false, false, "", "", "nginx.service" },
	{ "/user.slice/user-1000.slice/session-3.scope", RT_SESSION, false, false, "", "",
	  "session-3.scope" },
	{ "/user.slice/user-1000.slice/user@1000.service/app.slice", RT_SESSION, false, false, "",
	  "", "user@1000.service" },
	{ "/", RT_HOST, false, false, "", "", "" },
	{ "/cvtop-test-busy", RT_HOST, false, false, "", "", "" },
	/* near misses: short or non-hex ids are not containers */
	{ "/docker/abc", RT_HOST, false, false, "", "", "" },
	{ "/system.slice/docker-" ID64 "x.scope", RT_SERVICE, false, false, "", "", "" },
	{ "/system.slice/docker.service", RT_SERVICE, false, false, "", "", "docker.service" },
};

static void test_paths(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct path_case *c = &cases[i];
		struct cg_identity id;

		identity_parse_path(c->path, &id);
		print_message("%s\n", c->path);
		assert_int_equal(id.runtime, c->runtime);
		assert_int_equal(id.container, c->container);
		assert_int_equal(id.helper, c->helper);
		assert_string_equal(id.id, c->id);
		assert_string_equal(id.pod_uid, c->pod_uid);
		if (c->unit[0])
			assert_string_equal(id.unit, c->unit);
	}
}

static void test_short_id(void **state)
{
	struct cg_identity id;
	char s[16];

	identity_parse_path("/libpod_parent/libpod-" ID64, &id);
	identity_short_id(&id, s, sizeof(s));
	assert_string_equal(s, "f4f23fe3d207");
	identity_parse_path("/lxc.payload.web01", &id);
	identity_short_id(&id, s, sizeof(s));
	assert_string_equal(s, "web01");
}

static struct name_resolver *fixture_resolver(void)
{
	static char podman[512], docker[512], kube[512];
	const char *dir = getenv("CVTOP_FIXTURES");
	struct name_paths paths = { podman, docker, kube };

	if (!dir)
		dir = "tests/fixtures";
	snprintf(podman, sizeof(podman), "%s/names/podman", dir);
	snprintf(docker, sizeof(docker), "%s/names/docker", dir);
	snprintf(kube, sizeof(kube), "%s/names/kubelogs", dir);
	return names_new(&paths);
}

static void resolve(struct name_resolver *nr, const char *path, struct cg_identity *id, bool final)
{
	identity_parse_path(path, id);
	assert_int_equal(names_resolve(nr, id, path, -1), final);
}

static void test_names(void **state)
{
	struct name_resolver *nr = fixture_resolver();
	struct cg_identity id;

	assert_non_null(nr);
	resolve(nr, "/libpod_parent/libpod-" ID64, &id, true);
	assert_string_equal(id.name, "cvtop-web");
	resolve(nr, "/machine.slice/libpod-conmon-" ID64 ".scope", &id, true);
	assert_string_equal(id.name, "cvtop-web (monitor)");
	/* the JSON's \\u escapes (surrogate pair too) come out as UTF-8, the
	 * ESC as the raw byte: escaping is the writers' job */
	resolve(nr,
		"/libpod_parent/"
		"libpod-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		&id, true);
	assert_string_equal(id.name, "evil\x1b[31m\xc3\xa9\xf0\x9f\x98\x80");
	/* a podman container without a name falls back to its short id */
	resolve(nr,
		"/libpod_parent/"
		"libpod-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
		&id, false);
	assert_string_equal(id.name, "bbbbbbbbbbbb");
	resolve(nr,
		"/system.slice/"
		"docker-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope",
		&id, true);
	assert_string_equal(id.name, "shop-nginx-1");
	resolve(nr, "/kubepods/burstable/pod8a8d6a0e-5f8a-4a5e-9f3c-2b6f1c0d9e7a/" K2, &id, true);
	assert_string_equal(id.k8s_namespace, "shop");
	assert_string_equal(id.k8s_pod, "web-7f9c");
	assert_string_equal(id.k8s_container, "nginx");
	assert_string_equal(id.name, "shop/web-7f9c/nginx");
	resolve(nr,
		"/kubepods.slice/kubepods-burstable.slice/"
		"kubepods-burstable-pod8a8d6a0e_5f8a_4a5e_9f3c_2b6f1c0d9e7a.slice/"
		"cri-containerd-" K1 ".scope",
		&id, true);
	assert_string_equal(id.name, "kube-system/coredns-5d78c9869d-8xk2p/coredns");
	resolve(nr, "/system.slice/nginx.service", &id, true);
	assert_string_equal(id.name, "nginx.service");
	resolve(nr, "/cvtop-test-busy", &id, true);
	assert_string_equal(id.name, "/cvtop-test-busy");
	resolve(nr, "/machine.slice/systemd-nspawn@debian.service", &id, true);
	assert_string_equal(id.name, "debian");
	names_free(nr);
}

static void test_missing_state(void **state)
{
	struct name_paths paths = { "/nonexistent/p", "/nonexistent/d", "/nonexistent/k" };
	struct name_resolver *nr = names_new(&paths);
	struct cg_identity id;

	resolve(nr, "/docker/" ID64, &id, false);
	assert_string_equal(id.name, "f4f23fe3d207");
	names_free(nr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_short_id),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_missing_state),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
