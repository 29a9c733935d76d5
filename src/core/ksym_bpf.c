// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include "ksym.h"
#include "ksym_bpf.h"

#define KALLSYMS "/proc/kallsyms"
/* the name is built on the program's stack, 4 bytes a store */
#define NAME_MAX_LEN 128
/* a store per 4 bytes of the name (its NUL counted), 13 more around them */
#define PROG_MAX_INSNS (NAME_MAX_LEN / 4 + 13)

#define INSN(c, d, s, o, i) \
	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })

/*
 * A program for @name: the name stored on the stack, the helper called, the
 * address written to the context's first 8 bytes; returns the helper's
 * result. @insns holds PROG_MAX_INSNS.
 */
static int build(const char *name, size_t len, struct bpf_insn *insns)
{
	/* r10-8: the result; the name below it */
	int name_off = -8 - (int)((len + 7) & ~(size_t)7), n = 0;
	size_t i;

	insns[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_6, BPF_REG_1, 0, 0);
	for (i = 0; i < len; i += 4) {
		int32_t word = 0;

		memcpy(&word, name + i, len - i < 4 ? len - i : 4);
		insns[n++] = INSN(BPF_ST | BPF_MEM | BPF_W, BPF_REG_10, 0, name_off + (int)i, word);
	}
	insns[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_1, BPF_REG_10, 0, 0);
	insns[n++] = INSN(BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_1, 0, 0, name_off);
	insns[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_2, 0, 0, (int)len);
	insns[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_3, 0, 0, 0);
	insns[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_4, BPF_REG_10, 0, 0);
	insns[n++] = INSN(BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_4, 0, 0, -8);
	insns[n++] = INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_kallsyms_lookup_name);
	/* not found: its error is the program's result */
	insns[n++] = INSN(BPF_JMP | BPF_JNE | BPF_K, BPF_REG_0, 0, 3, 0);
	insns[n++] = INSN(BPF_LDX | BPF_MEM | BPF_DW, BPF_REG_1, BPF_REG_10, -8, 0);
	insns[n++] = INSN(BPF_STX | BPF_MEM | BPF_DW, BPF_REG_6, BPF_REG_1, 0, 0);
	insns[n++] = INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 0);
	insns[n++] = INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	return n; /* 1 + 32 + 12 for a name of 127 bytes */
}

int ksym_ask_kernel(const char *name, uint64_t *addr)
{
	struct bpf_insn insns[PROG_MAX_INSNS];
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .prog_flags = BPF_F_SLEEPABLE);
	uint64_t ctx = 0;
	LIBBPF_OPTS(bpf_test_run_opts, run, .ctx_in = &ctx, .ctx_size_in = sizeof(ctx));
	size_t len = strlen(name) + 1;
	int fd, n, err;

	if (len > NAME_MAX_LEN)
		return -ENAMETOOLONG;
	n = build(name, len, insns);
	fd = bpf_prog_load(BPF_PROG_TYPE_SYSCALL, "cvtop_ksym", "GPL", insns, n, &opts);
	if (fd < 0)
		return fd;
	/* a syscall program's context is copied back into ctx_in */
	err = bpf_prog_test_run_opts(fd, &run);
	close(fd);
	if (err)
		return err;
	if ((int)run.retval)
		return (int)run.retval == -ENOENT ? -ENOENT : -EIO;
	if (!ctx)
		return -ENOENT;
	*addr = ctx;
	return 0;
}

int kernel_sym(const char *name, bool clones, uint64_t *addr)
{
	int err = ksym_ask_kernel(name, addr);

	if (!err || (err == -ENOENT && !clones))
		return err;
	return ksym_find(KALLSYMS, name, addr);
}
