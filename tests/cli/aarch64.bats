#!/usr/bin/env bats
# arm64 files on any host, without emulation (about 5 s, most of it
# cross-building the programs once): headers, segments and sections
# work on them (their content is checked field by field against GNU
# readelf by tests/readelf), and `maps --arch aarch64` plans them with
# arm64's own layout: segment pages from readelf's program headers,
# PIEs at ELF_ET_DYN_BASE (2/3 of 2^48) aligned to their p_align, the
# stack ending at 2^48, [vvar] and [vdso] and no [vsyscall], the
# interpreter from a sysroot below mmap_base.  The kernel itself checks
# the same plans in `make check-aarch64` (tests/aarch64/vm.sh).

bats_require_minimum_version 1.5.0
load helpers

ROOT=/usr/aarch64-linux-gnu

setup_file() {
	require_elfload
	A64=$BATS_TEST_DIRNAME/../../build/aarch64-progs
	"$BATS_TEST_DIRNAME/../aarch64/build.sh" "$A64" >/dev/null
	export A64
}

# The first VMA of each PT_LOAD of an ET_EXEC: its p_vaddr rounded down to
# @page, as readelf shows the headers.
load_starts() {	# FILE PAGE
	readelf -lW "$1" | awk -v page="$2" '$1 == "LOAD" {
		v = strtonum($3); printf "%x\n", v - v % page }'
}

# The VMA starts of elfload's plan that belong to FILE.
plan_starts() {	# OUTPUT FILE
	awk -v f="$2" '$6 == f { split($1, r, "-"); print r[1] }' <<<"$1" |
		sed 's/^0*//' | uniq
}

@test "headers, segments, sections: every arm64 program, exit 0" {
	local f cmd
	for f in "$A64"/*; do
		for cmd in headers segments sections; do
			expect_success "$cmd" "$f"
		done
	done
	el headers "$A64/probe-static-4k"
	[[ $output == *"AArch64"* ]]
}

@test "maps --arch aarch64: ET_EXEC segments where readelf puts them, for 4 KiB pages" {
	local f
	for f in "$A64"/probe-static-4k "$A64"/probe-static-64k \
		"$A64"/hello-static-4k; do
		expect_success maps --arch aarch64 "$f"
		diff <(load_starts "$f" 4096) <(plan_starts "$output" "$f")
	done
}

@test "maps --arch aarch64 --page-size: p_align decides which page sizes a file accepts" {
	local f=$A64/probe-static-64k
	expect_success maps --arch aarch64 --page-size 65536 "$f"
	diff <(load_starts "$f" 65536 | uniq) <(plan_starts "$output" "$f")
	# A planted difference: the 4 KiB pages of the same file differ.
	! diff <(load_starts "$f" 4096) <(plan_starts "$output" "$f") >/dev/null
	expect_success maps --arch aarch64 --page-size 16384 "$f"
	diff <(load_starts "$f" 16384 | uniq) <(plan_starts "$output" "$f")
	# Linked for 4 KiB pages only: refused with 16 and 64 KiB pages.
	expect_error 1 "differ modulo the page size 0x10000" \
		maps --arch aarch64 --page-size 65536 "$A64/probe-static-4k"
	expect_error 1 "differ modulo the page size 0x4000" \
		maps --arch aarch64 --page-size 16384 "$A64/probe-static-4k"
}

@test "maps --arch aarch64: stack at 2^48, [vvar] and [vdso] of 2 pages, no [vsyscall]" {
	expect_success maps --arch aarch64 "$A64/probe-static-pie-4k"
	[[ $output =~ -1000000000000\ rw-p\ 00000000\ 00:00\ 0\ +\[stack\] ]]
	[[ $output =~ (^|$'\n')([0-9a-f]+)-([0-9a-f]+)\ r--p[^$'\n']*\[vvar\] ]]
	(( 0x${BASH_REMATCH[3]} - 0x${BASH_REMATCH[2]} == 0x2000 ))
	[[ $output =~ (^|$'\n')([0-9a-f]+)-([0-9a-f]+)\ r-xp[^$'\n']*\[vdso\] ]]
	(( 0x${BASH_REMATCH[3]} - 0x${BASH_REMATCH[2]} == 0x2000 ))
	[[ $output != *vsyscall* ]]
	# The host's own plan of an x86-64 program still has one.
	expect_success maps /bin/true
	[[ $output == *"[vsyscall]"* ]]
}

@test "maps --arch aarch64: a PIE at ELF_ET_DYN_BASE aligned to its p_align, ld.so below mmap_base" {
	expect_success maps --arch aarch64 --root "$ROOT" "$A64/probe-pie-4k"
	[[ ${lines[0]} == aaaaaaaaa000-* ]]
	[[ $output == *" $ROOT/lib/ld-linux-aarch64.so.1"* ]]
	expect_success maps --arch aarch64 --root "$ROOT" "$A64/probe-pie-64k"
	[[ ${lines[0]} == aaaaaaaa0000-* ]]
	# mmap_base: 2^48 - 128 MiB (the 8 MiB stack limit is below MIN_GAP)
	local top
	top=$(awk '$6 ~ /ld-linux/ { split($1, r, "-"); e = r[2] } END { print e }' \
		<<<"$output")
	(( 0x$top <= 0xfffff8000000 && 0x$top > 0xfffff0000000 ))
	expect_success maps --arch aarch64 --root "$ROOT" "$A64/probe-no-pie-64k"
	diff <(load_starts "$A64/probe-no-pie-64k" 4096) \
		<(plan_starts "$output" "$A64/probe-no-pie-64k")
}

@test "maps --arch: errors are one line" {
	expect_error 3 "ld-linux-aarch64.so.1" maps --arch aarch64 \
		"$A64/probe-pie-4k"
	expect_error 2 "unknown architecture 'sparc'" maps --arch sparc \
		"$A64/probe-static-4k"
	expect_error 2 "no 8192-byte pages" maps --arch aarch64 \
		--page-size 8192 "$A64/probe-static-4k"
	expect_error 2 "needs --arch" maps --page-size 4096 /bin/true
	expect_error 2 "no --arch" maps --arch aarch64 --check \
		"$A64/probe-static-4k"
	# Without --arch, the x86-64 host refuses an arm64 file as execve does.
	expect_error 1 "" maps "$A64/probe-static-4k"
}
