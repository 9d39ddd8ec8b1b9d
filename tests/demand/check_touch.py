#!/usr/bin/env python3
"""Check the faults of tests/demand/touch.c in a --demand trace.

usage: check_touch.py [--writable-eager] PROGRAM TRACE

The expected faults, in order, come from the program's own symbols (nm)
and program headers (readelf -lW): the page of _start, every 4th page of
data[], the page of far_function, page 5 of bss[] (written by read(2)).
Each must carry the right section, file offset, access and service.
With --writable-eager (an ordinary user's run: writable segments are
loaded eagerly) only the faults in read-only segments are expected.
"""
import re
import subprocess
import sys

PAGE = 4096


def symbols(prog):
    out = subprocess.run(["nm", prog], capture_output=True, text=True,
                         check=True).stdout
    return {f[2]: int(f[0], 16) for f in (l.split() for l in out.splitlines())
            if len(f) == 3}


def loads(prog):
    out = subprocess.run(["readelf", "-lW", prog], capture_output=True,
                         text=True, check=True).stdout
    segs = []
    for line in out.splitlines():
        f = line.split()
        if f and f[0] == "LOAD":
            segs.append((int(f[1], 16), int(f[2], 16), int(f[4], 16),
                         int(f[5], 16), "W" in "".join(f[6:-1])))
    return segs


def file_offset(segs, page):
    for off, vaddr, filesz, _, _ in segs:
        if vaddr - vaddr % PAGE <= page < vaddr + filesz:
            return off + (page - vaddr)
    return None


def writable(segs, page):
    return any(w and vaddr - vaddr % PAGE <= page < vaddr + memsz
               for _, vaddr, _, memsz, w in segs)


def expected(prog, writable_eager=False):
    sym, segs = symbols(prog), loads(prog)
    want = [(sym["_start"], ".text", "read")]
    want += [(sym["data"] + i * PAGE, ".data", "read") for i in range(0, 64, 4)]
    want += [(sym["far_function"], ".text", "read")]
    want += [(sym["bss"] + 5 * PAGE, ".bss", "write")]
    rows = []
    for addr, section, access in want:
        page = addr & ~(PAGE - 1)
        off = file_offset(segs, page)
        if writable_eager and writable(segs, page):
            continue
        rows.append((page, section, "-" if off is None else hex(off), access,
                     "zero" if off is None else "file"))
    return rows


def observed(trace):
    rows = []
    for line in open(trace):
        if not line.startswith("fault "):
            continue
        f = dict(kv.split("=", 1) for kv in line.split()[1:])
        if f["process"] == "0":
            rows.append((int(f["page"], 16), f["section"], f["off"],
                         f["access"], f["served"]))
    return rows


def main():
    args = sys.argv[1:]
    eager = args[:1] == ["--writable-eager"]
    args = args[1:] if eager else args
    want, got = expected(args[0], eager), observed(args[1])
    ok = want == got
    for i in range(max(len(want), len(got))):
        w = want[i] if i < len(want) else None
        g = got[i] if i < len(got) else None
        print("%s %-50s %s" % ("  " if w == g else "!!", w, g))
    print("touch faults: %d expected, %d seen, %s" %
          (len(want), len(got), "identical" if ok else "DIFFERENT"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
