#!/usr/bin/env bats
# run --demand: every page of the segments comes from elfload's pager
# (userfaultfd).  Programs must behave exactly as when the kernel runs
# them; the trace must show the faults a known program must take.

bats_require_minimum_version 1.5.0
load helpers

# The helpers' comparisons with the kernel, through run --demand; the
# probe's memory map is left out: demand-paged segments are anonymous.
setup() {
	RUN_OPTS=(--demand --quiet)
	PROBE_SKIP=maps
}

@test "demand: probe static" { probe_same "$PROGS/probe-static" x "y z"; }
@test "demand: probe static-pie" { probe_same "$PROGS/probe-static-pie" x; }
@test "demand: probe pie" { probe_same "$PROGS/probe-pie" x; }
@test "demand: probe no-pie" { probe_same "$PROGS/probe-no-pie" x; }
@test "demand: probe pie, 2 MiB pages" { probe_same "$PROGS/probe-pie-2m" x; }
@test "demand: probe musl static" {
	need "$PROGS/probe-musl-static"
	probe_same "$PROGS/probe-musl-static" x
}
@test "demand: ls -l" { same_as_native /bin/ls -l /usr/share/doc/bash; }
@test "demand: python3 -c" {
	same_as_native /usr/bin/python3 -c 'import sys, json; print(json.dumps(sys.argv))' a
}
@test "demand: bash -c with pipes and subshells (forks)" {
	same_as_native /bin/bash -c 'echo $((6*7)); ls /usr/share/doc/bash | wc -l; x=$(echo sub); echo $x; exit 3'
}
@test "demand: gcc compiles and links hello world" {
	cd "$BATS_TEST_TMPDIR"
	printf '#include <stdio.h>\nint main(void) { puts("hi"); return 0; }\n' >h.c
	"$ELFLOAD" run --demand --quiet /usr/bin/gcc -o h h.c
	run ./h
	[ "$output" = hi ]
}
@test "demand: a program that forks reads untouched pages in the child" {
	same_as_native "$PROGS/demandprog" fork
}
@test "demand: a threaded program" { same_as_native "$PROGS/demandprog" threads; }
@test "demand: read(2) into untouched .bss" {
	run bash -c "echo hello pager | '$ELFLOAD' run --demand --quiet '$PROGS/demandprog' readbss"
	[ "$status" -eq 0 ]
	[ "$output" = "read 12 bytes into .bss: hello pager" ]
}
@test "demand: a program killed by a signal" {
	run "$ELFLOAD" run --demand --quiet /bin/bash -c 'kill -SEGV $$'
	[ "$status" -eq 139 ]
}

@test "demand: the known faults of tests/demand/touch.c, in order" {
	echo hello | "$ELFLOAD" run --demand --quiet --trace "$BATS_TEST_TMPDIR/t" \
		"$PROGS/touch" >"$BATS_TEST_TMPDIR/out"
	[ "$(cat "$BATS_TEST_TMPDIR/out")" = hello ]
	"$BATS_TEST_DIRNAME/../demand/check_touch.py" "$PROGS/touch" "$BATS_TEST_TMPDIR/t"
}
@test "demand: summary on stderr names VMAs and sections" {
	run --separate-stderr "$ELFLOAD" run --demand "$PROGS/touch" </dev/null
	# No input: read(2) returns 0 and the .bss page is never touched.
	[[ $stderr == *"demand paging of $PROGS/touch: 18 faults (18 from the file, 0 zero-fill, 0 by fault-around), 0 duplicates, 1 process"* ]]
	[[ $stderr == *".data                         16"* ]]
}
@test "demand: faults TRACE prints the summary again, text and JSON" {
	"$ELFLOAD" run --demand --trace "$BATS_TEST_TMPDIR/t" "$PROGS/touch" \
		</dev/null 2>"$BATS_TEST_TMPDIR/live"
	"$ELFLOAD" faults "$BATS_TEST_TMPDIR/t" >"$BATS_TEST_TMPDIR/again"
	diff "$BATS_TEST_TMPDIR/live" "$BATS_TEST_TMPDIR/again"
	"$ELFLOAD" run --demand --quiet --trace "$BATS_TEST_TMPDIR/j" \
		--trace-format json "$PROGS/touch" </dev/null
	[ "$(jq -s '[.[] | select(.event == "fault")] | length' "$BATS_TEST_TMPDIR/j")" = \
	  "$(grep -c '^fault ' "$BATS_TEST_TMPDIR/t")" ]
	"$ELFLOAD" faults "$BATS_TEST_TMPDIR/j" >"$BATS_TEST_TMPDIR/again-json"
	diff <(sed 1,2d "$BATS_TEST_TMPDIR/again") <(sed 1,2d "$BATS_TEST_TMPDIR/again-json")
}
@test "demand: --fault-around serves the window with one fault" {
	echo x | "$ELFLOAD" run --demand --quiet --fault-around 65536 \
		--trace "$BATS_TEST_TMPDIR/t" "$PROGS/touch" >/dev/null
	around=$(grep -c 'served=around' "$BATS_TEST_TMPDIR/t")
	faults=$(grep '^fault ' "$BATS_TEST_TMPDIR/t" | grep -vc 'served=around')
	[ "$around" -gt 0 ]
	[ "$faults" -lt 19 ]
}
@test "demand: option and trace errors" {
	run "$ELFLOAD" run --trace x /bin/true
	[ "$status" -eq 2 ]
	run "$ELFLOAD" run --demand --fault-around 1000 /bin/true
	[ "$status" -eq 2 ]
	run "$ELFLOAD" run --demand --trace-format xml /bin/true
	[ "$status" -eq 2 ]
	run --separate-stderr "$ELFLOAD" faults /etc/passwd
	[ "$status" -eq 1 ]
	[ "$stderr" = "elfload: /etc/passwd: not an elfload trace" ]
	run "$ELFLOAD" faults /nonexistent
	[ "$status" -eq 3 ]
}

