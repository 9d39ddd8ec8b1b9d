#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Judge elfload against the kernel on the malformed corpus.

Usage: judge.py --elfload BIN --asan BIN --tools DIR CORPUS

CORPUS is what gen.py wrote (files/, aux/, manifest.tsv); DIR holds xrun
and libcheck (build.sh).  For every file:

1. The kernel's verdict: xrun --trace execs it (no ASLR, fixed argv and
   environment) and reports the errno, "exec-signal N" (killed inside
   execve, after the kernel's point of no return), or the exit status or
   signal of the program that ran.
2. `elfload run FILE` under the same conditions must reach the same
   verdict (see agree()), and libelfload must return the kernel's errno
   (libcheck).
3. Every inspection command (headers, segments, sections, maps; with and
   without --json) of the plain and the ASan+UBSan build must exit 0 or
   1 (maps also 3 for a system errno) within the time limit, print one
   line "elfload: FILE: ..." and nothing on stdout on failure, valid JSON
   with --json, and no sanitizer report.  The ASan build's `run` must
   refuse what the kernel refuses just as cleanly.

Prints per-class counts, every problem, then
"malformed: N files, N agree, N disagree, N exceptions" and last
"N passed, N failed" (a file passes when it has no problem at all).
Exits 0 when every file passes.
"""
import argparse
import collections
import concurrent.futures
import fnmatch
import json
import os
import re
import subprocess
import sys
import shutil
import tempfile

TIMEOUT = 10            # seconds for one program or command
ARG = "arg1"            # the fixed argument every program gets

# Files where agreement is impossible, with the reason.  Each entry is
# (name pattern, kernel verdict kinds, reason); it applies only when the
# kernel's verdict is of one of those kinds and elfload refused the file
# cleanly.
EXCEPTIONS = []

# The sanitizer runtime's own reports.
SANITIZER = re.compile(r"AddressSanitizer|LeakSanitizer|runtime error:|"
                       r"UndefinedBehaviorSanitizer")
SYSTEM_ERRNOS_EXIT1 = {"ENOEXEC", "EINVAL", "ELIBBAD", "EISDIR", "ENODEV"}


def run_cmd(argv, env=None, cwd=None, timeout=TIMEOUT):
    """(returncode or 'timeout', stdout, stderr) of a command."""
    try:
        p = subprocess.run(argv, capture_output=True, env=env, cwd=cwd,
                           timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return "timeout", b"", b""
    return p.returncode, p.stdout, p.stderr


class Judge:
    def __init__(self, args):
        self.elfload = args.elfload
        self.asan = args.asan
        self.xrun = os.path.abspath(os.path.join(args.tools, "xrun"))
        self.libcheck = os.path.abspath(os.path.join(args.tools, "libcheck"))
        self.corpus = os.path.abspath(args.corpus)
        self.tmp = tempfile.mkdtemp(prefix="elfload-malformed-")
        self.asan_env = dict(os.environ)
        self.asan_env["ASAN_OPTIONS"] = "detect_leaks=1:abort_on_error=0"
        self.asan_env["UBSAN_OPTIONS"] = "halt_on_error=1:print_stacktrace=1"
        supp = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                            "lsan.supp")
        self.asan_env["LSAN_OPTIONS"] = "print_suppressions=0:" \
            "suppressions=" + supp

    def xrun_verdict(self, argv, tag, trace):
        out = os.path.join(self.tmp, tag + ".out")
        err = os.path.join(self.tmp, tag + ".err")
        cmd = [self.xrun, "--timeout", str(TIMEOUT), "--out", out,
               "--err", err]
        if trace:
            cmd.insert(1, "--trace")
        p = subprocess.run(cmd + argv, capture_output=True,
                           cwd=self.corpus, timeout=3 * TIMEOUT)
        verdict = p.stdout.decode().strip()
        with open(out, "rb") as f:
            stdout = f.read()
        with open(err, "rb") as f:
            stderr = f.read()
        os.unlink(out)
        os.unlink(err)
        return verdict, stdout, stderr

    def judge_file(self, name, cls):
        path = os.path.join(self.corpus, "files", name)
        r = {"name": name, "class": cls, "problems": []}
        kv, kout, kerr = self.xrun_verdict([path, ARG], name + ".k", True)
        ov, oout, oerr = self.xrun_verdict([self.elfload, "run", path, ARG],
                                           name + ".o", False)
        lib = subprocess.run([self.libcheck, path, ARG], capture_output=True,
                             cwd=self.corpus, timeout=3 * TIMEOUT)
        lib = lib.stdout.decode().strip() or "libcheck failed"
        r.update(kernel=kv, ours=ov, lib=lib,
                 ours_err=oerr.decode(errors="replace").strip())
        r["verdict"], why = agree(path, kv, kout, kerr, ov, oout, oerr, lib)
        if r["verdict"] == "disagree":
            exc = exception_for(name, kv, ov, oerr, path)
            if exc:
                r["verdict"], r["reason"] = "exception", exc
            else:
                r["problems"].append("run: " + why)
        self.inspect(path, kv, lib, r)
        return r

    def inspect(self, path, kv, lib, r):
        """Every inspection command, both builds; then run (ASan)."""
        kind = verdict_kind(kv)
        if kind == "ran":
            maps_exit = 0
        elif kind == "exec-signal":
            # Refused by the plan (EINVAL), or only when loading (ENOMEM).
            maps_exit = 1 if lib.startswith("errno EINVAL") else 0
        else:
            maps_exit = 1 if kv.split()[1] in SYSTEM_ERRNOS_EXIT1 else 3
        for build, binary, env in (("plain", self.elfload, None),
                                   ("asan", self.asan, self.asan_env)):
            for cmd in ("headers", "segments", "sections", "maps"):
                for opt in ([], ["--json"]):
                    argv = [binary, cmd] + opt + [path]
                    if cmd == "maps":
                        argv.append(ARG)
                    rc, out, err = run_cmd(argv, env, self.corpus)
                    prob = check_inspection(path, cmd, bool(opt), rc, out,
                                            err)
                    # maps plans as run does: its verdict is the kernel's.
                    if not prob and cmd == "maps" and rc != maps_exit and \
                            r["verdict"] != "exception":
                        prob = "exit %s, but the kernel's verdict '%s' " \
                            "means %d" % (rc, kv, maps_exit)
                    if prob:
                        r["problems"].append("%s (%s): %s" % (
                            " ".join([cmd] + opt), build, prob))
            if build == "asan" and kind != "ran":
                self.asan_run(path, kv, r, env)

    def asan_run(self, path, kv, r, env):
        """The ASan build of run on a file the kernel refuses: what the
        plain build did (no ASLR either), a clean refusal or the same
        death after the point of no return."""
        rc, out, err = run_cmd(["setarch", "-R", self.asan, "run", path,
                                ARG], env, self.corpus)
        text = err.decode(errors="replace")
        want = 127 if kv == "errno ENOENT" and \
            r["verdict"] != "exception" else 126
        died = re.match(r"(?:exec-)?signal (\d+)$", r.get("ours", ""))
        if died and rc == -int(died.group(1)):
            want = rc
        prob = None
        if SANITIZER.search(text):
            prob = "sanitizer report: " + first_report_line(text)
        elif rc != want:
            prob = "exit %s, expected %d" % (rc, want)
        elif not one_error_line(path, out, err):
            prob = "not one error line: %r" % text[:200]
        if prob:
            r["problems"].append("run (asan): " + prob)


def verdict_kind(v):
    if v.startswith("errno "):
        return "errno"
    if v.startswith("exec-"):
        return "exec-signal"
    if v.startswith(("exit ", "signal ")):
        return "ran"
    return v


def first_report_line(text):
    for line in text.splitlines():
        if SANITIZER.search(line):
            return line.strip()[:200]
    return text[:200]


def one_error_line(path, out, err):
    lines = err.decode(errors="replace").splitlines()
    return (not out and len(lines) == 1 and
            lines[0].startswith("elfload: %s: " % path))


def strip_notices(path, err):
    """elfload's documented notice lines (PR_SET_MM_MAP refused ...)."""
    keep = [ln for ln in err.splitlines(True)
            if not ln.startswith(b"elfload: %s: notice: " % path.encode())]
    return b"".join(keep)


def agree(path, kv, kout, kerr, ov, oout, oerr, lib):
    """('agree' | 'refused' | 'disagree', why): does elfload run reach the
    kernel's verdict?  'refused' is agreement by a clean refusal where the
    kernel killed the process inside execve."""
    kind = verdict_kind(kv)
    lib_errno = lib.split(":")[0].split()[1] if lib.startswith("errno") \
        else lib
    if kind == "errno":
        e = kv.split()[1]
        want = "exit %d" % (127 if e == "ENOENT" else 126)
        if ov != want:
            return "disagree", "kernel %s, elfload run %s, expected %s" % (
                kv, ov, want)
        if not one_error_line(path, oout, oerr):
            return "disagree", "not one error line: %r" % oerr[:200]
        if lib_errno != e:
            return "disagree", "kernel %s, libelfload %s" % (kv, lib)
        return "agree", ""
    if kind == "exec-signal":
        if ov == "exit 126" and one_error_line(path, oout, oerr):
            # EINVAL from the checks, or "ok" and a failure when loading.
            if lib_errno not in ("EINVAL", "ok"):
                return "disagree", "kernel %s: libelfload should say " \
                    "EINVAL, not %s" % (kv, lib)
            return "refused", ""
        if ov == "signal " + kv.split()[1] and b"point of no return" in oerr:
            return "agree", ""
        return "disagree", "kernel %s (killed inside execve), elfload run " \
            "%s: %r" % (kv, ov, oerr[:200])
    if kind == "ran":
        if ov != kv:
            return "disagree", "kernel ran it: %s, elfload run %s: %r" % (
                kv, ov, oerr[:200])
        if oout != kout or strip_notices(path, oerr) != kerr:
            return "disagree", "same status (%s) but different output: " \
                "kernel %r / %r, elfload %r / %r" % (
                    kv, kout[:80], kerr[:80], oout[:80], oerr[:80])
        if lib != "ok":
            return "disagree", "the program ran, libelfload says %s" % lib
        return "agree", ""
    if kv == "timeout":
        return ("agree", "") if ov == "timeout" else (
            "disagree", "kernel: timeout, elfload run %s" % ov)
    return "disagree", "unexpected kernel verdict %r" % kv


def exception_for(name, kv, ov, oerr, path):
    for pattern, kind, reason in EXCEPTIONS:
        if fnmatch.fnmatch(name, pattern) and verdict_kind(kv) in kind and \
                ov == "exit 126" and one_error_line(path, b"", oerr):
            return reason
    return None


def check_inspection(path, cmd, is_json, rc, out, err):
    """The rules every inspection command follows on any input."""
    text = err.decode(errors="replace")
    if rc == "timeout":
        return "timed out (hang?) after %ds" % TIMEOUT
    if rc < 0:
        return "killed by signal %d" % -rc
    if SANITIZER.search(text):
        return "sanitizer report: " + first_report_line(text)
    if rc not in ((0, 1, 3) if cmd == "maps" else (0, 1)):
        return "exit %d" % rc
    prefix = "elfload: %s: " % path
    lines = text.splitlines()
    if rc != 0:
        if out:
            return "exit %d with output on stdout" % rc
        if len(lines) != 1 or not lines[0].startswith(prefix):
            return "exit %d, stderr is not one line naming the file: %r" % (
                rc, text[:300])
        return None
    if not out:
        return "exit 0 with nothing on stdout"
    bad = [ln for ln in lines if not ln.startswith(prefix)]
    if bad:
        return "stderr line not naming the file: %r" % bad[0][:200]
    if is_json:
        try:
            json.loads(out)
        except ValueError as exc:
            return "--json output is not JSON: %s" % exc
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--elfload", required=True)
    ap.add_argument("--asan", required=True)
    ap.add_argument("--tools", required=True)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("corpus")
    args = ap.parse_args()
    j = Judge(args)
    with open(os.path.join(args.corpus, "manifest.tsv")) as f:
        files = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(lambda row: j.judge_file(row[0], row[1]),
                                files))
    shutil.rmtree(j.tmp, ignore_errors=True)
    report(results)
    return 0 if all(not r["problems"] for r in results) else 1


