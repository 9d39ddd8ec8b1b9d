#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Check what Chromium rendered against what the picture must show.

Every check reads the DOM Chromium dumped after loading a picture or a
report (--dump-dom), never the file elfload wrote, and compares it with
an independent source: `elfload maps` (itself checked against the
kernel by tests/maps), GNU readelf, or the trace.  Prints one line per
problem and exits 1 when there is any.

  check.py maps DOM MAPS READELF_S READELF_L   the address-space picture
  check.py frames DOM TRACE                    the page-frames picture
  check.py report DOM MAPS READELF_S READELF_L [TRACE]
  check.py linked DOM READELF_L                hover and sort, as recorded
  check.py console STDERR                      no console message at all
  check.py png PNG                             not a single colour
  check.py golden DOM GOLDEN                   the structure, as recorded
  check.py structure DOM                       print it (to make a golden)
"""
import html.parser
import re
import struct
import sys
import zlib


class Element:
    def __init__(self, tag, attrs, parent):
        self.tag = tag
        self.attrs = dict(attrs)
        self.parent = parent
        self.children = []
        self.text = ""

    def classes(self):
        return self.attrs.get("class", "").split()

    def all_text(self):
        return self.text + "".join(c.all_text() for c in self.children)


VOID = {"br", "img", "meta", "link", "input", "hr", "col"}


class Tree(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", [], None)
        self.cur = self.root
        self.all = []

    def handle_starttag(self, tag, attrs):
        e = Element(tag, attrs, self.cur)
        self.cur.children.append(e)
        self.all.append(e)
        if tag not in VOID:
            self.cur = e

    def handle_startendtag(self, tag, attrs):
        e = Element(tag, attrs, self.cur)
        self.cur.children.append(e)
        self.all.append(e)

    def handle_endtag(self, tag):
        e = self.cur
        while e is not self.root and e.tag != tag:
            e = e.parent
        if e is not self.root:
            self.cur = e.parent

    def handle_data(self, data):
        self.cur.text += data


def parse(path):
    t = Tree()
    with open(path, encoding="utf-8", errors="replace") as f:
        t.feed(f.read())
    return t


def by_class(tree, cls, within=None):
    elems = tree.all if within is None else descendants(within)
    return [e for e in elems if cls in e.classes()]


def descendants(e):
    out = []
    for c in e.children:
        out.append(c)
        out.extend(descendants(c))
    return out


problems = []


def problem(msg):
    problems.append(msg)
    print("FAIL: " + msg)


def maps_ranges(path):
    """(start, end, perms) of every line of `elfload maps` output."""
    out = []
    with open(path) as f:
        for line in f:
            m = re.match(r"([0-9a-f]+)-([0-9a-f]+) (\S{4}) ", line)
            if m:
                out.append((int(m.group(1), 16), int(m.group(2), 16),
                            m.group(3), m.group(1) + "-" + m.group(2)))
    return out


def readelf_alloc_sections(path):
    """Names of the allocated sections of `readelf -SW`."""
    names = []
    with open(path) as f:
        for line in f:
            m = re.match(r"\s*\[\s*(\d+)\]\s+(\S+)\s+\S+\s+[0-9a-f]+\s+"
                         r"[0-9a-f]+\s+[0-9a-f]+\s+[0-9a-f]+\s+(\S*)", line)
            if m and int(m.group(1)) > 0 and "A" in m.group(3):
                names.append(m.group(2))
    return names


def readelf_loads(path):
    """(offset, vaddr) of every PT_LOAD of `readelf -lW`."""
    loads = []
    with open(path) as f:
        for line in f:
            f_ = line.split()
            if f_ and f_[0] == "LOAD":
                loads.append((int(f_[1], 16), int(f_[2], 16)))
    return loads


def check_maps_svg(tree, svg, maps, sections, loads):
    """The maps picture inside element @svg against the three sources."""
    vmas = by_class(tree, "vma", svg)
    drawn = {}
    for v in vmas:
        start = int(v.attrs.get("data-start", "0"), 16)
        end = int(v.attrs.get("data-end", "0"), 16)
        drawn[(start, end)] = v
    for start, end, perms, text in maps:
        v = drawn.get((start, end))
        if v is None:
            problem("VMA %s %s of elfload maps not drawn" % (text, perms))
            continue
        if v.attrs.get("data-perms") != perms:
            problem("VMA %s drawn %s, maps says %s" %
                    (text, v.attrs.get("data-perms"), perms))
        label = " ".join(e.all_text() for e in by_class(tree, "range", v))
        if text not in label:
            problem("VMA %s: its label does not show the range" % text)
        if not v.attrs.get("data-role"):
            problem("VMA %s has no role" % text)
    if len(vmas) != len(maps):
        problem("%d VMAs drawn, elfload maps has %d" % (len(vmas), len(maps)))
    names = [e.attrs.get("data-name") for e in by_class(tree, "section", svg)]
    for s in sections:
        if s not in names:
            problem("allocated section %s not drawn" % s)
    arrows = by_class(tree, "arrow", svg)
    if len(arrows) != len(loads):
        problem("%d arrows drawn, readelf -lW has %d PT_LOADs" %
                (len(arrows), len(loads)))
    seen = sorted(int(a.attrs.get("data-phdr", "-1")) for a in arrows)
    if len(set(seen)) != len(seen):
        problem("two arrows for one segment: %s" % seen)
    # Each arrow ends at the VMA holding its segment's first byte.
    by_index = {v.attrs.get("data-vma"): v for v in vmas}
    segs = {s.attrs.get("data-phdr"): s for s in by_class(tree, "segment",
                                                             svg)}
    for a in arrows:
        seg = segs.get(a.attrs.get("data-phdr"))
        v = by_index.get(a.attrs.get("data-vma"))
        if seg is None or v is None:
            problem("arrow of segment %s points nowhere" %
                    a.attrs.get("data-phdr"))
            continue
        off = int(seg.attrs["data-offset"], 16)
        if not any(lo == off for lo, _ in loads):
            problem("segment at offset %#x is not a PT_LOAD" % off)
    for g in by_class(tree, "gap", svg):
        if "unmapped" not in g.all_text():
            problem("a gap without its size")
    if not by_class(tree, "kernel", svg):
        problem("no kernel part above TASK_SIZE")


def svg_of(tree, cls):
    for e in tree.all:
        if e.tag == "svg" and cls in e.classes():
            return e
    return None


def cmd_maps(dom, maps, rs, rl):
    tree = parse(dom)
    svg = svg_of(tree, "maps")
    if svg is None:
        problem("no maps picture in " + dom)
        return
    check_maps_svg(tree, svg, maps_ranges(maps), readelf_alloc_sections(rs),
                   readelf_loads(rl))


def cmd_kernel(dom, start, last):
    """The kernel's part of the address space drawn as [start, last]."""
    tree = parse(dom)
    svg = svg_of(tree, "maps")
    if svg is None:
        problem("no maps picture in " + dom)
        return
    parts = [(int(k.attrs.get("data-start", "0"), 16),
              int(k.attrs.get("data-last", "0"), 16))
             for k in by_class(tree, "kernel", svg)]
    want = (int(start, 16), int(last, 16))
    if parts != [want]:
        problem("kernel part drawn as %s, want [%#x, %#x]" %
                (["[%#x, %#x]" % p for p in parts], want[0], want[1]))


