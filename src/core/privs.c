// SPDX-License-Identifier: GPL-2.0
#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "privs.h"

#ifndef CAP_PERFMON
#define CAP_PERFMON 38
#endif
#ifndef CAP_BPF
#define CAP_BPF 39
#endif

static bool has_cap(const struct __user_cap_data_struct *d, int cap)
{
	return d[cap / 32].effective & (1U << (cap % 32));
}

bool privs_can_trace(void)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2] = { 0 };

	if (syscall(SYS_capget, &hdr, data))
		return false;
	return has_cap(data, CAP_SYS_ADMIN) ||
	       (has_cap(data, CAP_BPF) && has_cap(data, CAP_PERFMON));
}
