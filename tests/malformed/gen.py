#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generate the malformed ELF corpus of tests/malformed.

Usage: gen.py BASEDIR OUTDIR

BASEDIR holds the valid programs built from tests/malformed/base.c:
static, static-pie, pie, no-pie, m32-static, m32-pie (a missing one is
skipped).  Every file written to OUTDIR/files is one of them with one
defect, named CLASS.VARIANT.BASE; OUTDIR/aux holds the interpreters some
of them name (all by absolute path).  OUTDIR/manifest.tsv lists
"NAME<TAB>CLASS<TAB>BASE", one file per line.  Nothing here decides what
a file should do: the kernel is the oracle (see judge.py).
"""
import os
import shutil
import struct
import sys

PAGE = 0x1000
# TASK_SIZE of a 64-bit task: x86-64's (4-level) unless GEN_TASK_SIZE
# names another architecture's (arm64: 0x1000000000000).
TASK64 = int(os.environ.get("GEN_TASK_SIZE", "0x7FFFFFFFF000"), 0)
# Where the interpreter's bytes are read when the bases are another
# architecture's (its sysroot, e.g. /usr/aarch64-linux-gnu); the corpus
# names it by its own path, as the machine that runs it sees it.
ROOT = os.environ.get("GEN_ROOT", "")
TASK32 = 0xFFFFE000              # TASK_SIZE of an ia32 task
U64 = (1 << 64) - 1

PT_NULL, PT_LOAD, PT_INTERP, PT_NOTE = 0, 1, 3, 4
PT_GNU_PROPERTY, PT_GNU_STACK = 0x6474E553, 0x6474E551
PF_X, PF_W = 1, 2
SHT_SYMTAB, SHT_RELA, SHT_DYNAMIC, SHT_NOBITS = 2, 4, 6, 8
SHT_REL, SHT_DYNSYM, SHT_GNU_versym = 9, 11, 0x6FFFFFFF

EH = {  # field: (ELF32 offset, ELF32 format, ELF64 offset, ELF64 format)
    "type": (16, "H", 16, "H"), "machine": (18, "H", 18, "H"),
    "version": (20, "I", 20, "I"), "entry": (24, "I", 24, "Q"),
    "phoff": (28, "I", 32, "Q"), "shoff": (32, "I", 40, "Q"),
    "flags": (36, "I", 48, "I"), "ehsize": (40, "H", 52, "H"),
    "phentsize": (42, "H", 54, "H"), "phnum": (44, "H", 56, "H"),
    "shentsize": (46, "H", 58, "H"), "shnum": (48, "H", 60, "H"),
    "shstrndx": (50, "H", 62, "H"),
}
PH = {
    "type": (0, "I", 0, "I"), "flags": (24, "I", 4, "I"),
    "offset": (4, "I", 8, "Q"), "vaddr": (8, "I", 16, "Q"),
    "paddr": (12, "I", 24, "Q"), "filesz": (16, "I", 32, "Q"),
    "memsz": (20, "I", 40, "Q"), "align": (28, "I", 48, "Q"),
}
SH = {
    "name": (0, "I", 0, "I"), "type": (4, "I", 4, "I"),
    "flags": (8, "I", 8, "Q"), "addr": (12, "I", 16, "Q"),
    "offset": (16, "I", 24, "Q"), "size": (20, "I", 32, "Q"),
    "link": (24, "I", 40, "I"), "info": (28, "I", 44, "I"),
    "addralign": (32, "I", 48, "Q"), "entsize": (36, "I", 56, "Q"),
}


class Elf:
    """A mutable copy of an ELF file with typed field access.

    The tables stay where the original header put them, whatever the
    header says after a mutation."""

    def __init__(self, data):
        self.b = bytearray(data)
        self.is64 = self.b[4] == 2
        self.end = ">" if self.b[5] == 2 else "<"
        self.phoff0, self.phent0 = self["phoff"], self["phentsize"]
        self.phnum0 = self["phnum"]
        self.shoff0, self.shent0 = self["shoff"], self["shentsize"]
        self.shnum0 = self["shnum"]

    def copy(self):
        c = Elf(self.b)
        c.phoff0, c.phent0, c.phnum0 = self.phoff0, self.phent0, self.phnum0
        c.shoff0, c.shent0, c.shnum0 = self.shoff0, self.shent0, self.shnum0
        return c

    def _field(self, table, name):
        o32, f32, o64, f64 = table[name]
        return (o64, f64) if self.is64 else (o32, f32)

    def get_at(self, off, fmt):
        return struct.unpack_from(self.end + fmt, self.b, off)[0]

    def put_at(self, off, fmt, value):
        mask = (1 << (8 * struct.calcsize(fmt))) - 1
        struct.pack_into(self.end + fmt, self.b, off, value & mask)

    def __getitem__(self, name):
        return self.get_at(*self._field(EH, name))

    def __setitem__(self, name, value):
        off, fmt = self._field(EH, name)
        self.put_at(off, fmt, value)

    def ph_at(self, i):
        return self.phoff0 + i * self.phent0

    def ph(self, i, name, value=None):
        off, fmt = self._field(PH, name)
        if value is None:
            return self.get_at(self.ph_at(i) + off, fmt)
        self.put_at(self.ph_at(i) + off, fmt, value)
        return value

    def sh(self, i, name, value=None):
        off, fmt = self._field(SH, name)
        at = self.shoff0 + i * self.shent0 + off
        if value is None:
            return self.get_at(at, fmt)
        self.put_at(at, fmt, value)
        return value

    # ---- queries on the original tables
    def phdrs_of(self, ptype):
        return [i for i in range(self.phnum0) if self.ph(i, "type") == ptype]

    def loads(self):
        return self.phdrs_of(PT_LOAD)

    def load_with(self, flag):
        return [i for i in self.loads() if self.ph(i, "flags") & flag][0]

    def sec_name(self, i):
        strtab = self.sh(self["shstrndx"], "offset")
        start = strtab + self.sh(i, "name")
        return bytes(self.b[start:self.b.index(0, start)]).decode()

    def sec(self, name):
        for i in range(self.shnum0):
            if self.sec_name(i) == name:
                return i
        return None

    def secs_of(self, stype):
        return [i for i in range(self.shnum0) if self.sh(i, "type") == stype]

    def append(self, data, align=8):
        """Add bytes at the end of the file; returns their offset."""
        while len(self.b) % align:
            self.b.append(0)
        off = len(self.b)
        self.b += data
        return off

    def move_phdrs_to_end(self, count):
        """Copy the program header table to the end of the file, padded
        with PT_NULL entries to @count entries, and point e_phoff at it."""
        table = bytes(self.b[self.phoff0:self.phoff0 +
                             self.phnum0 * self.phent0])
        table += bytes((count - self.phnum0) * self.phent0)
        off = self.append(table)
        self["phoff"], self["phnum"] = off, count
        self.phoff0, self.phnum0 = off, count
        return off


class Corpus:
    def __init__(self, outdir):
        self.files = os.path.join(outdir, "files")
        self.aux = os.path.join(outdir, "aux")
        for d in (self.files, self.aux):
            if os.path.isdir(d):
                shutil.rmtree(d)
            os.makedirs(d)
        self.manifest = []

    def emit(self, cls, variant, base, data, mode=0o755):
        name = "%s.%s.%s" % (cls, variant, base)
        path = os.path.join(self.files, name)
        with open(path, "wb") as f:
            f.write(bytes(data.b if isinstance(data, Elf) else data))
        os.chmod(path, mode)
        self.manifest.append((name, cls, base))

    def aux_file(self, name, data, mode=0o755):
        path = os.path.join(self.aux, name)
        with open(path, "wb") as f:
            f.write(bytes(data.b if isinstance(data, Elf) else data))
        os.chmod(path, mode)
        return path


def each_base(bases, names):
    """(name, Elf) for each of @names that was built."""
    return [(n, bases[n]) for n in names if n in bases]


def with_header(e, **fields):
    """A copy of @e with ELF header fields set."""
    c = e.copy()
    for name, value in fields.items():
        c[name] = value
    return c


def task_size(e):
    return TASK64 if e.is64 else TASK32


def uword(e):
    return U64 if e.is64 else 0xFFFFFFFF


# ---------------------------------------------------------------- classes

def gen_truncate(g, bases):
    """Cut at every structure boundary: ELF header, each program header,
    PT_INTERP, each PT_LOAD's start, inside text and data, the section
    header table, the last byte."""
    for base, e in each_base(bases, ("static", "pie", "static-pie", "m32-static")):
        ehsize = 64 if e.is64 else 52
        phend = e.phoff0 + e.phnum0 * e.phent0
        cuts = {"ehdr-1": ehsize - 1, "ehdr": ehsize,
                "phdr0": e.phoff0 + e.phent0, "phdrs-1": phend - 1,
                "phdrs": phend}
        if base in ("static", "m32-static"):
            cuts.update({"empty": 0, "1": 1, "magic": 4, "ident-1": 15,
                         "ident": 16, "e_version": 24})
        for i in e.phdrs_of(PT_INTERP):
            end = e.ph(i, "offset") + e.ph(i, "filesz")
            cuts["interp-1"], cuts["interp"] = end - 1, end
        for n, i in enumerate(e.loads()):
            if n:
                cuts["load%d" % n] = e.ph(i, "offset")
        text = e.load_with(PF_X)
        cuts["text-mid"] = e.ph(text, "offset") + e.ph(text, "filesz") // 2
        rw = e.load_with(PF_W)
        cuts["data+8"] = e.ph(rw, "offset") + 8
        cuts["data-end-1"] = e.ph(rw, "offset") + e.ph(rw, "filesz") - 1
        cuts["shdrs"] = e.shoff0
        cuts["shdrs-1"] = e.shoff0 + e.shnum0 * e.shent0 - 1
        cuts["last-byte"] = len(e.b) - 1
        if base in ("static-pie", "m32-static"):
            cuts = {k: v for k, v in cuts.items() if k in (
                "ehdr", "phdrs-1", "phdrs", "load2", "data+8", "shdrs",
                "ident-1", "magic")}
        seen = set()
        for variant, size in sorted(cuts.items(), key=lambda kv: kv[1]):
            if size in seen or size >= len(e.b):
                continue
            seen.add(size)
            g.emit("truncate", "%s-%d" % (variant, size), base, e.b[:size])


def gen_ident(g, bases):
    """e_ident: magic, class, data encoding, version, OS ABI; e_version."""
    plan = {
        "static": [("magic0", 0, 0x7E), ("magic1", 1, ord("e")),
                   ("magic3", 3, 0), ("class-none", 4, 0),
                   ("class-32", 4, 1), ("class-3", 4, 3),
                   ("class-255", 4, 255), ("data-none", 5, 0),
                   ("data-msb", 5, 2), ("data-3", 5, 3),
                   ("version-0", 6, 0), ("osabi-arm", 7, 97),
                   ("pad-ff", 15, 0xFF)],
        "pie": [("magic2", 2, 0), ("class-none", 4, 0), ("class-32", 4, 1),
                ("data-msb", 5, 2), ("version-0", 6, 0)],
        "static-pie": [("class-32", 4, 1), ("data-msb", 5, 2)],
        "no-pie": [("class-32", 4, 1), ("data-msb", 5, 2)],
        "m32-static": [("class-64", 4, 2), ("data-msb", 5, 2)],
        "m32-pie": [("class-64", 4, 2)],
    }
    for base, e in each_base(bases, plan):
        edits = plan[base]
        for variant, off, value in edits:
            c = e.copy()
            c.b[off] = value
            g.emit("ident", variant, base, c)
        for value in (0, 0xFFFFFFFF) if base in ("static", "pie") else ():
            g.emit("ident", "e_version-%#x" % value, base,
                   with_header(e, version=value))


def gen_type_machine(g, bases):
    """e_type and e_machine the kernel does not load."""
    for base, e in each_base(bases, ("static", "pie", "m32-static")):
        types = (0, 1, 4, 0xFE00, 0xFFFF) if base == "static" else (1,)
        for t in types:
            g.emit("type-machine", "e_type-%#x" % t, base,
                   with_header(e, type=t))
        machines = {"static": (0, 3, 183, 0x3E00), "pie": (3,),
                    "m32-static": (62, 0)}[base]
        for m in machines:
            g.emit("type-machine", "e_machine-%d" % m, base,
                   with_header(e, machine=m))


def gen_entsize(g, bases):
    """e_ehsize, e_phentsize, e_shentsize: 0, smaller, larger, 65535."""
    for base, e in each_base(bases, ("static", "pie", "m32-static")):
        if e.is64:
            values = {"ehsize": (0, 63, 65, 0xFFFF),
                      "phentsize": (0, 32, 55, 57, 0xFFFF),
                      "shentsize": (0, 40, 63, 65, 0xFFFF)}
        else:
            values = {"ehsize": (0,), "phentsize": (0, 31, 56),
                      "shentsize": (0, 39)}
        for field, vals in values.items():
            for v in vals:
                g.emit("entsize", "e_%s-%d" % (field, v), base,
                       with_header(e, **{field: v}))


def gen_table_offset(g, bases):
    """e_phoff / e_shoff past the end, overflowing with e_phnum *
    e_phentsize, misaligned, pointing at the wrong table."""
    for base, e in each_base(bases, ("static", "pie", "m32-pie")):
        size, top = len(e.b), uword(e)
        phbytes = e.phnum0 * e.phent0
        ph = {"end": size, "end-8": size - 8, "end-1-entry": size - e.phent0,
              "max": top, "wrap": top - phbytes + 0x41,
              "zero": 0, "one": 1, "shoff": e.shoff0}
        if e.is64:
            ph["2^63"] = 1 << 63
        sh = {"end": size, "end-8": size - 8, "max": top,
              "wrap": top - e.shent0 + 1, "one": 1, "phoff": e.phoff0}
        if base == "m32-pie":
            ph = {k: ph[k] for k in ("end", "max", "wrap")}
            sh = {k: sh[k] for k in ("end", "max")}
        for variant, v in ph.items():
            g.emit("table-offset", "e_phoff-" + variant, base,
                   with_header(e, phoff=v))
        for variant, v in sh.items():
            g.emit("table-offset", "e_shoff-" + variant, base,
                   with_header(e, shoff=v))


def gen_phnum(g, bases):
    """e_phnum: 0, one too many, the kernel's limit and one past it,
    PN_XNUM with section 0 missing, lying or telling the truth."""
    for base, e in each_base(bases, ("static", "pie", "static-pie", "m32-static")):
        limit = 65536 // e.phent0
        simple = {"zero": 0, "one": 1, "plus1": e.phnum0 + 1,
                  "limit": limit, "limit+1": limit + 1, "0xfffe": 0xFFFE}
        if base == "static-pie":
            simple = {k: simple[k] for k in ("zero", "limit+1")}
        for variant, v in simple.items():
            g.emit("phnum", variant, base, with_header(e, phnum=v))
        if base == "static-pie":
            continue
        # PN_XNUM (0xffff): the real count belongs in section 0's sh_info.
        for variant, info, shoff in (("xnum-true", e.phnum0, None),
                                     ("xnum-lying", 3, None),
                                     ("xnum-huge", 0xFFFFFFFF, None),
                                     ("xnum-no-section0", None, 0)):
            c = e.copy()
            c["phnum"] = 0xFFFF
            if info is not None:
                c.sh(0, "info", info)
            if shoff is not None:
                c["shoff"] = shoff
            g.emit("phnum", variant, base, c)
        # A valid table at the limit: the real entries, then PT_NULL.
        if e.is64:
            c = e.copy()
            c.move_phdrs_to_end(limit)
            g.emit("phnum", "limit-at-end", base, c)
            c = e.copy()
            c.move_phdrs_to_end(limit + 1)
            g.emit("phnum", "limit+1-at-end", base, c)


def gen_shstrndx(g, bases):
    """e_shstrndx out of range, reserved, SHN_XINDEX with or without a
    section 0; e_shnum 0 with a lying section 0."""
    for base, e in each_base(bases, ("no-pie", "pie", "m32-pie")):
        text = e.sec(".text")
        edits = [("count", {"shstrndx": e.shnum0}, None),
                 ("0xfeff", {"shstrndx": 0xFEFF}, None),
                 ("loreserve", {"shstrndx": 0xFF00}, None),
                 ("undef", {"shstrndx": 0}, None),
                 ("text", {"shstrndx": text}, None),
                 ("xindex-link0", {"shstrndx": 0xFFFF}, ("link", 0)),
                 ("xindex-true", {"shstrndx": 0xFFFF},
                  ("link", e["shstrndx"])),
                 ("xindex-link-huge", {"shstrndx": 0xFFFF},
                  ("link", 0xFFFFFFFF)),
                 ("xindex-no-section0", {"shstrndx": 0xFFFF, "shoff": 0},
                  None),
                 ("shnum0-true", {"shnum": 0}, ("size", e.shnum0)),
                 ("shnum0-lying", {"shnum": 0}, ("size", 100000)),
                 ("shnum0-huge", {"shnum": 0}, ("size", uword(e)))]
        if base == "m32-pie":
            edits = edits[:1] + edits[5:6] + edits[10:11]
        for variant, hdr, sec0 in edits:
            c = with_header(e, **hdr)
            if sec0:
                c.sh(0, sec0[0], sec0[1])
            g.emit("shstrndx", variant, base, c)


def gen_strtab(g, bases):
    """Section name and symbol string tables: not NUL-terminated, names
    past their end, the table outside the file."""
    for base, e in each_base(bases, ("no-pie", "pie", "m32-pie")):
        si = e["shstrndx"]
        off, size = e.sh(si, "offset"), e.sh(si, "size")
        text = e.sec(".text")
        variants = []
        c = e.copy()
        c.b[off + size - 1] = ord("X")
        variants.append(("shstrtab-unterminated", c))
        c = e.copy()
        c.b[off:off + size] = b"A" * size
        variants.append(("shstrtab-no-nul", c))
        for name, v in (("name-at-end", size), ("name-last", size - 1),
                        ("name-max", 0xFFFFFFFF)):
            c = e.copy()
            c.sh(text, "name", v)
            variants.append((name, c))
        for name, field, v in (("offset-end", "offset", len(e.b)),
                               ("offset-max", "offset", uword(e)),
                               ("size-max", "size", uword(e)),
                               ("size-0", "size", 0),
                               ("nobits", "type", SHT_NOBITS)):
            c = e.copy()
            c.sh(si, field, v)
            variants.append(("shstrtab-" + name, c))
        st = e.sec(".strtab")
        if st is not None:
            c = e.copy()
            o, s = e.sh(st, "offset"), e.sh(st, "size")
            c.b[o + s - 1] = ord("Y")
            variants.append(("strtab-unterminated", c))
            c = e.copy()
            c.sh(st, "size", uword(e))
            variants.append(("strtab-size-max", c))
        if base == "m32-pie":
            variants = variants[:1] + variants[4:5] + variants[6:7]
        for name, c in variants:
            g.emit("strtab", name, base, c)


def gen_sh_link(g, bases):
    """sh_link to the section itself, in a cycle, out of range."""
    for base, e in each_base(bases, ("no-pie", "pie", "m32-pie")):
        variants = []
        tabs = e.secs_of(SHT_SYMTAB) + e.secs_of(SHT_DYNSYM)
        for t in tabs:
            c = e.copy()
            c.sh(t, "link", t)
            variants.append(("%s-link-self" % e.sec_name(t).strip("."), c))
        sym = tabs[0]
        strtab = e.sh(sym, "link")
        c = e.copy()
        c.sh(strtab, "link", sym)
        variants.append(("symtab-strtab-cycle", c))
        c = e.copy()
        c.sh(sym, "link", 0xFFFF)
        variants.append(("symtab-link-out-of-range", c))
        c = e.copy()
        c.sh(sym, "link", e.shnum0)
        variants.append(("symtab-link-count", c))
        for r in e.secs_of(SHT_RELA)[:1]:
            c = e.copy()
            c.sh(r, "link", r)
            c.sh(r, "info", 0xFFFFFFFF)
            variants.append(("rela-link-self-info-huge", c))
        for v in e.secs_of(SHT_GNU_versym)[:1]:
            c = e.copy()
            c.sh(v, "link", v)
            variants.append(("versym-link-self", c))
        if base == "m32-pie":
            variants = variants[:2]
        for name, c in variants:
            g.emit("sh-link", name, base, c)


def gen_sh_entsize(g, bases):
    """sh_entsize 0 (or absurd) for the table sections."""
    for base, e in each_base(bases, ("no-pie", "pie", "m32-pie")):
        secs = (e.secs_of(SHT_SYMTAB) + e.secs_of(SHT_DYNSYM) +
                e.secs_of(SHT_RELA)[:1] + e.secs_of(SHT_DYNAMIC) +
                e.secs_of(SHT_REL)[:1])
        for s in secs:
            for v in (0, 1, uword(e)) if base != "m32-pie" else (0,):
                c = e.copy()
                c.sh(s, "entsize", v)
                g.emit("sh-entsize", "%s-%#x" % (
                    e.sec_name(s).strip(".").replace(".", "-"), v), base, c)


def gen_sh_range(g, bases):
    """A section's data past the end of the file or wrapping around."""
    for base, e in each_base(bases, ("no-pie", "pie")):
        for name in (".text", ".symtab", ".note.gnu.build-id", ".dynamic"):
            s = e.sec(name)
            if s is None:
                continue
            for variant, field, v in (("offset-end", "offset", len(e.b)),
                                      ("wrap", "offset", U64 - 8),
                                      ("size-max", "size", U64)):
                c = e.copy()
                c.sh(s, field, v)
                g.emit("sh-range", "%s-%s" % (name.strip(".").replace(
                    ".", "-"), variant), base, c)
        # A note whose name size runs past the section.
        s = e.sec(".note.gnu.build-id")
        c = e.copy()
        c.put_at(e.sh(s, "offset"), "I", 0x7FFFFFFF)
        g.emit("sh-range", "note-namesz-huge", base, c)


