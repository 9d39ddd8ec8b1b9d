#!/usr/bin/env bats
# ia32 (i386) programs, as the kernel's compat loader starts them: the
# planner (maps --check, stack --check) and the loader (run, run --check,
# --demand, --frames) against the kernel, for the probe built with
# gcc -m32 in every flavour, under each personality and stack limit that
# changes the layout, and for real 32-bit programs.  The 32-bit programs
# must exist: a missing one fails, it is not skipped.  About 20 s.

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

BUSYBOX32=
setup() {
	BUSYBOX32=$PROGS/busybox32/bin/busybox
}

# The probe natively and through elfload under "setarch -R ARGS...", with
# the same environment (plus OURS_ENV on elfload's side only): the same
# output and status, once the one accepted residual, the [vsyscall] line,
# is removed from elfload's side.
probe32_same() {	# PROG SETARCH-ARGS...
	local prog=$1 out=$BATS_TEST_TMPDIR/probe.out rc_native=0 rc_ours=0
	shift
	env -i A=1 BB=22 setarch -R "$@" "$prog" x "y z" >"$out" 2>&1 ||
		rc_native=$?
	normalize_probe "$out" >"$BATS_TEST_TMPDIR/native"
	env -i A=1 BB=22 $OURS_ENV setarch -R "$@" "$ELFLOAD" run "$prog" x \
		"y z" >"$out" 2>&1 || rc_ours=$?
	normalize_probe "$out" |
		grep -v '^ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0 *\[vsyscall\]$' \
		>"$BATS_TEST_TMPDIR/ours"
	[ "$rc_native" = "$rc_ours" ] || { echo "exit $rc_native vs $rc_ours"; return 1; }
	diff "$BATS_TEST_TMPDIR/native" "$BATS_TEST_TMPDIR/ours"
}

# CMD natively and through elfload under setarch -R, standard input from
# IN: the same output and status.
same32() {	# IN CMD...
	local in=$1 native ours
	shift
	native=$(setarch -R "$@" 2>&1 <"$in"; echo "exit status $?")
	ours=$(setarch -R "$ELFLOAD" run "$@" 2>&1 <"$in"; echo "exit status $?")
	[ "$native" = "$ours" ] || { diff <(echo "$native") <(echo "$ours"); return 1; }
}

@test "ia32: every 32-bit test program was built" {
	local f
	for f in $FLAVOURS; do
		[ -x "$PROGS/probe32-$f" ] || { echo "missing probe32-$f"; return 1; }
		file -L "$PROGS/probe32-$f" | grep -q 'ELF 32-bit LSB.*Intel 80386'
	done
	for f in "$PROGS/ia32prog" "$PROGS/ia32cxx" "$BUSYBOX32" /lib/ld-linux.so.2; do
		[ -x "$f" ] || { echo "missing $f"; return 1; }
		file -L "$f" | grep -q 'ELF 32-bit LSB.*Intel 80386'
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
	# fuzz/run.sh's pie32 seed, built the same way.
	printf 'int v = 1; int main(void) { return v; }\n' >"$BATS_TEST_TMPDIR/p.c"
	gcc -m32 -o "$BATS_TEST_TMPDIR/pie32" "$BATS_TEST_TMPDIR/p.c"
	run setarch -R "$ELFLOAD" maps --explain "$BATS_TEST_TMPDIR/pie32"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == 56555000-56556000\ r--p* ]]
	[[ "$output" == *"segment 3; sections: .init .plt"*" .text .fini"* ]]
	[[ "$output" == *"pie32: sections mapped one by one would take "*" pages; merged into segments they take 5 pages"* ]]
	[[ "$output" == *"stack top 0xffffe000"* ]]
	run setarch -R "$ELFLOAD" maps --check "$BATS_TEST_TMPDIR/pie32"
	[ "$status" -eq 0 ]
}

@test "ia32: run: the probe's output as native in every flavour" {
	local f
	for f in $FLAVOURS; do
		probe32_same "$PROGS/probe32-$f" || { echo "flavour $f"; return 1; }
	done
}

@test "ia32: run: as native under setarch --3gb and -L" {
	local f
	for f in $FLAVOURS; do
		probe32_same "$PROGS/probe32-$f" --3gb || { echo "$f --3gb"; return 1; }
		probe32_same "$PROGS/probe32-$f" -L || { echo "$f -L"; return 1; }
	done
}

@test "ia32: run: as native with an unlimited stack" {
	local f
	ulimit -s unlimited
	for f in static pie no-pie static-pie; do
		probe32_same "$PROGS/probe32-$f" || { echo "flavour $f"; return 1; }
	done
}

@test "ia32: run: the comparison fails on any difference but [vsyscall]" {
	OURS_ENV=PLANTED=1 run probe32_same "$PROGS/probe32-static"
	echo "$output"
	[ "$status" -ne 0 ]
	[[ "$output" == *PLANTED=1* ]]
	# Without the filter the [vsyscall] line itself is a difference.
	setarch -R "$ELFLOAD" run "$PROGS/probe32-static" >"$BATS_TEST_TMPDIR/o" || true
	grep -q '\[vsyscall\]$' "$BATS_TEST_TMPDIR/o"
	setarch -R "$PROGS/probe32-static" >"$BATS_TEST_TMPDIR/o" || true
	! grep -q '\[vsyscall\]$' "$BATS_TEST_TMPDIR/o"
}

