// SPDX-License-Identifier: GPL-2.0
/*
 * Pane 3, overlayfs read/write latency per cgroup and overlay superblock.
 *
 * Every variant times one call from entry to exit: the entry stamps the
 * thread's task storage with the start time, the overlay superblock and the
 * direction; the exit charges the latency and the bytes returned to
 * (cgroup, superblock) in a per-CPU hash. Variants, one chosen at run time
 * (src/overlay.c):
 *   ovl_*_fentry/fexit  fentry/fexit on ovl_{read,write}_iter and
 *                       ovl_splice_{read,write} (module BTF when overlay is a
 *                       module): every overlay read and write, whatever the
 *                       syscall (io_uring, aio, sendfile, splice included)
 *   ovl_*_kp/kret       the same functions with kprobes/kretprobes
 *   ovl_sys_*_btf/raw   tp_btf or raw_tp on sys_enter/sys_exit: read-like and
 *                       write-like syscalls whose fd is a file on an overlay
 *                       superblock, found through current->files
 *   ovl_enter/exit_*    classic syscalls:sys_{enter,exit}_* tracepoints of
 *                       those syscalls only
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "overlay.h"
#include "bits.bpf.h"

char LICENSE[] SEC("license") = "GPL";

/* Refresh epoch, bumped by user space: selects the slot written (overlay.h). */
volatile __u64 epoch;

/* Overlay calls started and not yet ended, all tasks, kept only by the
 * raw_tp variant: while it is 0 the exit of every other syscall returns
 * before the task storage lookup. The other variants see only the calls
 * they time (or read the syscall number first) and skip this atomic on a
 * cache line every CPU doing overlay I/O would bounce. */
__u64 inflight;

/* Bumped by user space before each attach (the hooks are detached while no
 * overlay is mounted): a call whose end was not seen is stale afterwards. */
volatile __u64 attached;

static const struct ovl_val zero_val;

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, OVL_MAX_ENTRIES);
	__type(key, struct ovl_key);
	__type(value, struct ovl_val);
} ovl_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct ovl_inflight);
} ovl_inflight_map SEC(".maps");

extern void *bpf_rdonly_cast(void *obj, __u32 btf_id) __ksym __weak;

#define OVL_S_IFMT 00170000
#define OVL_S_IFREG 0100000

/*
 * Superblock of @f when it is a regular file of an overlay, else 0 (never a
 * valid dev). An overlay's fifos and device nodes are not read or written
 * through the overlay (ovl_read_iter() never sees them): no variant counts
 * them.
 */
static __always_inline __u32 overlay_dev(struct file *f)
{
	struct inode *inode = BPF_CORE_READ(f, f_inode);
	struct super_block *sb = BPF_CORE_READ(inode, i_sb);

	if (!sb || BPF_CORE_READ(sb, s_magic) != OVL_SUPER_MAGIC ||
	    (BPF_CORE_READ(inode, i_mode) & OVL_S_IFMT) != OVL_S_IFREG)
		return 0;
	return BPF_CORE_READ(sb, s_dev);
}

/*
 * The file operations of an overlay's regular files (ovl_file_operations,
 * which no symbol table gives: not a function), learnt from the first one
 * the tp_btf variant meets; 0 while unknown. Then a file is an overlay's
 * or not from its f_op, in the file's first cache line: a pipe or a socket
 * costs no load of its inode and superblock. User space clears it at the
 * first refresh after any change of the mount table (every refresh when it
 * cannot watch the table): the overlay module can only be unloaded while no
 * overlay is mounted, so a value from a module since unloaded lives until
 * that refresh at most.
 */
__u64 ovl_fops;

/*
 * The same with direct loads through bpf_rdonly_cast() (kernel 6.2 and
 * later): no helper call per pointer. Only the tp_btf variant uses it, so a
 * kernel without the kfunc falls back to raw_tp.
 */
static __always_inline __u32 overlay_dev_cast(struct file *f)
{
	struct file *file = bpf_rdonly_cast(f, bpf_core_type_id_kernel(struct file));
	__u64 fop = (__u64)file->f_op, known = ovl_fops;
	struct inode *inode;
	struct super_block *sb;

	if (known && fop != known)
		return 0;
	inode = file->f_inode;
	sb = inode->i_sb;
	if (known)
		return sb->s_dev;
	if (!sb || sb->s_magic != OVL_SUPER_MAGIC || (inode->i_mode & OVL_S_IFMT) != OVL_S_IFREG)
		return 0;
	ovl_fops = fop;
	return sb->s_dev;
}