def gen_seg_offset(g, bases):
    """p_offset + p_filesz past the end of the file, or overflowing."""
    for base, e in each_base(bases, ("static", "pie", "static-pie", "m32-static")):
        top, size = uword(e), len(e.b)
        ro = [i for i in e.loads() if not e.ph(i, "flags") & (PF_W | PF_X)]
        ro = ro[-1]
        rw = e.load_with(PF_W)
        text = e.load_with(PF_X)
        variants = []

        def moved(i, off):
            c = e.copy()
            c.ph(i, "offset", off + e.ph(i, "vaddr") % PAGE)
            return c
        past = (size + 4 * PAGE) & ~(PAGE - 1)
        variants.append(("rodata-past-end", moved(ro, past)))
        variants.append(("text-past-end", moved(text, past)))
        variants.append(("data-past-end", moved(rw, past)))
        variants.append(("rodata-offset-2^62", moved(ro, 1 << 62)
                         if e.is64 else moved(ro, 0x80000000)))
        variants.append(("rodata-offset-wrap", moved(ro, (top + 1) - PAGE)))
        c = e.copy()
        c.ph(text, "filesz", size)
        c.ph(text, "memsz", size)
        variants.append(("text-filesz-file", c))
        c = e.copy()
        c.ph(rw, "filesz", size)
        c.ph(rw, "memsz", size)
        variants.append(("data-filesz-file", c))
        c = e.copy()
        c.ph(ro, "filesz", top)
        c.ph(ro, "memsz", top)
        variants.append(("rodata-filesz-max", c))
        c = e.copy()
        c.ph(ro, "offset", top - 0x100 + 1)
        variants.append(("rodata-offset-max", c))
        if base in ("static-pie", "m32-static"):
            variants = [v for v in variants if v[0] in (
                "rodata-past-end", "data-past-end", "rodata-offset-wrap")]
        for name, c in variants:
            g.emit("seg-offset", name, base, c)


