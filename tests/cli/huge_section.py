#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write a 2 GiB sparse ELF file: SRC (an ELF64 little-endian program)
with its section header table moved to offset 2 GiB and its last section
but one (the last is the name table) made 2 GiB of PROGBITS from the
first page on.  A reader that reads what it needs touches a few pages;
one that reads the file reads 2 GiB.

Usage: huge_section.py SRC DST
"""
import os
import struct
import sys


def main():
    src, dst = sys.argv[1], sys.argv[2]
    b = bytearray(open(src, "rb").read())
    shoff, = struct.unpack_from("<Q", b, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", b, 0x3a)
    table = bytearray(b[shoff:shoff + shentsize * shnum])
    at = 2 << 30
    huge = shentsize * (shnum - 2)
    name, = struct.unpack_from("<I", table, huge)
    struct.pack_into("<IIQQQQ", table, huge, name, 1, 0, 4096, 4096,
                     at - 4096)
    struct.pack_into("<Q", b, 0x28, at)
    with open(dst, "wb") as f:
        f.write(b)
        f.seek(at)
        f.write(table)
    os.chmod(dst, 0o755)


if __name__ == "__main__":
    main()