def report(results):
    by_class = collections.OrderedDict()
    for r in sorted(results, key=lambda r: r["class"]):
        by_class.setdefault(r["class"], []).append(r)
    print("%-15s %5s | %6s %6s %4s | %5s %7s %6s %8s | %s" % (
        "", "", "kernel", "", "", "elfload", "", "", "", "inspection"))
    print("%-15s %5s | %6s %6s %4s | %5s %7s %6s %8s |" % (
        "class", "files", "errno", "killed", "ran", "agree", "refused",
        "except", "disagree"))
    for cls, rs in by_class.items():
        n = collections.Counter(r["verdict"] for r in rs)
        k = collections.Counter(verdict_kind(r["kernel"]) for r in rs)
        bad_insp = sum(1 for r in rs if any(
            not p.startswith("run: ") for p in r["problems"]))
        print("%-15s %5d | %6d %6d %4d | %5d %7d %6d %8d | %s" % (
            cls, len(rs), k["errno"], k["exec-signal"], k["ran"],
            n["agree"], n["refused"], n["exception"], n["disagree"],
            "ok" if not bad_insp else "%d bad" % bad_insp))
    print()
    print("Kernel killed inside execve (after its point of no return); "
          "elfload refused cleanly (126) or died the same way:")
    for r in results:
        if verdict_kind(r["kernel"]) == "exec-signal":
            print("  %-48s %-16s elfload: %s" % (
                r["name"], r["kernel"], "refused: " + r["lib"]
                if r["verdict"] == "refused" else r["ours"]))
    exc = [r for r in results if r["verdict"] == "exception"]
    if exc:
        print()
        print("Exceptions (agreement impossible):")
        for r in exc:
            print("  %-48s kernel %s: %s" % (r["name"], r["kernel"],
                                              r["reason"]))
    bad = [r for r in results if r["problems"]]
    if bad:
        print()
        print("Problems:")
        for r in bad:
            print("  %s (kernel: %s, elfload run: %s, libelfload: %s)" % (
                r["name"], r["kernel"], r["ours"], r["lib"]))
            for p in r["problems"]:
                print("    - " + p)
    n = collections.Counter(r["verdict"] for r in results)
    clean = sum(1 for r in results if not r["problems"])
    print()
    print("inspection: %d files, %d clean, %d with problems" % (
        len(results), clean, len(results) - clean))
    print("malformed: %d files, %d agree, %d disagree, %d exceptions" % (
        len(results), n["agree"] + n["refused"], n["disagree"],
        n["exception"]))
    print("%d passed, %d failed" % (clean, len(results) - clean))


if __name__ == "__main__":
    sys.exit(main())