/* Stamps the start of a call on the overlay superblock @dev (0: not overlay). */
static __always_inline int start_dev(__u32 dev, __u32 dir, bool gated)
{
	struct ovl_inflight *s;
	__u64 a = attached;

	if (!dev)
		return 0;
	s = bpf_task_storage_get(&ovl_inflight_map, bpf_get_current_task_btf(), 0,
				 BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!s)
		return 0;
	if (gated && (!s->start_ns || s->attached != a))
		__sync_fetch_and_add(&inflight, 1);
	s->attached = a;
	s->dev = dev;
	s->dir = dir;
	s->start_ns = bpf_ktime_get_ns();
	return 0;
}

static __always_inline int start_io(struct file *f, __u32 dir)
{
	return f ? start_dev(overlay_dev(f), dir, false) : 0;
}

static __always_inline void account(struct ovl_dir_val *v, long ret, __u64 lat)
{
	__u32 slot;

	if (ret < 0) {
		v->errors++;
		return;
	}
	v->count++;
	v->bytes += ret;
	v->ns += lat;
	/* checked again after a compiler barrier: older verifiers (6.1) lose
	 * the bound of the clamp inside hist_slot_of() */
	slot = hist_slot_of(lat, OVL_HIST_SLOTS);
	barrier_var(slot);
	if (slot < OVL_HIST_SLOTS)
		v->hist[slot]++;
	if (lat > v->max_ns)
		v->max_ns = lat;
}

static __always_inline int end_io(long ret, bool gated)
{
	struct ovl_inflight *s;
	struct ovl_key key = {};
	struct ovl_epoch_val *ev;
	struct ovl_val *v;
	__u64 now, start, e;
	__u32 dir;

	if (gated && !*(volatile __u64 *)&inflight)
		return 0;
	s = bpf_task_storage_get(&ovl_inflight_map, bpf_get_current_task_btf(), 0, 0);
	if (!s || !s->start_ns)
		return 0;
	if (s->attached != attached) {
		s->start_ns = 0;
		return 0;
	}
	now = bpf_ktime_get_ns();
	e = epoch;
	start = s->start_ns;
	s->start_ns = 0;
	if (gated)
		__sync_fetch_and_add(&inflight, -1);
	dir = s->dir;
	key.cgroup_id = bpf_get_current_cgroup_id();
	key.dev = s->dev;
	v = bpf_map_lookup_elem(&ovl_stats, &key);
	if (!v) {
		bpf_map_update_elem(&ovl_stats, &key, &zero_val, BPF_NOEXIST);
		v = bpf_map_lookup_elem(&ovl_stats, &key);
		if (!v) {
			count_untracked();
			return 0;
		}
	}
	if (dir >= OVL_NR_DIRS)
		return 0;
	ev = &v->slot[e & 1];
	if (ev->epoch != e) {
		__builtin_memset(ev, 0, sizeof(*ev));
		ev->epoch = e;
	}
	account(&ev->dir[dir], ret, now > start ? now - start : 0);
	return 0;
}

/* fentry/fexit: the overlay's own file operations. */
SEC("fentry/ovl_read_iter")
int BPF_PROG(ovl_read_fentry, struct kiocb *iocb)
{
	return start_io(iocb->ki_filp, OVL_READ);
}

SEC("fexit/ovl_read_iter")
int BPF_PROG(ovl_read_fexit, struct kiocb *iocb, struct iov_iter *iter, long ret)
{
	return end_io(ret, false);
}

SEC("fentry/ovl_write_iter")
int BPF_PROG(ovl_write_fentry, struct kiocb *iocb)
{
	return start_io(iocb->ki_filp, OVL_WRITE);
}

SEC("fexit/ovl_write_iter")
int BPF_PROG(ovl_write_fexit, struct kiocb *iocb, struct iov_iter *iter, long ret)
{
	return end_io(ret, false);
}

SEC("fentry/ovl_splice_read")
int BPF_PROG(ovl_splice_read_fentry, struct file *in)
{
	return start_io(in, OVL_READ);
}

SEC("fexit/ovl_splice_read")
int BPF_PROG(ovl_splice_read_fexit, struct file *in, loff_t *ppos, struct pipe_inode_info *pipe,
	     size_t len, unsigned int flags, long ret)
{
	return end_io(ret, false);
}