def gen_seg_filesz(g, bases):
    """p_filesz > p_memsz, p_memsz 0, huge p_memsz."""
    for base, e in each_base(bases, ("static", "pie", "static-pie", "m32-static")):
        loads = e.loads()
        rw = e.load_with(PF_W)
        text = e.load_with(PF_X)
        variants = []
        for name, i in (("first", loads[0]), ("text", text), ("data", rw)):
            c = e.copy()
            c.ph(i, "filesz", e.ph(i, "memsz") + 1)
            variants.append((name + "-filesz-gt-memsz", c))
        c = e.copy()
        c.ph(text, "memsz", 0)
        variants.append(("text-memsz-0", c))
        c = e.copy()
        c.ph(text, "memsz", 0)
        c.ph(text, "filesz", 0)
        variants.append(("text-empty", c))
        if e.is64:
            c = e.copy()
            c.ph(rw, "memsz", 1 << 46)
            variants.append(("data-memsz-64TiB", c))
        c = e.copy()
        c.ph(rw, "memsz", e.ph(rw, "memsz") + (1 << 20))
        variants.append(("data-memsz-big", c))
        if base in ("static-pie", "m32-static"):
            variants = variants[:3]
        for name, c in variants:
            g.emit("seg-filesz", name, base, c)


def gen_seg_vaddr(g, bases):
    """p_vaddr + p_memsz wrapping or beyond the user address space, at 0,
    over the stack."""
    for base, e in each_base(bases, ("static", "pie", "static-pie", "no-pie", "m32-static")):
        top, ts = uword(e), task_size(e)
        loads = e.loads()
        rw = e.load_with(PF_W)
        first = loads[0]
        variants = []

        def at(i, va, memsz=None):
            c = e.copy()
            c.ph(i, "vaddr", va + e.ph(i, "vaddr") % PAGE)
            if memsz is not None:
                c.ph(i, "memsz", memsz)
            return c
        variants.append(("data-wrap", at(rw, (top + 1) - PAGE)))
        variants.append(("data-at-task-size", at(rw, ts)))
        variants.append(("data-crosses-task-size", at(
            rw, ts - PAGE, e.ph(rw, "filesz") + 2 * PAGE)))
        variants.append(("data-memsz-wraps", at(rw, 0x10000000,
                                                top - 0x1000)))
        variants.append(("first-at-0", at(first, 0)))
        variants.append(("data-at-0", at(rw, 0)))
        if e.is64:
            variants.append(("first-over-stack", at(first, TASK64 - 0x20000)))
            variants.append(("data-high-half", at(rw, 0x800000000000)))
            variants.append(("data-below-task-size", at(rw, ts - 0x10000)))
        c = e.copy()
        c.ph(rw, "paddr", top)
        variants.append(("data-paddr-max", c))
        if base in ("static-pie", "no-pie", "m32-static"):
            variants = variants[:2] + variants[4:6]
        for name, c in variants:
            g.emit("seg-vaddr", name, base, c)


