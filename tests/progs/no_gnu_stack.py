#!/usr/bin/env python3
"""Copy an ELF file, turning its PT_GNU_STACK header into PT_NULL: the
program then has no PT_GNU_STACK, as old toolchains made them (ia32
programs get READ_IMPLIES_EXEC).  Usage: no_gnu_stack.py IN OUT"""
import struct
import sys

PT_GNU_STACK = 0x6474E551


def main():
    data = bytearray(open(sys.argv[1], "rb").read())
    is64 = data[4] == 2
    if is64:
        phoff, = struct.unpack_from("<Q", data, 0x20)
        phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    else:
        phoff, = struct.unpack_from("<I", data, 0x1C)
        phentsize, phnum = struct.unpack_from("<HH", data, 0x2A)
    found = False
    for i in range(phnum):
        off = phoff + i * phentsize
        p_type, = struct.unpack_from("<I", data, off)
        if p_type == PT_GNU_STACK:
            struct.pack_into("<I", data, off, 0)
            found = True
    if not found:
        sys.exit("no_gnu_stack.py: %s has no PT_GNU_STACK" % sys.argv[1])
    with open(sys.argv[2], "wb") as out:
        out.write(data)


main()
