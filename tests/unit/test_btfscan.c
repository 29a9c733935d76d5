// SPDX-License-Identifier: GPL-2.0
/* btfscan_enum_value() and btfscan_func_id() on small BTF files made here,
 * and on the kernel's. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/btf.h>
#include "btfscan.h"

#define INFO(kind, vlen, kflag) ((uint32_t)(kflag) << 31 | (uint32_t)(kind) << 24 | (vlen))

struct blob {
	uint32_t types[96];
	size_t nt;
	char strs[256];
	size_t ns;
};

static uint32_t str(struct blob *b, const char *s)
{
	uint32_t off = b->ns;

	memcpy(b->strs + b->ns, s, strlen(s) + 1);
	b->ns += strlen(s) + 1;
	return off;
}

static void put(struct blob *b, uint32_t v)
{
	b->types[b->nt++] = v;
}

/* int, a struct of two members, an anonymous enum, a named enum64, a
 * function prototype and a function named as the struct's member "a" is */
static void make_types(struct blob *b)
{
	uint32_t s_int, s_st, s_a, s_b, s_one, s_target, s_e64, s_big, s_neg, s_fn;

	memset(b, 0, sizeof(*b));
	b->ns = 1; /* the string section starts with "" */
	s_int = str(b, "int");
	s_st = str(b, "TARGETS_HOLDER");
	s_a = str(b, "a");
	s_b = str(b, "b");
	s_one = str(b, "ONE");
	s_target = str(b, "TARGET");
	s_e64 = str(b, "e64");
	s_big = str(b, "BIG");
	s_neg = str(b, "NEG");
	s_fn = str(b, "vfs_read");
	/* [1] int: 4 bytes, trailing u32 */
	put(b, s_int), put(b, INFO(1, 0, 0)), put(b, 4), put(b, 0x01000020);
	/* [2] struct { int a; int b; } */
	put(b, s_st), put(b, INFO(4, 2, 0)), put(b, 8);
	put(b, s_a), put(b, 1), put(b, 0);
	put(b, s_b), put(b, 1), put(b, 32);
	/* [3] enum { ONE = 1, TARGET = 5, NEG = -3 }, signed (kind_flag) */
	put(b, 0), put(b, INFO(6, 3, 1)), put(b, 4);
	put(b, s_one), put(b, 1);
	put(b, s_target), put(b, 5);
	put(b, s_neg), put(b, (uint32_t)-3);
	/* [4] enum e64 { BIG = 1 << 40 } */
	put(b, s_e64), put(b, INFO(19, 1, 0)), put(b, 8);
	put(b, s_big), put(b, 0), put(b, 1 << 8);
	/* [5] int (int a): a prototype of one parameter */
	put(b, 0), put(b, INFO(13, 1, 0)), put(b, 1);
	put(b, s_a), put(b, 1);
	/* [6] the function vfs_read of type [5]; [7] a function "a" */
	put(b, s_fn), put(b, INFO(12, 0, 1)), put(b, 5);
	put(b, s_a), put(b, INFO(12, 0, 1)), put(b, 5);
}

static char path[64];

