// SPDX-License-Identifier: GPL-2.0
/* /proc/PID/cmdline of a VMM (NUL-separated), to the VM's name; and comm. */
#include <stdbool.h>
#include <stdlib.h>
#include <sys/types.h>
#include "fuzz.h"
#include "vmscan.h"

FUZZ_TARGET(vmname)
{
	char name[VM_NAME_LEN], *comm = fuzz_str(data, size < 16 ? size : 16);

	vm_name_from_cmdline((const char *)data, size, name, sizeof(name));
	vm_is_vcpu_thread_name(comm);
	free(comm);
}
