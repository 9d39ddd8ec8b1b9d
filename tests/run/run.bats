#!/usr/bin/env bats
# elfload run against the kernel: the probe in every flavour, real
# programs, scripts, errors.  PROGS holds what tests/run/build.sh built.

bats_require_minimum_version 1.5.0
load helpers

@test "probe: static" { probe_same "$PROGS/probe-static" x "y z"; }
@test "probe: static-pie" { probe_same "$PROGS/probe-static-pie" x "y z"; }
@test "probe: pie" { probe_same "$PROGS/probe-pie" x "y z"; }
@test "probe: no-pie" { probe_same "$PROGS/probe-no-pie" x "y z"; }
@test "probe: static, 2 MiB pages" { probe_same "$PROGS/probe-static-2m" x; }
@test "probe: static-pie, 2 MiB pages" { probe_same "$PROGS/probe-static-pie-2m" x; }
@test "probe: pie, 2 MiB pages" { probe_same "$PROGS/probe-pie-2m" x; }
@test "probe: no-pie, 2 MiB pages" { probe_same "$PROGS/probe-no-pie-2m" x; }
@test "probe: musl static" {
	need "$PROGS/probe-musl-static"
	probe_same "$PROGS/probe-musl-static" x
}
@test "probe: argv0 and a large environment" {
	BIG=$(head -c 100000 /dev/zero | tr '\0' b) probe_same "$PROGS/probe-pie" \
		"" "$(head -c 5000 /dev/zero | tr '\0' a)"
}

@test "ls -l" { same_as_native /bin/ls -l /usr/share/doc/bash; }
@test "sort" { same_as_native /usr/bin/sort /etc/passwd; }
@test "sha256sum" { same_as_native /usr/bin/sha256sum /bin/ls /bin/true; }
@test "bash -c" { same_as_native /bin/bash -c 'echo $((6*7)) "$0"; exit 3'; }
@test "python3 -c" {
	same_as_native python3 -c 'import sys, os; print(sys.argv, sys.executable, os.environ.get("HOME"))'
}
@test "perl -e" { same_as_native /usr/bin/perl -e 'print "perl $] @ARGV\n"; exit 2' a b; }
@test "git --version" { same_as_native /usr/bin/git --version; }
@test "gcc compiles and links hello world" {
	printf '#include <stdio.h>\nint main(void){puts("hello, world");return 0;}\n' \
		>"$BATS_TEST_TMPDIR/hw.c"
	"$ELFLOAD" run /usr/bin/gcc -o "$BATS_TEST_TMPDIR/hw" "$BATS_TEST_TMPDIR/hw.c"
	run "$BATS_TEST_TMPDIR/hw"
	[ "$status" -eq 0 ] && [ "$output" = "hello, world" ]
}
@test "busybox applets" {
	need /bin/busybox
	same_as_native /bin/busybox echo hi from busybox
	same_as_native /bin/busybox sh -c 'ls / | wc -l; exit 9'
}
@test "a Go program" { need "$PROGS/hello-go"; same_as_native "$PROGS/hello-go" a b; }
@test "a Rust program" { need "$PROGS/hello-rust"; same_as_native "$PROGS/hello-rust" a b; }
@test "ld.so run directly" {
	same_as_native /lib64/ld-linux-x86-64.so.2 /bin/echo run by ld.so
}
@test "a program reading stdin" { same_as_native_stdin /etc/services /usr/bin/wc -lc; }
@test "killed by a signal: same signal" {
	same_as_native /bin/sh -c 'kill -SEGV $$'
	same_as_native /bin/sh -c 'kill -USR1 $$'
}
@test "fileless: the program from stdin" {
	run "$ELFLOAD" run - one two <"$PROGS/probe-static"
	[ "$status" -eq 3 ]
	[[ "$output" == *'argv[1]'*'"one"'* ]]
}

@test "#! script with an argument, nested" {
	d=$BATS_TEST_TMPDIR
	printf '#!/bin/sh\necho "sh: $0 $*"\n' >"$d/s1"
	printf '#!%s  -x  -y \n' "$d/s1" >"$d/s2"
	chmod +x "$d/s1" "$d/s2"
	same_as_native "$d/s2" a b
}
@test "#! nesting limit: ELOOP past 5 levels" {
	d=$BATS_TEST_TMPDIR
	printf '#!/bin/true\n' >"$d/l0"
	for i in 1 2 3 4 5; do printf '#!%s/l%d\n' "$d" $((i - 1)) >"$d/l$i"; done
	chmod +x "$d"/l*
	run "$ELFLOAD" run "$d/l4"
	[ "$status" -eq 0 ]
	run --separate-stderr "$ELFLOAD" run "$d/l5"
	[ "$status" -eq 126 ]
	[[ "$stderr" == *"too many levels"* ]]
}
@test "#! line longer than 256 bytes: not executable" {
	d=$BATS_TEST_TMPDIR
	printf '#!/%0300d\n' 0 >"$d/long"
	chmod +x "$d/long"
	run --separate-stderr "$ELFLOAD" run "$d/long"
	[ "$status" -eq 126 ]
}

