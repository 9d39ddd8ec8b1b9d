#!/usr/bin/env bats
# ia32 (i386) programs, as the kernel's compat loader starts them: the
# planner (maps --check, stack --check) against the kernel, for the
# probe built with gcc -m32 in every flavour, under each personality and
# stack limit that changes the layout.  The 32-bit programs must exist:
# a missing one fails, it is not skipped.  About 10 s.

bats_require_minimum_version 1.5.0
load helpers

FLAVOURS="static static-pie pie no-pie static-2m pie-2m noexecstack"

# maps --check PROG under "setarch -R ARGS...": identical.
maps_identical() {	# PROG SETARCH-ARGS...
	local prog=$1
	shift
	run setarch -R "$@" "$ELFLOAD" maps --check "$prog"
	echo "setarch -R $* maps --check $prog: $output"
	[ "$status" -eq 0 ]
	[ "$output" = "identical: $prog" ]
}

@test "ia32: every 32-bit test program was built" {
	local f
	for f in $FLAVOURS; do
		[ -x "$PROGS/probe32-$f" ] || { echo "missing probe32-$f"; return 1; }
		file -L "$PROGS/probe32-$f" | grep -q 'ELF 32-bit LSB.*Intel 80386'
	done
}

@test "ia32: maps --check identical in every flavour" {
	local f
	for f in $FLAVOURS; do
		maps_identical "$PROGS/probe32-$f"
	done
}

@test "ia32: maps --check identical under setarch --3gb (ADDR_LIMIT_3GB)" {
	local f
	for f in $FLAVOURS; do
		maps_identical "$PROGS/probe32-$f" --3gb
	done
}

@test "ia32: maps --check identical under setarch -L (legacy layout)" {
	local f
	for f in $FLAVOURS; do
		maps_identical "$PROGS/probe32-$f" -L
		maps_identical "$PROGS/probe32-$f" -L --3gb
	done
}

@test "ia32: maps --check identical with an unlimited stack" {
	local f
	for f in $FLAVOURS; do
		(ulimit -s unlimited && maps_identical "$PROGS/probe32-$f")
	done
}

@test "ia32: maps --check identical when randomized (the kernel's draws)" {
	local f
	for f in static static-pie pie no-pie; do
		run "$ELFLOAD" maps --check "$PROGS/probe32-$f"
		echo "$output"
		[ "$status" -eq 0 ]
	done
}

@test "ia32: the 3G/1G picture: text at 08048000, [stack] ending at c0000000" {
	run setarch -R --3gb "$ELFLOAD" maps "$PROGS/probe32-no-pie"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == 08048000-* ]]
	[[ "$output" == *"-c0000000 rw-p 00000000 00:00 0"*"[stack]"* ]]
	[[ "$output" != *"[vsyscall]"* ]]
	# Under the default 4 GiB the same program's stack ends elsewhere.
	run setarch -R "$ELFLOAD" maps "$PROGS/probe32-no-pie"
	[[ "$output" == *"-ffffe000 rw-p 00000000 00:00 0"*"[stack]"* ]]
}

@test "ia32: without PT_GNU_STACK every readable mapping is executable" {
	run setarch -R "$ELFLOAD" maps "$PROGS/probe32-noexecstack"
	echo "$output"
	[ "$status" -eq 0 ]
	! grep -v '\[v' <<<"$output" | grep -q ' r[-w]-p '
	grep -q 'rwxp.*\[stack\]' <<<"$output"
	run setarch -R "$ELFLOAD" maps "$PROGS/probe32-pie"
	grep -q ' r--p ' <<<"$output"
}

@test "ia32: stack --check identical in every flavour, 4-byte words" {
	local f
	for f in $FLAVOURS; do
		run env -i A=1 setarch -R "$ELFLOAD" stack --check \
			"$PROGS/probe32-$f" x "y z"
		echo "$f: $output"
		[ "$status" -eq 0 ]
		run "$ELFLOAD" stack --check "$PROGS/probe32-$f" x
		echo "$f randomized: $output"
		[ "$status" -eq 0 ]
	done
	run setarch -R "$ELFLOAD" stack "$PROGS/probe32-pie"
	[[ "$output" == *"4-byte words"* ]]
	[[ "$output" == *'AT_PLATFORM "i686"'* ]]
	[[ "$output" == *"AT_SYSINFO "* ]]
}

@test "ia32: stack --check reports a planted difference and exits 4" {
	run env -i A=1 ELFLOAD_TEST_STACK_FLIP=30 setarch -R "$ELFLOAD" stack \
		--check "$PROGS/probe32-static" x
	echo "$output"
	[ "$status" -eq 4 ]
	[[ "$output" != *identical* ]]
}

@test "ia32: maps --explain of the seeds' 32-bit example: sections merged, pages saved" {
	run setarch -R "$ELFLOAD" maps --explain "$PROGS/probe32-no-pie"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"sections: .init .plt .text .fini"* ]]
}
