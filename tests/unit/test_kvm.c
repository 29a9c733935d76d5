// SPDX-License-Identifier: GPL-2.0
/* Pane 5: exit statistics, the exit-name tables, VM names, CPU vendor. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exit_reasons.h"
#include "exit_stats.h"
#include "vmscan.h"
#include "bpf/kvm.h"

static void assert_near(double got, double want, double tol)
{
	if (fabs(got - want) > tol) {
		print_error("%.9f != %.9f (tolerance %g)\n", got, want, tol);
		fail();
	}
}

static struct exit_stats of(const uint64_t *v, int n)
{
	struct exit_stats s = { 0 };
	int i;

	for (i = 0; i < n; i++)
		exit_stats_add(&s, v[i]);
	return s;
}

/* 1, 2, 3, 4 us: mean 2500 ns, sample variance 5e6/3, sd 1290.994449 ns,
 * perf's +-: 1290.994449 / sqrt(4) / 2500 = 25.819889 % */
static void test_stats_known(void **state)
{
	const uint64_t v[] = { 1000, 2000, 3000, 4000 };
	struct exit_stats s = of(v, 4);
	double sd, pct;

	assert_int_equal(s.count, 4);
	assert_int_equal(s.sum_ns, 10000);
	assert_int_equal(s.min_ns, 1000);
	assert_int_equal(s.max_ns, 4000);
	assert_true(s.sumsq == 30000000);
	assert_near(exit_stats_mean(&s), 2500, 1e-9);
	assert_true(exit_stats_stddev(&s, &sd));
	assert_near(sd, 1290.994448735806, 1e-6);
	assert_true(exit_stats_rel_stderr_pct(&s, &pct));
	assert_near(pct, 25.81988897471611, 1e-9);
}

static void test_stats_one_sample(void **state)
{
	const uint64_t v[] = { 123456789 };
	struct exit_stats s = of(v, 1);
	double sd = -1, pct = -1;

	assert_near(exit_stats_mean(&s), 123456789, 1e-9);
	assert_int_equal(s.min_ns, 123456789);
	assert_int_equal(s.max_ns, 123456789);
	/* one sample has no spread: said so, not shown as 0 */
	assert_false(exit_stats_stddev(&s, &sd));
	assert_false(exit_stats_rel_stderr_pct(&s, &pct));
	assert_near(sd, -1, 0);
}

static void test_stats_empty(void **state)
{
	struct exit_stats s = { 0 };
	double sd;

	assert_near(exit_stats_mean(&s), 0, 0);
	assert_false(exit_stats_stddev(&s, &sd));
}

/* 5 s and 7 s: squares pass 2^64; mean 6e9, sd sqrt(2e18) */
static void test_stats_huge(void **state)
{
	const uint64_t v[] = { 5000000000ULL, 7000000000ULL };
	struct exit_stats s = of(v, 2);
	double sd;

	assert_true(s.sumsq > (unsigned __int128)UINT64_MAX);
	assert_near(exit_stats_mean(&s), 6e9, 1e-3);
	assert_true(exit_stats_stddev(&s, &sd));
	assert_near(sd, 1414213562.373095, 1e-3);
}

/* 2^40 and 2^40 + 2 ns: a spread of 1.414 ns on 18 minutes survives */
static void test_stats_huge_small_spread(void **state)
{
	const uint64_t v[] = { 1ULL << 40, (1ULL << 40) + 2 };
	struct exit_stats s = of(v, 2);
	double sd;

	assert_true(exit_stats_stddev(&s, &sd));
	assert_near(sd, 1.4142135623730951, 1e-9);
}

static void test_stats_merge(void **state)
{
	const uint64_t a[] = { 1000, 2000 }, b[] = { 3000, 4000 },
		       all[] = { 1000, 2000, 3000, 4000 };
	struct exit_stats x = of(a, 2), y = of(b, 2), z = of(all, 4), e = { 0 };

	exit_stats_merge(&x, &y);
	exit_stats_merge(&x, &e);
	assert_int_equal(x.count, z.count);
	assert_int_equal(x.sum_ns, z.sum_ns);
	assert_true(x.sumsq == z.sumsq);
	assert_int_equal(x.min_ns, 1000);
	assert_int_equal(x.max_ns, 4000);
	exit_stats_merge(&e, &y);
	assert_int_equal(e.min_ns, 3000);
}

/* The BPF side's 128-bit sum of squares against the compiler's */
static void test_sumsq_add(void **state)
{
	const uint64_t v[] = { 0,
			       1,
			       3,
			       0xffffffffULL,
			       0x100000000ULL,
			       (1ULL << 40) + 2,
			       0x123456789abcdefULL,
			       UINT64_MAX,
			       UINT64_MAX };
	unsigned __int128 want = 0;
	__u64 hi = 0, lo = 0; /* the type the BPF side uses */
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		kvm_sumsq_add(&hi, &lo, v[i]);
		want += (unsigned __int128)v[i] * v[i];
		assert_true((uint64_t)(want >> 64) == hi);
		assert_true((uint64_t)want == lo);
	}
}

