// SPDX-License-Identifier: GPL-2.0
/* cpu.stat, cpu.max, io.max and the v1 blkio throttle files: the first byte
 * picks the parser, the rest is the file. */
#include <stdbool.h>
#include <stdlib.h>
#include "fuzz.h"
#include "throttle_parse.h"

FUZZ_TARGET(throttle)
{
	struct io_limit lims[4];
	struct cpu_stat st;
	uint64_t period;
	int64_t quota;
	char *text;
	int nr = 0, i;

	if (!size)
		return;
	text = fuzz_str(data + 1, size - 1);
	switch (data[0] % 4) {
	case 0:
		parse_cpu_stat(text, &st);
		break;
	case 1:
		parse_cpu_max(text, &quota, &period);
		parse_s64(text, &quota);
		break;
	case 2:
		parse_io_max(text, lims, &nr, 4);
		break;
	default:
		/* one file per kind, into the same table as cvtop reads them */
		for (i = 0; i < IO_NR_LIMITS; i++)
			parse_blkio_device(text, i, lims, &nr, 4);
		break;
	}
	for (i = 0; i < nr && i < 4; i++)
		io_limit_any(&lims[i]);
	free(text);
}
