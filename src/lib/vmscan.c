// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sorted.h"
#include "vmscan.h"

/* "guest=NAME,debug-threads=on" or "NAME,process=..." -> NAME */
static void copy_name_value(const char *v, char *name, size_t name_len)
{
	const char *g = strstr(v, "guest=");
	size_t n;

	if (g && (g == v || g[-1] == ','))
		v = g + strlen("guest=");
	n = strcspn(v, ",");
	if (n >= name_len)
		n = name_len - 1;
	memcpy(name, v, n);
	name[n] = '\0';
}

int vm_name_from_cmdline(const char *cmdline, size_t len, char *name, size_t name_len)
{
	const char *p = cmdline, *end = cmdline + len;

	if (!name_len)
		return -EINVAL;
	while (p < end) {
		const char *arg = p;
		size_t alen = strnlen(arg, end - arg);
		const char *next = arg + alen + 1;

		/* by length: the last argument may not end in a NUL */
		if (((alen == 5 && !memcmp(arg, "-name", 5)) ||
		     (alen == 6 && !memcmp(arg, "--name", 6))) &&
		    next < end && strnlen(next, end - next) < (size_t)(end - next)) {
			copy_name_value(next, name, name_len);
			return name[0] ? 0 : -ENOENT;
		}
		if (alen >= 6 && !memcmp(arg, "-name=", 6) && alen < (size_t)(end - arg)) {
			copy_name_value(arg + 6, name, name_len);
			return name[0] ? 0 : -ENOENT;
		}
		p = next;
	}
	return -ENOENT;
}

/* @prefix followed by digits only, up to a @suffix */
static bool prefix_num(const char *s, const char *prefix, const char *suffix)
{
	size_t n = strlen(prefix);
	const char *d;

	if (strncmp(s, prefix, n))
		return false;
	d = s + n;
	if (!isdigit((unsigned char)*d))
		return false;
	while (isdigit((unsigned char)*d))
		d++;
	return !strcmp(d, suffix);
}

bool vm_is_vcpu_thread_name(const char *comm)
{
	return prefix_num(comm, "CPU ", "/KVM") || prefix_num(comm, "fc_vcpu ", "") ||
	       prefix_num(comm, "vcpu", "");
}