static void test_vmx_names(void **state)
{
	char buf[64];

	assert_string_equal(kvm_exit_name(KVM_ISA_VMX, 12, buf, sizeof(buf)), "HLT");
	assert_string_equal(kvm_exit_name(KVM_ISA_VMX, 30, buf, sizeof(buf)), "IO_INSTRUCTION");
	assert_string_equal(kvm_exit_name(KVM_ISA_VMX, 48, buf, sizeof(buf)), "EPT_VIOLATION");
	/* flag bits are masked off the reason... */
	assert_string_equal(kvm_exit_name(KVM_ISA_VMX, 0x80000021, buf, sizeof(buf)),
			    "INVALID_STATE");
	assert_string_equal(kvm_exit_name(KVM_ISA_VMX, 0x08000000 | 12, buf, sizeof(buf)), "HLT");
	/* ...and shown by name, or by bit number where the header has none */
	assert_string_equal(kvm_vmx_flags(0x80000021, buf, sizeof(buf)), "FAILED_VMENTRY");
	assert_string_equal(kvm_vmx_flags(0x88000021, buf, sizeof(buf)),
			    "SGX_ENCLAVE_MODE|FAILED_VMENTRY");
	assert_string_equal(kvm_vmx_flags(0x10000000 | 12, buf, sizeof(buf)), "bit28");
	assert_string_equal(kvm_vmx_flags(12, buf, sizeof(buf)), "");
	assert_string_equal(kvm_exit_name(KVM_ISA_VMX, 0xfffe, buf, sizeof(buf)), "unknown 0xfffe");
	assert_string_equal(kvm_exit_name(KVM_ISA_VMX, 0x8000fffe, buf, sizeof(buf)),
			    "unknown 0xfffe");
	assert_null(kvm_vmx_exit_name(11)); /* GETSEC: not in the table */
}

static void test_svm_names(void **state)
{
	char buf[64];

	assert_string_equal(kvm_exit_name(KVM_ISA_SVM, 0x78, buf, sizeof(buf)), "hlt");
	assert_string_equal(kvm_exit_name(KVM_ISA_SVM, 0x7b, buf, sizeof(buf)), "io");
	assert_string_equal(kvm_exit_name(KVM_ISA_SVM, 0x400, buf, sizeof(buf)), "npf");
	assert_string_equal(kvm_exit_name(KVM_ISA_SVM, 0x60, buf, sizeof(buf)), "interrupt");
	/* SVM codes are not masked: 0x8000xxxx are real VMGEXIT codes */
	assert_string_equal(kvm_exit_name(KVM_ISA_SVM, 0x80000001, buf, sizeof(buf)),
			    "vmgexit_mmio_read");
	assert_string_equal(kvm_exit_name(KVM_ISA_SVM, 0xffffffff, buf, sizeof(buf)),
			    "invalid_guest_state");
	assert_string_equal(kvm_exit_name(KVM_ISA_SVM, 0x3ff, buf, sizeof(buf)), "unknown 0x3ff");
	assert_string_equal(kvm_exit_name(0, 12, buf, sizeof(buf)), "unknown 0xc");
}

/* arm64: a trap by its ESR_EL2 exception class, anything else by its type */
static void test_arm64_names(void **state)
{
	char buf[64];

	assert_string_equal(kvm_exit_name(KVM_ISA_ARM64, 0x24, buf, sizeof(buf)), "DABT_LOW");
	assert_string_equal(kvm_exit_name(KVM_ISA_ARM64, 0x16, buf, sizeof(buf)), "HVC64");
	assert_string_equal(kvm_exit_name(KVM_ISA_ARM64, 0x01, buf, sizeof(buf)), "WFx");
	assert_string_equal(kvm_exit_name(KVM_ISA_ARM64, 0x18, buf, sizeof(buf)), "SYS64");
	assert_string_equal(kvm_exit_name(KVM_ISA_ARM64, KVM_ARM64_NOT_TRAP | 0, buf, sizeof(buf)),
			    "IRQ");
	assert_string_equal(kvm_exit_name(KVM_ISA_ARM64, KVM_ARM64_NOT_TRAP | 1, buf, sizeof(buf)),
			    "SERROR");
	/* EC 0x02 is unallocated; type 2 (TRAP) is keyed by its class instead */
	assert_string_equal(kvm_exit_name(KVM_ISA_ARM64, 0x02, buf, sizeof(buf)), "unknown 0x2");
	assert_string_equal(kvm_exit_name(KVM_ISA_ARM64, KVM_ARM64_NOT_TRAP | 2, buf, sizeof(buf)),
			    "unknown 0x80000002");
	assert_string_equal(kvm_isa_name(KVM_ISA_ARM64), "ARM64");
}

