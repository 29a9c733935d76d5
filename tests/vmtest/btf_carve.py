#!/usr/bin/env python3
"""btf_carve.py IMAGE OUT: the kernel's BTF (what it serves as
/sys/kernel/btf/vmlinux) cut out of an uncompressed kernel image such as
Debian's arm64 vmlinuz, which is a raw Image without ELF sections: the blob
starts with struct btf_header (magic 0xeb9f, version 1, hdr_len 24) whose
type and string lengths give its size."""
import struct
import sys

data = open(sys.argv[1], "rb").read()
pos = 0
while True:
    i = data.find(b"\x9f\xeb\x01\x00\x18\x00\x00\x00", pos)
    if i < 0:
        sys.exit("btf_carve: no BTF in " + sys.argv[1])
    type_off, type_len, str_off, str_len = struct.unpack_from("<IIII", data, i + 8)
    # vmlinux BTF: types first, strings right after, megabytes of both
    if type_off == 0 and str_off == type_len and type_len > (1 << 20):
        end = i + 24 + str_off + str_len
        if end <= len(data):
            open(sys.argv[2], "wb").write(data[i:end])
            break
    pos = i + 1