@test "not found: 127, one line" {
	run -127 --separate-stderr "$ELFLOAD" run /nonexistent/prog
	[ "$status" -eq 127 ] && [ -z "$output" ]
	[ "$(echo "$stderr" | wc -l)" -eq 1 ]
	[[ "$stderr" == "elfload: /nonexistent/prog: No such file or directory" ]]
}
@test "not executable: 126" {
	cp /bin/true "$BATS_TEST_TMPDIR/t" && chmod -x "$BATS_TEST_TMPDIR/t"
	run --separate-stderr "$ELFLOAD" run "$BATS_TEST_TMPDIR/t"
	[ "$status" -eq 126 ] && [[ "$stderr" == *"not executable"* ]]
}
@test "not ELF: 126" {
	printf 'plain text\n' >"$BATS_TEST_TMPDIR/x" && chmod +x "$BATS_TEST_TMPDIR/x"
	run --separate-stderr "$ELFLOAD" run "$BATS_TEST_TMPDIR/x"
	[ "$status" -eq 126 ] && [[ "$stderr" == *"not an ELF file"* ]]
}
@test "wrong architecture: 126" {
	need "$BATS_RUN_PROGS/probe-static"
	cp /bin/true "$BATS_TEST_TMPDIR/arm"
	printf '\x28\x00' | dd of="$BATS_TEST_TMPDIR/arm" bs=1 seek=18 conv=notrunc 2>/dev/null
	run --separate-stderr "$ELFLOAD" run "$BATS_TEST_TMPDIR/arm"
	[ "$status" -eq 126 ] && [[ "$stderr" == *"e_machine 40"* ]]
}
@test "interpreter missing: 127, names it" {
	cp /bin/true "$BATS_TEST_TMPDIR/t"
	off=$(readelf -lW /bin/true | awk '/INTERP/ {print $2}')
	printf '/lib64/nope.so.2\0' | dd of="$BATS_TEST_TMPDIR/t" bs=1 seek=$((off)) conv=notrunc 2>/dev/null
	run -127 --separate-stderr "$ELFLOAD" run "$BATS_TEST_TMPDIR/t"
	[ "$status" -eq 127 ] && [[ "$stderr" == *"interpreter: /lib64/nope.so.2"* ]]
}
@test "interpreter not ELF: 126 (ELIBBAD)" {
	cp /bin/true "$BATS_TEST_TMPDIR/t"
	printf '#!/bin/sh\n%0100d\n' 0 >"$BATS_TEST_TMPDIR/fake.so" && chmod +x "$BATS_TEST_TMPDIR/fake.so"
	off=$(readelf -lW /bin/true | awk '/INTERP/ {print $2}')
	ln -sf "$BATS_TEST_TMPDIR/fake.so" /tmp/elfload-fake.so
	printf '/tmp/elfload-fake.so\0' | dd of="$BATS_TEST_TMPDIR/t" bs=1 seek=$((off)) conv=notrunc 2>/dev/null
	run --separate-stderr "$ELFLOAD" run "$BATS_TEST_TMPDIR/t"
	rm -f /tmp/elfload-fake.so
	[ "$status" -eq 126 ] && [[ "$stderr" == *"interpreter"* ]]
}
@test "options: --argv0, --env-clear, --env" {
	run "$ELFLOAD" run --argv0 NAME --env-clear --env A=1 --env A=2 --env B=3 \
		"$PROGS/probe-static"
	[[ "$output" == *'argv[0]'*'"NAME"'* ]]
	[[ "$output" == *'envp[0]'*'"A=2"'* ]]
	[[ "$output" == *'envp[1]'*'"B=3"'* ]]
	[[ "$output" != *'envp[2]'* ]]
}
@test "options: --maps prints the plan, which the kernel confirms" {
	run --separate-stderr setarch -R "$ELFLOAD" run --maps "$PROGS/probe-static"
	[ "$status" -eq 3 ]
	diff <(echo "$stderr") <(setarch -R "$ELFLOAD" maps "$PROGS/probe-static")
}
@test "options: --verbose says each step" {
	run --separate-stderr "$ELFLOAD" run --verbose /bin/true
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"interpreter"* && "$stderr" == *"stage 2"* ]]
}
@test "options: --stop-at-entry stops with SIGSTOP" {
	"$ELFLOAD" run --stop-at-entry /bin/true &
	pid=$!
	for _ in $(seq 50); do
		state=$(awk '{print $3}' /proc/$pid/stat 2>/dev/null)
		[ "$state" = T ] && break
		sleep 0.1
	done
	[ "$state" = T ]
	grep -q ld-linux /proc/$pid/maps
	! grep -q elfload /proc/$pid/maps
	kill -CONT $pid
	wait $pid
}
@test "nothing of the loader stays mapped" {
	run setarch -R "$ELFLOAD" run /bin/cat /proc/self/maps
	[[ "$output" != *elfload* ]]
	diff <(echo "$output") <(setarch -R /bin/cat /proc/self/maps)
}