static void test_uexit_names(void **state)
{
	char buf[64];

	assert_string_equal(kvm_uexit_name(2, buf, sizeof(buf)), "IO");
	assert_string_equal(kvm_uexit_name(5, buf, sizeof(buf)), "HLT");
	assert_string_equal(kvm_uexit_name(6, buf, sizeof(buf)), "MMIO");
	assert_string_equal(kvm_uexit_name(KVM_UEXIT_ERRNO | EINTR, buf, sizeof(buf)),
			    "error EINTR");
	assert_string_equal(kvm_uexit_name(999, buf, sizeof(buf)), "unknown 999");
}

#define CMDLINE(s) s, sizeof(s) - 1

static void test_vm_names(void **state)
{
	char name[VM_NAME_LEN];

	assert_int_equal(vm_name_from_cmdline(CMDLINE("qemu-system-x86_64\0-name\0"
						      "guest=web1,debug-threads=on\0-m\0"
						      "1G\0"),
					      name, sizeof(name)),
			 0);
	assert_string_equal(name, "web1");
	assert_int_equal(vm_name_from_cmdline(CMDLINE("qemu\0-m\0512\0-name\0db,process=x\0"), name,
					      sizeof(name)),
			 0);
	assert_string_equal(name, "db");
	assert_int_equal(vm_name_from_cmdline(CMDLINE("qemu\0-name=plain\0"), name, sizeof(name)),
			 0);
	assert_string_equal(name, "plain");
	/* "guest=" only counts as the key, not inside another value */
	assert_int_equal(
		vm_name_from_cmdline(CMDLINE("qemu\0-name\0noguest=x\0"), name, sizeof(name)), 0);
	assert_string_equal(name, "noguest=x");
	/* no name, a dangling -name, an empty name */
	assert_int_equal(
		vm_name_from_cmdline(CMDLINE("firecracker\0--api-sock\0/x\0"), name, sizeof(name)),
		-ENOENT);
	assert_int_equal(vm_name_from_cmdline(CMDLINE("qemu\0-name\0"), name, sizeof(name)),
			 -ENOENT);
	assert_int_equal(vm_name_from_cmdline(CMDLINE("qemu\0-name"), name, sizeof(name)), -ENOENT);
	assert_int_equal(vm_name_from_cmdline(CMDLINE("qemu\0-name\0,x\0"), name, sizeof(name)),
			 -ENOENT);
	/* a long name is cut to fit */
	assert_int_equal(vm_name_from_cmdline(CMDLINE("q\0-name\0abcdefgh\0"), name, 4), 0);
	assert_string_equal(name, "abc");
}

static void test_vcpu_thread_names(void **state)
{
	assert_true(vm_is_vcpu_thread_name("CPU 0/KVM"));
	assert_true(vm_is_vcpu_thread_name("CPU 12/KVM"));
	assert_true(vm_is_vcpu_thread_name("fc_vcpu 3"));
	assert_true(vm_is_vcpu_thread_name("vcpu7"));
	assert_false(vm_is_vcpu_thread_name("CPU /KVM"));
	assert_false(vm_is_vcpu_thread_name("qemu-system-x86"));
	assert_false(vm_is_vcpu_thread_name("vcpu"));
	assert_false(vm_is_vcpu_thread_name("kvm-nx-lpage-re"));
}

static void test_cpu_vendor(void **state)
{
	const char *dir = getenv("CVTOP_FIXTURES");
	char path[512];

	assert_non_null(dir);
	snprintf(path, sizeof(path), "%s/cpuinfo/intel", dir);
	assert_int_equal(kvm_isa_from_cpuinfo(path), KVM_ISA_VMX);
	snprintf(path, sizeof(path), "%s/cpuinfo/amd", dir);
	assert_int_equal(kvm_isa_from_cpuinfo(path), KVM_ISA_SVM);
	snprintf(path, sizeof(path), "%s/cpuinfo/hygon", dir);
	assert_int_equal(kvm_isa_from_cpuinfo(path), KVM_ISA_SVM);
	snprintf(path, sizeof(path), "%s/cpuinfo/arm", dir);
	assert_int_equal(kvm_isa_from_cpuinfo(path), 0);
	snprintf(path, sizeof(path), "%s/cpuinfo/missing", dir);
	assert_int_equal(kvm_isa_from_cpuinfo(path), -ENOENT);
}