SEC("fentry/ovl_splice_write")
int BPF_PROG(ovl_splice_write_fentry, struct pipe_inode_info *pipe, struct file *out)
{
	return start_io(out, OVL_WRITE);
}

SEC("fexit/ovl_splice_write")
int BPF_PROG(ovl_splice_write_fexit, struct pipe_inode_info *pipe, struct file *out, loff_t *ppos,
	     size_t len, unsigned int flags, long ret)
{
	return end_io(ret, false);
}

/* kprobes: the same functions, arguments from registers. */
SEC("kprobe/ovl_read_iter")
int BPF_KPROBE(ovl_read_kp, struct kiocb *iocb)
{
	return start_io(BPF_CORE_READ(iocb, ki_filp), OVL_READ);
}

SEC("kretprobe/ovl_read_iter")
int BPF_KRETPROBE(ovl_read_kret, long ret)
{
	return end_io(ret, false);
}

SEC("kprobe/ovl_write_iter")
int BPF_KPROBE(ovl_write_kp, struct kiocb *iocb)
{
	return start_io(BPF_CORE_READ(iocb, ki_filp), OVL_WRITE);
}

SEC("kretprobe/ovl_write_iter")
int BPF_KRETPROBE(ovl_write_kret, long ret)
{
	return end_io(ret, false);
}

SEC("kprobe/ovl_splice_read")
int BPF_KPROBE(ovl_splice_read_kp, struct file *in)
{
	return start_io(in, OVL_READ);
}

SEC("kretprobe/ovl_splice_read")
int BPF_KRETPROBE(ovl_splice_read_kret, long ret)
{
	return end_io(ret, false);
}

SEC("kprobe/ovl_splice_write")
int BPF_KPROBE(ovl_splice_write_kp, struct pipe_inode_info *pipe, struct file *out)
{
	return start_io(out, OVL_WRITE);
}

SEC("kretprobe/ovl_splice_write")
int BPF_KRETPROBE(ovl_splice_write_kret, long ret)
{
	return end_io(ret, false);
}

/*
 * Syscalls: the file behind an fd of the current task, bounds-checked. This
 * runs for every read and write of the system, so the task -> files -> fdt
 * walk uses direct BTF loads (no helper calls); the fd slot is a variable
 * index into plain memory: a direct load through bpf_rdonly_cast() where
 * @cast, else a probe read.
 */
static __always_inline struct file *fd_file(long fd, bool cast)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct files_struct *files = task->files;
	struct file **fds, *f = NULL;
	struct fdtable *fdt;

	if (fd < 0 || !files)
		return NULL;
	fdt = files->fdt;
	if (!fdt || (unsigned long)fd >= fdt->max_fds)
		return NULL;
	fds = fdt->fd;
	/* a direct load where bpf_rdonly_cast() is (the tp_btf variant
	 * needs it anyway), else a helper call */
	if (cast)
		f = ((struct file **)bpf_rdonly_cast(fds, 0))[fd];
	else
		bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]);
	return f;
}

#if defined(__TARGET_ARCH_x86)
enum {
	NR_READ = 0,
	NR_WRITE = 1,
	NR_PREAD64 = 17,
	NR_PWRITE64 = 18,
	NR_READV = 19,
	NR_WRITEV = 20,
	NR_SENDFILE = 40,
	NR_PREADV = 295,
	NR_PWRITEV = 296,
	NR_PREADV2 = 327,
	NR_PWRITEV2 = 328
};
#elif defined(__TARGET_ARCH_arm64)
enum {
	NR_READ = 63,
	NR_WRITE = 64,
	NR_READV = 65,
	NR_WRITEV = 66,
	NR_PREAD64 = 67,
	NR_PWRITE64 = 68,
	NR_PREADV = 69,
	NR_PWRITEV = 70,
	NR_SENDFILE = 71,
	NR_PREADV2 = 286,
	NR_PWRITEV2 = 287
};
#else
/* unknown numbering: the raw syscall variants see nothing, the classic
 * tracepoints (named, not numbered) still work */
enum {
	NR_READ = -1,
	NR_WRITE = -1,
	NR_READV = -1,
	NR_WRITEV = -1,
	NR_PREAD64 = -1,
	NR_PWRITE64 = -1,
	NR_PREADV = -1,
	NR_PWRITEV = -1,
	NR_SENDFILE = -1,
	NR_PREADV2 = -1,
	NR_PWRITEV2 = -1
};
#endif