def gen_seg_align(g, bases):
    """p_align not a power of two, zero, huge."""
    for base, e in each_base(bases, ("static", "pie", "static-pie", "m32-static")):
        loads = e.loads()
        values = [("all-0", 0), ("all-3", 3), ("all-0x1001", 0x1001),
                  ("all-0x3000", 0x3000), ("all-2MiB", 0x200000),
                  ("all-1", 1)]
        if e.is64:
            values += [("all-2^63", 1 << 63), ("all-2^40", 1 << 40),
                       ("all-max", U64)]
        if base in ("static-pie", "m32-static"):
            values = values[:2] + values[-2:]
        for name, v in values:
            c = e.copy()
            for i in loads:
                c.ph(i, "align", v)
            g.emit("seg-align", name, base, c)
        c = e.copy()
        c.ph(e.load_with(PF_W), "align", 0x10000)
        g.emit("seg-align", "data-64KiB", base, c)


def gen_seg_congruent(g, bases):
    """p_offset and p_vaddr not congruent modulo the page size."""
    for base, e in each_base(bases, ("static", "pie", "static-pie", "no-pie", "m32-static")):
        loads = e.loads()
        text, rw = e.load_with(PF_X), e.load_with(PF_W)
        variants = []
        for name, i, field, delta in (("first-offset+1", loads[0], "offset",
                                       1),
                                      ("text-offset+1", text, "offset", 1),
                                      ("text-offset+0x800", text, "offset",
                                       0x800),
                                      ("data-vaddr+8", rw, "vaddr", 8),
                                      ("data-offset-0x10", rw, "offset",
                                       -0x10)):
            c = e.copy()
            c.ph(i, field, e.ph(i, field) + delta)
            variants.append((name, c))
        # A bss-only PT_LOAD (p_filesz 0): nothing is mapped from the file.
        stack = e.phdrs_of(PT_GNU_STACK)
        if stack and e.is64:
            c = e.copy()
            s = stack[0]
            end = max(e.ph(i, "vaddr") + e.ph(i, "memsz") for i in loads)
            c.ph(s, "type", PT_LOAD)
            c.ph(s, "flags", 6)
            c.ph(s, "offset", 0x123)
            c.ph(s, "vaddr", ((end + 0x10000) & ~(PAGE - 1)) + 0x10)
            c.ph(s, "filesz", 0)
            c.ph(s, "memsz", 0x2000)
            c.ph(s, "align", PAGE)
            variants.append(("bss-only-offset-odd", c))
        if base in ("static-pie", "no-pie", "m32-static"):
            variants = variants[1:2] + variants[3:4]
        for name, c in variants:
            g.emit("seg-congruent", name, base, c)


