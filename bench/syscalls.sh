#!/bin/bash
# The system calls of one launch: PROG run natively and through
# "elfload run", counted per call with strace -f, and what elfload adds
# (the difference).  bench/syscalls-before.txt keeps the list before the
# launch-speed work (issue 15), to compare with:
#
#	bench/syscalls.sh [ELFLOAD] [PROG [ARGS...]]
set -eu
elfload=${1:-./elfload}
shift || true
[ $# -gt 0 ] || set -- /bin/true
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# One call per line: its name.
calls() {	# OUT CMD...
	local out=$1
	shift
	strace -f -qq -o "$tmp/raw" "$@" >/dev/null 2>&1 || true
	sed -n 's/^[0-9]* *\([a-z_0-9]*\)(.*/\1/p' "$tmp/raw" | sort | uniq -c |
		awk '{ print $2, $1 }' | sort >"$out"
}
calls "$tmp/native" "$@"
calls "$tmp/elfload" "$elfload" run "$@"
echo "system calls of $* (strace -f): call, native, elfload run, added"
join -a1 -a2 -e0 -o 0,1.2,2.2 "$tmp/native" "$tmp/elfload" |
	awk '{ d = $3 - $2; printf "  %-20s %5d %5d %+5d\n", $1, $2, $3, d
	       n += $2; e += $3 }
	     END { printf "  %-20s %5d %5d %+5d\n", "total", n, e, e - n }'