/* A /proc made of fixture files: fd symlinks to anon inodes, thread names. */
static void test_vm_scan(void **state)
{
	const char *dir = getenv("CVTOP_FIXTURES");
	struct vm_list l = { 0 };
	const struct vm_info *vm;
	char proc[512];

	assert_non_null(dir);
	snprintf(proc, sizeof(proc), "%s/proc", dir);
	assert_int_equal(vm_scan(proc, &l, NULL), 0);
	/* 400 holds no KVM descriptors (and has no fd directory); notapid is skipped */
	assert_int_equal(l.nr, 3);
	assert_null(vm_find(&l, 400));

	/* QEMU: two vCPUs, its vCPU threads by name, the name from -name guest= */
	vm = vm_find(&l, 100);
	assert_non_null(vm);
	assert_string_equal(vm->name, "web1");
	assert_true(vm->named);
	assert_int_equal(vm->nr_vcpus, 2);
	assert_true(vm->tids_by_name);
	assert_int_equal(vm->nr_tids, 2);
	assert_true((vm->tids[0] == 101 && vm->tids[1] == 102) ||
		    (vm->tids[0] == 102 && vm->tids[1] == 101));

	/* no vCPU thread names: every thread but KVM's own helper; comm[pid] */
	vm = vm_find(&l, 200);
	assert_non_null(vm);
	assert_string_equal(vm->name, "kvmtest[200]");
	assert_false(vm->named);
	assert_false(vm->tids_by_name);
	assert_int_equal(vm->nr_tids, 1);
	assert_int_equal(vm->tids[0], 200);

	/* a dangling -name and a hostile comm: the raw bytes, escaped later */
	vm = vm_find(&l, 300);
	assert_non_null(vm);
	assert_false(vm->named);
	assert_string_equal(vm->name, "ev\033il[300]");

	/* a second scan reuses the list */
	assert_int_equal(vm_scan(proc, &l, NULL), 0);
	assert_int_equal(l.nr, 3);
	vm_list_free(&l);

	snprintf(proc, sizeof(proc), "%s/proc-missing", dir);
	assert_int_equal(vm_scan(proc, &l, NULL), -ENOENT);
	vm_list_free(&l);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* A process seen without vCPUs is skipped until VM_RECHECK_SCANS later; a
 * new one is looked at at once. */
static void test_vm_scan_remembers_non_vms(void **state)
{
	char proc[] = "/tmp/cvtop-test-proc-XXXXXX", path[256];
	struct vm_seen seen = { 0 };
	struct vm_list l = { 0 };
	int i;

	assert_non_null(mkdtemp(proc));
	snprintf(path, sizeof(path), "%s/500", proc);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/500/fd", proc);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/500/comm", proc);
	write_file(path, "firecracker\n");
	assert_int_equal(vm_scan(proc, &l, &seen), 0);
	assert_int_equal(l.nr, 0);
	assert_int_equal(seen.nr, 1);
	/* its vCPUs come later (Firecracker makes them at InstanceStart) */
	snprintf(path, sizeof(path), "%s/500/fd/9", proc);
	assert_int_equal(symlink("anon_inode:kvm-vcpu:0", path), 0);
	/* and a new VMM starts with its vCPUs */
	snprintf(path, sizeof(path), "%s/600", proc);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/600/fd", proc);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/600/fd/9", proc);
	assert_int_equal(symlink("anon_inode:kvm-vcpu:0", path), 0);
	assert_int_equal(vm_scan(proc, &l, &seen), 0);
	assert_int_equal(l.nr, 1);
	assert_non_null(vm_find(&l, 600));
	for (i = 2; i < VM_RECHECK_SCANS; i++) {
		assert_int_equal(vm_scan(proc, &l, &seen), 0);
		assert_null(vm_find(&l, 500));
	}
	/* the recheck finds it */
	assert_int_equal(vm_scan(proc, &l, &seen), 0);
	assert_int_equal(l.nr, 2);
	assert_non_null(vm_find(&l, 500));
	assert_int_equal(seen.nr, 0);
	vm_list_free(&l);
	vm_seen_free(&seen);
	snprintf(path, sizeof(path), "rm -rf '%s'", proc);
	assert_int_equal(system(path), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stats_known),
		cmocka_unit_test(test_stats_one_sample),
		cmocka_unit_test(test_stats_empty),
		cmocka_unit_test(test_stats_huge),
		cmocka_unit_test(test_stats_huge_small_spread),
		cmocka_unit_test(test_stats_merge),
		cmocka_unit_test(test_sumsq_add),
		cmocka_unit_test(test_vmx_names),
		cmocka_unit_test(test_svm_names),
		cmocka_unit_test(test_arm64_names),
		cmocka_unit_test(test_uexit_names),
		cmocka_unit_test(test_vm_names),
		cmocka_unit_test(test_vcpu_thread_names),
		cmocka_unit_test(test_vm_scan),
		cmocka_unit_test(test_vm_scan_remembers_non_vms),
		cmocka_unit_test(test_cpu_vendor),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
