#!/bin/bash
# Seed corpora and runs of the libFuzzer targets (built by make fuzz-build).
#
#   fuzz/run.sh seeds                 (re)build the seed corpora (the other
#                                     modes build them when missing)
#   fuzz/run.sh fuzz TARGET...        fuzz each for $FUZZ_SECONDS (60),
#                                     growing build/fuzz/corpus-TARGET
#   fuzz/run.sh check TARGET          regression run over fuzz/regressions/
#                                     TARGET and the seeds, then fuzz for
#                                     $FUZZ_CHECK_SECONDS (20); exit 1 on
#                                     any crash or broken invariant
#   fuzz/run.sh pick TARGET [N]       replace the cover-* inputs of
#                                     fuzz/regressions/TARGET with the N (16)
#                                     most useful small inputs of the corpus
#
# Seeds, under build/fuzz/seeds/{files,plan,stack}: small real binaries
# (/bin/true, a few small libraries, 32- and 64-bit objects and programs
# built here, a big-endian MIPS object when binutils-mips-linux-gnu is
# installed) and the files of build/malformed when that directory exists.
# The planner's seeds put two real images (headers only) behind its
# 22-byte header; the stack builder's are argument lists.
set -u
cd "$(dirname "$0")/.." || exit 1
top=$PWD
out=$top/build/fuzz
seeds=$out/seeds
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_CHECK_SECONDS=${FUZZ_CHECK_SECONDS:-20}

die() {
	echo "fuzz/run.sh: $*" >&2
	exit 1
}

# N little-endian bytes of a number.
le() {	# VALUE N
	local i
	for ((i = 0; i < $2; i++)); do
		# shellcheck disable=SC2059
		printf "\\$(printf '%03o' $((($1 >> (8 * i)) & 255)))"
	done
}

# Real ELF files: the reader's and the mapper's seeds.
seed_files() {
	local d=$seeds/files tmp=$seeds/tmp f
	rm -rf "$d" "$tmp"
	mkdir -p "$d" "$tmp"
	cp /bin/true "$d/true"
	# A few small libraries, the same ones on every run.
	find /usr/lib/x86_64-linux-gnu -maxdepth 1 -name 'lib*.so*' -type f \
		-size -24k 2>/dev/null | sort | head -n 6 |
		while read -r f; do cp "$f" "$d/"; done
	printf 'int v = 1; int main(void) { return v; }\n' >"$tmp/p.c"
	printf 'void _start(void) { for (;;) ; }\n' >"$tmp/s.c"
	for m in 64 32; do
		gcc -m$m -c -o "$d/obj$m.o" "$tmp/p.c" || die "gcc -m$m failed"
		gcc -m$m -o "$d/pie$m" "$tmp/p.c" || die "gcc -m$m failed"
		gcc -m$m -nostdlib -static -no-pie -o "$d/static$m" "$tmp/s.c" ||
			die "gcc -m$m -static failed"
		gcc -m$m -nostdlib -static-pie -o "$d/static-pie$m" "$tmp/s.c" ||
			die "gcc -m$m -static-pie failed"
	done
	if command -v mips-linux-gnu-as >/dev/null; then
		echo nop | mips-linux-gnu-as -o "$d/mips-be.o" &&
			mips-linux-gnu-ld -e 0 -o "$d/mips-be" "$d/mips-be.o"
	fi
	rm -rf "$tmp"
}

# The planner: header, executable prefix, interpreter prefix.
plan_seed() {	# NAME FLAGS EXE [INTERP]
	local exe=$3 interp=${4:-} len size pages
	len=$(head -c 4096 "$exe" | wc -c)
	size=$(stat -L -c %s "$exe")
	pages=0
	[ -n "$interp" ] && pages=$((($(stat -L -c %s "$interp") + 4095) / 4096))
	{
		le "$2" 1
		le $((0x5eed0000 + $2)) 8
		le 0 1
		le 300 2
		le "$len" 4
		le "$size" 4
		le "$pages" 2
		head -c 4096 "$exe"
		[ -n "$interp" ] && head -c 4096 "$interp"
	} >"$seeds/plan/$1"
}