static ssize_t read_small(int dirfd, const char *rel, char *buf, size_t len)
{
	int fd = openat(dirfd, rel, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return n;
}

static void read_comm(int dirfd, const char *rel, char *comm, size_t len)
{
	ssize_t n = read_small(dirfd, rel, comm, len);

	if (n <= 0) {
		comm[0] = '\0';
		return;
	}
	comm[strcspn(comm, "\n")] = '\0';
}

static int count_vcpu_fds(int piddir)
{
	char target[64];
	struct dirent *de;
	int fd, nr = 0;
	DIR *d;

	fd = openat(piddir, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return 0;
	}
	while ((de = readdir(d))) {
		ssize_t n = readlinkat(fd, de->d_name, target, sizeof(target) - 1);

		if (n <= 0)
			continue;
		target[n] = '\0';
		if (!strncmp(target, "anon_inode:kvm-vcpu:", 20))
			nr++;
	}
	closedir(d);
	return nr;
}

static void scan_threads(int piddir, struct vm_info *vm)
{
	pid_t all[VM_MAX_TIDS];
	struct dirent *de;
	int fd, nr_all = 0;
	DIR *d;

	vm->nr_tids = 0;
	fd = openat(piddir, "task", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	while ((de = readdir(d))) {
		char rel[300], comm[64];
		long tid = strtol(de->d_name, NULL, 10);

		if (tid <= 0)
			continue;
		snprintf(rel, sizeof(rel), "%s/comm", de->d_name);
		read_comm(fd, rel, comm, sizeof(comm));
		/* KVM's own helper threads (kvm-nx-lpage-recovery) are no vCPUs */
		if (nr_all < VM_MAX_TIDS && strncmp(comm, "kvm-", 4))
			all[nr_all++] = (pid_t)tid;
		if (vm_is_vcpu_thread_name(comm) && vm->nr_tids < VM_MAX_TIDS)
			vm->tids[vm->nr_tids++] = (pid_t)tid;
	}
	closedir(d);
	vm->tids_by_name = vm->nr_tids > 0;
	if (!vm->tids_by_name) {
		memcpy(vm->tids, all, nr_all * sizeof(all[0]));
		vm->nr_tids = nr_all;
	}
}

static int add_vm(struct vm_list *list, int piddir, pid_t pid, int nr_vcpus)
{
	char cmdline[4096], comm[64];
	struct vm_info *vm;
	ssize_t n;

	if (list->nr == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 8;
		struct vm_info *a = realloc(list->vms, cap * sizeof(*a));

		if (!a)
			return -ENOMEM;
		list->vms = a;
		list->cap = cap;
	}
	vm = &list->vms[list->nr];
	memset(vm, 0, sizeof(*vm));
	vm->pid = pid;
	vm->nr_vcpus = nr_vcpus;
	n = read_small(piddir, "cmdline", cmdline, sizeof(cmdline));
	vm->named = n > 0 && !vm_name_from_cmdline(cmdline, n, vm->name, sizeof(vm->name));
	if (!vm->named) {
		read_comm(piddir, "comm", comm, sizeof(comm));
		snprintf(vm->name, sizeof(vm->name), "%s[%d]", comm, (int)pid);
	}
	scan_threads(piddir, vm);
	list->nr++;
	return 0;
}

static int cmp_seen(const void *a, const void *b)
{
	pid_t x = ((const struct vm_seen_pid *)a)->pid, y = ((const struct vm_seen_pid *)b)->pid;

	return x < y ? -1 : x > y;
}

/* When @pid's fds were walked without finding vCPUs, 0 if never. */
static unsigned long seen_at(const struct vm_seen *seen, pid_t pid)
{
	struct vm_seen_pid key = { .pid = pid }, *s;

	if (!seen || !seen->nr)
		return 0;
	s = sorted_find(&key, seen->pids, seen->nr, sizeof(key), cmp_seen);
	return s ? s->scan : 0;
}

static int seen_add(struct vm_seen_pid **next, size_t *nr, size_t *cap, pid_t pid,
		    unsigned long scan)
{
	if (*nr == *cap) {
		size_t c = *cap ? *cap * 2 : 256;
		struct vm_seen_pid *a = realloc(*next, c * sizeof(*a));

		if (!a)
			return -ENOMEM;
		*next = a;
		*cap = c;
	}
	(*next)[(*nr)++] = (struct vm_seen_pid){ .pid = pid, .scan = scan };
	return 0;
}

bool vm_kvm_present(void)
{
	/* the kernel's own word; the node where /sys is not the host's */
	return !access("/sys/class/misc/kvm", F_OK) || !access("/dev/kvm", F_OK);
}

int vm_scan(const char *proc, struct vm_list *list, struct vm_seen *seen)
{
	struct vm_seen_pid *next = NULL;
	size_t nr_next = 0, next_cap = 0;
	unsigned long scan = seen ? ++seen->scans : 0;
	struct dirent *de;
	int err = 0;
	DIR *d;

	list->nr = 0;
	d = opendir(proc);
	if (!d)
		return -errno;
	while ((de = readdir(d)) && !err) {
		long pid = strtol(de->d_name, NULL, 10);
		unsigned long at;
		int piddir, nr;

		if (pid <= 0)
			continue;
		at = seen_at(seen, (pid_t)pid);
		if (at && scan - at < VM_RECHECK_SCANS) {
			err = seen_add(&next, &nr_next, &next_cap, (pid_t)pid, at);
			continue;
		}
		piddir = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (piddir < 0)
			continue;
		nr = count_vcpu_fds(piddir);
		if (nr)
			err = add_vm(list, piddir, (pid_t)pid, nr);
		else if (seen)
			err = seen_add(&next, &nr_next, &next_cap, (pid_t)pid, scan);
		close(piddir);
	}
	closedir(d);
	if (err || !seen) {
		free(next);
		return err;
	}
	/* the pids of this scan only: exited processes drop out */
	sorted_sort(next, nr_next, sizeof(*next), cmp_seen);
	free(seen->pids);
	seen->pids = next;
	seen->nr = nr_next;
	seen->cap = next_cap;
	return 0;
}

void vm_seen_free(struct vm_seen *seen)
{
	free(seen->pids);
	memset(seen, 0, sizeof(*seen));
}

void vm_list_free(struct vm_list *list)
{
	free(list->vms);
	memset(list, 0, sizeof(*list));
}

const struct vm_info *vm_find(const struct vm_list *list, pid_t pid)
{
	size_t i;

	for (i = 0; i < list->nr; i++) {
		if (list->vms[i].pid == pid)
			return &list->vms[i];
	}
	return NULL;
}
