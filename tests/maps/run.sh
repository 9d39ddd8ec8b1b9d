#!/bin/bash
# The planner against the kernel: `elfload maps --check` on every ELF
# executable in /usr/bin and /usr/sbin and on the suite's own programs.
# Prints "identical: N of M", then every mismatch with its reason.
# Passes when >= 99% of at least 500 system programs and 100% of the
# suite's own programs are identical.
set -u
elfload=${1:-./elfload}
top=$(cd "$(dirname "$0")/../.." && pwd)
progs=$(bash "$top/tests/progs/build.sh" "$top/build/progs") || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ELF executables (ET_EXEC or ET_DYN with an entry point), no duplicates.
list_system() {
	find /usr/bin /usr/sbin -maxdepth 1 -type f -perm -u+x | sort |
	while read -r f; do
		[ "$(head -c 4 "$f" 2>/dev/null | od -An -c | tr -d ' ')" = \
			'177ELF' ] && echo "$f"
	done
}

check_one() {	# FILE -> prints "ok FILE" or "bad FILE<TAB>reason"
	local f=$1 out rc
	out=$(timeout 20 "$elfload" maps --check "$f" 2>&1)
	rc=$?
	if [ $rc -eq 0 ]; then
		echo "ok $f"
	else
		printf 'bad %s\t%s\n' "$f" \
			"$(echo "$out" | grep -E '^[-+]|elfload' | grep -v '^---\|^+++' |
			   head -4 | tr '\n' ' ')"
	fi
}
export -f check_one
export elfload

list_system >"$tmp/system"
echo "$progs" >"$tmp/own"
xargs -P 2 -I{} bash -c 'check_one "$@"' _ {} <"$tmp/system" >"$tmp/sys.out"
xargs -P 2 -I{} bash -c 'check_one "$@"' _ {} <"$tmp/own" >"$tmp/own.out"

sys_total=$(wc -l <"$tmp/system")
sys_ok=$(grep -c '^ok ' "$tmp/sys.out")
own_total=$(wc -l <"$tmp/own")
own_ok=$(grep -c '^ok ' "$tmp/own.out")
echo "identical: $sys_ok of $sys_total system programs (/usr/bin, /usr/sbin)"
echo "identical: $own_ok of $own_total of the suite's own programs"
grep '^bad ' "$tmp/sys.out" "$tmp/own.out" | sed 's/^[^:]*:bad /mismatch: /'

fail=0
[ "$sys_total" -ge 500 ] || { echo "too few programs tried"; fail=1; }
[ $((sys_ok * 100)) -ge $((sys_total * 99)) ] || fail=1
[ "$own_ok" -eq "$own_total" ] || fail=1
exit $fail
