// SPDX-License-Identifier: GPL-2.0
/* Overlay mounts (and their upperdir options) from mountinfo text. */
#include <stdbool.h>
#include <stdlib.h>
#include "fuzz.h"
#include "overlay_mounts.h"

FUZZ_TARGET(overlay_mounts)
{
	char *text = fuzz_str(data, size);
	struct ovl_mounts m = { 0 };

	if (!ovl_mounts_parse(text, &m)) {
		ovl_mounts_find(&m, 0, 42);
		ovl_mounts_free(&m);
	}
	free(text);
}
