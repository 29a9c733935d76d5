// SPDX-License-Identifier: GPL-2.0
/* kernel_sym(): the kernel's own answer (a BPF syscall program) against
 * /proc/kallsyms, on the running kernel; skipped where BPF is not allowed. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "ksym.h"
#include "ksym_bpf.h"

static int kernel_answers(void **state)
{
	uint64_t a;
	int err;

	(void)state;
	if (geteuid())
		return -1;
	/* before 5.16 there is no such helper: the file is the answer */
	err = ksym_ask_kernel("vfs_read", &a);
	return err ? -1 : 0;
}

static void test_same_as_kallsyms(void **state)
{
	static const char *const names[] = { "vfs_read", "schedule", "blk_throtl_dispatch_work_fn",
					     "kvm_steal_clock" };
	uint64_t mine, file;
	size_t i;
	int err;

	if (*state)
		skip();
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		err = ksym_find("/proc/kallsyms", names[i], &file);
		mine = 0;
		if (err == -ENOENT) {
			assert_int_equal(ksym_ask_kernel(names[i], &mine), -ENOENT);
			continue;
		}
		assert_int_equal(ksym_ask_kernel(names[i], &mine), 0);
		assert_int_equal(kernel_sym(names[i], false, &mine), 0);
		/* hidden addresses (kptr_restrict) in the file: the kernel's own is there */
		if (err == -EPERM)
			assert_true(mine != 0);
		else
			assert_int_equal(mine, file);
	}
}

static void test_missing_and_long(void **state)
{
	char name[200];
	uint64_t a = 42;

	if (*state)
		skip();
	assert_int_equal(ksym_ask_kernel("cvtop_no_such_function", &a), -ENOENT);
	assert_int_equal(kernel_sym("cvtop_no_such_function", false, &a), -ENOENT);
	assert_int_equal(kernel_sym("cvtop_no_such_function", true, &a), -ENOENT);
	assert_int_equal(a, 42);
	memset(name, 'x', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	assert_int_equal(ksym_ask_kernel(name, &a), -ENAMETOOLONG);
	assert_int_equal(kernel_sym(name, true, &a), -ENOENT);
	/* names of every length up to the limit: the stores and padding */
	for (size_t len = 1; len < 128; len += len < 120 ? 7 : 1) {
		memset(name, 'y', len);
		name[len] = '\0';
		assert_int_equal(ksym_ask_kernel(name, &a), -ENOENT);
	}
}

static int setup(void **state)
{
	*state = (void *)(intptr_t)(kernel_answers(state) != 0);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_as_kallsyms),
		cmocka_unit_test(test_missing_and_long),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