# ---- --frames N: live page replacement -----------------------------------

@test "frames: touch runs with 4 frames, FIFO evicts the oldest page" {
	echo hello | "$ELFLOAD" run --demand --quiet --frames 4 --policy fifo \
		--trace "$BATS_TEST_TMPDIR/t" "$PROGS/touch" >"$BATS_TEST_TMPDIR/out"
	[ "$(cat "$BATS_TEST_TMPDIR/out")" = hello ]
	faults=$(grep -c '^fault .* process=0 ' "$BATS_TEST_TMPDIR/t")
	evicts=$(grep -c '^evict ' "$BATS_TEST_TMPDIR/t")
	[ "$evicts" -eq $((faults - 4)) ]
	# FIFO: the n-th eviction gives up the n-th page brought in.
	diff <(grep '^fault ' "$BATS_TEST_TMPDIR/t" | sed 's/.* page=\([^ ]*\).*/\1/' |
		head -n "$evicts") \
	     <(grep '^evict ' "$BATS_TEST_TMPDIR/t" | sed 's/.* page=\([^ ]*\).*/\1/')
}
@test "frames: clock gives second chances (soft faults), same output" {
	run --separate-stderr bash -c "echo hello | '$ELFLOAD' run --demand --frames 4 --policy clock '$PROGS/touch'"
	[ "$status" -eq 0 ]
	[ "$output" = hello ]
	[[ $stderr =~ frames:\ [0-9]+\ hard\ faults\ \(from\ the\ file\),\ [1-9][0-9]*\ soft ]]
	[[ $stderr =~ [1-9][0-9]*\ reference\ bits\ cleared ]]
}
@test "frames: written pages are saved and restored (ls, bash with forks)" {
	RUN_OPTS=(--demand --quiet --frames 8 --policy fifo)
	same_as_native /bin/ls -l /usr/share/doc/bash
	same_as_native "$PROGS/demandprog" fork
	RUN_OPTS=(--demand --quiet --frames 16 --policy clock)
	same_as_native /bin/bash -c 'for i in 1 2 3; do echo $i; done | wc -l; echo $((6*7))'
}
@test "frames: too few frames for one instruction is detected, not a hang" {
	run --separate-stderr timeout 60 "$ELFLOAD" run --demand --quiet --frames 1 "$PROGS/touch" </dev/null
	[ "$status" -eq 137 ]
	[[ $stderr == *"--frames 1: too few frames: the instruction at 0x"*"the program was stopped" ]]
	run timeout 60 "$ELFLOAD" run --demand --quiet --frames 2 "$PROGS/touch" </dev/null
	[ "$status" -eq 0 ]
}
@test "frames: option errors" {
	run "$ELFLOAD" run --frames 4 /bin/true
	[ "$status" -eq 2 ]
	run "$ELFLOAD" run --demand --policy clock /bin/true
	[ "$status" -eq 2 ]
	run "$ELFLOAD" run --demand --frames 0 /bin/true
	[ "$status" -eq 2 ]
	run "$ELFLOAD" run --demand --frames 4 --policy lru /bin/true
	[ "$status" -eq 2 ]
	run "$ELFLOAD" run --demand --frames 4 --fault-around 65536 /bin/true
	[ "$status" -eq 2 ]
}

@test "demand: without CAP_SYS_PTRACE: read-only segments demand-paged, forks watched, said once" {
	# Somewhere uid 65534 can reach (bats' own directories are 0700).
	local dir
	dir=$(mktemp -d /tmp/elfload-nobody.XXXXXX)
	cp "$ELFLOAD" "$dir/el"
	cp "$PROGS/demandprog" "$dir/dp"
	chmod 755 "$dir" "$dir/el" "$dir/dp"
	run --separate-stderr bash -c "echo hi there | setpriv --reuid=65534 --regid=65534 --clear-groups '$dir/el' run --demand --quiet '$dir/dp' readbss"
	[ "$status" -eq 0 ]
	[ "$output" = "read 9 bytes into .bss: hi there" ]
	[[ $stderr == *"--demand: without CAP_SYS_PTRACE: writable segments are loaded eagerly"*"faults are shown until the first fork"* ]]
	run setpriv --reuid=65534 --regid=65534 --clear-groups "$dir/el" run --demand --quiet "$dir/dp" fork
	rm -rf "$dir"
	[ "$status" -eq 0 ]
	[[ $output == *"child second half: 138752"* ]]
}
