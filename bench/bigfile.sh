#!/bin/bash
# Time and peak memory of the inspection commands on huge ELF files,
# beside readelf's on the same content (issue 15: within 1.5x of
# readelf's, memory independent of the file's size): Debian's chromium
# when installed, and a synthetic 2 GB sparse file made from /bin/true
# whose section header table lies at its end, after a section covering
# the 2 GB between.  Best of 3 runs each, GNU time's %e and %M.
#
#	bench/bigfile.sh [ELFLOAD]
set -eu
cd "$(dirname "$0")/.."
elfload=${1:-./elfload}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
big=$tmp/huge-section
tests/cli/huge_section.py /bin/true "$big"
best() {	# CMD... -> "seconds KB", best of 3
	local i t m bt=999 bm=0
	for i in 1 2 3; do
		/usr/bin/time -o "$tmp/time" -f '%e %M' "$@" >/dev/null 2>&1 || true
		read -r t m <"$tmp/time"
		if [ "$(echo "$t < $bt" | bc)" = 1 ]; then bt=$t; bm=$m; fi
	done
	echo "$bt $bm"
}
for f in /usr/lib/chromium/chromium "$big"; do
	[ -e "$f" ] || continue
	read -r rt rm < <(best readelf -hlSW "$f")
	printf '%s (%s bytes): readelf -hlSW %s s, %s KB\n' "$f" \
		"$(stat -c %s "$f")" "$rt" "$rm"
	for cmd in headers segments sections maps; do
		read -r t m < <(best "$elfload" "$cmd" "$f")
		printf '  elfload %-9s %6s s %8s KB   memory %.2fx readelf\n' \
			"$cmd" "$t" "$m" "$(echo "$m / $rm" | bc -l)"
	done
done
