#!/bin/bash
# Run every test suite of elfload and print "N passed, N failed" last.
#
# Suites: cmocka unit tests (plain and under ASan+UBSan), bats command-line
# tests (against the plain and the ASan build), and the differential tests
# against GNU readelf and the kernel.  Each suite's own output goes to
# build/test-logs/; failures are shown in full.
set -u
cd "$(dirname "$0")/.."
top=$PWD
logs=$top/build/test-logs
mkdir -p "$logs"
passed=0
failed=0
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

count() {	# count NAME PASS FAIL LOG
	passed=$((passed + $2))
	failed=$((failed + $3))
	printf '%-44s %4d passed, %d failed\n' "$1" "$2" "$3"
	if [ "$3" -gt 0 ]; then
		echo "---- $4"
		tail -n 60 "$4"
		echo "----"
	fi
}

# A cmocka binary: read its PASSED/FAILED summary lines.
run_cmocka() {	# NAME BIN
	local log="$logs/$1.log" p f
	"$2" >"$log" 2>&1
	local rc=$?
	# One summary per test group: add them up.
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" |
		awk '{ s += $1 } END { print s + 0 }')
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" |
		awk '{ s += $1 } END { print s + 0 }')
	p=${p:-0}
	f=${f:-0}
	# A crash or sanitizer report after the summary is a failure too.
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	count "$1" "$p" "$f" "$log"
}

# A bats directory: count TAP lines.
run_bats() {	# NAME ELFLOAD DIR
	local log="$logs/$1.log" p f
	ELFLOAD="$2" bats --tap "$3" >"$log" 2>&1
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	count "$1" "$p" "$f" "$log"
}

# A suite that counts its own tests: its last line is "N passed, N failed".
run_counted() {	# NAME CMD...
	local name=$1 log="$logs/$1.log" p f rc
	shift
	"$@" >"$log" 2>&1
	rc=$?
	p=$(tail -n 1 "$log" | sed -n 's/^\([0-9]*\) passed, [0-9]* failed$/\1/p')
	f=$(tail -n 1 "$log" | sed -n 's/^[0-9]* passed, \([0-9]*\) failed$/\1/p')
	p=${p:-0}
	f=${f:-0}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	count "$name" "$p" "$f" "$log"
	grep -E '^(malformed|faultinject|layering):|^(ok|FAILED): (clang|musl-gcc):|^kernel: .* booted in|^qemu: ' "$log" || true
}

# Any other suite: one test, judged by its exit status.
run_one() {	# NAME CMD...
	local name=$1 log="$logs/$1.log"
	shift
	if "$@" >"$log" 2>&1; then
		count "$name" 1 0 "$log"
	else
		count "$name" 0 1 "$log"
	fi
	grep -E '^(readelf differential|identical):' "$log" || true
}

tests/deps.sh || { echo "0 passed, 1 failed"; exit 1; }
make -s unit-tests >"$logs/build.log" 2>&1 &&
	make -s asan >>"$logs/build.log" 2>&1 || {
	cat "$logs/build.log"
	echo "0 passed, 1 failed"
	exit 1
}

for bin in build/tests/test_*; do
	[ -x "$bin" ] && run_cmocka "unit: ${bin##*/}" "$bin"
done
for bin in build/asan/obj/tests/test_*; do
	[ -x "$bin" ] && run_cmocka "unit (asan+ubsan): ${bin##*/}" "$bin"
done
# The shipped elfload is static: the tests whose LD_PRELOAD shims must
# reach its libc calls use the dynamic build of the same code.
ELFLOAD_DYNAMIC="$top/build/elfload-dynamic" run_bats "cli" "$top/elfload" tests/cli
# The layering of the objects and the exports of libelfload.so (nm), and
# the proof that the check catches what it looks for.
run_counted "layering: self-test (planted violations)" \
	tests/layering/check.sh --self-test
run_counted "layering: objects and exports" tests/layering/check.sh build
run_counted "builds with clang and musl-gcc" tests/layering/builds.sh
if tests/run/build.sh "$top/build/run-progs" >"$logs/run-progs.log" 2>&1; then
	BATS_RUN_PROGS="$top/build/run-progs" \
		ELFLOAD_DYNAMIC="$top/build/elfload-dynamic" \
		run_bats "run against the kernel" \
		"$top/elfload" tests/run
	# The stack's decoder and --check once more under ASan + UBSan.
	BATS_RUN_PROGS="$top/build/run-progs" run_bats \
		"stack against the kernel (asan+ubsan)" \
		"$top/build/asan/elfload" tests/run/stack.bats
else
	count "run: building the test programs" 0 1 "$logs/run-progs.log"
fi
run_bats "cli (asan+ubsan)" "$top/build/asan/elfload" tests/cli
# The pictures (maps --svg, the frames, report --html) in headless Chromium.
run_counted "pictures in a browser (chromium)" tests/browser/run.sh \
	"$top/elfload"
run_one "readelf differential" tests/readelf/run.sh "$top/elfload"
run_one "maps --check against the kernel" tests/maps/run.sh "$top/elfload"
run_counted "malformed files against the kernel" tests/malformed/run.sh \
	"$top/elfload" "$top/build/asan/elfload"
run_counted "fault injection (elfload run)" tests/faultinject/run.sh \
	"$top/build/elfload-dynamic" "$top/build/asan/elfload"
# Real arm64 kernels (4 and 16 KiB pages) under qemu-system-aarch64
# (about 5 minutes).
run_counted "aarch64: arm64 kernels under qemu" tests/aarch64/vm.sh
# libFuzzer targets: regression corpus, seeds, then $FUZZ_CHECK_SECONDS each.
if make -s fuzz-build >"$logs/fuzz-build.log" 2>&1; then
	for t in $(sed -n 's/^FUZZ_TARGETS := //p' fuzz/fuzz.mk); do
		run_one "fuzz: $t" fuzz/run.sh check "$t"
	done
else
	count "fuzz: building the targets (clang libFuzzer)" 0 1 \
		"$logs/fuzz-build.log"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
