// SPDX-License-Identifier: GPL-2.0
/*
 * Every fuzz target's seed corpus and every input that once crashed it
 * (tests/fuzz/{corpus,regress}/TARGET/), fed to the target's entry built
 * without libFuzzer. Under make test SANITIZE=1 the sanitizers judge them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fileio.h"
#include "../fuzz/fuzz.h"

/* one target a line */
/* clang-format off */
#define TARGETS(X)		\
	X(replay)		\
	X(jsondom)		\
	X(theme)		\
	X(mountinfo)		\
	X(identity)		\
	X(names)		\
	X(psi)			\
	X(procstat)		\
	X(throttle)		\
	X(vmname)		\
	X(ksym)			\
	X(overlay_mounts)
/* clang-format on */

#define DECLARE(name) void fuzz_##name(const uint8_t *data, size_t size);
TARGETS(DECLARE)

static int feed_dir(const char *kind, const char *name,
		    void (*fn)(const uint8_t *data, size_t size))
{
	const char *top = getenv("CVTOP_FUZZ_DIR") ? getenv("CVTOP_FUZZ_DIR") : "tests/fuzz";
	char dir[512], path[1024], *text;
	uint8_t *copy;
	struct dirent *de;
	int n = 0;
	size_t len;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/%s/%s", top, kind, name);
	d = opendir(dir);
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		text = NULL;
		assert_int_equal(file_read_all(path, 0, 1 << 24, &text, &len, NULL), 0);
		/* exactly @len bytes, as libFuzzer passes them: no NUL after */
		copy = malloc(len ? len : 1);
		assert_non_null(copy);
		memcpy(copy, text, len);
		free(text);
		fn(copy, len);
		free(copy);
		n++;
	}
	closedir(d);
	return n;
}

#define TEST(name)                                                       \
	static void test_##name(void **state)                            \
	{                                                                \
		/* a target without seeds would test nothing */          \
		assert_true(feed_dir("corpus", #name, fuzz_##name) > 0); \
		feed_dir("regress", #name, fuzz_##name);                 \
	}
TARGETS(TEST)

#define ENTRY(name) cmocka_unit_test(test_##name),

int main(void)
{
	const struct CMUnitTest tests[] = { TARGETS(ENTRY) };

	return cmocka_run_group_tests(tests, NULL, NULL);
}