def gen_load_order(g, bases):
    """PT_LOADs out of order, overlapping, duplicated."""
    for base, e in each_base(bases, ("static", "pie", "static-pie", "no-pie", "m32-static")):
        loads = e.loads()
        text, rw = e.load_with(PF_X), e.load_with(PF_W)
        ent = e.phent0
        variants = []

        def swapped(order):
            c = e.copy()
            blobs = [bytes(e.b[e.ph_at(i):e.ph_at(i) + ent]) for i in loads]
            for slot, src in zip(loads, order):
                c.b[c.ph_at(slot):c.ph_at(slot) + ent] = blobs[src]
            return c
        variants.append(("swap-text-rodata", swapped(
            [0, 2, 1] + list(range(3, len(loads))))))
        variants.append(("reversed", swapped(list(range(len(loads)))[::-1])))
        variants.append(("data-first", swapped(
            [len(loads) - 1] + list(range(len(loads) - 1)))))
        # The data segment mapped over the text segment.
        c = e.copy()
        c.ph(rw, "vaddr", e.ph(text, "vaddr") + e.ph(rw, "vaddr") % PAGE)
        variants.append(("data-over-text", c))
        # The rodata segment over the first (headers) page.
        ro = [i for i in loads if i not in (text, rw)][-1]
        c = e.copy()
        c.ph(ro, "vaddr", e.ph(loads[0], "vaddr"))
        variants.append(("rodata-over-first", c))
        # The text segment twice (in the PT_GNU_STACK slot).
        stack = e.phdrs_of(PT_GNU_STACK)
        if stack:
            c = e.copy()
            s = stack[0]
            c.b[c.ph_at(s):c.ph_at(s) + ent] = e.b[e.ph_at(text):
                                                   e.ph_at(text) + ent]
            variants.append(("text-twice", c))
            c = e.copy()
            c.b[c.ph_at(s):c.ph_at(s) + ent] = e.b[e.ph_at(rw):
                                                   e.ph_at(rw) + ent]
            c.ph(s, "vaddr", e.ph(text, "vaddr") + 0x10 +
                 e.ph(rw, "vaddr") % PAGE - 0x10)
            variants.append(("data-copy-over-text-last", c))
        if base in ("no-pie", "m32-static"):
            variants = variants[1:2] + variants[3:4]
        for name, c in variants:
            g.emit("load-order", name, base, c)


