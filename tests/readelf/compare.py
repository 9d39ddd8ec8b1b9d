#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Differential test: elfload's --json output against GNU readelf -hlSW.

For every ELF file found, run "readelf -hlSW FILE" (LC_ALL=C) and
"elfload {headers,segments,sections} --json FILE", parse both and compare
every field readelf shows: the ELF header, each program header (type
name, offsets, addresses, sizes, flags column, alignment, interpreter),
each section header (name, type name, address, offset, size, entsize,
flags letters, link, info, alignment) and the section-to-segment
mapping.

A file is left out of the comparison only for a stated reason: readelf
reported a problem that changes what it displays (the reasons are
printed).  readelf messages that do not change the -hlSW display
(sh_link/sh_info sanity checks and the like) do not exclude a file.

Usage:
  compare.py [--elfload PATH] [--jobs N] [--min-files N]
             [--built DIR]... [--synthetic DIR]... [--no-system]
             [FILE|DIR]...
  compare.py --make-synthetic DIR

Without FILE/DIR arguments the system directories /usr/bin, /usr/sbin and
/usr/lib/x86_64-linux-gnu are scanned.  --built and --synthetic add the
test objects that run.sh made; they are counted separately.
Exit status: 0 when everything matched and enough real (system + built)
files were compared, 1 otherwise.

Besides readelf, the numbers readelf only shows as names (e_type,
e_machine, p_type, p_flags, sh_name, sh_type, sh_flags) are checked
against the file's bytes, and the three commands against each other.

--make-synthetic writes files that no toolchain makes: one per
interesting (class, byte order, machine, OS/ABI) holding every p_type,
sh_type and flag value readelf names, every e_machine and EI_OSABI value,
e_type values, PN_XNUM and SHN_XINDEX numbering, DT_FLAGS_1 corner cases
and, under corrupt/, damaged variants of one small file.

Comparison notes:
  * readelf prints a program header type in a 14-column field
    ("%-14.14s"), so elfload's type_name is compared after truncation
    to 14 characters.
  * The program header flags column is compared as the full 3-character
    field ("R E", "RW ", "   "), trailing spaces included.
  * Names are compared after escaping them the way readelf does
    (control characters as ^X).  A section name that elfload reports as
    null matches readelf's "<corrupt>" / "<no-strings>".
