#!/bin/bash
# Benchmark of run --demand (issue 6):
#  1. microseconds per fault served, the median over >= 100,000 faults
#     (a program reading every page of a 64 MiB .data, run 7 times);
#  2. python3 -c pass with --demand against a plain elfload run,
#     interleaved, medians and their ratio.
# Targets: at most 10 us per fault; at most 1.5x for python3.
set -eu
cd "$(dirname "$0")/.."
elfload=${1:-./elfload}
out=build/bench
mkdir -p "$out"
cat >"$out/bigdata.c" <<'C'
#define PAGES 16384
char data[PAGES * 4096] = { 1 };
int main(void)
{
	unsigned s = 0;
	for (int i = 0; i < PAGES; i++)
		s += ((volatile char *)data)[i * 4096];
	return s == 1 ? 0 : 1;
}
C
gcc -O1 -static -o "$out/bigdata" "$out/bigdata.c"
: >"$out/serve_ns"
for i in 1 2 3 4 5 6 7; do
	"$elfload" run --demand --quiet --trace "$out/bigdata.trace" "$out/bigdata"
	sed -n 's/^fault .* serve_ns=\([0-9]*\).*/\1/p' "$out/bigdata.trace" \
		>>"$out/serve_ns"
done
n=$(wc -l <"$out/serve_ns")
med=$(sort -n "$out/serve_ns" | awk -v n="$n" 'NR == int((n + 1) / 2) { print $1 / 1000 }')
echo "== demand paging (targets: <= 10 us per fault, python3 <= 1.5x)"
printf '  %d faults served, median %.2f us per fault (target 10)\n' "$n" "$med"

runs=${N:-30}
median() { sort -n "$1" | awk -v n="$(wc -l <"$1")" 'NR == int((n + 1) / 2)'; }
: >"$out/plain"; : >"$out/demand"; : >"$out/around"
for i in $(seq "$runs"); do
	for kind in plain demand around; do
		case $kind in
		plain) flag= ;;
		demand) flag="--demand --quiet" ;;
		around) flag="--demand --quiet --fault-around 65536" ;;
		esac
		s=$(date +%s%N)
		"$elfload" run $flag /usr/bin/python3 -c pass
		echo $(( ($(date +%s%N) - s) / 1000 )) >>"$out/$kind"
	done
done
p=$(median "$out/plain"); d=$(median "$out/demand"); a=$(median "$out/around")
printf '  python3 -c pass, %d runs interleaved: elfload run %d us\n' "$runs" "$p"
printf '    run --demand (one page per fault)    %6d us  ratio %.2f\n' \
	"$d" "$(echo "$d / $p" | bc -l)"
printf '    run --demand --fault-around 65536    %6d us  ratio %.2f (target 1.5)\n' \
	"$a" "$(echo "$a / $p" | bc -l)"