def trace_faults(path):
    """Pages of the fault events, and the evictions and write-backs."""
    faults, evicts, dirty = [], 0, 0
    with open(path) as f:
        for line in f:
            w = line.split()
            if not w:
                continue
            kv = dict(x.split("=", 1) for x in w[1:] if "=" in x)
            if w[0] == "fault":
                faults.append((int(kv["page"], 16), kv.get("frame", "-")))
            elif w[0] == "evict" and kv.get("kept") != "1":
                evicts += 1
                dirty += kv.get("dirty") == "1"
    return faults, evicts, dirty


def check_frames_svg(tree, svg, trace):
    faults, evicts, dirty = trace_faults(trace)
    pages = sorted({p for p, _ in faults})
    rows = by_class(tree, "vp", svg)
    drawn = [int(r.attrs.get("data-page", "0"), 16) for r in rows]
    for p in pages:
        if p not in drawn:
            problem("page %#x of the trace has no row" % p)
    for i, r in enumerate(rows):
        if ("VP%d" % i) not in r.all_text():
            problem("row %d is not labelled VP%d" % (i, i))
    marks = by_class(tree, "fault", svg)
    if len(marks) != len(faults):
        problem("%d faults marked, the trace has %d" % (len(marks),
                                                         len(faults)))
    for m, (page, frame) in zip(marks, faults):
        if int(m.attrs.get("data-page", "0"), 16) != page:
            problem("fault %s marked on the wrong page" %
                    m.attrs.get("data-seq"))
        if frame != "-" and m.attrs.get("data-frame") != frame:
            problem("fault %s marked in PP%s, the trace says PP%s" %
                    (m.attrs.get("data-seq"), m.attrs.get("data-frame"),
                     frame))
        if frame != "-" and ("PP" + frame) not in m.all_text():
            problem("fault %s does not name PP%s" %
                    (m.attrs.get("data-seq"), frame))
    if len(by_class(tree, "evict", svg)) != evicts:
        problem("%d evictions marked, the trace has %d" %
                (len(by_class(tree, "evict", svg)), evicts))
    if len(by_class(tree, "writeback", svg)) != dirty:
        problem("%d write-backs marked, the trace has %d" %
                (len(by_class(tree, "writeback", svg)), dirty))