/* the blob as a raw BTF file: header, types, strings; @cut bytes short */
static const char *write_blob(const struct blob *b, uint16_t magic, size_t cut)
{
	uint32_t hdr[6];
	uint16_t m[2] = { magic, 1 };
	FILE *f;
	int fd;

	snprintf(path, sizeof(path), "/tmp/cvtop-test-btf.XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	hdr[0] = 24; /* hdr_len, with the magic/version/flags word */
	hdr[1] = 0; /* type_off */
	hdr[2] = b->nt * 4;
	hdr[3] = b->nt * 4; /* str_off */
	hdr[4] = b->ns;
	fwrite(m, sizeof(m), 1, f);
	fwrite(hdr, 4, 5, f);
	fwrite(b->types, 4, b->nt - cut / 4, f);
	if (!cut)
		fwrite(b->strs, 1, b->ns, f);
	fclose(f);
	return path;
}

static void test_found(void **state)
{
	struct blob b;
	int64_t v = 0;

	(void)state;
	make_types(&b);
	write_blob(&b, 0xeb9f, 0);
	assert_int_equal(btfscan_enum_value(path, "TARGET", &v), 0);
	assert_int_equal(v, 5);
	assert_int_equal(btfscan_enum_value(path, "ONE", &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(btfscan_enum_value(path, "NEG", &v), 0);
	assert_int_equal(v, -3);
	assert_int_equal(btfscan_enum_value(path, "BIG", &v), 0);
	assert_true(v == (int64_t)1 << 40);
	unlink(path);
}

static void test_not_an_enumerator(void **state)
{
	struct blob b;
	int64_t v = 42;

	(void)state;
	make_types(&b);
	write_blob(&b, 0xeb9f, 0);
	/* a member's name, a struct's, a tail of another name, none at all */
	assert_int_equal(btfscan_enum_value(path, "a", &v), -ENOENT);
	assert_int_equal(btfscan_enum_value(path, "TARGETS_HOLDER", &v), -ENOENT);
	assert_int_equal(btfscan_enum_value(path, "GET", &v), -ENOENT);
	assert_int_equal(btfscan_enum_value(path, "MISSING", &v), -ENOENT);
	assert_int_equal(v, 42);
	unlink(path);
}

static void test_malformed(void **state)
{
	struct blob b;
	int64_t v;

	(void)state;
	make_types(&b);
	write_blob(&b, 0x9feb, 0);
	assert_int_equal(btfscan_enum_value(path, "TARGET", &v), -EINVAL);
	unlink(path);
	/* the sections run past the end of the file */
	write_blob(&b, 0xeb9f, 8);
	assert_int_equal(btfscan_enum_value(path, "TARGET", &v), -EINVAL);
	unlink(path);
	/* a kind this reader does not know: it cannot skip it */
	make_types(&b);
	b.types[1] = INFO(31, 0, 0);
	write_blob(&b, 0xeb9f, 0);
	assert_int_equal(btfscan_enum_value(path, "TARGET", &v), -EINVAL);
	unlink(path);
	assert_int_equal(btfscan_enum_value("/nonexistent/btf", "TARGET", &v), -ENOENT);
}

static void test_func_id(void **state)
{
	struct blob b;
	uint32_t id = 0;

	(void)state;
	make_types(&b);
	write_blob(&b, 0xeb9f, 0);
	assert_int_equal(btfscan_func_id(path, "vfs_read", &id), 0);
	assert_int_equal(id, 6);
	/* "a" names a member first: the function's id, not the member's */
	assert_int_equal(btfscan_func_id(path, "a", &id), 0);
	assert_int_equal(id, 7);
	/* names of other kinds are not functions */
	id = 42;
	assert_int_equal(btfscan_func_id(path, "TARGET", &id), -ENOENT);
	assert_int_equal(btfscan_func_id(path, "int", &id), -ENOENT);
	assert_int_equal(btfscan_func_id(path, "vfs_write", &id), -ENOENT);
	assert_int_equal(id, 42);
	unlink(path);
}

/* the running kernel's BTF: an enumerator every kernel cvtop supports has */
static void test_kernel(void **state)
{
	int64_t v = -1;

	(void)state;
	if (access("/sys/kernel/btf/vmlinux", R_OK))
		skip();
	assert_int_equal(btfscan_enum_value("/sys/kernel/btf/vmlinux", "BPF_PROG_TYPE_TRACING", &v),
			 0);
	assert_int_equal(v, 26);
}

/* the running kernel's BTF: a function's id as libbpf's whole parse finds it */
static void test_kernel_func(void **state)
{
	struct btf *btf;
	uint32_t id = 0;

	(void)state;
	if (access("/sys/kernel/btf/vmlinux", R_OK))
		skip();
	btf = btf__load_vmlinux_btf();
	assert_non_null(btf);
	assert_int_equal(btfscan_func_id("/sys/kernel/btf/vmlinux", "vfs_read", &id), 0);
	assert_int_equal(id, btf__find_by_name_kind(btf, "vfs_read", BTF_KIND_FUNC));
	btf__free(btf);
}

int main(void)
{
	/* one test a line */
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_found),
		cmocka_unit_test(test_not_an_enumerator),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_func_id),
		cmocka_unit_test(test_kernel),
		cmocka_unit_test(test_kernel_func),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
