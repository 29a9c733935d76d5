/* SPDX-License-Identifier: GPL-2.0 */
/* Finding the VMs on this host: processes holding KVM vCPU file descriptors. */
#ifndef CVTOP_VMSCAN_H
#define CVTOP_VMSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define VM_NAME_LEN 128
#define VM_MAX_TIDS 512

struct vm_info {
	pid_t pid; /* the VMM process */
	char name[VM_NAME_LEN]; /* raw: escape to show */
	bool named; /* from the command line (-name), else "comm[pid]" */
	int nr_vcpus; /* anon_inode:kvm-vcpu:N file descriptors */
	/* vCPU threads by their names (QEMU "CPU n/KVM", Firecracker "fc_vcpu n",
	 * cloud-hypervisor "vcpun"); when none is named so, every thread */
	bool tids_by_name;
	int nr_tids;
	pid_t tids[VM_MAX_TIDS];
};

struct vm_list {
	struct vm_info *vms;
	size_t nr, cap;
};

/*
 * VM name from a VMM's command line (@len bytes of NUL-separated arguments,
 * as in /proc/PID/cmdline): QEMU's "-name NAME" or "-name guest=NAME,...",
 * also "--name" and "-name=...". Like kvm_stat. 0, or -ENOENT without one.
 */
int vm_name_from_cmdline(const char *cmdline, size_t len, char *name, size_t name_len);

/* Whether a thread name is a VMM's vCPU thread name. */
bool vm_is_vcpu_thread_name(const char *comm);

/*
 * Processes a scan found without vCPU descriptors: the next scans skip them
 * (no walk of their fds) until VM_RECHECK_SCANS scans later, when a VMM that
 * made its vCPUs late (Firecracker at InstanceStart) is found. New pids are
 * looked at in the first scan that sees them.
 */
#define VM_RECHECK_SCANS 12

struct vm_seen_pid {
	pid_t pid;
	unsigned long scan; /* when its fds were last walked */
};

struct vm_seen {
	struct vm_seen_pid *pids; /* sorted by pid */
	size_t nr, cap;
	unsigned long scans;
};

/* Whether KVM's device is registered (what /dev/kvm opens): without it no
 * process holds vCPU descriptors, and no VM runs on this host. */
bool vm_kvm_present(void);

/* Fills @list with the VMs under @proc (normally "/proc"); @seen (may be
 * NULL) remembers the processes that are no VMs. 0 or -errno. */
int vm_scan(const char *proc, struct vm_list *list, struct vm_seen *seen);
void vm_list_free(struct vm_list *list);
void vm_seen_free(struct vm_seen *seen);
const struct vm_info *vm_find(const struct vm_list *list, pid_t pid);

#endif
