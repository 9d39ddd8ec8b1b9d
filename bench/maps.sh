#!/bin/bash
# Benchmark: how fast `elfload maps` plans every ELF executable of /usr/bin,
# one process per file as a user would run it.  Baseline measured in the
# same run: `readelf -lW` on the same files (also one process per file).
# Prints files per second for both and their ratio.
set -eu
elfload=${1:-./elfload}
rounds=${ROUNDS:-3}
list=$(mktemp)
trap 'rm -f "$list"' EXIT
find /usr/bin -maxdepth 1 -type f -perm -u+x | sort | while read -r f; do
	if [ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ]; then
		echo "$f"
	fi
done >"$list"
n=$(wc -l <"$list")

run() {	# CMD... -> seconds for one pass over every file
	local t0 t1
	t0=$(date +%s.%N)
	while read -r f; do "$@" "$f" >/dev/null 2>&1 || true; done <"$list"
	t1=$(date +%s.%N)
	echo "$t1 - $t0" | bc -l
}

best_elfload=999999
best_readelf=999999
for _ in $(seq "$rounds"); do	# interleaved, best of N
	t=$(run "$elfload" maps)
	best_elfload=$(echo "if ($t < $best_elfload) $t else $best_elfload" | bc -l)
	t=$(run readelf -lW)
	best_readelf=$(echo "if ($t < $best_readelf) $t else $best_readelf" | bc -l)
done
printf 'files: %d (ELF executables in /usr/bin), best of %d rounds\n' "$n" "$rounds"
printf 'elfload maps: %8.1f files/s  (%.2f ms per file, %.3f s per 100 files)\n' \
	"$(echo "$n / $best_elfload" | bc -l)" \
	"$(echo "$best_elfload * 1000 / $n" | bc -l)" \
	"$(echo "$best_elfload * 100 / $n" | bc -l)"
printf 'readelf -lW:  %8.1f files/s  (%.2f ms per file)\n' \
	"$(echo "$n / $best_readelf" | bc -l)" \
	"$(echo "$best_readelf * 1000 / $n" | bc -l)"
printf 'ratio elfload/readelf time: %.2f\n' \
	"$(echo "$best_elfload / $best_readelf" | bc -l)"
