#!/bin/bash
# Live against simulated page replacement (issue 7): for a few static
# programs and N frames, the faults of 'run --demand --frames N --policy
# fifo' (the program's own process) next to 'pagesim --policy fifo' on
# the reference string 'elfload refs' records under valgrind.  Prints a
# Markdown table (docs/frames.md keeps one, with the differences
# explained).  Needs valgrind.
set -eu
cd "$(dirname "$0")/.."
elfload=$PWD/elfload
out=$PWD/build/bench/frames
mkdir -p "$out"
tests/run/build.sh "$PWD/build/run-progs" >/dev/null 2>&1 || true
printf 'int main(void) { return 0; }\n' >"$out/true.c"
gcc -O2 -static -o "$out/true-static" "$out/true.c"

progs=(
	"touch|$PWD/build/run-progs/touch"
	"glibc static true|$out/true-static"
	"busybox echo|/bin/busybox echo hi"
)
echo "| program | N | live FIFO faults | pagesim FIFO faults | difference |"
echo "|---|---|---|---|---|"
for entry in "${progs[@]}"; do
	name=${entry%%|*}
	cmd=${entry#*|}
	echo hello | "$elfload" refs --out "$out/refs" $cmd >/dev/null 2>&1
	for n in 8 16 32 64; do
		echo hello | "$elfload" run --demand --quiet --frames "$n" \
			--trace "$out/trace" $cmd >/dev/null 2>&1 || true
		live=$(grep -c '^fault .* process=0 ' "$out/trace")
		sim=$("$elfload" pagesim --frames "$n" --policy fifo "$out/refs" |
			awk '$1 == "fifo" { print $2 }')
		echo "| $name | $n | $live | $sim | $((live - sim)) |"
	done
done
