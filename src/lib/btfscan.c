// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "btfscan.h"

#define BTF_MAGIC 0xeb9f
#define RD_BUF (64 * 1024)

/* the kinds of <linux/btf.h>, and what follows their struct btf_type */
enum {
	KIND_INT = 1,
	KIND_ARRAY = 3,
	KIND_STRUCT = 4,
	KIND_UNION = 5,
	KIND_ENUM = 6,
	KIND_FUNC = 12,
	KIND_FUNC_PROTO = 13,
	KIND_VAR = 14,
	KIND_DATASEC = 15,
	KIND_DECL_TAG = 17,
	KIND_ENUM64 = 19,
	KIND_MAX = 19,
};

struct btf_hdr {
	uint16_t magic;
	uint8_t version, flags;
	uint32_t hdr_len, type_off, type_len, str_off, str_len;
};

/* pread() through a buffer: the file is read front to back */
struct reader {
	int fd;
	char *buf;
	uint64_t start; /* file offset of buf[0] */
	size_t len;
};

/* @n bytes at file offset @off (n <= RD_BUF) into @out; 0 or -errno */
static int rd_get(struct reader *r, uint64_t off, void *out, size_t n)
{
	ssize_t got;

	if (off < r->start || off + n > r->start + r->len) {
		r->start = off;
		r->len = 0;
		while (r->len < n) {
			got = pread(r->fd, r->buf + r->len, RD_BUF - r->len, off + r->len);
			if (got < 0 && errno == EINTR)
				continue;
			if (got < 0)
				return -errno;
			if (!got)
				return -EINVAL; /* a section past the end */
			r->len += got;
		}
	}
	memcpy(out, r->buf + (off - r->start), n);
	return 0;
}

/* offset of "@name\0" in the string section, which starts with "\0" */
static int find_string(struct reader *r, uint64_t sec, uint32_t len, const char *name,
		       uint32_t *name_off)
{
	size_t nl = strlen(name) + 1, chunk = RD_BUF / 2;
	char *buf = malloc(chunk + nl + 1);
	uint64_t at;
	int err = -ENOENT;

	if (!buf)
		return -ENOMEM;
	/* chunks overlap by the name and the '\0' before it */
	for (at = 1; at < len && err == -ENOENT; at += chunk) {
		size_t n = at + chunk + nl <= len ? chunk + nl : len - at;
		size_t i;

		err = rd_get(r, sec + at - 1, buf, n + 1);
		if (err)
			break;
		err = -ENOENT;
		for (i = 0; i + nl <= n && i < chunk; i++) {
			if (!buf[i] && !memcmp(buf + i + 1, name, nl)) {
				*name_off = at + i;
				err = 0;
				break;
			}
		}
	}
	free(buf);
	return err;
}

/* bytes after struct btf_type for @kind with @vlen members */
static int64_t trailing(uint32_t kind, uint32_t vlen)
{
	switch (kind) {
	case KIND_INT:
	case KIND_VAR:
	case KIND_DECL_TAG:
		return 4;
	case KIND_ARRAY:
		return 12;
	case KIND_STRUCT:
	case KIND_UNION:
	case KIND_DATASEC:
	case KIND_ENUM64:
		return 12LL * vlen;
	case KIND_ENUM:
	case KIND_FUNC_PROTO:
		return 8LL * vlen;
	default:
		return kind <= KIND_MAX ? 0 : -1;
	}
}

/* What a scan looks for: an enumerator's value, or a function's type id. */
enum scan_for { SCAN_ENUMERATOR, SCAN_FUNC };

static int scan_types(struct reader *r, uint64_t sec, uint32_t len, uint32_t name_off,
		      enum scan_for what, int64_t *val)
{
	uint64_t at = 0, end = (uint64_t)len;
	uint32_t t[3], m[3], i, kind, vlen, msz, id = 0;
	int64_t more;
	int err;

	while (at < end) {
		if (at + sizeof(t) > end)
			return -EINVAL;
		err = rd_get(r, sec + at, t, sizeof(t));
		if (err)
			return err;
		at += sizeof(t);
		id++; /* type ids count from 1, void being 0 */
		kind = (t[1] >> 24) & 0x1f;
		vlen = t[1] & 0xffff;
		more = trailing(kind, vlen);
		if (more < 0 || at + more > end)
			return -EINVAL;
		if (what == SCAN_FUNC) {
			if (kind == KIND_FUNC && t[0] == name_off) {
				*val = id;
				return 0;
			}
		} else if (kind == KIND_ENUM || kind == KIND_ENUM64) {
			msz = kind == KIND_ENUM ? 8 : 12;
			for (i = 0; i < vlen; i++) {
				err = rd_get(r, sec + at + (uint64_t)i * msz, m, msz);
				if (err)
					return err;
				if (m[0] != name_off)
					continue;
				/* ENUM: s32 when the kind_flag says so, else u32;
				 * ENUM64: lo32, hi32 */
				if (kind == KIND_ENUM)
					*val = (t[1] >> 31) ? (int64_t)(int32_t)m[1]
							    : (int64_t)m[1];
				else
					*val = (int64_t)((uint64_t)m[2] << 32 | m[1]);
				return 0;
			}
		}
		at += more;
	}
	return -ENOENT;
}

static int scan(const char *path, const char *name, enum scan_for what, int64_t *val)
{
	struct reader r = { .fd = -1 };
	struct btf_hdr h;
	uint32_t name_off = 0;
	int err;

	r.fd = open(path, O_RDONLY | O_CLOEXEC);
	if (r.fd < 0)
		return -errno;
	r.buf = malloc(RD_BUF);
	if (!r.buf) {
		err = -ENOMEM;
		goto out;
	}
	err = rd_get(&r, 0, &h, sizeof(h));
	if (err)
		goto out;
	/* only the byte order of the machine (the kernel's own BTF) */
	if (h.magic != BTF_MAGIC || h.hdr_len < sizeof(h)) {
		err = -EINVAL;
		goto out;
	}
	err = find_string(&r, (uint64_t)h.hdr_len + h.str_off, h.str_len, name, &name_off);
	if (!err)
		err = scan_types(&r, (uint64_t)h.hdr_len + h.type_off, h.type_len, name_off, what,
				 val);
out:
	free(r.buf);
	close(r.fd);
	return err;
}

int btfscan_enum_value(const char *path, const char *name, int64_t *val)
{
	return scan(path, name, SCAN_ENUMERATOR, val);
}

int btfscan_func_id(const char *path, const char *name, uint32_t *id)
{
	int64_t v = 0;
	int err = scan(path, name, SCAN_FUNC, &v);

	if (!err)
		*id = (uint32_t)v;
	return err;
}