def gen_no_load(g, bases):
    """No PT_LOAD at all, or no executable one."""
    for base, e in each_base(bases, ("static", "pie", "static-pie", "no-pie", "m32-static")):
        for name, newtype in (("all-null", PT_NULL), ("all-note", PT_NOTE)):
            if name == "all-note" and base not in ("static", "pie"):
                continue
            c = e.copy()
            for i in e.loads():
                c.ph(i, "type", newtype)
            g.emit("no-load", name, base, c)
        c = e.copy()
        c.ph(e.load_with(PF_X), "type", PT_NULL)
        g.emit("no-load", "text-null", base, c)
        if base in ("static", "pie"):
            c = e.copy()
            for i in e.loads():
                c.ph(i, "flags", e.ph(i, "flags") & ~PF_X)
            g.emit("no-load", "none-executable", base, c)


def gen_entry(g, bases):
    """The entry point outside every segment, in data, past TASK_SIZE."""
    for base, e in each_base(bases, ("static", "pie", "static-pie", "no-pie", "m32-static")):
        text, rw = e.load_with(PF_X), e.load_with(PF_W)
        ts = task_size(e)
        values = [("zero", 0), ("one", 1), ("page1", 0x1000),
                  ("text-end", e.ph(text, "vaddr") + e.ph(text, "filesz")),
                  ("in-data", e.ph(rw, "vaddr") + 0x10),
                  ("task-size", ts), ("task-size-1", ts - 1),
                  ("max", uword(e))]
        if e.is64:
            values.append(("vsyscall", 0xFFFFFFFFFF600000))
        if base in ("static-pie", "no-pie", "m32-static"):
            values = values[:1] + values[4:6]
        for name, v in values:
            g.emit("entry", name, base, with_header(e, entry=v))


def set_interp(c, i, path_bytes):
    """Point PT_INTERP @i at @path_bytes (its exact bytes, NUL or not),
    appended to the file."""
    c.ph(i, "offset", c.append(path_bytes, 1))
    c.ph(i, "filesz", len(path_bytes))
    c.ph(i, "memsz", len(path_bytes))


