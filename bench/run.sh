#!/bin/bash
# All benchmarks (make bench): launch cost natively versus through elfload,
# for a dynamic and a static program, and the planner's speed.
set -eu
cd "$(dirname "$0")/.."
n=${N:-1000}
mkdir -p build/bench
printf 'int main(void) { return 0; }\n' >build/bench/true.c
gcc -O2 -static -o build/bench/true-static build/bench/true.c
echo "== launch (target: elfload run /bin/true at most 1.15x native)"
# The floor: launching a static no-op built with elfload's libc, which
# the command pays before its own first instruction (see README).
f=build/bench/true-static
build/bench/launch -n "$n" -e ./elfload -f $f /bin/true
build/bench/launch -n "$n" -e ./elfload -f $f build/bench/true-static
echo "== maps"
bench/maps.sh ./elfload
