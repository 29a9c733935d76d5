// SPDX-License-Identifier: GPL-2.0
/*
 * arm64's kvmtest for the kernel matrix (copied into the arm64 guest as
 * /kvmtest): a tiny VMM, one VM, one vCPU, the guest's code at IPA 0x1000 with
 * its MMU off. The same command line as tests/helpers/kvmtest.c:
 *
 *   kvmtest out ROUNDS OUTS DELAY_S HOLD_S [ignored args...]
 *     sleeps DELAY_S, then the guest runs ROUNDS times: OUTS 4-byte MMIO
 *     writes to IPA 0x100000, one 4-byte MMIO read from 0x101000 (no memory
 *     there: each is a data abort, ESR_EL2.EC DABT_LOW, and an exit to this
 *     VMM) and one PSCI_VERSION call (hvc: EC HVC64, answered by KVM);
 *     then PSCI SYSTEM_OFF (one more HVC64, an exit to this VMM); then holds
 *     the VM open for HOLD_S seconds. Exits to user space: ROUNDS * (OUTS +
 *     1) MMIO and one SYSTEM_EVENT.
 *
 * arm64 has no port I/O: MMIO stands for the x86 version's "out" and "in".
 * Extra arguments ("-name guest=NAME") are where cvtop finds the VM's name.
 * Prints "exits mmio=N system_event=N" when done. Elsewhere than arm64 it
 * only says so.
 */
#include <stdio.h>

#if defined(__aarch64__)
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#define MEM_SIZE 0x10000
#define CODE_AT 0x1000
#define MMIO_OUT 0x100000
#define MMIO_IN 0x101000

/*
 * The guest: x9 rounds, x10 writes per round, x11 and x12 the MMIO
 * addresses (not x0-x3: KVM's PSCI answer overwrites them, SMCCC). Only
 * registers and MMIO: no access to guest RAM but the code's fetch. A64
 * encodings as aarch64-linux-gnu-as assembles them.
 */
static const uint32_t guest_code[] = {
	0xaa0a03e4, /* 1: mov x4, x10 */
	0xb9000165, /* 2: str w5, [x11]		MMIO write */
	0xf1000484, /*    subs x4, x4, #1 */
	0x54ffffc1, /*    b.ne 2b */
	0xb9400185, /*    ldr w5, [x12]		MMIO read */
	0x52b08000, /*    mov w0, #0x84000000	PSCI_VERSION */
	0xd4000002, /*    hvc #0 */
	0xf1000529, /*    subs x9, x9, #1 */
	0x54ffff01, /*    b.ne 1b */
	0x52b08000, /*    mov w0, #0x84000000 */
	0x72800100, /*    movk w0, #0x8		PSCI_0_2_FN_SYSTEM_OFF */
	0xd4000002, /*    hvc #0 */
	0x14000000, /*    b . */
};

#define CORE_REG(x)                                            \
	(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | \
	 (offsetof(struct kvm_regs, x) / sizeof(uint32_t)))

static volatile sig_atomic_t timed_out;
static unsigned long mmio;

static void on_alarm(int sig)
{
	timed_out = 1;
}

static uint64_t get_reg(int vcpu, uint64_t id)
{
	uint64_t val = 0;
	struct kvm_one_reg reg = { .id = id, .addr = (uint64_t)(uintptr_t)&val };

	ioctl(vcpu, KVM_GET_ONE_REG, &reg);
	return val;
}

/* where the guest is stuck: its PC, and the exception it took itself */
static int stuck(int vcpu)
{
	fprintf(stderr,
		"kvmtest: the guest did not finish in 60 s: pc 0x%llx, elr_el1 0x%llx, "
		"esr_el1 0x%llx, far_el1 0x%llx, rounds left %llu, mmio exits %lu\n",
		(unsigned long long)get_reg(vcpu, CORE_REG(regs.pc)),
		(unsigned long long)get_reg(vcpu, CORE_REG(elr_el1)),
		(unsigned long long)get_reg(vcpu, ARM64_SYS_REG(3, 0, 5, 2, 0)),
		(unsigned long long)get_reg(vcpu, ARM64_SYS_REG(3, 0, 6, 0, 0)),
		(unsigned long long)get_reg(vcpu, CORE_REG(regs.regs[9])), mmio);
	return 1;
}