def make_aux(g, bases, ldso):
    """The interpreters the interp-target files name (absolute paths)."""
    aux = {}
    ld = Elf(open(ROOT + ldso, "rb").read())
    aux["ld-copy"] = g.aux_file("ld-copy", ld)
    os.symlink(ldso, os.path.join(g.aux, "ld-symlink"))
    aux["ld-symlink"] = os.path.join(g.aux, "ld-symlink")
    os.mkdir(os.path.join(g.aux, "a-directory"))
    aux["directory"] = os.path.join(g.aux, "a-directory")
    aux["text"] = g.aux_file("text", b"this is not an ELF file\n" * 8)
    aux["script"] = g.aux_file("script", b"#!" + ldso.encode() + b"\n")
    aux["not-executable"] = g.aux_file("not-executable", ld, 0o644)
    aux["empty"] = g.aux_file("empty", b"")
    aux["short-63"] = g.aux_file("short-63", ld.b[:63])
    aux["ehdr-only"] = g.aux_file("ehdr-only", ld.b[:64])
    aux["dev-null"] = "/dev/null"
    fifo = os.path.join(g.aux, "fifo")
    os.mkfifo(fifo)
    aux["fifo"] = fifo
    for name, edit in (
            ("phentsize-57", lambda c: c.__setitem__("phentsize", 57)),
            ("phnum-0", lambda c: c.__setitem__("phnum", 0)),
            ("phoff-past-end", lambda c: c.__setitem__("phoff", len(c.b))),
            ("machine-386", lambda c: c.__setitem__("machine", 3)),
            ("bad-magic", lambda c: c.b.__setitem__(1, ord("X"))),
            ("type-rel", lambda c: c.__setitem__("type", 1)),
            ("type-core", lambda c: c.__setitem__("type", 4)),
            ("class-32", lambda c: c.b.__setitem__(4, 1)),
            ("data-msb", lambda c: c.b.__setitem__(5, 2)),
            ("version-0", lambda c: c.__setitem__("version", 0))):
        c = ld.copy()
        edit(c)
        aux[name] = g.aux_file("ld-" + name, c)
    c = ld.copy()
    for i in c.loads():
        c.ph(i, "type", PT_NULL)
    aux["no-load"] = g.aux_file("ld-no-load", c)
    c = ld.copy()
    rw = c.load_with(PF_W)
    c.ph(rw, "filesz", c.ph(rw, "memsz") + 1)
    aux["filesz-gt-memsz"] = g.aux_file("ld-filesz-gt-memsz", c)
    c = ld.copy()
    text = c.load_with(PF_X)
    c.ph(text, "offset", c.ph(text, "offset") + 1)
    aux["incongruent"] = g.aux_file("ld-incongruent", c)
    c = ld.copy()
    c.ph(rw, "vaddr", TASK64 + c.ph(rw, "vaddr") % PAGE)
    aux["data-past-task-size"] = g.aux_file("ld-data-past-task-size", c)
    c = ld.copy()
    c["entry"] = TASK64 + 0x1000
    aux["entry-huge"] = g.aux_file("ld-entry-huge", c)
    c = ld.copy()
    c["entry"] = 0
    aux["entry-0"] = g.aux_file("ld-entry-0", c)
    c = ld.copy()
    c.b = c.b[:c.ph(text, "offset") + 0x100]
    aux["truncated-text"] = g.aux_file("ld-truncated-text", c)
    for base in ("pie", "static-pie", "static", "m32-pie"):
        if base in bases:
            aux["program-" + base] = g.aux_file("program-" + base,
                                                bases[base])
    m32 = "/lib/ld-linux.so.2"
    if os.path.exists(m32):
        aux["ld-i386"] = g.aux_file("ld-i386", open(m32, "rb").read())
    return aux


def gen_interp(g, bases, ldso):
    """PT_INTERP: its length, termination, and what it names."""
    e = bases["pie"]
    i = e.phdrs_of(PT_INTERP)[0]
    ld = ldso.encode()
    paths = [("filesz-0", b""), ("filesz-1", b"/"), ("empty-string", b"\0\0"),
             ("unterminated", ld + b"x"), ("nul-inside", ld + b"\0junk\0"),
             ("relative-missing", b"lib64/nope.so\0"),
             ("relative-present", b"aux/ld-copy\0"),
             ("missing", b"/nonexistent/ld.so\0"),
             ("trailing-slash", ld + b"/\0"),
             ("through-a-file", b"/etc/passwd/ld.so\0"),
             ("component-256", b"/" + b"n" * 256 + b"\0"),
             ("path-max-4096", b"/" * (4096 - len(ld) - 1) + ld + b"\0"),
             ("path-max+1", b"/" * (4097 - len(ld) - 1) + ld + b"\0"),
             ("path-4097-unterminated", b"/" * 4097)]
    for name, p in paths:
        c = e.copy()
        set_interp(c, i, p)
        g.emit("interp-path", name, "pie", c)
    for name, off, size in (("offset-past-end", len(e.b) + 16, 28),
                            ("offset-wrap", U64 - 8, 28),
                            ("offset-max", U64, 28),
                            ("filesz-past-end", len(e.b) - 10, 28)):
        c = e.copy()
        c.ph(i, "offset", off)
        c.ph(i, "filesz", size)
        g.emit("interp-path", name, "pie", c)
    # A program without PT_INTERP that gets one; ld.so run on a static file.
    for base in ("static", "static-pie"):
        s = bases.get(base)
        if not s or not s.phdrs_of(PT_NOTE):
            continue
        c = s.copy()
        n = s.phdrs_of(PT_NOTE)[-1]
        c.ph(n, "type", PT_INTERP)
        set_interp(c, n, ld + b"\0")
        g.emit("interp-path", "added", base, c)


