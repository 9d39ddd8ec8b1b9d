#!/usr/bin/env bats
# elfload run --gdb against the kernel: gdb attached to a program loaded
# by elfload sees what it sees when it runs the program itself (the
# backtrace at a breakpoint, the dynamic linker's library list).

bats_require_minimum_version 1.5.0

setup_file() {
	command -v gdb >/dev/null || skip "gdb is not installed"
	export GDBPROG=$BATS_FILE_TMPDIR/gdbprog
	gcc -O1 -g -fno-omit-frame-pointer -o "$GDBPROG" \
		"$BATS_TEST_DIRNAME/gdbprog.c" -lm
}

# gdb's view of the program at gdb_target: backtrace and libraries.
view() {
	sed -n '/^#[0-9]/p; /^0x.*Yes/p; /^From /p'
}

native_view() {
	env -i A=1 timeout 60 gdb -q -batch -ex 'set startup-with-shell off' \
		-ex 'unset environment LINES' -ex 'unset environment COLUMNS' \
		-ex 'break gdb_target' -ex run -ex bt -ex 'info sharedlibrary' \
		-ex kill --args "$@" 2>&1 | view
}

# run --gdb PROG in the background, gdb -p on it, continued.
elfload_view() {
	local err=$BATS_TEST_TMPDIR/err pid i
	env -i A=1 "$ELFLOAD" run --gdb "$@" 2>"$err" &
	for i in $(seq 100); do
		grep -q 'gdb -p' "$err" && break
		sleep 0.1
	done
	pid=$(sed -n 's/.*gdb -p \([0-9]*\).*/\1/p' "$err")
	[ -n "$pid" ] || { cat "$err"; return 1; }
	timeout 60 gdb -q -batch -p "$pid" \
		-ex 'handle SIGSTOP nostop noprint nopass' \
		-ex 'break gdb_target' -ex continue -ex bt \
		-ex 'info sharedlibrary' -ex kill 2>&1 | view
	wait
}

@test "run --gdb: says how to attach and where it stopped" {
	env -i A=1 "$ELFLOAD" run --gdb "$GDBPROG" a 2>"$BATS_TEST_TMPDIR/err" &
	for i in $(seq 100); do
		grep -q 'gdb -p' "$BATS_TEST_TMPDIR/err" && break
		sleep 0.1
	done
	pid=$(sed -n 's/.*gdb -p \([0-9]*\).*/\1/p' "$BATS_TEST_TMPDIR/err")
	entry=$(sed -n 's/.*entry point \(0x[0-9a-f]*\).*/\1/p' "$BATS_TEST_TMPDIR/err")
	grep -q 'its interpreter /lib64/ld-linux-x86-64.so.2' "$BATS_TEST_TMPDIR/err"
	# Stopped, at the interpreter's entry, with its own executable.
	grep -q '^State:.*T (stopped)' "/proc/$pid/status"
	[ "$(readlink "/proc/$pid/exe")" = "$GDBPROG" ]
	kill -CONT "$pid"
	wait $! || status=$?
	[ "${status:-0}" -eq 0 ]
	[ -n "$entry" ]
}

@test "run --gdb: same backtrace and library list as gdb running it" {
	native=$(native_view "$GDBPROG" a)
	ours=$(elfload_view "$GDBPROG" a)
	echo "native:"; echo "$native"; echo "elfload:"; echo "$ours"
	[ -n "$native" ] && grep -q 'in main' <<<"$native"
	grep -q 'libm.so' <<<"$native"
	[ "$native" = "$ours" ]
}

@test "run --gdb: the comparison fails on a planted difference" {
	# An extra argument moves argv: the backtrace shows it.
	native=$(native_view "$GDBPROG" a)
	ours=$(elfload_view "$GDBPROG" a b)
	[ "$native" != "$ours" ]
}