/* Read-like or write-like, and where the fd is; false for other syscalls. */
static __always_inline bool classify(long id, __u32 *dir, int *fd_arg)
{
	*dir = OVL_READ;
	*fd_arg = 1;
	switch (id) {
	case NR_READ:
	case NR_PREAD64:
	case NR_READV:
	case NR_PREADV:
	case NR_PREADV2:
		return true;
	case NR_WRITE:
	case NR_PWRITE64:
	case NR_WRITEV:
	case NR_PWRITEV:
	case NR_PWRITEV2:
		*dir = OVL_WRITE;
		return true;
	case NR_SENDFILE: /* sendfile(out_fd, in_fd, ...): a read of in_fd */
		*fd_arg = 2;
		return true;
	}
	return false;
}

/* the syscall number at sys_exit, with a direct load, to skip other syscalls
 * before the task storage lookup */
#if defined(__TARGET_ARCH_x86)
#define SYSCALL_NR(regs) ((long)(regs)->orig_ax)
#elif defined(__TARGET_ARCH_arm64)
#define SYSCALL_NR(regs) ((long)(regs)->syscallno)
#endif
/* without it, the tp_btf exit keeps the inflight gate */
#ifdef SYSCALL_NR
#define BTF_GATED false
#else
#define BTF_GATED true
#endif

SEC("tp_btf/sys_enter")
int BPF_PROG(ovl_sys_enter_btf, struct pt_regs *regs, long id)
{
	struct file *f;
	int fd_arg;
	__u32 dir;

	if (!classify(id, &dir, &fd_arg))
		return 0;
	/* direct loads where the architecture allows (x86), else CO-RE */
	f = fd_file(fd_arg == 1 ? PT_REGS_PARM1_SYSCALL(regs) : PT_REGS_PARM2_SYSCALL(regs), true);
	return f ? start_dev(overlay_dev_cast(f), dir, BTF_GATED) : 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(ovl_sys_exit_btf, struct pt_regs *regs, long ret)
{
#ifdef SYSCALL_NR
	int fd_arg;
	__u32 dir;

	if (!classify(SYSCALL_NR(regs), &dir, &fd_arg))
		return 0;
#endif
	return end_io(ret, BTF_GATED);
}

SEC("raw_tp/sys_enter")
int BPF_PROG(ovl_sys_enter_raw, struct pt_regs *regs, long id)
{
	struct file *f;
	int fd_arg;
	__u32 dir;

	if (!classify(id, &dir, &fd_arg))
		return 0;
	f = fd_file(fd_arg == 1 ? PT_REGS_PARM1_CORE_SYSCALL(regs)
				: PT_REGS_PARM2_CORE_SYSCALL(regs),
		    false);
	return f ? start_dev(overlay_dev(f), dir, true) : 0;
}

SEC("raw_tp/sys_exit")
int BPF_PROG(ovl_sys_exit_raw, struct pt_regs *regs, long ret)
{
	return end_io(ret, true);
}

/* Classic tracepoints of each syscall: fire only for those syscalls. */
#define OVL_SYSCALL_TP(sc, dir, fd_arg)                                        \
	SEC("tracepoint/syscalls/sys_enter_" #sc)                              \
	int ovl_enter_##sc(struct trace_event_raw_sys_enter *ctx)              \
	{                                                                      \
		return start_io(fd_file((long)ctx->args[fd_arg], false), dir); \
	}                                                                      \
	SEC("tracepoint/syscalls/sys_exit_" #sc)                               \
	int ovl_exit_##sc(struct trace_event_raw_sys_exit *ctx)                \
	{                                                                      \
		return end_io(ctx->ret, false);                                \
	}

OVL_SYSCALL_TP(read, OVL_READ, 0)
OVL_SYSCALL_TP(pread64, OVL_READ, 0)
OVL_SYSCALL_TP(readv, OVL_READ, 0)
OVL_SYSCALL_TP(preadv, OVL_READ, 0)
OVL_SYSCALL_TP(preadv2, OVL_READ, 0)
OVL_SYSCALL_TP(sendfile64, OVL_READ, 1)
OVL_SYSCALL_TP(write, OVL_WRITE, 0)
OVL_SYSCALL_TP(pwrite64, OVL_WRITE, 0)
OVL_SYSCALL_TP(writev, OVL_WRITE, 0)
OVL_SYSCALL_TP(pwritev, OVL_WRITE, 0)
OVL_SYSCALL_TP(pwritev2, OVL_WRITE, 0)
