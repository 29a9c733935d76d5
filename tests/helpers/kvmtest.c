// SPDX-License-Identifier: GPL-2.0
/*
 * A tiny VMM for the KVM panes' live tests ("Using the KVM API"): one VM,
 * one vCPU, real-mode code at guest address 0.
 *
 *   kvmtest out ROUNDS OUTS DELAY_S HOLD_S [ignored args...]
 *     sleeps DELAY_S, then ROUNDS times runs: OUTS x "out dx, al" to port
 *     0x3f8 (1 byte), one "in al, dx" from port 0x61, one 1-byte write to
 *     guest address 0x2000 (no memory there: MMIO), one rdmsr of 0x10, "hlt";
 *     then holds the VM open for HOLD_S seconds. Exits to user space:
 *     ROUNDS * (OUTS + 1) IO, ROUNDS MMIO and ROUNDS HLT.
 *   kvmtest spin SECONDS [ignored args...]
 *     the guest runs "jmp ." until SECONDS have passed (SIGALRM).
 *
 * Extra arguments (e.g. "-name guest=NAME") only show in /proc/PID/cmdline,
 * where cvtop finds the VM's name. Prints "exits io=N mmio=N hlt=N" when done.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#define OUT_PORT 0x3f8
#define IN_PORT 0x61

static volatile sig_atomic_t timed_out;

static void on_alarm(int sig)
{
	timed_out = 1;
}

static int fail(const char *what)
{
	fprintf(stderr, "kvmtest: %s: %s\n", what, strerror(errno));
	return 1;
}

static int reset_vcpu(int vcpu)
{
	struct kvm_sregs sregs;
	struct kvm_regs regs = { .rip = 0, .rax = 'x', .rflags = 0x2 };

	if (ioctl(vcpu, KVM_GET_SREGS, &sregs) < 0)
		return -1;
	sregs.cs.base = 0;
	sregs.cs.selector = 0;
	if (ioctl(vcpu, KVM_SET_SREGS, &sregs) < 0)
		return -1;
	return ioctl(vcpu, KVM_SET_REGS, &regs);
}

int main(int argc, char **argv)
{
	unsigned char code[32];
	size_t code_len = 0;
	unsigned long rounds = 1, outs = 1, io = 0, mmio = 0, hlt = 0, r;
	unsigned int delay = 0, hold = 0, spin_s = 0;
	struct kvm_run *run;
	int kvm, vm, vcpu, run_size;
	bool spin;
	void *mem;

	if (argc < 3 || (strcmp(argv[1], "out") && strcmp(argv[1], "spin"))) {
		fprintf(stderr, "usage: kvmtest out ROUNDS OUTS DELAY_S HOLD_S [args]\n"
				"       kvmtest spin SECONDS [args]\n");
		return 2;
	}
	spin = !strcmp(argv[1], "spin");
	if (spin) {
		spin_s = strtoul(argv[2], NULL, 0);
		code[code_len++] = 0xeb; /* jmp . */
		code[code_len++] = 0xfe;
	} else {
		if (argc < 6)
			return 2;
		rounds = strtoul(argv[2], NULL, 0);
		outs = strtoul(argv[3], NULL, 0);
		delay = strtoul(argv[4], NULL, 0);
		hold = strtoul(argv[5], NULL, 0);
		if (!outs || outs > 0xffff)
			return 2;
		unsigned char out_code[] = {
			0xba,	       OUT_PORT & 0xff,
			OUT_PORT >> 8, /* mov dx, 0x3f8 */
			0xb9,	       outs & 0xff,
			outs >> 8, /* mov cx, OUTS */
			0xee, /* 1: out dx, al */
			0x49, /* dec cx */
			0x75,	       0xfc, /* jnz 1b */
			0xba,	       IN_PORT,
			0x00, /* mov dx, 0x61 */
			0xec, /* in al, dx */
			0xa2,	       0x00,
			0x20, /* mov [0x2000], al: MMIO, outside guest memory */
			0x66,	       0xb9,
			0x10,	       0x00,
			0x00,	       0x00, /* mov ecx, 0x10 (IA32_TIME_STAMP_COUNTER) */
			0x0f,	       0x32, /* rdmsr: handled in the kernel */
			0xf4, /* hlt */
		};
		memcpy(code, out_code, sizeof(out_code));
		code_len = sizeof(out_code);
	}

	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0)
		return fail("open /dev/kvm");
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0)
		return fail("KVM_CREATE_VM");
	mem = mmap(NULL, 0x1000, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return fail("mmap");
	memcpy(mem, code, code_len);
	struct kvm_userspace_memory_region region = {
		.slot = 0,
		.guest_phys_addr = 0,
		.memory_size = 0x1000,
		.userspace_addr = (unsigned long)mem,
	};
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		return fail("KVM_SET_USER_MEMORY_REGION");
	vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	if (vcpu < 0)
		return fail("KVM_CREATE_VCPU");
	run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (run_size < 0)
		return fail("KVM_GET_VCPU_MMAP_SIZE");
	run = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED)
		return fail("mmap vcpu");
	if (spin) {
		signal(SIGALRM, on_alarm);
		alarm(spin_s);
	} else {
		sleep(delay);
	}
	for (r = 0; r < rounds; r++) {
		if (reset_vcpu(vcpu) < 0)
			return fail("reset vcpu");
		for (;;) {
			if (ioctl(vcpu, KVM_RUN, 0) < 0) {
				if (errno == EINTR && timed_out)
					goto done;
				if (errno == EINTR)
					continue;
				return fail("KVM_RUN");
			}
			if (run->exit_reason == KVM_EXIT_IO) {
				io++;
				continue;
			}
			if (run->exit_reason == KVM_EXIT_MMIO) {
				mmio++;
				continue;
			}
			if (run->exit_reason == KVM_EXIT_HLT) {
				hlt++;
				break;
			}
			fprintf(stderr, "kvmtest: unexpected exit %u\n", run->exit_reason);
			return 1;
		}
	}
done:
	printf("exits io=%lu mmio=%lu hlt=%lu\n", io, mmio, hlt);
	fflush(stdout);
	sleep(hold);
	return 0;
}