def gen_interp_target(g, bases, aux):
    """PT_INTERP naming every kind of file that is not a usable loader."""
    e = bases["pie"]
    i = e.phdrs_of(PT_INTERP)[0]
    for name, path in sorted(aux.items()):
        c = e.copy()
        set_interp(c, i, path.encode() + b"\0")
        g.emit("interp-target", name, "pie", c)
    # The program as its own interpreter.
    c = e.copy()
    self_path = os.path.join(g.files, "interp-target.self.pie")
    set_interp(c, i, self_path.encode() + b"\0")
    g.emit("interp-target", "self", "pie", c)
    # ET_EXEC programs with an interpreter take other paths in the kernel.
    np = bases.get("no-pie")
    if np:
        j = np.phdrs_of(PT_INTERP)[0]
        for name in ("type-rel", "no-load", "ld-i386", "program-static",
                     "program-pie", "class-32"):
            if name in aux:
                c = np.copy()
                set_interp(c, j, aux[name].encode() + b"\0")
                g.emit("interp-target", name, "no-pie", c)
    p32 = bases.get("m32-pie")
    if p32:
        j = p32.phdrs_of(PT_INTERP)[0]
        for name in ("ld-copy", "missing"):
            c = p32.copy()
            path = aux.get(name, "/nonexistent/ld.so").encode()
            set_interp(c, j, path + b"\0")
            g.emit("interp-target", name, "m32-pie", c)


def gen_interp_twice(g, bases, ldso):
    """Two PT_INTERP headers: only the first counts."""
    e = bases["pie"]
    i = e.phdrs_of(PT_INTERP)[0]
    n = e.phdrs_of(PT_NOTE)[-1]
    ld = ldso.encode() + b"\0"
    for name, first, second in (("good-then-missing", ld, b"/nope\0"),
                                ("missing-then-good", b"/nope\0", ld),
                                ("good-then-1-byte", ld, b"/"),
                                ("1-byte-then-good", b"/", ld),
                                ("good-then-unterminated", ld, b"/x")):
        c = e.copy()
        set_interp(c, i, first)
        c.ph(n, "type", PT_INTERP)
        set_interp(c, n, second)
        g.emit("interp-twice", name, "pie", c)


def property_note(props, n_type=5, name=b"GNU\0", descsz=None, namesz=None):
    """An NT_GNU_PROPERTY_TYPE_0 note holding @props [(type, data)]."""
    desc = b""
    for t, data in props:
        desc += struct.pack("<II", t, len(data)) + data
        desc += b"\0" * (-len(desc) % 8)
    head = struct.pack("<III", len(name) if namesz is None else namesz,
                       len(desc) if descsz is None else descsz, n_type)
    return head + name + b"\0" * (-len(name) % 4) + desc


def gen_gnu_property(g, bases):
    """PT_GNU_PROPERTY malformed: sizes, note header, property order."""
    x86_isa, x86_feature = 0xC0008002, 0xC0000002
    good = [(x86_feature, struct.pack("<I", 3))]
    notes = {
        "type-4": property_note(good, n_type=4),
        "name-xnu": property_note(good, name=b"XNU\0"),
        "namesz-3": property_note(good, namesz=3),
        "descsz-huge": property_note(good, descsz=0xFFFFFFF0),
        "datasz-huge": struct.pack("<III", 4, 16, 5) + b"GNU\0" +
        struct.pack("<II", x86_feature, 0xFFFFFF00) + b"\0" * 8,
        "unsorted": property_note([(x86_isa, b"\1\0\0\0"),
                                   (x86_feature, b"\3\0\0\0")]),
        "duplicate": property_note([(x86_feature, b"\3\0\0\0")] * 2),
        "datasz-odd": property_note([(x86_feature, b"\3\0\0")]),
        "big-1025": property_note([(0xC0010000 + k, b"\0" * 4)
                                   for k in range(64)])[:1025],
    }
    for base in ("pie", "static"):
        e = bases.get(base)
        if not e or not e.phdrs_of(PT_GNU_PROPERTY):
            continue
        i = e.phdrs_of(PT_GNU_PROPERTY)[0]
        for name, blob in sorted(notes.items()):
            if base == "static" and name not in ("descsz-huge", "unsorted",
                                                 "big-1025"):
                continue
            c = e.copy()
            c.ph(i, "offset", c.append(blob))
            c.ph(i, "filesz", len(blob))
            g.emit("gnu-property", name, base, c)
        for name, field, v in (("filesz-0", "filesz", 0),
                               ("filesz-8", "filesz", 8),
                               ("offset-past-end", "offset", len(e.b)),
                               ("offset-odd", "offset",
                                e.ph(i, "offset") + 1)):
            c = e.copy()
            c.ph(i, field, v)
            g.emit("gnu-property", name, base, c)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: gen.py BASEDIR OUTDIR")
    basedir, outdir = sys.argv[1], os.path.abspath(sys.argv[2])
    bases = {}
    for name in ("static", "static-pie", "pie", "no-pie", "m32-static",
                 "m32-pie"):
        path = os.path.join(basedir, name)
        if os.path.exists(path):
            bases[name] = Elf(open(path, "rb").read())
    if "pie" not in bases or "static" not in bases:
        sys.exit("gen.py: the static and pie base programs are needed")
    pie = bases["pie"]
    i = pie.phdrs_of(PT_INTERP)[0]
    off = pie.ph(i, "offset")
    ldso = bytes(pie.b[off:pie.b.index(0, off)]).decode()
    g = Corpus(outdir)
    aux = make_aux(g, bases, ldso if ROOT else os.path.realpath(ldso))
    for gen in (gen_truncate, gen_ident, gen_type_machine, gen_entsize,
                gen_table_offset, gen_phnum, gen_shstrndx, gen_strtab,
                gen_sh_link, gen_sh_entsize, gen_sh_range, gen_seg_offset,
                gen_seg_filesz, gen_seg_vaddr, gen_seg_align,
                gen_seg_congruent, gen_load_order, gen_no_load, gen_entry,
                gen_gnu_property):
        gen(g, bases)
    gen_interp(g, bases, ldso)
    gen_interp_target(g, bases, aux)
    gen_interp_twice(g, bases, ldso)
    with open(os.path.join(outdir, "manifest.tsv"), "w") as f:
        for row in g.manifest:
            f.write("\t".join(row) + "\n")
    print("gen.py: %d files in %s" % (len(g.manifest), g.files))


if __name__ == "__main__":
    main()
