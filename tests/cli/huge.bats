#!/usr/bin/env bats
# The inspection commands read the tables they show, not the file: on a
# 2 GiB sparse file whose section header table lies at its end, after a
# 2 GiB section, each gives readelf's section list and peaks at a few
# MB (reading the whole file, as before issue 15, peaks at 2 GiB).
# About 1 s.

bats_require_minimum_version 1.5.0
load helpers

setup_file() {
	require_elfload
	"$BATS_TEST_DIRNAME/huge_section.py" /bin/true "$BATS_FILE_TMPDIR/huge"
}

# peak_kb CMD...: the peak resident memory of CMD in KB (it must succeed).
peak_kb() {
	python3 -c '
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@"
}

# Under ASan the 2 GiB buffer (never touched) still gets 256 MiB of
# shadow memory: the bound is 400 MiB there, far below the file.
@test "huge file: every inspection command in a few MB" {
	local cmd kb max=102400
	if nm "$ELFLOAD" 2>/dev/null | grep -q __asan_init; then
		max=409600
	fi
	for cmd in headers segments sections maps; do
		kb=$(peak_kb "$ELFLOAD" "$cmd" "$BATS_FILE_TMPDIR/huge")
		echo "$cmd: $kb KB"
		[ "$kb" -lt "$max" ]
	done
}
@test "huge file: the sections as readelf has them" {
	el sections --json "$BATS_FILE_TMPDIR/huge"
	[ "$status" -eq 0 ]
	run jq -r '.sections[-2] | "\(.sh_size) \(.sh_offset)"' <<<"$output"
	[ "$output" = "$(((2 << 30) - 4096)) 4096" ]
	readelf -SW "$BATS_FILE_TMPDIR/huge" | grep -q ' 001000 7ffff000 '
}
