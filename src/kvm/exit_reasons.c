// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <asm/svm.h>
#include <asm/vmx.h>
#include <linux/kvm.h>
#include "bpf/kvm.h"
#include "exit_reasons.h"

struct code_name {
	uint32_t code;
	const char *name;
};

/* the tables are the kernel's own: linux-libc-dev's asm/vmx.h and asm/svm.h */
static const struct code_name vmx_names[] = { VMX_EXIT_REASONS };
static const struct code_name vmx_flag_names[] = {
	VMX_EXIT_REASON_FLAGS, { VMX_EXIT_REASONS_SGX_ENCLAVE_MODE, "SGX_ENCLAVE_MODE" }
};
static const struct code_name svm_names[] = { SVM_EXIT_REASONS };

#define UEXIT(x)                 \
	{                        \
		KVM_EXIT_##x, #x \
	}
static const struct code_name uexit_names[] = {
	UEXIT(UNKNOWN),
	UEXIT(EXCEPTION),
	UEXIT(IO),
	UEXIT(HYPERCALL),
	UEXIT(DEBUG),
	UEXIT(HLT),
	UEXIT(MMIO),
	UEXIT(IRQ_WINDOW_OPEN),
	UEXIT(SHUTDOWN),
	UEXIT(FAIL_ENTRY),
	UEXIT(INTR),
	UEXIT(SET_TPR),
	UEXIT(TPR_ACCESS),
	UEXIT(NMI),
	UEXIT(INTERNAL_ERROR),
	UEXIT(OSI),
	UEXIT(WATCHDOG),
	UEXIT(EPR),
	UEXIT(SYSTEM_EVENT),
	UEXIT(IOAPIC_EOI),
	UEXIT(HYPERV),
	UEXIT(X86_RDMSR),
	UEXIT(X86_WRMSR),
	UEXIT(DIRTY_RING_FULL),
	UEXIT(AP_RESET_HOLD),
	UEXIT(X86_BUS_LOCK),
	UEXIT(XEN),
	UEXIT(NOTIFY),
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *lookup(const struct code_name *t, size_t n, uint32_t code)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (t[i].code == code)
			return t[i].name;
	}
	return NULL;
}

const char *kvm_vmx_exit_name(uint32_t basic)
{
	return lookup(vmx_names, N(vmx_names), basic);
}

const char *kvm_svm_exit_name(uint32_t code)
{
	return lookup(svm_names, N(svm_names), code);
}

const char *kvm_exit_name(uint32_t isa, uint32_t reason, char *buf, size_t len)
{
	const char *name = NULL;

	if (isa == KVM_ISA_VMX)
		name = kvm_vmx_exit_name(VMX_BASIC_REASON(reason));
	else if (isa == KVM_ISA_SVM)
		name = kvm_svm_exit_name(reason);
	if (name)
		snprintf(buf, len, "%s", name);
	else if (isa == KVM_ISA_VMX)
		snprintf(buf, len, "unknown 0x%x", VMX_BASIC_REASON(reason));
	else
		snprintf(buf, len, "unknown 0x%x", reason);
	return buf;
}

const char *kvm_vmx_flags(uint32_t reason, char *buf, size_t len)
{
	size_t used = 0;
	int bit;

	if (len)
		buf[0] = '\0';
	for (bit = 16; bit < 32; bit++) {
		uint32_t mask = 1u << bit;
		const char *name;
		int n;

		if (!(reason & mask))
			continue;
		name = lookup(vmx_flag_names, N(vmx_flag_names), mask);
		if (name)
			n = snprintf(buf + used, len - used, "%s%s", used ? "|" : "", name);
		else
			n = snprintf(buf + used, len - used, "%sbit%d", used ? "|" : "", bit);
		if (n < 0 || (size_t)n >= len - used)
			break;
		used += n;
	}
	return buf;
}

const char *kvm_uexit_name(uint32_t reason, char *buf, size_t len)
{
	const char *name;

	if (reason & KVM_UEXIT_ERRNO) {
		int err = reason & ~KVM_UEXIT_ERRNO;
		const char *e = strerrorname_np(err);

		if (e)
			snprintf(buf, len, "error %s", e);
		else
			snprintf(buf, len, "error %d", err);
		return buf;
	}
	name = lookup(uexit_names, N(uexit_names), reason);
	if (name)
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "unknown %u", reason);
	return buf;
}

int kvm_isa_from_cpuinfo(const char *cpuinfo)
{
	char line[256];
	int isa = 0;
	FILE *f = fopen(cpuinfo, "re");

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "vendor_id", 9))
			continue;
		if (strstr(line, "GenuineIntel"))
			isa = KVM_ISA_VMX;
		else if (strstr(line, "AuthenticAMD") || strstr(line, "HygonGenuine"))
			isa = KVM_ISA_SVM;
		break;
	}
	fclose(f);
	return isa;
}

const char *kvm_isa_name(uint32_t isa)
{
	return isa == KVM_ISA_VMX ? "VMX" : isa == KVM_ISA_SVM ? "SVM" : "unknown";
}
