// SPDX-License-Identifier: GPL-2.0
/* Theme files (--theme PATH): a user's file, any bytes. */
#include <stdbool.h>
#include "fuzz.h"
#include "theme.h"

FUZZ_TARGET(theme)
{
	struct theme_diag diags[8];
	struct theme t;
	int nr = 0;

	theme_default(&t);
	theme_parse((const char *)data, size, &t, diags, 8, &nr);
}
