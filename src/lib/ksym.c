// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "ksym.h"

int ksym_find(const char *kallsyms, const char *name, uint64_t *addr)
{
	size_t len = strlen(name);
	char line[512], sym[256], type;
	unsigned long long a;
	int err = -ENOENT;
	FILE *f;

	f = fopen(kallsyms, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %c %255s", &a, &type, sym) != 3)
			continue;
		if (type != 't' && type != 'T')
			continue;
		if (strncmp(sym, name, len) || (sym[len] && sym[len] != '.'))
			continue;
		if (!a) {
			err = -EPERM; /* kptr_restrict hides addresses */
			break;
		}
		*addr = a;
		err = 0;
		break;
	}
	fclose(f);
	return err;
}
