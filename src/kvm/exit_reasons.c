// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/kvm.h>
#include "bpf/kvm.h"
#include "exit_reasons.h"

struct code_name {
	uint32_t code;
	const char *name;
};

#if defined(__x86_64__) || defined(__i386__)
#include <asm/svm.h>
#include <asm/vmx.h>
/* the tables are the kernel's own: linux-libc-dev's asm/vmx.h and asm/svm.h */
static const struct code_name vmx_names[] = { VMX_EXIT_REASONS };
static const struct code_name vmx_flag_names[] = {
	VMX_EXIT_REASON_FLAGS, { VMX_EXIT_REASONS_SGX_ENCLAVE_MODE, "SGX_ENCLAVE_MODE" }
};
static const struct code_name svm_names[] = { SVM_EXIT_REASONS };
#else
/* other architectures' uapi has no asm/vmx.h nor asm/svm.h: numbers only */
static const struct code_name vmx_names[] = { { 0, NULL } };
static const struct code_name vmx_flag_names[] = { { 0, NULL } };
static const struct code_name svm_names[] = { { 0, NULL } };
#endif

/*
 * arm64: the exception class (ESR_EL2.EC) of a trap, named as the kernel's
 * arch/arm64/include/asm/esr.h names them (ESR_ELx_EC_*) and perf kvm stat
 * shows them; not in any uapi header, but fixed by the architecture.
 */
#define EC(code, name)      \
	{                   \
		code, #name \
	}
static const struct code_name arm64_ec_names[] = {
	EC(0x00, UNKNOWN),     EC(0x01, WFx),	      EC(0x03, CP15_32),     EC(0x04, CP15_64),
	EC(0x05, CP14_MR),     EC(0x06, CP14_LS),     EC(0x07, FP_ASIMD),    EC(0x08, CP10_ID),
	EC(0x09, PAC),	       EC(0x0c, CP14_64),     EC(0x0d, BTI),	     EC(0x0e, ILL),
	EC(0x11, SVC32),       EC(0x12, HVC32),	      EC(0x13, SMC32),	     EC(0x15, SVC64),
	EC(0x16, HVC64),       EC(0x17, SMC64),	      EC(0x18, SYS64),	     EC(0x19, SVE),
	EC(0x1a, ERET),	       EC(0x1c, FPAC),	      EC(0x1d, SME),	     EC(0x1f, IMP_DEF),
	EC(0x20, IABT_LOW),    EC(0x21, IABT_CUR),    EC(0x22, PC_ALIGN),    EC(0x24, DABT_LOW),
	EC(0x25, DABT_CUR),    EC(0x26, SP_ALIGN),    EC(0x27, MOPS),	     EC(0x28, FP_EXC32),
	EC(0x2c, FP_EXC64),    EC(0x2f, SERROR),      EC(0x30, BREAKPT_LOW), EC(0x31, BREAKPT_CUR),
	EC(0x32, SOFTSTP_LOW), EC(0x33, SOFTSTP_CUR), EC(0x34, WATCHPT_LOW), EC(0x35, WATCHPT_CUR),
	EC(0x38, BKPT32),      EC(0x3a, VECTOR32),    EC(0x3c, BRK64),
};

/* arm64: an exit that was not a trap, by its exception type (asm/kvm_asm.h's
 * ARM_EXCEPTION_*, as perf kvm stat names them) */
static const struct code_name arm64_type_names[] = {
	{ 0, "IRQ" },
	{ 1, "SERROR" },
	{ 3, "ILLEGAL" },
	{ 0xbadca11, "HYP_GONE" },
};

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
	else if (isa == KVM_ISA_ARM64 && (reason & KVM_ARM64_NOT_TRAP))
		name = lookup(arm64_type_names, N(arm64_type_names), reason & ~KVM_ARM64_NOT_TRAP);
	else if (isa == KVM_ISA_ARM64)
		name = lookup(arm64_ec_names, N(arm64_ec_names), reason);
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
	return isa == KVM_ISA_VMX     ? "VMX"
	       : isa == KVM_ISA_SVM   ? "SVM"
	       : isa == KVM_ISA_ARM64 ? "ARM64"
				      : "unknown";
}