"""

import argparse
import json
import os
import re
import stat
import struct
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

SYSTEM_ROOTS = ['/usr/bin', '/usr/sbin', '/usr/lib/x86_64-linux-gnu']
ENV = dict(os.environ, LC_ALL='C', LANG='C')
TIMEOUT = 120

# readelf messages that do not change what -hlSW displays.
BENIGN = [re.compile(p) for p in (
    r'\[\s*\d+\]: Link field \(\d+\) should index a (symtab|string) section',
    r'\[\s*\d+\]: Unexpected value \(\d+\) in (link|info) field',
    r'\[\s*\d+\]: Info field \(\d+\) should index a relocatable section',
    r'\[\s*\d+\]: Expected link to another section in info field',
    r'Size of section \d+ is larger than the entire file',
    r'section \d+: sh_link value of \d+ is larger than the number of sections',
    r'Section \d+ has an out of range sh_(link|info) value',
    r'no \.dynamic section in the dynamic segment',
    r'the PHDR segment is not covered by a LOAD segment',
    r'the PHDR segment must occur before any LOAD segment',
    r"the segment's file size is larger than its memory size",
    r'more than one dynamic segment',
    r'the dynamic segment offset \+ size exceeds the size of the file',
    r'Unable to find program interpreter name',
    # readelf then shows no table at all, which is what elfload must show.
    r'possibly corrupt ELF header - it has a non-zero program header offset',
    r'possibly corrupt ELF file header - it has a non-zero section header',
)]

NULL_NAMES = {'<corrupt>', '<no-strings>', '<none>'}


# --------------------------------------------------------------------------
# Finding files


def is_elf(path):
    try:
        with open(path, 'rb') as f:
            return f.read(4) == b'\x7fELF'
    except OSError:
        return False


def find_elf_files(roots, seen):
    """Regular ELF files under @roots, each inode once.  Symlinks to
    files are followed (their target may lie outside @roots); symlinks
    to directories are not."""
    out = []
    for root in roots:
        if os.path.isfile(root):
            walk = [(os.path.dirname(root), [], [os.path.basename(root)])]
        else:
            walk = os.walk(root, followlinks=False)
        for dirpath, _, names in walk:
            for name in sorted(names):
                path = os.path.join(dirpath, name)
                try:
                    st = os.stat(path)	# a symlinked file counts once
                except OSError:
                    continue
                if not stat.S_ISREG(st.st_mode):
                    continue
                key = (st.st_dev, st.st_ino)
                if key in seen or not is_elf(path):
                    continue
                seen.add(key)
                out.append(path)
    return out


# --------------------------------------------------------------------------
# Escaping names as readelf prints them


def esc_symbol(raw):
    """print_symbol(): control characters become ^X, the rest is raw."""
    out = bytearray()
    for c in raw:
        if c < 0x20 or c == 0x7f:
            out += b'^' + bytes([(c + 0x40) & 0xff])
        else:
            out.append(c)
    return bytes(out)


def esc_section(raw):
    """printable_section_name(): ^X for control, <XX> for non-ASCII."""
    out = bytearray()
    for c in raw:
        if c < 0x20 or c == 0x7f:
            out += b'^' + bytes([(c + 0x40) & 0xff])
        elif c < 0x7f:
            out.append(c)
        else:
            out += b'<%02X>' % c
    return bytes(out)


def name_bytes(s):
    return s.encode('utf-8', 'surrogateescape')


def text(b):
    return b.decode('utf-8', 'surrogateescape')


# --------------------------------------------------------------------------
# Parsing readelf -hlSW


PH_RE = re.compile(r'^(0x[0-9a-f]+) (0x[0-9a-f]+) (0x[0-9a-f]+) '
                   r'(0x[0-9a-f]+) (0x[0-9a-f]+) (...) (0x[0-9a-f]+|0)$')
SH_HEAD_RE = re.compile(r'^  \[\s*(\d+)\] ')
SH_TAIL_RE = re.compile(r' ([0-9a-f]{8}|[0-9a-f]{16}) ([0-9a-f]+) ([0-9a-f]+) '
                        r'([0-9a-f]+) (.*?) +(\d+) +(\d+) +(\d+)$')
INTERP_RE = re.compile(r'^      \[Requesting program interpreter: (.*)\]$')


class ParseError(Exception):
    pass


def parse_header_line(hdr, key, val):
    if key == 'Version' and 'ident_version' not in hdr:
        hdr['ident_version'] = val
    elif key == 'Version':
        hdr['e_version'] = val
    else:
        hdr[key] = val


def split_name_type(left, hint_name, hint_type):
    """Split "NAME(padded to 17) TYPE(padded to 15)" into its two parts.

    Names and some type names may contain spaces, so first try the
    split that elfload's own values predict; otherwise assume the name
    has no spaces."""
    if hint_name is not None and hint_type is not None:
        n = esc_symbol(name_bytes(hint_name))
        guess = text(n).ljust(17) + ' ' + hint_type.ljust(15)
        if left.rstrip(' ') == guess.rstrip(' '):
            return text(n), hint_type
    if len(left) > 17 and left[17] == ' ':
        return left[:17].rstrip(' '), left[18:].strip(' ')
    i = left.find(' ', 17)
    if i < 0:
        return left, ''
    return left[:i], left[i + 1:].strip(' ')


def parse_readelf(out):
    """Raw structure of readelf -hlSW output; section lines are kept raw
    and split later with elfload's values as hints."""
    r = {'header': {}, 'phdrs': None, 'shdr_lines': None, 'mapping': None}
    mode = None
    for line in out.split('\n'):
        if line == 'ELF Header:':
            mode = 'h'
            continue
        if line in ('Section Headers:', 'Section Header:'):
            mode = 's'
            r['shdr_lines'] = []
            continue
        if line == 'Program Headers:':
            mode = 'p'
            r['phdrs'] = []
            continue
        if line == ' Section to Segment mapping:':
            mode = 'm'
            r['mapping'] = []
            continue
        if line.startswith('There are no program headers'):
            r['phdrs'] = []
            mode = None
            continue
        if line.startswith('There are no sections'):
            r['shdr_lines'] = []
            mode = None
            continue
        if mode == 'h':
            if not line.strip():
                mode = None
                continue
            key, _, val = line.partition(':')
            parse_header_line(r['header'], key.strip(), val.strip())
        elif mode == 's':
            if line.startswith('Key to Flags:'):
                mode = None
            elif SH_HEAD_RE.match(line):
                r['shdr_lines'].append(line)
        elif mode == 'p':
            if not line.strip():
                mode = None
                continue
            if line.startswith('  Type '):
                continue
            m = INTERP_RE.match(line)
            if m:
                if not r['phdrs']:
                    raise ParseError('interpreter line before any segment')
                r['phdrs'][-1]['interp'] = m.group(1)
                continue
            m = PH_RE.match(line[17:])
            if not m or not line.startswith('  '):
                raise ParseError('bad program header line: %r' % line)
            g = m.groups()
            r['phdrs'].append({
                'type': line[2:16].rstrip(' '),
                'p_offset': int(g[0], 16), 'p_vaddr': int(g[1], 16),
                'p_paddr': int(g[2], 16), 'p_filesz': int(g[3], 16),
                'p_memsz': int(g[4], 16), 'flags': g[5],
                'p_align': int(g[6], 16) if g[6] != '0' else 0})
        elif mode == 'm':
            if line.startswith('  Segment Sections'):
                continue
            if not line.strip():
                mode = None
                continue
            # "   NN     " then "NAME " per section; names may be empty.
            names = line[10:].split(' ')[:-1]
            r['mapping'].append((int(line[3:5]), names))
    return r


def parse_section_line(line, hint):
    m = SH_HEAD_RE.match(line)
    rest = line[m.end():]
    t = SH_TAIL_RE.search(rest)
    if not t:
        raise ParseError('bad section header line: %r' % line)
    name, typ = split_name_type(rest[:t.start()],
                                hint.get('name') if hint else None,
                                hint.get('type_name') if hint else None)
    g = t.groups()
    return {'index': int(m.group(1)), 'name': name, 'type': typ,
            'sh_addr': int(g[0], 16), 'sh_offset': int(g[1], 16),
            'sh_size': int(g[2], 16), 'sh_entsize': int(g[3], 16),
            'flags': g[4].strip(' '), 'sh_link': int(g[5]),
            'sh_info': int(g[6]), 'sh_addralign': int(g[7])}


# --------------------------------------------------------------------------
# Running the tools