seed_plan() {
	local f=$seeds/files ld
	ld=$(readlink -f /lib64/ld-linux-x86-64.so.2)
	rm -rf "$seeds/plan"
	mkdir -p "$seeds/plan"
	plan_seed true 2 /bin/true "$ld"
	plan_seed true-random 3 /bin/true "$ld"
	plan_seed true-headers 14 /bin/true "$ld"
	plan_seed pie 2 "$f/pie64" "$ld"
	plan_seed pie-thp 50 "$f/pie64" "$ld"
	plan_seed static 0 "$f/static64"
	plan_seed static-pie 1 "$f/static-pie64"
	plan_seed ld.so 0 "$ld"
	plan_seed ld.so-random 17 "$ld"
}

# The stack builder: flags, argc, envc, top, size, jitter, random, auxv,
# then the strings (execfn, platform, argv..., envp...).
stack_seed() {	# NAME FLAGS NAUXV STRINGS...
	local name=$1 flags=$2 nauxv=$3 i
	shift 3
	{
		le "$flags" 1
		le 2 1
		le 1 1
		le 0 1
		le 16384 2
		le 1234 2
		printf '0123456789abcdef'
		le "$nauxv" 1
		for ((i = 0; i < nauxv; i++)); do
			le "$i" 1
			le 4 1
			le $((0x1000 + i)) 8
		done
		for s in "$@"; do
			printf '%s\0' "$s"
		done
	} >"$seeds/stack/$name"
}

seed_stack() {
	rm -rf "$seeds/stack"
	mkdir -p "$seeds/stack"
	stack_seed plain 2 22 ./prog x86_64 ./prog arg PATH=/bin
	stack_seed no-platform 0 5 /bin/sh /bin/sh -c true HOME=/
	stack_seed null-argv 4 3 ./a.out '' A=1
	stack_seed null-envp 10 0 e p a
}

build_seeds() {
	seed_files
	seed_plan
	seed_stack
}

seeds_present() {
	[ -d "$seeds/files" ] && [ -d "$seeds/plan" ] && [ -d "$seeds/stack" ]
}

# The seed directories of a target, plus the generated malformed files.
seed_dirs() {	# TARGET
	case $1 in
	reader | segmap) echo "$seeds/files" ;;
	*) echo "$seeds/$1" ;;
	esac
	if [ -d "$top/build/malformed" ] && [ "$1" != stack ] &&
		[ "$1" != plan ]; then
		echo "$top/build/malformed"
	fi
}

max_len() {	# TARGET
	case $1 in
	reader | segmap) echo 65536 ;;
	plan) echo 16384 ;;
	*) echo 4096 ;;
	esac
}

# Run a target: libFuzzer writes new inputs into the first directory only.
run_target() {	# TARGET CORPUS SECONDS
	local t=$1 bin=$out/fuzz_$1 reg=$top/fuzz/regressions/$1
	local art=$out/artifacts/$1
	[ -x "$bin" ] || die "$bin missing: run make fuzz-build (needs clang)"
	mkdir -p "$2" "$art" "$reg"
	# shellcheck disable=SC2046
	"$bin" -max_total_time="$3" -max_len="$(max_len "$t")" -timeout=10 \
		-print_final_stats=1 -artifact_prefix="$art/" \
		"$2" "$reg" $(seed_dirs "$t")
}

# Run every input of the regression and seed corpora once.
regress() {	# TARGET
	local t=$1 bin=$out/fuzz_$1 reg=$top/fuzz/regressions/$1
	[ -x "$bin" ] || die "$bin missing: run make fuzz-build (needs clang)"
	mkdir -p "$out/artifacts/$t" "$reg"
	# shellcheck disable=SC2046
	"$bin" -runs=0 -max_len="$(max_len "$t")" \
		-artifact_prefix="$out/artifacts/$t/" "$reg" $(seed_dirs "$t")
}

