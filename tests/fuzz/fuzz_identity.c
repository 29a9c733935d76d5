// SPDX-License-Identifier: GPL-2.0
/* Cgroup paths to identities: any process with a cgroup namespace names them. */
#include <stdbool.h>
#include <stdlib.h>
#include "fuzz.h"
#include "identity.h"

FUZZ_TARGET(identity)
{
	char *path = fuzz_str(data, size), out[80];
	struct cg_identity id;

	identity_parse_path(path, &id);
	identity_short_id(&id, out, sizeof(out));
	identity_runtime_name(id.runtime);
	free(path);
}
