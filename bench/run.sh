#!/bin/bash
# All benchmarks (make bench): launch cost natively versus through elfload,
# for a dynamic and a static program, with the breakdown of one launch;
# the system calls of a launch; the planner's speed.
set -eu
cd "$(dirname "$0")/.."
n=${N:-1000}
mkdir -p build/bench
printf 'int main(void) { return 0; }\n' >build/bench/true.c
gcc -O2 -static -o build/bench/true-static build/bench/true.c
echo "== launch (targets: elfload run PROG at most 1.30x native, elfload_exec at most 1.10x)"
# The floor: a no-op linked as elfload is, whose launch the command pays
# before its own first instruction; the stamp: where a launch reaches
# the program (see bench/launch.c).
for prog in /bin/true build/bench/true-static; do
	build/bench/launch -n "$n" -e ./elfload -f build/bench/floor \
		-s build/bench/stamp "$prog"
done
echo "== system calls of a launch (before issue 15: bench/syscalls-before.txt)"
bench/syscalls.sh ./elfload /bin/true
echo "== maps"
bench/maps.sh ./elfload
echo "== huge files (time and peak memory beside readelf -hlSW)"
bench/bigfile.sh ./elfload
