#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Fail each libc call of `elfload run` in turn and judge what follows.

Usage: check.py --shim SHIM.so --bases DIR ELFLOAD [ASAN_ELFLOAD]

For every program (the static and PIE base programs of tests/malformed,
/bin/true, a #! script, a program read from standard input), every
function of the shim (mmap, mprotect, read, pread, open, openat, opendir)
and N = 1, 2, ... until the shim reports that elfload made no Nth call,
`elfload run` runs with the Nth call failing, and must either

* run the program normally: the same status and output as without a
  failure (the call was not needed, or its failure was handled), or
* refuse cleanly: exit 126 or 127, nothing on stdout, one line
  "elfload: ..." on stderr,

and never die of a signal, hang or print a sanitizer report.  The ASan
build (whose `run` cannot place its stage 2 beside ASan's shadow memory,
so that its baseline is itself a clean refusal) checks the error paths
for leaks and memory errors.  Prints one line per program and function,
then "faultinject: N runs, N ran normally, N clean errors, N bad" and
last "N passed, N failed".
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

FUNCS = ("mmap", "mprotect", "read", "pread", "open", "openat", "opendir")
MAX_N = 300
TIMEOUT = 20
SANITIZER = re.compile(r"AddressSanitizer|LeakSanitizer|runtime error:")


def run(elfload, prog, env, stdin_path):
    argv = [elfload, "run"] + prog
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    try:
        p = subprocess.run(argv, env=env, stdin=stdin, capture_output=True,
                           timeout=TIMEOUT)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return "timeout", b"", b""
    finally:
        if stdin_path:
            stdin.close()


def classify(result, baseline):
    """'normal', 'clean' or a description of what is wrong."""
    rc, out, err = result
    text = err.decode(errors="replace")
    if rc == "timeout":
        return "timed out"
    if rc < 0:
        return "killed by signal %d: %r" % (-rc, text[-300:])
    if SANITIZER.search(text):
        return "sanitizer report: %r" % text[:600]
    if result == baseline:
        return "normal"
    lines = text.splitlines()
    if rc in (126, 127) and not out and len(lines) == 1 and \
            lines[0].startswith("elfload: "):
        return "clean"
    return "exit %s, stdout %r, stderr %r" % (rc, out[:100], text[:300])


def check_one(elfload, env0, prog, stdin_path, func, log):
    """Raise N for one function; returns (normal, clean, bad list)."""
    env = dict(env0)
    env.pop("ELFLOAD_FAIL", None)
    baseline = run(elfload, prog, env, stdin_path)
    base_kind = classify(baseline, None)
    if base_kind not in ("clean",) and baseline[0] not in range(0, 126):
        return 0, 0, ["baseline: " + base_kind]
    normal = clean = 0
    bad = []
    for n in range(1, MAX_N + 1):
        if os.path.exists(log):
            os.unlink(log)
        env["ELFLOAD_FAIL"] = "%s:%d" % (func, n)
        result = run(elfload, prog, env, stdin_path)
        if not os.path.exists(log):
            if result != baseline and classify(result, baseline) != "clean":
                bad.append("N=%d (not injected): %s" % (
                    n, classify(result, baseline)))
            return normal, clean, bad
        kind = classify(result, baseline)
        if kind == "normal":
            normal += 1
        elif kind == "clean":
            clean += 1
        else:
            bad.append("%s call %d failed: %s" % (func, n, kind))
    bad.append("more than %d calls of %s" % (MAX_N, func))
    return normal, clean, bad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shim", required=True)
    ap.add_argument("--bases", required=True)
    ap.add_argument("elfload", nargs="+")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="elfload-faultinject-")
    log = os.path.join(tmp, "log")
    script = os.path.join(tmp, "script")
    with open(script, "w") as f:
        f.write("#!%s/pie from-script\n" % os.path.abspath(args.bases))
    os.chmod(script, 0o755)
    static = os.path.join(args.bases, "static")
    programs = [("static", [static, "a"], None),
                ("pie", [os.path.join(args.bases, "pie"), "a"], None),
                ("/bin/true", ["/bin/true"], None),
                ("#! script", [script, "b"], None),
                ("stdin (run -)", ["-", "c"], static)]
    supp = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                        "malformed", "lsan.supp")
    total = {"normal": 0, "clean": 0, "bad": 0}
    for i, elfload in enumerate(args.elfload):
        build = "plain" if i == 0 else "asan"
        env = dict(os.environ, LD_PRELOAD=os.path.abspath(args.shim),
                   ELFLOAD_FAIL_LOG=log)
        if build == "asan":
            env["ASAN_OPTIONS"] = "verify_asan_link_order=0:detect_leaks=1"
            env["LSAN_OPTIONS"] = "print_suppressions=0:suppressions=" + supp
            env["UBSAN_OPTIONS"] = "halt_on_error=1:print_stacktrace=1"
        for name, prog, stdin_path in programs:
            reached = 0
            for func in FUNCS:
                normal, clean, bad = check_one(elfload, env, prog,
                                               stdin_path, func, log)
                reached += normal + clean + len(bad)
                if func == FUNCS[-1] and not reached:
                    # A static elfload never sees the shim.
                    bad.append("the shim reached no call: is %s "
                               "dynamically linked?" % elfload)
                total["normal"] += normal
                total["clean"] += clean
                total["bad"] += len(bad)
                print("%-5s %-14s %-9s %3d calls: %3d ran normally, "
                      "%3d clean errors%s" % (
                          build, name, func, normal + clean + len(bad),
                          normal, clean, ", %d BAD" % len(bad) if bad
                          else ""))
                for b in bad:
                    print("      - " + b)
    runs = sum(total.values())
    print("faultinject: %d runs, %d ran normally, %d clean errors, %d bad" % (
        runs, total["normal"], total["clean"], total["bad"]))
    print("%d passed, %d failed" % (runs - total["bad"], total["bad"]))
    return 1 if total["bad"] else 0


if __name__ == "__main__":
    sys.exit(main())