static int fail(const char *what)
{
	fprintf(stderr, "kvmtest: %s: %s\n", what, strerror(errno));
	return 1;
}

static int set_reg(int vcpu, uint64_t id, uint64_t val)
{
	struct kvm_one_reg reg = { .id = id, .addr = (uint64_t)(uintptr_t)&val };

	return ioctl(vcpu, KVM_SET_ONE_REG, &reg);
}

int main(int argc, char **argv)
{
	unsigned long rounds, outs, sysev = 0;
	struct kvm_vcpu_init init;
	struct kvm_run *run;
	int kvm, vm, vcpu, run_size;
	unsigned int delay, hold;
	void *mem;

	if (argc < 6 || strcmp(argv[1], "out")) {
		fprintf(stderr, "usage: kvmtest out ROUNDS OUTS DELAY_S HOLD_S [args]\n");
		return 2;
	}
	rounds = strtoul(argv[2], NULL, 0);
	outs = strtoul(argv[3], NULL, 0);
	delay = strtoul(argv[4], NULL, 0);
	hold = strtoul(argv[5], NULL, 0);
	if (!rounds || !outs)
		return 2;
	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0)
		return fail("open /dev/kvm");
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0)
		return fail("KVM_CREATE_VM");
	mem = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return fail("mmap");
	memcpy((char *)mem + CODE_AT, guest_code, sizeof(guest_code));
	/* VBAR_EL1 is 0: a synchronous exception the guest takes itself parks
	 * at 0x200 ("b ."), its ESR_EL1 and ELR_EL1 kept for stuck() */
	*(uint32_t *)((char *)mem + 0x200) = 0x14000000;
	struct kvm_userspace_memory_region region = {
		.slot = 0,
		.guest_phys_addr = 0,
		.memory_size = MEM_SIZE,
		.userspace_addr = (uint64_t)(uintptr_t)mem,
	};
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		return fail("KVM_SET_USER_MEMORY_REGION");
	vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	if (vcpu < 0)
		return fail("KVM_CREATE_VCPU");
	if (ioctl(vm, KVM_ARM_PREFERRED_TARGET, &init) < 0)
		return fail("KVM_ARM_PREFERRED_TARGET");
	init.features[0] |= 1u << KVM_ARM_VCPU_PSCI_0_2;
	if (ioctl(vcpu, KVM_ARM_VCPU_INIT, &init) < 0)
		return fail("KVM_ARM_VCPU_INIT");
	if (set_reg(vcpu, CORE_REG(regs.pc), CODE_AT) ||
	    set_reg(vcpu, CORE_REG(regs.regs[9]), rounds) ||
	    set_reg(vcpu, CORE_REG(regs.regs[10]), outs) ||
	    set_reg(vcpu, CORE_REG(regs.regs[11]), MMIO_OUT) ||
	    set_reg(vcpu, CORE_REG(regs.regs[12]), MMIO_IN))
		return fail("KVM_SET_ONE_REG");
	run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (run_size < 0)
		return fail("KVM_GET_VCPU_MMAP_SIZE");
	run = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED)
		return fail("mmap vcpu");
	sleep(delay);
	signal(SIGALRM, on_alarm);
	alarm(60);
	for (;;) {
		if (ioctl(vcpu, KVM_RUN, 0) < 0) {
			if (errno == EINTR && timed_out)
				return stuck(vcpu);
			if (errno == EINTR)
				continue;
			return fail("KVM_RUN");
		}
		if (run->exit_reason == KVM_EXIT_MMIO) {
			mmio++;
			if (!run->mmio.is_write)
				memset(run->mmio.data, 0x5a, sizeof(run->mmio.data));
			continue;
		}
		if (run->exit_reason == KVM_EXIT_SYSTEM_EVENT) {
			sysev++;
			break;
		}
		fprintf(stderr, "kvmtest: unexpected exit %u\n", run->exit_reason);
		return 1;
	}
	alarm(0);
	sleep(hold);
	printf("exits mmio=%lu system_event=%lu\n", mmio, sysev);
	return 0;
}
#else
int main(void)
{
	fprintf(stderr, "kvmtest_arm64: arm64 only (tests/helpers/kvmtest.c is x86's)\n");
	return 2;
}
#endif