@test "ia32: run --check: identical, the [vsyscall] line a named residual" {
	local f
	for f in static pie no-pie static-pie noexecstack; do
		run "$ELFLOAD" run --check "$PROGS/probe32-$f" x
		echo "$f: $output"
		[ "$status" -eq 0 ]
		grep -q '^identical: ' <<<"$output"
		grep -q '^residual: maps ffffffffff600000: native (none), elfload .*\[vsyscall\]' <<<"$output"
	done
}

@test "ia32: run --check: a planted difference is found (exit 4)" {
	ELFLOAD_TEST_PERTURB=ELFLOAD_PLANTED=1 run "$ELFLOAD" run --check \
		"$PROGS/probe32-static"
	echo "$output"
	[ "$status" -eq 4 ]
	grep -q '^differs: environ: .*ELFLOAD_PLANTED=1' <<<"$output"
	grep -q '^different: ' <<<"$output"
}

@test "ia32: run --check --demand: identical, the same residuals" {
	run "$ELFLOAD" run --check --demand "$PROGS/probe32-pie" x
	echo "$output"
	[ "$status" -eq 0 ]
	grep -q '^identical: ' <<<"$output"
	grep -A1 '^residual: maps ffffffffff600000' <<<"$output" | grep -q 'ia32: the \[vsyscall\] page'
}

@test "ia32: busybox-static (Debian i386) applets as native" {
	same32 /dev/null "$BUSYBOX32" echo hi from busybox32
	same32 /dev/null "$BUSYBOX32" sh -c 'ls / | wc -l; exit 9'
	same32 /etc/passwd "$BUSYBOX32" sha256sum
	same32 /dev/null "$BUSYBOX32" ls -l "$PROGS"
}

@test "ia32: a C program forks, starts threads, handles a signal, reads into .bss" {
	echo "some input" >"$BATS_TEST_TMPDIR/in"
	same32 "$BATS_TEST_TMPDIR/in" "$PROGS/ia32prog"
	run bash -c "'$ELFLOAD' run '$PROGS/ia32prog' <'$BATS_TEST_TMPDIR/in'"
	[ "$status" -eq 3 ]
	[[ "$output" == *"signal 10 handled, sizeof(void *) 4"* ]]
	[[ "$output" == *"read 11 bytes into .bss: some "* ]]
}

@test "ia32: a C++ program with exceptions" {
	same32 /dev/null "$PROGS/ia32cxx"
	run "$ELFLOAD" run "$PROGS/ia32cxx"
	[ "$status" -eq 5 ]
	[ "$output" = "caught: thrown from depth 7" ]
}

@test "ia32: ld-linux.so.2 run directly" {
	local out=$BATS_TEST_TMPDIR/o native ours
	env -i A=1 setarch -R /lib/ld-linux.so.2 "$PROGS/probe32-pie" x >"$out" || true
	native=$(normalize_probe "$out")
	env -i A=1 setarch -R "$ELFLOAD" run /lib/ld-linux.so.2 \
		"$PROGS/probe32-pie" x >"$out" || true
	ours=$(normalize_probe "$out" | grep -v '\[vsyscall\]$')
	[ "$native" = "$ours" ] || { diff <(echo "$native") <(echo "$ours"); return 1; }
	[[ "$ours" == *"ld-linux.so.2"* ]]
}

@test "ia32: a #! script whose interpreter is a 32-bit program" {
	printf '#!%s sh\necho script "$0" "$1"; exit 4\n' "$BUSYBOX32" \
		>"$BATS_TEST_TMPDIR/s"
	chmod +x "$BATS_TEST_TMPDIR/s"
	same32 /dev/null "$BATS_TEST_TMPDIR/s" arg
}

@test "ia32: run --demand and --frames 4 on a 32-bit program" {
	echo "paged" >"$BATS_TEST_TMPDIR/in"
	local native ours
	native=$(setarch -R "$PROGS/ia32prog" <"$BATS_TEST_TMPDIR/in"; echo "exit $?")
	ours=$(setarch -R "$ELFLOAD" run --demand "$PROGS/ia32prog" \
		<"$BATS_TEST_TMPDIR/in" 2>"$BATS_TEST_TMPDIR/err"; echo "exit $?")
	[ "$native" = "$ours" ] || { diff <(echo "$native") <(echo "$ours"); return 1; }
	grep -q 'demand paging of .*ia32prog: [0-9]* faults' "$BATS_TEST_TMPDIR/err"
	ours=$(setarch -R "$ELFLOAD" run --demand --frames 4 "$PROGS/ia32prog" \
		<"$BATS_TEST_TMPDIR/in" 2>"$BATS_TEST_TMPDIR/err"; echo "exit $?")
	[ "$native" = "$ours" ] || { diff <(echo "$native") <(echo "$ours"); return 1; }
	grep -q 'evictions' "$BATS_TEST_TMPDIR/err"
}

@test "ia32: without IA32 emulation (i386 system calls ENOSYS) refused in one line" {
	run "$PROGS/sandbox" ia32 "$ELFLOAD" run "$PROGS/probe32-static"
	echo "$output"
	[ "$status" -eq 126 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"probe32-static: ELF header: e_machine 3 (ELF32 little-endian) cannot run on x86_64" ]]
	run "$PROGS/sandbox" ia32 "$ELFLOAD" maps "$PROGS/probe32-static"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	# The sandbox is what makes the difference; 64-bit programs still run.
	run "$PROGS/sandbox" ia32 "$ELFLOAD" run /bin/echo ok
	[ "$output" = ok ]
}
