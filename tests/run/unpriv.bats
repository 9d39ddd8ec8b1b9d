#!/usr/bin/env bats
# run --demand as an ordinary user (uid 65534 through setpriv): a
# user-mode-only userfaultfd serves the read-only segments, a seccomp
# filter (the fork watch) lets the pager fill what the kernel reads
# there and every page before a fork.  Programs must behave as native;
# the faults must be the root run's, for the pages both can serve.

bats_require_minimum_version 1.5.0
load helpers

TOOLS=$BATS_TEST_DIRNAME/../demand

# Somewhere uid 65534 can reach (bats' own directories are 0700).
setup() {
	DIR=$(mktemp -d /tmp/elfload-unpriv.XXXXXX)
	cp "$ELFLOAD" "$DIR/el"
	cp "$PROGS/demandprog" "$PROGS/touch" "$PROGS/sandbox" "$DIR/"
	chmod 755 "$DIR" "$DIR"/*
	touch "$DIR/root.t" "$DIR/user.t"
	chmod 666 "$DIR/root.t" "$DIR/user.t"
}
teardown() { rm -rf "$DIR"; }

NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)
nobody() { "${NOBODY[@]}" "$@"; }

# same_stdout_as_native PREFIX... -- PROG ARGS...: stdout and exit status
# of "PREFIX el run --demand --quiet --trace DIR/user.t PROG ARGS" are
# the native run's (stderr has elfload's notices).
same_stdout_as_native() {
	local pre=() native ours
	while [ "$1" != -- ]; do pre+=("$1"); shift; done
	shift
	native=$(setarch -R "$@" 2>/dev/null </dev/null; echo "exit status $?")
	ours=$(setarch -R "${pre[@]}" "$DIR/el" run --demand --quiet \
		--trace "$DIR/user.t" "${RUN_OPTS[@]}" "$@" 2>"$DIR/err" </dev/null
		echo "exit status $?")
	if [ "$native" != "$ours" ]; then
		diff <(echo "$native") <(echo "$ours") | head -40
		cat "$DIR/err"
		return 1
	fi
}

# The root run's trace of the same command, for same_faults.py (output to
# a file: the kernel never reads what is written to /dev/null).
root_trace() {
	setarch -R "$DIR/el" run --demand --quiet --trace "$DIR/root.t" "$@" \
		>"$DIR/root.out" 2>&1 </dev/null
}

@test "user: python3 -c pass: the root run's faults, in order, same output" {
	# A fixed hash seed: python's random one changes which code runs when.
	export PYTHONHASHSEED=0
	same_stdout_as_native "${NOBODY[@]}" -- /usr/bin/python3 -c pass
	root_trace /usr/bin/python3 -c pass
	"$TOOLS/same_faults.py" "$DIR/root.t" "$DIR/user.t"
	[ "$(grep -c '^fault ' "$DIR/user.t")" -gt 100 ]
}
@test "user: ls: the root run's faults, in order, same output" {
	same_stdout_as_native "${NOBODY[@]}" -- /bin/ls -l /usr/share/doc/bash
	root_trace /bin/ls -l /usr/share/doc/bash
	"$TOOLS/same_faults.py" "$DIR/root.t" "$DIR/user.t"
}
@test "user: the known faults of touch.c in its read-only segments" {
	echo hello | nobody "$DIR/el" run --demand --quiet --trace "$DIR/user.t" \
		"$DIR/touch" >"$DIR/out" 2>/dev/null
	[ "$(cat "$DIR/out")" = hello ]
	"$TOOLS/check_touch.py" --writable-eager "$DIR/touch" "$DIR/user.t"
	echo hello | "$DIR/el" run --demand --quiet --trace "$DIR/root.t" \
		"$DIR/touch" >/dev/null
	"$TOOLS/same_faults.py" "$DIR/root.t" "$DIR/user.t"
}
@test "user: a page only the kernel reads (write(2) from .rodata) is filled first" {
	same_stdout_as_native "${NOBODY[@]}" -- "$DIR/demandprog" kwrite
	off=$(printf '0x%x' $((0x$(nm "$DIR/demandprog" | awk '$3 == "banner" { print $1 }') + 4096)))
	grep -q "^fault .* section=.rodata off=$off access=read served=file" "$DIR/user.t"
	root_trace "$DIR/demandprog" kwrite
	"$TOOLS/same_faults.py" "$DIR/root.t" "$DIR/user.t"
}
@test "user: a fork: faults before it, every page filled at it, outputs as native" {
	same_stdout_as_native "${NOBODY[@]}" -- "$DIR/demandprog" fork
	[ "$(grep -c '^forkfill .* process=0 .* syscall=56 filled=[1-9]' "$DIR/user.t")" -eq 1 ]
	# Faults up to the fork (the parent's first half of table[]), none after.
	before=$(sed '/^forkfill /q' "$DIR/user.t" | grep -c '^fault ')
	after=$(sed '1,/^forkfill /d' "$DIR/user.t" | grep -c '^fault ' || true)
	[ "$before" -gt 128 ]
	[ "$after" -eq 0 ]
	run "$DIR/el" faults "$DIR/user.t"
	[[ $output == *"the program forked (thread "*"pages filled first, no faults served after it"* ]]
	root_trace "$DIR/demandprog" fork
	"$TOOLS/same_faults.py" "$DIR/root.t" "$DIR/user.t"
}
@test "user: threads (clone with CLONE_VM) keep demand paging" {
	same_stdout_as_native "${NOBODY[@]}" -- "$DIR/demandprog" threads
	! grep -q '^forkfill ' "$DIR/user.t"
	[ "$(grep '^fault ' "$DIR/user.t" | grep -c 'section=.rodata')" -ge 256 ]
}
@test "user: bash with pipes and subshells, read(2) into .bss" {
	same_stdout_as_native "${NOBODY[@]}" -- /bin/bash -c 'echo $((6*7)); ls /usr/share/doc/bash | wc -l; x=$(echo sub); echo $x; exit 3'
	grep -q '^forkfill ' "$DIR/user.t"
	run --separate-stderr bash -c "echo hi there | setpriv --reuid=65534 --regid=65534 --clear-groups '$DIR/el' run --demand --quiet '$DIR/demandprog' readbss"
	[ "$status" -eq 0 ]
	[ "$output" = "read 9 bytes into .bss: hi there" ]
}
@test "user: --frames 8 on ls: same output, evictions in the trace" {
	RUN_OPTS=(--frames 8 --policy fifo)
	same_stdout_as_native "${NOBODY[@]}" -- /bin/ls -l /usr/share/doc/bash
	[ "$(grep -c '^evict ' "$DIR/user.t")" -gt 100 ]
	RUN_OPTS=(--frames 8 --policy clock)
	same_stdout_as_native "${NOBODY[@]}" -- "$DIR/demandprog" fork
	grep -q '^evict ' "$DIR/user.t"
	grep -q '^forkfill ' "$DIR/user.t"
}
@test "user: the one notice, and what the program sees (no_new_privs, seccomp)" {
	run --separate-stderr nobody "$DIR/el" run --demand --quiet /bin/grep -E '^(NoNewPrivs|Seccomp):' /proc/self/status
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "NoNewPrivs:	1" ]
	[ "${lines[1]}" = "Seccomp:	2" ]
	[ "$(grep -c -- '--demand:' <<<"$stderr")" -eq 1 ]
	[[ $stderr == *"--demand: without CAP_SYS_PTRACE: writable segments are loaded eagerly"*"faults are shown until the first fork"* ]]
	# Nothing changes for root: no filter, no notice.
	run --separate-stderr "$DIR/el" run --demand --quiet /bin/grep -E '^(NoNewPrivs|Seccomp):' /proc/self/status
	[ "${lines[0]}" = "NoNewPrivs:	0" ]
	[ "${lines[1]}" = "Seccomp:	0" ]
	[ -z "$stderr" ]
	# clone3 is ENOSYS (38) under the filter; natively NULL args are EINVAL (22).
	clone3='import ctypes; l = ctypes.CDLL(None, use_errno=True); print(l.syscall(435, 0, 0), ctypes.get_errno())'
	[ "$(/usr/bin/python3 -c "$clone3")" = "-1 22" ]
	[ "$(nobody "$DIR/el" run --demand --quiet /usr/bin/python3 -c "$clone3" 2>/dev/null)" = "-1 38" ]
}
@test "sandbox: userfaultfd refused: one line, eager run, same output" {
	for who in 65534 0; do
		same_stdout_as_native setpriv --reuid=$who --regid=$who --clear-groups \
			"$DIR/sandbox" userfaultfd -- /bin/ls -l /usr/share/doc/bash
		[ "$(grep -c -- '--demand:' "$DIR/err")" -eq 1 ]
		grep -q -- '--demand: userfaultfd refused here (Operation not permitted): every page is loaded before the program starts' "$DIR/err"
		! grep -q '^fault ' "$DIR/user.t" 2>/dev/null
	done
}
@test "sandbox: seccomp refused: one line, eager run, same output; root needs no seccomp" {
	same_stdout_as_native "${NOBODY[@]}" "$DIR/sandbox" seccomp -- "$DIR/demandprog" fork
	[ "$(grep -c -- '--demand:' "$DIR/err")" -eq 1 ]
	grep -q -- '--demand: seccomp refused here (Operation not permitted): every page is loaded' "$DIR/err"
	same_stdout_as_native "$DIR/sandbox" seccomp -- "$DIR/demandprog" fork
	! grep -q -- '--demand:' "$DIR/err"
	grep -q '^fork .* child=1' "$DIR/user.t"
}
@test "same_faults.py fails on a planted difference" {
	root_trace /bin/ls /etc/hostname
	nobody "$DIR/el" run --demand --quiet --trace "$DIR/user.t" /bin/ls /etc/hostname >"$DIR/out" 2>&1
	"$TOOLS/same_faults.py" "$DIR/root.t" "$DIR/user.t"
	# One fault less, and two swapped: both are caught.
	awk '/^fault / && !done { done = 1; next } 1' "$DIR/user.t" >"$DIR/less.t"
	run "$TOOLS/same_faults.py" "$DIR/root.t" "$DIR/less.t"
	[ "$status" -eq 1 ]
	awk '/^fault / { n++; if (n == 3) { held = $0; next } } 1; n == 4 && held { print held; held = "" }' \
		"$DIR/user.t" >"$DIR/swapped.t"
	run "$TOOLS/same_faults.py" "$DIR/root.t" "$DIR/swapped.t"
	[ "$status" -eq 1 ]
	run "$TOOLS/check_touch.py" --writable-eager "$DIR/touch" "$DIR/less.t"
	[ "$status" -eq 1 ]
}
