#!/usr/bin/env python3
"""Compare the faults of two --demand traces of the same program.

usage: same_faults.py ROOT_TRACE USER_TRACE

ROOT_TRACE was taken with a full userfaultfd (root), USER_TRACE as an
ordinary user, where writable segments are loaded eagerly and demand
paging ends at the first fork.  The faults of process 0 in the
read-only VMAs, up to the user trace's forkfill (if any), must be the
same pages in the same order.  Pages are named by (vma index, page
offset in the VMA): randomization moves the VMAs between runs.
"""
import sys


def fields(line):
    return dict(kv.split("=", 1) for kv in line.split()[1:])


def faults(trace):
    """The (vma, page) faults, and whether a fork ended demand paging."""
    vmas, rows = {}, []
    for line in open(trace):
        if line.startswith("vma "):
            f = fields(line)
            vmas[f["index"]] = (int(f["start"], 16), f["prot"])
        elif line.startswith("forkfill "):
            return rows, True
        elif line.startswith("fault "):
            f = fields(line)
            start, prot = vmas[f["vma"]]
            if f["process"] != "0" or "w" in prot or f["served"] == "around":
                continue
            rows.append((int(f["vma"]), (int(f["page"], 16) - start) // 4096))
    return rows, False


def main():
    root, _ = faults(sys.argv[1])
    user, forked = faults(sys.argv[2])
    if forked:
        # Demand paging ended at the user run's first fork: compare up to it.
        root = root[:len(user)]
    ok = root == user
    for i in range(max(len(root), len(user))):
        r = root[i] if i < len(root) else None
        u = user[i] if i < len(user) else None
        if r != u:
            print("!! %4d root %-16s user %s" % (i, r, u))
    print("faults in read-only VMAs: %d as root, %d as user, %s" %
          (len(root), len(user), "identical" if ok else "DIFFERENT"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
