// SPDX-License-Identifier: GPL-2.0
/*
 * Rows that cannot be confused: rows of one name (two VMs a user named
 * alike, two containers with one name) carry what tells them apart, in the
 * text output as on screen; rows of one VM or cgroup stay as they are.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cpu.h"
#include "identity.h"
#include "kvm.h"
#include "schema.h"
#include "table.h"

static char *text_of(const struct field *f, const void *snap)
{
	struct table_src t;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	assert_non_null(out);
	schema_field_table(f, snap, 1.0, &t);
	table_write_text(out, &t, 120, 0);
	fclose(out);
	return buf;
}

static void test_same_named_vms_show_their_pid(void **state)
{
	struct kvm_pio_row pio[] = {
		{ .pid = 4242,
		  .vm = "shots-vm-io",
		  .port = 0x3f8,
		  .write = true,
		  .size = 1,
		  .exits = 200 },
		{ .pid = 4243,
		  .vm = "shots-vm-io",
		  .port = 0x3f8,
		  .write = true,
		  .size = 1,
		  .exits = 100 },
		{ .pid = 4242, .vm = "shots-vm-io", .port = 0x61, .size = 1, .exits = 40 },
		{ .pid = 77, .vm = "other", .port = 0x61, .size = 1, .exits = 1 },
	};
	struct kvm_snapshot s = { .interval_s = 1.0, .pio = pio, .nr_pio = 4 };
	char *text = text_of(&kvm_fields[KVM_FIELD_IOPORT], &s);

	assert_non_null(strstr(text, "shots-vm-io (pid 4242)\n"));
	assert_non_null(strstr(text, "shots-vm-io (pid 4243)\n"));
	/* both of 4242's rows, and the VM alone of its name left as it was */
	assert_non_null(strstr(strstr(text, "0x61:in/1") ?: "", "shots-vm-io (pid 4242)"));
	assert_non_null(strstr(text, " other\n"));
	assert_null(strstr(text, "pid 77"));
	free(text);

	/* one VM, several rows: nothing to tell apart */
	pio[1].pid = 4242;
	text = text_of(&kvm_fields[KVM_FIELD_IOPORT], &s);
	assert_null(strstr(text, "(pid"));
	free(text);
}

static void test_same_named_containers_show_their_id(void **state)
{
	struct cg_identity a = { .runtime = RT_PODMAN, .container = true }, b = a;
	struct cpu_row rows[3] = {
		{ .cgroup_id = 10, .path = "/a", .ident = &a, .runq_count = 3 },
		{ .cgroup_id = 11, .path = "/b", .ident = &b, .runq_count = 2 },
		{ .cgroup_id = 12, .path = "/web", .runq_count = 1 },
	};
	struct cpu_snapshot s = { .interval_s = 1.0, .rows = rows, .nr_rows = 3 };
	char *text;

	snprintf(a.id, sizeof(a.id), "%s",
		 "0c62b1efb9ea0141fc227252ec05c60fc6ad0faea9b4cc8eb85614fd68e9f5b7");
	snprintf(b.id, sizeof(b.id), "%s",
		 "f4f23fe3d207aaaabbbbccccddddeeeef4f23fe3d207aaaabbbbccccddddeeee");
	snprintf(a.name, sizeof(a.name), "web");
	snprintf(b.name, sizeof(b.name), "web");
	text = text_of(&cpu_fields[0], &s);
	assert_non_null(strstr(text, " web (0c62b1efb9ea)\n"));
	assert_non_null(strstr(text, " web (f4f23fe3d207)\n"));
	/* a host cgroup of the path "web" is not that name: its own row */
	assert_non_null(strstr(text, " /web\n"));
	free(text);

	/* a host cgroup named like a container: told apart by cgroup id */
	rows[2].path = "web";
	b.container = false;
	snprintf(b.name, sizeof(b.name), "other");
	text = text_of(&cpu_fields[0], &s);
	assert_non_null(strstr(text, " web (0c62b1efb9ea)\n"));
	assert_non_null(strstr(text, " web (cgroup 12)\n"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_named_vms_show_their_pid),
		cmocka_unit_test(test_same_named_containers_show_their_id),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