def cmd_frames(dom, trace):
    tree = parse(dom)
    svg = svg_of(tree, "frames")
    if svg is None:
        problem("no frames picture in " + dom)
        return
    check_frames_svg(tree, svg, trace)


def cmd_report(dom, maps, rs, rl, trace=None):
    tree = parse(dom)
    for e in tree.all:
        for a in ("src", "href"):
            v = e.attrs.get(a)
            if v is not None and not v.startswith("#"):
                problem("<%s %s=%s>: not self-contained" % (e.tag, a, v))
        if e.tag in ("link", "iframe", "object", "embed", "img"):
            problem("<%s> in a self-contained report" % e.tag)
    svg = svg_of(tree, "maps")
    if svg is None:
        problem("no maps picture in the report")
    else:
        check_maps_svg(tree, svg, maps_ranges(maps),
                       readelf_alloc_sections(rs), readelf_loads(rl))
    rows = [r for r in tree.all if r.tag == "tr" and
            "data-section" in r.attrs]
    names = [r.attrs["data-section"] for r in rows]
    for s in readelf_alloc_sections(rs):
        if s not in names:
            problem("section %s not in the section table" % s)
    segrows = [r for r in tree.all if r.tag == "tr" and "data-phdr" in r.attrs]
    if len(segrows) < len(readelf_loads(rl)):
        problem("the segment table has %d rows, fewer than the PT_LOADs" %
                len(segrows))
    for t in tree.all:
        if t.tag == "table" and "sortable" not in t.classes():
            problem("a table that is not sortable")
    if trace:
        svg = svg_of(tree, "frames")
        if svg is None:
            problem("no frames picture in the report")
        else:
            check_frames_svg(tree, svg, trace)
    # The links are made by the page's script: it marks what it linked.
    body = [e for e in tree.all if e.tag == "body"]
    if not body or body[0].attrs.get("data-linked") != "yes":
        problem("the page's script did not link VMAs and sections")


def readelf_text_sections(path):
    """The sections readelf -lW maps to the first R E PT_LOAD."""
    hdrs, mapping, in_map = [], {}, False
    with open(path) as f:
        for line in f:
            w = line.split()
            if "Section to Segment mapping" in line:
                in_map = True
            elif in_map and w and w[0].isdigit():
                mapping[int(w[0])] = w[1:]
            elif not in_map and re.match(r"\s+[A-Z_]+\s+0x", line):
                hdrs.append(line)
    for index, line in enumerate(hdrs):
        if line.split()[0] == "LOAD" and " R E " in line:
            return mapping.get(index, [])
    return []


