// SPDX-License-Identifier: GPL-2.0
/* kallsyms lines, read as a file as cvtop reads /proc/kallsyms. */
#include <unistd.h>
#include "fuzz.h"
#include "ksym.h"

FUZZ_TARGET(ksym)
{
	uint64_t addr;
	char path[64];
	int fd = fuzz_file(data, size, path, sizeof(path));

	ksym_find(path, "blk_throtl_dispatch_work_fn", &addr);
	ksym_find(path, "a", &addr);
	close(fd);
}
