// SPDX-License-Identifier: GPL-2.0
/* Overlay mounts from mountinfo: dev, mount point, upper dir, odd lines. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "out.h"
#include "overlay.h"
#include "overlay_mounts.h"

static char *fixture(const char *name)
{
	const char *dir = getenv("CVTOP_FIXTURES");
	char path[512];
	static char buf[8192];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/overlay/%s", dir ? dir : "tests/fixtures", name);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void test_podman_like(void **state)
{
	struct ovl_mounts m;
	const struct ovl_mount *o;

	assert_int_equal(ovl_mounts_parse(fixture("mountinfo"), &m), 0);
	o = ovl_mounts_find(&m, 0, 45);
	assert_non_null(o);
	assert_string_equal(o->mnt, "/var/lib/containers/storage/overlay/4f1c/merged");
	assert_string_equal(o->upper, "/var/lib/containers/storage/overlay/4f1c/diff");
	ovl_mounts_free(&m);
	assert_int_equal(m.nr, 0);
}

static void test_escapes(void **state)
{
	struct ovl_mounts m;
	const struct ovl_mount *o;

	assert_int_equal(ovl_mounts_parse(fixture("mountinfo"), &m), 0);
	o = ovl_mounts_find(&m, 0, 46);
	assert_non_null(o);
	assert_string_equal(o->mnt, "/mnt/with space");
	/* an escaped comma is part of the path, not an option separator */
	assert_string_equal(o->upper, "/up,per dir");
	ovl_mounts_free(&m);
}

static void test_read_only_has_no_upper(void **state)
{
	struct ovl_mounts m;
	const struct ovl_mount *o;

	assert_int_equal(ovl_mounts_parse(fixture("mountinfo"), &m), 0);
	o = ovl_mounts_find(&m, 0, 47);
	assert_non_null(o);
	assert_string_equal(o->mnt, "/mnt/readonly");
	assert_null(o->upper);
	/* "xupperdir=" is not "upperdir=" */
	o = ovl_mounts_find(&m, 0, 51);
	assert_non_null(o);
	assert_null(o->upper);
	ovl_mounts_free(&m);
}

static void test_first_mount_of_a_superblock_wins(void **state)
{
	struct ovl_mounts m;
	size_t i, n = 0;

	assert_int_equal(ovl_mounts_parse(fixture("mountinfo"), &m), 0);
	for (i = 0; i < m.nr; i++)
		n += m.m[i].major == 0 && m.m[i].minor == 45;
	assert_int_equal(n, 1);
	assert_string_equal(ovl_mounts_find(&m, 0, 45)->upper,
			    "/var/lib/containers/storage/overlay/4f1c/diff");
	ovl_mounts_free(&m);
}

static void test_odd_lines_are_skipped(void **state)
{
	struct ovl_mounts m;

	assert_int_equal(ovl_mounts_parse(fixture("mountinfo"), &m), 0);
	assert_null(ovl_mounts_find(&m, 0, 48)); /* fstype "overlayfs" */
	assert_null(ovl_mounts_find(&m, 0, 49)); /* no " - " separator */
	assert_null(ovl_mounts_find(&m, 0, 50)); /* cut short */
	assert_null(ovl_mounts_find(&m, 8, 1)); /* ext4 */
	assert_non_null(ovl_mounts_find(&m, 1048575, 1048575));
	/* 0:45, 0:46, 0:47, 0:51, the big dev; nothing from the bad lines */
	assert_int_equal(m.nr, 5);
	ovl_mounts_free(&m);
}

static void test_empty_and_no_overlay(void **state)
{
	struct ovl_mounts m;

	assert_int_equal(ovl_mounts_parse("", &m), 0);
	assert_int_equal(m.nr, 0);
	assert_null(ovl_mounts_find(&m, 0, 45));
	ovl_mounts_free(&m);
	assert_int_equal(ovl_mounts_parse(fixture("no_overlay"), &m), 0);
	assert_int_equal(m.nr, 0);
	ovl_mounts_free(&m);
}

static void test_row_label(void **state)
{
	struct overlay_row r = { .dev_major = 0, .dev_minor = 45 };
	char buf[32];

	assert_string_equal(overlay_row_label(&r, buf, sizeof(buf)), "dev 0:45");
	r.mount = "/m";
	assert_string_equal(overlay_row_label(&r, buf, sizeof(buf)), "/m");
	r.upper = "/u";
	assert_string_equal(overlay_row_label(&r, buf, sizeof(buf)), "/u");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_podman_like),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_read_only_has_no_upper),
		cmocka_unit_test(test_first_mount_of_a_superblock_wins),
		cmocka_unit_test(test_odd_lines_are_skipped),
		cmocka_unit_test(test_empty_and_no_overlay),
		cmocka_unit_test(test_row_label),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