def cmd_linked(dom, rl):
    """What the test script recorded after hovering and sorting."""
    body = [e for e in parse(dom).all if e.tag == "body"][0].attrs
    want = sorted(readelf_text_sections(rl))
    got = sorted(body.get("data-test-vma", "").split())
    if got != want:
        problem("hovering the text VMA lit sections %s, readelf maps %s "
                "to it" % (got, want))
    if body.get("data-test-section") != "text":
        problem("hovering .text lit VMAs %r, not the text VMA" %
                body.get("data-test-section"))
    sizes = [int(x, 16) for x in body.get("data-test-sorted", "").split()]
    if not sizes or sizes != sorted(sizes):
        problem("sorting by size gave %s" % sizes)


def cmd_console(path):
    with open(path, errors="replace") as f:
        for line in f:
            if ":CONSOLE" in line:
                problem("console message: " + line.strip())


def png_pixels(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, w, h, depth, ctype = 8, b"", 0, 0, 0, 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    bpp = {2: 3, 6: 4, 0: 1, 4: 2}.get(ctype, 4) * max(depth // 8, 1)
    return w, h, bpp, raw


def cmd_png(path):
    """Not blank: the unfiltered rows hold more than one colour."""
    w, h, bpp, raw = png_pixels(path)
    stride = w * bpp + 1
    prev = bytearray(w * bpp)
    colours = set()
    for y in range(h):
        ftype = raw[y * stride]
        row = bytearray(raw[y * stride + 1:(y + 1) * stride])
        for i in range(len(row)):
            a = row[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if ftype == 1:
                row[i] = (row[i] + a) & 255
            elif ftype == 2:
                row[i] = (row[i] + b) & 255
            elif ftype == 3:
                row[i] = (row[i] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
                row[i] = (row[i] + pr) & 255
        if y % 8 == 0:
            for x in range(0, w, 4):
                colours.add(bytes(row[x * bpp:(x + 1) * bpp]))
            if len(colours) >= 3:
                return	# drawn: the rest need not be decoded
        prev = row
    if len(colours) < 3:
        problem("%s is blank: %d colour(s)" % (path, len(colours)))


def structure(tree):
    """What a golden file records: roles, sections, segments, rows."""
    out = []
    for e in tree.all:
        c = e.classes()
        if "vma" in c:
            out.append("vma %s %s" % (e.attrs.get("data-role"),
                                      e.attrs.get("data-perms")))
        elif "section" in c and e.tag == "g":
            out.append("section %s" % e.attrs.get("data-name"))
        elif "segment" in c and e.tag == "g":
            out.append("segment %s pages %s" % (e.attrs.get("data-phdr"),
                                                 e.attrs.get("data-pages")))
        elif "arrow" in c:
            out.append("arrow %s" % e.attrs.get("data-phdr"))
        elif "gap" in c or "kernel" in c:
            out.append(c[0])
        elif "vp" in c:
            out.append("row VP%s %s %s" % (e.attrs.get("data-row"),
                                           e.attrs.get("data-page"),
                                           e.attrs.get("data-section", "-")))
    return out


def cmd_golden(dom, golden):
    got = structure(parse(dom))
    with open(golden) as f:
        want = [line.rstrip("\n") for line in f if not line.startswith("#")]
    if got != want:
        problem("structure differs from %s:" % golden)
        import difflib
        for d in difflib.unified_diff(want, got, "golden", "drawn",
                                      lineterm="", n=1):
            print("  " + d)


def main():
    cmds = {"maps": cmd_maps, "frames": cmd_frames, "report": cmd_report,
            "linked": cmd_linked, "kernel": cmd_kernel,
            "console": cmd_console, "png": cmd_png, "golden": cmd_golden}
    if len(sys.argv) < 2 or sys.argv[1] not in cmds:
        print(__doc__)
        return 2
    cmds[sys.argv[1]](*sys.argv[2:])
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "structure":
        print("\n".join(structure(parse(sys.argv[2]))))
        sys.exit(0)
    sys.exit(main())
