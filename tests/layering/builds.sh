#!/bin/bash
# The library and the elfload command build with each C compiler and C
# library we support, and the command runs: clang (glibc) and musl-gcc
# (musl: the proof that no glibc-only header or function remains).  gcc is
# the main build of make check.  Each gets its own BUILD and OUT under
# build/cc-NAME, built at -O1 (stage 2 needs its helpers inlined: at -O0
# it refers to code outside its section and tests/check-stage2.sh refuses
# it) with two jobs.  Last line: "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
passed=0
failed=0
for cc in clang musl-gcc; do
	out=build/cc-$cc
	start=$(date +%s.%N)
	if ! command -v "$cc" >/dev/null; then
		echo "FAILED: $cc: not installed (tests/packages.txt)"
		failed=$((failed + 1))
		continue
	fi
	if nice make -k -s -j2 CC="$cc" CFLAGS=-O1 BUILD="$out/obj" OUT="$out" \
		"$out/elfload" "$out/libelfload.so" >"$out.log" 2>&1 &&
	   version=$("$out/elfload" --version); then
		echo "ok: $cc: $version ($(echo "$(date +%s.%N) - $start" | bc) s)"
		passed=$((passed + 1))
	else
		echo "FAILED: $cc: the build or elfload --version failed:"
		grep -E 'error|undefined|Error' "$out.log" | sort -u | head -n 30
		failed=$((failed + 1))
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
