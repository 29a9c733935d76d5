/* SPDX-License-Identifier: GPL-2.0 */
/* Names of KVM exit reasons, from the kernel's own uapi tables. */
#ifndef CVTOP_EXIT_REASONS_H
#define CVTOP_EXIT_REASONS_H

#include <stddef.h>
#include <stdint.h>

#define KVM_ISA_VMX 1
#define KVM_ISA_SVM 2
/* cvtop's own: arm64's kvm_exit has no isa; reasons as bpf/kvm_exits.bpf.c keys them */
#define KVM_ISA_ARM64 3
#define KVM_ARM64_NOT_TRAP 0x80000000u /* | ARM_EXCEPTION_* type; else ESR_EL2.EC */

/* VMX keeps flags in bits 16-31 of the exit reason; the basic reason is below */
#define VMX_BASIC_REASON(r) ((r)&0xffff)

/* Name of a basic VMX exit reason or SVM exit code; NULL when unknown. */
const char *kvm_vmx_exit_name(uint32_t basic);
const char *kvm_svm_exit_name(uint32_t code);

/*
 * "HLT", "npf", or "unknown 0x..." for @reason of @isa (KVM_ISA_*); VMX
 * reasons are masked with 0xffff first. Returns @buf.
 */
const char *kvm_exit_name(uint32_t isa, uint32_t reason, char *buf, size_t len);

/* VMX flag bits of @reason as "FAILED_VMENTRY|bit28", "" without any. Returns @buf. */
const char *kvm_vmx_flags(uint32_t reason, char *buf, size_t len);

/* KVM_EXIT_* name of a kvm_userspace_exit reason ("IO", "HLT"), or
 * "error EINTR" for KVM_UEXIT_ERRNO | errno, "unknown N" otherwise. */
const char *kvm_uexit_name(uint32_t reason, char *buf, size_t len);

/* KVM_ISA_VMX for GenuineIntel, KVM_ISA_SVM for AuthenticAMD and HygonGenuine
 * in @cpuinfo (normally /proc/cpuinfo); 0 when unknown, -errno when unreadable. */
int kvm_isa_from_cpuinfo(const char *cpuinfo);

const char *kvm_isa_name(uint32_t isa);

#endif
