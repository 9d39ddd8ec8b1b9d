#!/usr/bin/env bats
# elfload run --check against the kernel: the probe in every flavour and
# real programs start identically (known residuals only) natively and
# through elfload, and a planted difference is found (exit 4).

bats_require_minimum_version 1.5.0
load helpers

# run --check PROG... must exit 0 with "identical: " and only residuals.
check_identical() {
	run "$ELFLOAD" run --check "$@"
	echo "$output"
	[ "$status" -eq 0 ]
	grep -q '^identical: ' <<<"$output"
	! grep -q '^differs: ' <<<"$output"
}

@test "run --check: probe static" { check_identical "$PROGS/probe-static" x "y z"; }
@test "run --check: probe static-pie" { check_identical "$PROGS/probe-static-pie" x; }
@test "run --check: probe pie" { check_identical "$PROGS/probe-pie" x; }
@test "run --check: probe no-pie" { check_identical "$PROGS/probe-no-pie" x; }
@test "run --check: probe static, 2 MiB pages" { check_identical "$PROGS/probe-static-2m"; }
@test "run --check: probe static-pie, 2 MiB pages" { check_identical "$PROGS/probe-static-pie-2m"; }
@test "run --check: probe pie, 2 MiB pages" { check_identical "$PROGS/probe-pie-2m"; }
@test "run --check: probe no-pie, 2 MiB pages" { check_identical "$PROGS/probe-no-pie-2m"; }
@test "run --check: probe musl static" {
	need "$PROGS/probe-musl-static"
	check_identical "$PROGS/probe-musl-static" x
}
@test "run --check: /bin/ls -l" { check_identical /bin/ls -l; }
@test "run --check: /bin/true" { check_identical /bin/true; }
@test "run --check: python3 -c pass" { check_identical python3 -c pass; }
@test "run --check: bash -c" { check_identical /bin/bash -c 'echo hi'; }
@test "run --check: sort" { check_identical /usr/bin/sort /etc/passwd; }
@test "run --check: a #! script" {
	printf '#!/bin/sh -e\necho hi\n' >"$BATS_TEST_TMPDIR/s"
	chmod +x "$BATS_TEST_TMPDIR/s"
	check_identical "$BATS_TEST_TMPDIR/s" a
}
@test "run --check: without randomization whatever the caller's" {
	# Started randomized (bats does not use setarch -R), elfload execs
	# itself again under ADDR_NO_RANDOMIZE: no PF_RANDOMIZE, same maps.
	run "$ELFLOAD" run --check /bin/true
	[ "$status" -eq 0 ]
	! grep -q '^differs' <<<"$output"
	grep -q '^residual: stat flags: native 0x0, elfload 0x140$' <<<"$output"
}

@test "run --check: each known residual is named with its cause" {
	run "$ELFLOAD" run --check /bin/true
	[ "$status" -eq 0 ]
	grep -q '^residual: reg rflags: ' <<<"$output"
	grep -q '^residual: stack .*(sp-8)' <<<"$output"
	grep -q '^  known: .*vDSO' <<<"$output"
}

@test "run --check: an extra environment variable on one side: exit 4" {
	ELFLOAD_TEST_PERTURB=ELFLOAD_PLANTED=1 run "$ELFLOAD" run --check /bin/true
	echo "$output"
	[ "$status" -eq 4 ]
	grep -q '^differs: environ: .*ELFLOAD_PLANTED=1' <<<"$output"
	grep -q '^different: /bin/true: ' <<<"$output"
}

@test "run --check: not found 127, not executable 126, no leftovers" {
	run -127 "$ELFLOAD" run --check /nonexistent
	[ "$status" -eq 127 ]
	run "$ELFLOAD" run --check /etc/passwd
	[ "$status" -eq 126 ]
	run "$ELFLOAD" run --check "$BATS_TEST_DIRNAME/../progs/probe.c"
	[ "$status" -eq 126 ]
	! pgrep -P $$ -f probe >/dev/null
}

@test "run --check: a file neither side can start: 126" {
	# A truncated ELF file: the kernel refuses it, the native side first.
	head -c 200 /bin/true >"$BATS_TEST_TMPDIR/trunc"
	chmod +x "$BATS_TEST_TMPDIR/trunc"
	run "$ELFLOAD" run --check "$BATS_TEST_TMPDIR/trunc"
	echo "$output"
	[ "$status" -eq 126 ]
}

@test "run --check: usage errors" {
	run "$ELFLOAD" run --gdb --demand /bin/true
	[ "$status" -eq 2 ]
	run "$ELFLOAD" run --check --gdb /bin/true
	[ "$status" -eq 2 ]
	run "$ELFLOAD" run --check - </bin/true
	[ "$status" -eq 2 ]
}

# Under --demand: the segments are anonymous (the same pages, the same
# permissions), and for an ordinary user the fork watch's seccomp filter
# shows; each is a known residual with its cause, anything else is not.
@test "run --check --demand: probe pie and ls, as root" {
	check_identical --demand "$PROGS/probe-pie" x
	grep -q '^  known: --demand: the segments are anonymous' <<<"$output"
	check_identical --demand /bin/ls -l
}
@test "run --check --demand: ls as an ordinary user lists the fork watch" {
	local el="$BATS_TEST_TMPDIR/el"
	cp "$ELFLOAD" "$el"
	chmod 755 "$el" "$BATS_TEST_TMPDIR"
	run setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$el" run --check --demand /bin/ls /etc/hostname
	echo "$output"
	[ "$status" -eq 0 ]
	grep -q '^identical: /bin/ls' <<<"$output"
	grep -q '^residual: status NoNewPrivs: native 0, elfload 1' <<<"$output"
	grep -q '^residual: status Seccomp: native 0, elfload 2' <<<"$output"
	grep -q '^  known: --demand without CAP_SYS_PTRACE: the fork watch' <<<"$output"
	! grep -q '^differs: ' <<<"$output"
}
@test "run --check --demand: a planted difference is still found" {
	ELFLOAD_TEST_PERTURB=ELFLOAD_PLANTED=1 run "$ELFLOAD" run --check \
		--demand /bin/true
	echo "$output"
	[ "$status" -eq 4 ]
	grep -q '^differs: environ: .*ELFLOAD_PLANTED=1' <<<"$output"
}