def run(cmd):
    try:
        p = subprocess.run(cmd, capture_output=True, env=ENV,
                           timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return -1, '', 'timed out after %ds' % TIMEOUT
    return p.returncode, text(p.stdout), text(p.stderr)


def readelf_problem(rc, err):
    """None when readelf's display can be trusted, else a reason."""
    for line in err.splitlines():
        msg = re.sub(r'^readelf: (Warning|Error): ', '', line).strip()
        if not msg:
            continue
        if any(p.search(msg) for p in BENIGN):
            continue
        return 'readelf: ' + msg
    if rc != 0:
        return 'readelf exit status %d' % rc
    return None


def elfload_json(elfload, cmd, path):
    rc, out, err = run([elfload, cmd, '--json', path])
    if rc != 0:
        return None, 'exit %d: %s' % (rc, err.strip().split('\n')[0])
    try:
        return json.loads(out), None
    except ValueError as e:
        return None, 'invalid JSON (%s)' % e


# --------------------------------------------------------------------------
# Comparing


class Diff:
    def __init__(self, path):
        self.path = path
        self.items = []

    def add(self, what, mine, theirs):
        self.items.append((what, mine, theirs))

    def eq(self, what, mine, theirs):
        if mine != theirs:
            self.add(what, mine, theirs)


def paren_value(val):
    """'65535 (70000)' -> (65535, 70000); '31' -> (31, None)."""
    m = re.match(r'^(\d+)(?: \((\d+)\))?', val)
    if not m:
        raise ParseError('bad count %r' % val)
    return int(m.group(1)), (int(m.group(2)) if m.group(2) else None)


def compare_header(d, h, rh):
    ident = [int(x, 16) for x in rh.get('Magic', '').split()]
    d.eq('header.ident', h.get('ident'), ident)
    for k, rk in (('class_name', 'Class'), ('data_name', 'Data'),
                  ('ident_version_name', 'ident_version'),
                  ('osabi_name', 'OS/ABI'), ('type_name', 'Type'),
                  ('machine_name', 'Machine'),
                  ('e_entry_hex', 'Entry point address')):
        d.eq('header.' + k, h.get(k), rh.get(rk))
    if len(ident) == 16:
        for k, i in (('class', 4), ('data', 5), ('ident_version', 6),
                     ('osabi', 7), ('abiversion', 8)):
            d.eq('header.%s (e_ident[%d])' % (k, i), h.get(k), ident[i])
    d.eq('header.abiversion', h.get('abiversion'),
         int(rh.get('ABI Version', '-1')))
    d.eq('header.e_version', h.get('e_version'),
         int(rh.get('e_version', '-1'), 16))
    d.eq('header.e_entry', h.get('e_entry'),
         int(rh.get('Entry point address', '-1'), 16))
    for k, rk in (('e_phoff', 'Start of program headers'),
                  ('e_shoff', 'Start of section headers'),
                  ('e_ehsize', 'Size of this header'),
                  ('e_phentsize', 'Size of program headers'),
                  ('e_shentsize', 'Size of section headers')):
        d.eq('header.' + k, h.get(k), int(rh.get(rk, '-1').split()[0]))
    flags = rh.get('Flags', '').split(',')[0].strip()
    d.eq('header.e_flags', h.get('e_flags'), int(flags, 16) if flags else None)
    for k, rk in (('phnum', 'Number of program headers'),
                  ('shnum', 'Number of section headers'),
                  ('shstrndx', 'Section header string table index')):
        raw, resolved = paren_value(rh.get(rk, ''))
        d.eq('header.e_' + k, h.get('e_' + k), raw)
        if '<corrupt' in rh.get(rk, ''):
            continue
        d.eq('header.' + k, h.get(k), resolved if resolved is not None
             else raw)


def compare_segments(d, seg, rphdrs, mapping):
    segs = seg.get('segments') or []
    if rphdrs is None:
        rphdrs = []
    d.eq('segments.count', len(segs), len(rphdrs))
    maps = dict(mapping) if mapping is not None else None
    for i, (s, r) in enumerate(zip(segs, rphdrs)):
        w = 'segment[%d].' % i
        d.eq(w + 'index', s.get('index'), i)
        d.eq(w + 'type_name (first 14)', (s.get('type_name') or '')[:14]
             .rstrip(' '), r['type'])
        for k in ('p_offset', 'p_vaddr', 'p_paddr', 'p_filesz', 'p_memsz',
                  'p_align'):
            d.eq(w + k, s.get(k), r[k])
        for k in ('p_vaddr', 'p_paddr'):
            hx = s.get(k + '_hex')
            d.eq(w + k + '_hex', int(hx, 16) if hx else None, r[k])
        d.eq(w + 'flags', s.get('flags'), r['flags'])
        d.eq(w + 'interp', s.get('interp'), r.get('interp'))
        if maps is not None:
            mine = [text(esc_section(name_bytes(n))) if n is not None
                    else '<corrupt>' for n in s.get('sections') or []]
            theirs = maps.get(i, [])
            if len(mine) == len(theirs):
                theirs = ['<corrupt>' if t in NULL_NAMES else t
                          for t in theirs]
            d.eq(w + 'sections', mine, theirs)


def compare_sections(d, sec, rlines):
    secs = sec.get('sections') or []
    if rlines is None:
        rlines = []
    d.eq('sections.count', len(secs), len(rlines))
    for i, (s, line) in enumerate(zip(secs, rlines)):
        w = 'section[%d].' % i
        r = parse_section_line(line, s)
        d.eq(w + 'index', s.get('index'), r['index'])
        name = s.get('name')
        if name is None:
            if r['name'] not in NULL_NAMES:
                d.add(w + 'name', None, r['name'])
        else:
            d.eq(w + 'name', text(esc_symbol(name_bytes(name))), r['name'])
        d.eq(w + 'type_name', s.get('type_name'), r['type'])
        for k in ('sh_addr', 'sh_offset', 'sh_size', 'sh_entsize',
                  'sh_link', 'sh_info', 'sh_addralign'):
            d.eq(w + k, s.get(k), r[k])
        hx = s.get('sh_addr_hex')
        d.eq(w + 'sh_addr_hex', int(hx, 16) if hx else None, r['sh_addr'])
        d.eq(w + 'flags', s.get('flags'), r['flags'])


def compare_consistency(d, hdr, seg, sec):
    """The three commands must agree with each other (the "readelf"
    value in these reports is what "elfload headers" said)."""
    h = hdr.get('header', {})
    for k in ('e_type', 'type_name', 'e_entry', 'e_entry_hex', 'e_phoff',
              'phnum'):
        if k in seg:
            d.eq('"segments" %s (vs "headers")' % k, seg[k], h.get(k))
    for k in ('e_shoff', 'shnum', 'shstrndx'):
        if k in sec:
            d.eq('"sections" %s (vs "headers")' % k, sec[k], h.get(k))


def compare_raw(d, path, hdr, seg, sec):
    """Numbers readelf only shows as names (e_type, e_machine, p_type,
    p_flags, sh_name, sh_type, sh_flags) against the file's own bytes."""
    try:
        with open(path, 'rb') as f:
            raw = f.read()
    except OSError:
        return
    if len(raw) < 52 or raw[4] not in (1, 2) or raw[5] not in (1, 2):
        return
    e = '<' if raw[5] == 1 else '>'
    is64 = raw[4] == 2
    h = hdr.get('header', {})
    etype, machine = struct.unpack_from(e + 'HH', raw, 16)
    d.eq('header.e_type (vs file bytes)', h.get('e_type'), etype)
    d.eq('header.e_machine (vs file bytes)', h.get('e_machine'), machine)
    phoff, shoff = h.get('e_phoff') or 0, h.get('e_shoff') or 0
    phent, shent = h.get('e_phentsize') or 0, h.get('e_shentsize') or 0
    for i, s in enumerate(seg.get('segments') or []):
        off = phoff + i * phent
        if off + (8 if is64 else 28) > len(raw):
            break
        ptype = struct.unpack_from(e + 'I', raw, off)[0]
        pflags = struct.unpack_from(e + 'I', raw, off + (4 if is64 else 24))[0]
        d.eq('segment[%d].p_type (vs file bytes)' % i, s.get('p_type'), ptype)
        d.eq('segment[%d].p_flags (vs file bytes)' % i, s.get('p_flags'),
             pflags)
    for i, s in enumerate(sec.get('sections') or []):
        off = shoff + i * shent
        if off + (16 if is64 else 12) > len(raw):
            break
        name, stype = struct.unpack_from(e + 'II', raw, off)
        sflags = struct.unpack_from(e + ('Q' if is64 else 'I'), raw,
                                    off + 8)[0]
        w = 'section[%d].' % i
        d.eq(w + 'sh_name (vs file bytes)', s.get('sh_name'), name)
        d.eq(w + 'sh_type (vs file bytes)', s.get('sh_type'), stype)
        d.eq(w + 'sh_flags (vs file bytes)', s.get('sh_flags'), sflags)


def stricter_by_design(cmd, why, readelf_out):
    """elfload refuses a header table whose entry size is smaller than
    the structure, naming the defect; readelf silently shows no table.
    That difference is deliberate (bad input gets a clear error)."""
    if 'entry size' not in why:
        return False
    if cmd == 'segments':
        return 'Program Headers:' not in readelf_out
    if cmd == 'sections':
        return 'Section Headers:' not in readelf_out
    return False


def compare_file(elfload, path):
    """Returns (status, items or reason): status is 'ok', 'diff' or
    'excluded'."""
    rc, out, err = run(['readelf', '-hlSW', path])
    problem = readelf_problem(rc, err)
    results = {}
    failed = {}
    for cmd in ('headers', 'segments', 'sections'):
        results[cmd], failed[cmd] = elfload_json(elfload, cmd, path)
    if problem:
        if any(failed.values()):
            problem += ' (elfload refuses it too)'
        return 'excluded', problem
    d = Diff(path)
    for cmd, why in failed.items():
        if why and stricter_by_design(cmd, why, out):
            results[cmd] = {}
        elif why:
            d.add('elfload %s' % cmd, why, 'readelf displays the file')
    if d.items:
        return 'diff', d.items
    try:
        r = parse_readelf(out)
        compare_header(d, results['headers'].get('header', {}), r['header'])
        compare_segments(d, results['segments'], r['phdrs'], r['mapping'])
        compare_sections(d, results['sections'], r['shdr_lines'])
        compare_consistency(d, results['headers'], results['segments'],
                            results['sections'])
        compare_raw(d, path, results['headers'], results['segments'],
                    results['sections'])
    except (ParseError, ValueError, KeyError, TypeError) as e:
        d.add('comparison', 'cannot compare', '%s: %s' %
              (type(e).__name__, e))
    return ('diff' if d.items else 'ok'), d.items


# --------------------------------------------------------------------------
# Synthetic files: every name readelf knows, through the whole CLI


class ElfWriter:
    """Lay out a small ELF file: ELF header, program headers, section
    names, a data blob, section headers (null section first, .shstrtab
    last).

    phdrs holds (type, flags, offset, vaddr, filesz, memsz, align) and
    sections (sh_name, type, flags, addr, offset, size, link, info,
    align, entsize).  Layout-dependent values may be given as callables:
    f(phoff, names_off, blob_off) in a program header, f(blob_off) for a
    section offset."""

    def __init__(self, cls=2, data=1, machine=62, osabi=0, etype=2,
                 ident_version=1):
        self.cls, self.data = cls, data
        self.machine, self.osabi, self.etype = machine, osabi, etype
        self.ident_version = ident_version
        self.e = '<' if data == 1 else '>'
        self.phdrs = []
        self.sections = []
        self.names = bytearray(b'\0')
        self.blob = bytearray()
        self.ehsize = 64 if cls == 2 else 52
        self.phsize = 56 if cls == 2 else 32
        self.shsize = 64 if cls == 2 else 40
        self.phnum_override = None
        self.sec0 = (0, 0, 0)	# sh_size, sh_link, sh_info of section 0

    def name(self, s):
        off = len(self.names)
        self.names += s.encode() + b'\0'
        return off

    def pack(self, fmt, *v):
        return struct.pack(self.e + fmt, *v)

    def ehdr(self, phoff, shoff, phnum, shnum, shstrndx):
        ident = b'\x7fELF' + bytes([self.cls, self.data, self.ident_version,
                                    self.osabi, 0]) + bytes(7)
        f = 'HHIQQQIHHHHHH' if self.cls == 2 else 'HHIIIIIHHHHHH'
        return ident + self.pack(f, self.etype, self.machine, 1, 0, phoff,
                                 shoff, 0, self.ehsize, self.phsize, phnum,
                                 self.shsize, shnum, shstrndx)

    def phdr(self, t, flags, off, vaddr, filesz, memsz, align):
        if self.cls == 2:
            return self.pack('IIQQQQQQ', t, flags, off, vaddr, vaddr, filesz,
                             memsz, align)
        return self.pack('IIIIIIII', t, off, vaddr, vaddr, filesz, memsz,
                         flags, align)

    def shdr(self, s):
        name, t, flags, addr, off, size, link, info, align, ent = s
        if self.cls == 2:
            return self.pack('IIQQQQIIQQ', name, t, flags, addr, off, size,
                             link, info, align, ent)
        return self.pack('IIIIIIIIII', name, t, flags, addr, off, size, link,
                         info, align, ent)

    def build(self):
        nph = len(self.phdrs)
        phoff = self.ehsize if nph else 0
        data_off = self.ehsize + nph * self.phsize
        strtab_index = len(self.sections) + 1
        shstr = self.name('.shstrtab')
        names = bytes(self.names)
        blob_off = data_off + len(names)
        shoff = (blob_off + len(self.blob) + 7) & ~7
        nsec = len(self.sections) + 2
        shnum = nsec if nsec < 0xff00 else 0
        shstrndx = strtab_index if strtab_index < 0xff00 else 0xffff
        sec0 = list(self.sec0)
        if nsec >= 0xff00:
            sec0 = [nsec, strtab_index, sec0[2]]
        phnum = nph if self.phnum_override is None else self.phnum_override
        out = bytearray(self.ehdr(phoff, shoff, phnum, shnum, shstrndx))
        for p in self.phdrs:
            out += self.phdr(*[v(phoff, data_off, blob_off) if callable(v)
                               else v for v in p])
        out += names + self.blob
        out += bytes(shoff - len(out))
        out += self.shdr((0, 0, 0, 0, 0, sec0[0], sec0[1], sec0[2], 0, 0))
        for s in self.sections:
            s = list(s)
            s[4] = s[4](blob_off) if callable(s[4]) else s[4]
            out += self.shdr(s)
        out += self.shdr((shstr, 3, 0, 0, data_off, len(names), 0, 0, 1, 0))
        return bytes(out)


def rng(a, b):
    return list(range(a, b))


PROBE_PTYPES = sorted(set(
    rng(0, 0x10) + rng(0x60000000, 0x60000018) + [0x6464e550]
    + rng(0x6474e550, 0x6474e558) + [0x6474e555 + 0xfff, 0x6474e555 + 0x1000]
    + rng(0x65a3dbe5, 0x65a3dbe8) + [0x65a41be6]
    + rng(0x6ffffff5, 0x70000000) + rng(0x70000000, 0x70000006)
    + [0x7fffffff, 0x80000000, 0xffffffff, 0x12345678])
    - {1, 2, 3, 6})
PROBE_STYPES = sorted(set(
    rng(0, 0x16) + rng(0x60000000, 0x60000008) + [0x6fff4700]
    + rng(0x6fffffec, 0x70000000) + rng(0x70000000, 0x7000002d)
    + [0x78000000, 0x78030000, 0x78120000, 0x78400000, 0x79000000]
    + rng(0x7f000000, 0x7f000008) + [0x7ffffffd, 0x7fffffff]
    + [0x80000000, 0x80000001, 0xa0000000, 0xffffffff, 0x12345678]))
PROBE_SFLAGS = ([1 << i for i in range(64)] +
                [0x0ff00000, 0xf0000000, 0x90000000, 0x01200000, 0x80100000,
                 0x10000007, 0xffffffff, 0xffffffffffffffff, 0x09000000,
                 0xa0000000, 0x300000000, 0x3, 0x6, 0x32, 0x402])
PROBE_PFLAGS = list(range(8)) + [0x8, 0xf0000000, 0xffffffff, 0x0ff00005]

# Section types readelf checks sh_link / sh_entsize of: keep them quiet.
NEEDS_SYMTAB = {4, 5, 9, 17, 18, 19, 0x6ffffff6, 0x6fffffff}
NEEDS_STRTAB = {2, 6, 11, 0x6ffffffd, 0x6ffffffe, 0x6ffffff7}


def entsize_for(cls, t):
    table = {2: (16, 24), 11: (16, 24), 9: (8, 16), 4: (12, 24),
             19: (4, 8), 17: (4, 4)}
    return table[t][cls - 1] if t in table else 0


def probe_file(cls, data, machine, osabi):
    """Every interesting p_type, sh_type and flag value in one file."""
    w = ElfWriter(cls, data, machine, osabi, etype=2)
    w.blob += b'/lib/ld-probe.so.1\0' + bytes(64)
    interp = lambda phoff, data_off, blob_off: blob_off	# noqa: E731
    dyn = lambda phoff, data_off, blob_off: blob_off + 24	# noqa: E731
    nph = len(PROBE_PTYPES) + len(PROBE_PFLAGS) + 4
    phsz = nph * w.phsize
    end = lambda phoff, d, blob_off: blob_off + len(w.blob)	# noqa: E731
    w.phdrs.append((6, 4, lambda p, d, b: p, lambda p, d, b: p, phsz, phsz,
                    8))
    w.phdrs.append((1, 5, 0, 0, end, end, 0x1000))
    w.phdrs.append((3, 4, interp, interp, 19, 19, 1))
    w.phdrs.append((2, 6, dyn, dyn, 16, 16, 8))
    for t in PROBE_PTYPES:
        w.phdrs.append((t, 4, 1, 1, 0, 0, 1))
    for f in PROBE_PFLAGS:
        w.phdrs.append((4, f, 1, 1, 0, 0, 4))
    symtab = 1 + len(PROBE_STYPES)
    sections = []
    for t in PROBE_STYPES:
        link = info = 0
        if t in NEEDS_SYMTAB:
            link = symtab
        elif t in NEEDS_STRTAB:
            link = -1
        sections.append(['t_%x' % t, t, 0, link, info, entsize_for(cls, t)])
    sections[PROBE_STYPES.index(6)][0] = '.dynamic'
    sections.append(['.symtab', 2, 0, -1, 0, entsize_for(cls, 2)])
    for f in PROBE_SFLAGS:
        if cls == 1 and f >> 32:
            continue
        sections.append(['f_%x' % f, 1, f, 0, 1 if f & 0x40 else 0, 0])
    strtab_link = len(sections) + 1
    for name, t, f, link, info, ent in sections:
        off = (lambda b: b + 24) if name == '.dynamic' else 0
        size = 16 if name == '.dynamic' else 0
        w.sections.append((w.name(name), t, f, 0, off, size,
                           strtab_link if link == -1 else link, info, 0,
                           ent))
    return w.build()


def header_only(cls=2, data=1, machine=62, osabi=0, etype=2, ident_version=1):
    w = ElfWriter(cls, data, machine, osabi, etype, ident_version)
    return w.build()


def pn_xnum_file():
    """e_phnum = PN_XNUM, the real count in section 0's sh_info."""
    w = ElfWriter(2, 1, 62, 0, etype=2)
    for i in range(3):
        w.phdrs.append((4, 4, 0, 0, 0, 0, 4))
    w.phnum_override = 0xffff
    w.sec0 = (0, 0, 3)
    return w.build()


def many_sections_file():
    """More than 0xff00 sections: e_shnum = 0, e_shstrndx = SHN_XINDEX."""
    w = ElfWriter(2, 1, 62, 0, etype=1)
    for i in range(0xff10):
        w.sections.append((1, 1, 0, 0, 0, 0, 0, 0, 1, 0))
    return w.build()


def make_synthetic(outdir):
    os.makedirs(outdir, exist_ok=True)
    files = {}
    machines = [0, 2, 3, 8, 10, 15, 20, 21, 22, 36, 40, 43, 45, 50, 62, 87,
                93, 105, 140, 180, 181, 183, 195, 243, 250, 252, 258,
                0x9080, 0xa390, 300]
    for m in machines:
        for osabi in (0, 3):
            files['probe-64le-m%d-os%d' % (m, osabi)] = (2, 1, m, osabi)
    for m, osabi in ((62, 1), (15, 1), (50, 1), (62, 6), (50, 6), (62, 9),
                     (62, 12), (50, 13)):
        files['probe-64le-m%d-os%d' % (m, osabi)] = (2, 1, m, osabi)
    for cls, data, m in ((1, 1, 3), (1, 1, 40), (1, 2, 8), (1, 2, 20),
                         (2, 2, 21), (2, 2, 22), (2, 2, 8), (1, 1, 105)):
        files['probe-%d%s-m%d' % (32 * cls, 'le' if data == 1 else 'be',
                                  m)] = (cls, data, m, 0)
    for name, cfg in files.items():
        with open(os.path.join(outdir, name), 'wb') as f:
            f.write(probe_file(*cfg))
    count = len(files)
    known = [m for m in range(0x10000) if m < 270 or m in KNOWN_LARGE_EM]
    for m in known:
        with open(os.path.join(outdir, 'machine-%d' % m), 'wb') as f:
            f.write(header_only(machine=m))
        count += 1
    for osabi in range(256):
        with open(os.path.join(outdir, 'osabi-%d' % osabi), 'wb') as f:
            f.write(header_only(osabi=osabi))
        count += 1
    for m in (40, 105, 140, 221, 224, 0x1059):
        for osabi in (64, 65, 66, 97, 255):
            name = 'osabi-%d-m%d' % (osabi, m)
            with open(os.path.join(outdir, name), 'wb') as f:
                f.write(header_only(machine=m, osabi=osabi))
            count += 1
    for t in (0, 1, 2, 3, 4, 5, 0x1234, 0xfe00, 0xfeff, 0xff00, 0xffff):
        with open(os.path.join(outdir, 'etype-%x' % t), 'wb') as f:
            f.write(header_only(etype=t))
        count += 1
    for v in (0, 2):
        with open(os.path.join(outdir, 'identversion-%d' % v), 'wb') as f:
            f.write(header_only(ident_version=v))
        count += 1
    os.makedirs(os.path.join(outdir, 'corrupt'), exist_ok=True)
    for name, img in corrupt_files().items():
        with open(os.path.join(outdir, 'corrupt', name), 'wb') as f:
            f.write(img)
        count += 1
    for name, img in pie_files().items():
        with open(os.path.join(outdir, name), 'wb') as f:
            f.write(img)
        count += 1
    with open(os.path.join(outdir, 'pn-xnum'), 'wb') as f:
        f.write(pn_xnum_file())
    with open(os.path.join(outdir, 'shn-xindex'), 'wb') as f:
        f.write(many_sections_file())
    return count + 2


def corrupt_files():
    """Damaged variants of one small PIE-like file: what readelf still
    shows, elfload must show the same way (or both must refuse)."""
    def base(interp=b'/lib/ld.so\0'):
        w = ElfWriter(2, 1, 62, 0, etype=3)
        w.blob += interp + bytes(32)
        w.phdrs.append((3, 4, lambda p, d, b: b, lambda p, d, b: b,
                        len(interp), len(interp), 1))
        w.phdrs.append((1, 5, 0, 0, lambda p, d, b: b + 43,
                        lambda p, d, b: b + 43, 0x1000))
        w.sections.append((w.name('.interp'), 1, 2, 0, lambda b: b,
                           len(interp), 0, 0, 1, 0))
        w.sections.append((w.name('.data'), 1, 3, 0, lambda b: b + 11, 32,
                           0, 0, 1, 0))
        return w.build()

    img = base()
    phoff, shoff = struct.unpack_from('<QQ', img, 32)
    strsh = shoff + 3 * 64		# the .shstrtab section header
    strsize = struct.unpack_from('<Q', img, strsh + 32)[0]

    def patch(*edits):
        b = bytearray(img)
        for fmt, off, val in edits:
            struct.pack_into('<' + fmt, b, off, val)
        return bytes(b)

    return {
        'ok': img,
        'interp-unterminated': base(b'/lib/ld.soX'),
        'interp-past-eof': patch(('Q', phoff + 8, 1 << 40)),
        'interp-nobits': patch(('I', shoff + 64 + 4, 8)),
        'filesz-gt-memsz': patch(('Q', phoff + 56 + 32, 0x10)),
        'phoff-past-eof': patch(('Q', 32, 1 << 33)),
        'phentsize-0': patch(('H', 54, 0)),
        'phentsize-64': patch(('H', 54, 64)),
        'phnum-0-phoff': patch(('H', 56, 0)),
        'pn-xnum-no-sections': patch(('H', 56, 0xffff)),
        'shentsize-0': patch(('H', 58, 0)),
        'shentsize-72': patch(('H', 58, 72)),
        'shnum-0-shoff': patch(('H', 60, 0)),
        'no-section-table': patch(('Q', 40, 0), ('H', 60, 0)),
        'shstrndx-0': patch(('H', 62, 0)),
        'shstrndx-out-of-range': patch(('H', 62, 100)),
        'shstrndx-not-strtab': patch(('H', 62, 2)),
        'shstrndx-xindex-link-0': patch(('H', 62, 0xffff)),
        'shstrndx-xindex': patch(('H', 62, 0xffff), ('I', shoff + 40, 3)),
        'sh-name-out-of-range': patch(('I', shoff + 64, 0x7fff)),
        'sh-name-unterminated': patch(('Q', strsh + 32, strsize - 3)),
        'shstrtab-empty': patch(('Q', strsh + 32, 0)),
        'shstrtab-past-eof': patch(('Q', strsh + 24, 1 << 40)),
        'sh-size-huge': patch(('Q', shoff + 64 + 32, 1 << 40)),
        'section-headers-truncated': img[:shoff + 100],
        'ehdr-truncated': img[:40],
        'ei-class-3': patch(('B', 4, 3)),
        'ei-data-0': patch(('B', 5, 0)),
        'ei-version-7': patch(('B', 6, 7)),
    }


def pie_files():
    """ET_DYN files whose "PIE or shared object" verdict depends on where
    readelf looks for DT_FLAGS_1 (only the first one counts, only up to
    DT_NULL)."""
    flags_1, pie = 0x6ffffffb, 0x08000000

    def dyn(entries):
        return b''.join(struct.pack('<qQ', t, v) for t, v in entries)

    def mk(seg, sec=None, sections=True, secname='.dynamic'):
        w = ElfWriter(2, 1, 62, 0, etype=3)
        a, b = dyn(seg), dyn(sec) if sec is not None else b''
        end = lambda p, d, bo: bo + len(a) + len(b)	# noqa: E731
        w.blob += a + b
        w.phdrs.append((1, 6, 0, 0, end, end, 0x1000))
        w.phdrs.append((2, 6, lambda p, d, bo: bo, lambda p, d, bo: bo,
                        len(a), len(a), 8))
        if sec is not None:
            w.sections.append((w.name(secname), 6, 3, 0,
                               lambda bo: bo + len(a), len(b), 1, 0, 8, 16))
        else:
            w.sections.append((w.name(secname), 6, 3, 0, lambda bo: bo,
                               len(a), 1, 0, 8, 16))
        img = bytearray(w.build())
        if not sections:
            struct.pack_into('<Q', img, 40, 0)
            struct.pack_into('<HH', img, 60, 0, 0)
        return bytes(img)

    return {
        'pie': mk([(flags_1, pie), (0, 0)]),
        'pie-second-flags-1': mk([(flags_1, 0), (flags_1, pie), (0, 0)]),
        'pie-after-null': mk([(0, 0), (flags_1, pie)]),
        'pie-no-null': mk([(flags_1, pie)]),
        'pie-no-sections': mk([(flags_1, pie), (0, 0)], sections=False),
        'pie-section-not': mk([(flags_1, pie), (0, 0)],
                              [(flags_1, 0), (0, 0)]),
        'pie-section-only': mk([(flags_1, 0), (0, 0)],
                               [(flags_1, pie), (0, 0)]),
        'pie-other-name': mk([(flags_1, pie), (0, 0)], secname='.dyn2'),
        'dyn-no-flags-1': mk([(1, 1), (0, 0)]),
    }


# Unofficial e_machine numbers that readelf names.
KNOWN_LARGE_EM = {0x1057, 0x1059, 0x1223, 0x2530, 0x3330, 0x4157, 0x4688,
                  0x4def, 0x5441, 0x5aa5, 0x7650, 0x7676, 0x8217, 0x9026,
                  0x9041, 0x9080, 0xa390, 0xabc7, 0xad45, 0xbaab, 0xbeef,
                  0xdead, 0xf00d, 0xfeb0, 0xfeba, 0xfebb, 0xffff}


# --------------------------------------------------------------------------
# Main


def show(v):
    if isinstance(v, str):
        return repr(v)
    return json.dumps(v) if not isinstance(v, int) else '%d (%#x)' % (v, v)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--elfload', default=os.environ.get('ELFLOAD',
                                                        './elfload'))
    ap.add_argument('--jobs', type=int, default=4)
    ap.add_argument('--min-files', type=int, default=1000,
                    help='fail when fewer real files were compared')
    ap.add_argument('--built', action='append', default=[])
    ap.add_argument('--synthetic', action='append', default=[])
    ap.add_argument('--no-system', action='store_true')
    ap.add_argument('--make-synthetic', metavar='DIR')
    ap.add_argument('--max-per-file', type=int, default=25,
                    help='mismatches listed per file (all are counted)')
    ap.add_argument('paths', nargs='*')
    a = ap.parse_args()

    if a.make_synthetic:
        n = make_synthetic(a.make_synthetic)
        print('wrote %d synthetic ELF files to %s' % (n, a.make_synthetic))
        return 0
    if not os.access(a.elfload, os.X_OK):
        print('compare.py: %s is not an executable' % a.elfload,
              file=sys.stderr)
        return 1

    seen = set()
    kinds = {}
    roots = a.paths or ([] if a.no_system else SYSTEM_ROOTS)
    for kind, dirs in (('built', a.built), ('synthetic', a.synthetic),
                       ('system', roots)):
        for p in find_elf_files(dirs, seen):
            kinds[p] = kind
    files = sorted(kinds)

    with ThreadPoolExecutor(max(1, a.jobs)) as ex:
        results = list(ex.map(lambda p: (p, compare_file(a.elfload, p)),
                              files))

    compared = {'system': 0, 'built': 0, 'synthetic': 0}
    excluded = []
    nmis = 0
    bad_files = 0
    for path, (status, data) in results:
        if status == 'excluded':
            excluded.append((path, data))
            continue
        compared[kinds[path]] += 1
        if status == 'ok':
            continue
        bad_files += 1
        nmis += len(data)
        for what, mine, theirs in data[:a.max_per_file]:
            print('MISMATCH %s: %s: elfload %s, readelf %s' %
                  (path, what, show(mine), show(theirs)))
        if len(data) > a.max_per_file:
            print('MISMATCH %s: ... and %d more' %
                  (path, len(data) - a.max_per_file))

    if excluded:
        print('excluded %d files:' % len(excluded))
        for path, why in excluded:
            print('  EXCLUDED %s: %s' % (path, why))
    n = sum(compared.values())
    real = compared['system'] + compared['built']
    print('compared: %d system, %d built, %d synthetic; %d excluded; '
          'mismatches in %d files' % (compared['system'], compared['built'],
                                      compared['synthetic'], len(excluded),
                                      bad_files))
    print('readelf differential: compared %d files, %d mismatches' %
          (n, nmis))
    if real < a.min_files:
        print('FAIL: only %d real files compared (need %d)' %
              (real, a.min_files))
        return 1
    return 1 if nmis else 0


if __name__ == '__main__':
    sys.exit(main())