# Refresh the small inputs of fuzz/regressions/TARGET from the grown
# corpus: a set-cover merge of its inputs under 8 KiB, then, greedily, the
# N of those that add the most coverage features to the ones already
# taken (each input's features come from a merge of that input alone).
# Crashers (crash-*) and the other named inputs stay.
pick() {	# TARGET N
	local t=$1 bin=$out/fuzz_$1 reg=$top/fuzz/regressions/$1 tmp f i=0
	[ -x "$bin" ] || die "$bin missing: run make fuzz-build"
	tmp=$(mktemp -d)
	mkdir "$tmp/in" "$tmp/cover" "$tmp/empty"
	find "$out/corpus-$t" -type f -size -8k -exec cp {} "$tmp/in/" \;
	find "$reg" -type f -name 'cover-*' -exec cp {} "$tmp/in/" \;
	"$bin" -set_cover_merge=1 -max_len=8192 "$tmp/cover" "$tmp/in" \
		>"$tmp/log" 2>&1 || {
		cat "$tmp/log"
		die "merge failed"
	}
	for f in "$tmp"/cover/*; do
		i=$((i + 1))
		mkdir "$tmp/one$i"
		cp "$f" "$tmp/one$i/"
		"$bin" -merge=1 -merge_control_file="$tmp/ctl" \
			"$tmp/empty" "$tmp/one$i" >/dev/null 2>&1 || continue
		awk -v f="$f" '$1 == "FT" { $1 = ""; $2 = ""; print f $0 }' \
			"$tmp/ctl"
	done >"$tmp/features"
	rm -f "$reg"/cover-*
	awk -v n="$2" '
	{ file[NR] = $1; nf[NR] = NF - 1
	  for (i = 2; i <= NF; i++) feat[NR, i - 1] = $i }
	END {
		for (round = 0; round < n; round++) {
			best = 0; gain = 0
			for (r = 1; r <= NR; r++) {
				if (r in taken) continue
				g = 0
				for (i = 1; i <= nf[r]; i++)
					if (!(feat[r, i] in seen)) g++
				if (g > gain) { gain = g; best = r }
			}
			if (!best) break
			taken[best] = 1
			for (i = 1; i <= nf[best]; i++) seen[feat[best, i]] = 1
			print file[best]
		}
	}' "$tmp/features" | while read -r f; do
		cp "$f" "$reg/cover-$(sha1sum <"$f" | cut -c1-12)"
	done
	rm -rf "$tmp"
	find "$reg" -type f | wc -l
}

[ $# -ge 1 ] || die "usage: fuzz/run.sh seeds | fuzz TARGET... | check TARGET | pick TARGET [N]"
mode=$1
shift
case $mode in
seeds)
	build_seeds
	;;
fuzz)
	seeds_present || build_seeds
	mkdir -p "$out/logs"
	status=0
	for t in "$@"; do
		log=$out/logs/fuzz-$t.log
		echo "fuzz_$t: $FUZZ_SECONDS s, corpus build/fuzz/corpus-$t," \
			"log $log"
		if ! run_target "$t" "$out/corpus-$t" "$FUZZ_SECONDS" \
			>"$log" 2>&1; then
			echo "fuzz_$t: FAILED (crash input in build/fuzz/artifacts/$t)"
			grep -A3 -E 'ERROR|invariant broken' "$log" | head -20
			status=1
		fi
		grep -E '^#[0-9]+.*DONE|stat::number_of_executed_units' "$log"
	done
	exit $status
	;;
check)
	[ $# -eq 1 ] || die "check takes one target"
	seeds_present || build_seeds
	echo "== regression run: fuzz/regressions/$1 and the seeds"
	regress "$1" || exit 1
	echo "== fuzzing for $FUZZ_CHECK_SECONDS s"
	rm -rf "$out/check-corpus-$1"
	run_target "$1" "$out/check-corpus-$1" "$FUZZ_CHECK_SECONDS"
	;;
pick)
	pick "$1" "${2:-16}"
	;;
*)
	die "unknown mode $mode"
	;;
esac
