// SPDX-License-Identifier: GPL-2.0
/* PSI files (cpu.pressure, io.pressure). */
#include <stdbool.h>
#include <stdlib.h>
#include "fuzz.h"
#include "psi.h"

FUZZ_TARGET(psi)
{
	char *text = fuzz_str(data, size);
	struct psi p;

	psi_parse(text, &p);
	free(text);
}
