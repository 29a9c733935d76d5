/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CVTOP_PRIVS_H
#define CVTOP_PRIVS_H

#include <stdbool.h>

/* true when the effective capabilities allow loading tracing BPF programs:
 * CAP_SYS_ADMIN, or CAP_BPF together with CAP_PERFMON. */
bool privs_can_trace(void);

#endif
