/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_FUZZ_H
#define CVTOP_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/*
 * FUZZ_TARGET(name) { ... } defines fuzz_name(data, size): built with
 * -DCVTOP_LIBFUZZER it is libFuzzer's entry (make fuzz); without, the unit
 * suite feeds it every file of tests/fuzz/{corpus,regress}/name/.
 */
#ifdef CVTOP_LIBFUZZER
#define FUZZ_ENTRY(name)                                             \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) \
	{                                                            \
		fuzz_##name(data, size);                             \
		return 0;                                            \
	}
#else
#define FUZZ_ENTRY(name)
#endif
#define FUZZ_TARGET(name)                                   \
	void fuzz_##name(const uint8_t *data, size_t size); \
	FUZZ_ENTRY(name)                                    \
	void fuzz_##name(const uint8_t *data, size_t size)

/* @data as a NUL-terminated string (freed by the caller) */
char *fuzz_str(const uint8_t *data, size_t size);
/* @data in a memfd; its path (/proc/self/fd/N) in @path; the fd or -1 */
int fuzz_file(const uint8_t *data, size_t size, char *path, size_t len);

#endif
