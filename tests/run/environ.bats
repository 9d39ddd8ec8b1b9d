#!/usr/bin/env bats
# The command's own start-up is invisible to the program: the variables
# meant for the program's dynamic linker and C library (LD_*,
# GLIBC_TUNABLES, MALLOC_*) act on the program alone, as after a kernel
# exec, and elfload loading itself says nothing false.  Each comparison
# is also run with the dynamic build of elfload (ELFLOAD_DYNAMIC), whose
# own ld.so and libc read those variables, and must fail there: the
# planted difference.  About 3 s.

bats_require_minimum_version 1.5.0
load helpers

setup_file() {
	export PROGS=$BATS_RUN_PROGS
	# An LD_PRELOAD library that says each time it is loaded.
	printf '%s\n' '#include <unistd.h>' \
		'__attribute__((constructor)) static void hello(void)' \
		'{ write(2, "preloaded\n", 10); }' >"$BATS_FILE_TMPDIR/preload.c"
	cc -shared -fPIC -o "$BATS_FILE_TMPDIR/preload.so" \
		"$BATS_FILE_TMPDIR/preload.c"
	mkdir -p "$BATS_FILE_TMPDIR/lib"
}

# with_env ELFLOAD|- VAR=VALUE... -- PROG [ARGS...]: PROG's output
# (stdout and stderr, pids of ld.so's debug lines taken out) and exit
# status, natively (-) or through "ELFLOAD run", unrandomized; the
# variables reach only the last exec (env runs without them).
with_env() {
	local elfload=$1 vars=()
	shift
	while [ "$1" != -- ]; do
		vars+=("$1")
		shift
	done
	shift
	if [ "$elfload" = - ]; then
		setarch -R env "${vars[@]}" "$@" 2>&1 </dev/null
	else
		setarch -R env "${vars[@]}" "$elfload" run "$@" 2>&1 </dev/null
	fi
	echo "exit status $?"
}

normalize() { sed -E 's/^ *[0-9]+:/PID:/'; }

# same_env VAR=VALUE... -- PROG [ARGS...]: through $ELFLOAD as native,
# and, as the planted difference, different through $ELFLOAD_DYNAMIC
# (when set).
same_env() {
	local native ours
	native=$(with_env - "$@" | normalize)
	ours=$(with_env "$ELFLOAD" "$@" | normalize)
	if [ "$native" != "$ours" ]; then
		diff <(echo "$native") <(echo "$ours") | head -20
		return 1
	fi
	[ -n "${ELFLOAD_DYNAMIC:-}" ] || return 0
	ours=$(with_env "$ELFLOAD_DYNAMIC" "$@" | normalize)
	if [ "$native" = "$ours" ]; then
		echo "a dynamic elfload went unnoticed (the test cannot fail)"
		return 1
	fi
}

@test "environ: the command has no dynamic linker of its own" {
	run readelf -lW "$ELFLOAD"
	[ "$status" -eq 0 ]
	[[ "$output" != *INTERP* && "$output" != *DYNAMIC* ]]
}
@test "environ: LD_SHOW_AUXV=1 shows the program's auxv only" {
	same_env LD_SHOW_AUXV=1 -- /bin/true
}
@test "environ: LD_DEBUG=libs traces the program's ld.so only" {
	same_env LD_DEBUG=libs -- /bin/true
}
@test "environ: LD_PRELOAD is loaded into the program only" {
	same_env "LD_PRELOAD=$BATS_FILE_TMPDIR/preload.so" -- /bin/true
}
@test "environ: LD_LIBRARY_PATH is searched for the program only" {
	same_env "LD_LIBRARY_PATH=$BATS_FILE_TMPDIR/lib" LD_DEBUG=libs -- \
		/bin/true
}

# A tunable that shows: malloc's top pad sets the program's heap size,
# which cat prints from /proc/self/maps.
@test "environ: GLIBC_TUNABLES and MALLOC_* act on the program as natively" {
	local tun=GLIBC_TUNABLES=glibc.malloc.top_pad=4194304
	local mal=MALLOC_TOP_PAD_=8388608
	# They have an effect, or the comparison could not fail.
	[ "$(with_env - A=1 -- /bin/cat /proc/self/maps)" != \
	  "$(with_env - "$tun" -- /bin/cat /proc/self/maps)" ]
	[ "$(with_env - A=1 -- /bin/cat /proc/self/maps)" != \
	  "$(with_env - "$mal" -- /bin/cat /proc/self/maps)" ]
	ELFLOAD_DYNAMIC= same_env "$tun" -- /bin/cat /proc/self/maps
	ELFLOAD_DYNAMIC= same_env "$mal" MALLOC_PERTURB_=165 \
		MALLOC_ARENA_MAX=1 -- /bin/cat /proc/self/maps
}
@test "environ: all of them at once, a static and a dynamic program" {
	local vars=(LD_SHOW_AUXV=1 LD_DEBUG=libs
		"LD_PRELOAD=$BATS_FILE_TMPDIR/preload.so"
		"LD_LIBRARY_PATH=$BATS_FILE_TMPDIR/lib"
		GLIBC_TUNABLES=glibc.malloc.top_pad=4194304
		MALLOC_TOP_PAD_=8388608 MALLOC_PERTURB_=165)
	same_env "${vars[@]}" -- /bin/cat /proc/self/maps
	ELFLOAD_DYNAMIC= same_env "${vars[@]}" -- /bin/busybox cat /proc/self/maps
}

# As root /proc/self/exe can be changed, and no notice may appear: when
# elfload loads itself the exe file is already the program's.
@test "environ: elfload run elfload run PROG: as native, no notice" {
	[ "$(id -u)" = 0 ] || skip "needs root (PR_SET_MM_MAP exe_fd)"
	local native ours
	native=$(setarch -R /bin/readlink /proc/self/exe 2>&1)
	ours=$(setarch -R "$ELFLOAD" run "$ELFLOAD" run /bin/readlink \
		/proc/self/exe 2>&1)
	[ "$native" = "$ours" ]
	ours=$(setarch -R "$ELFLOAD" run "$ELFLOAD" --version 2>&1)
	[ "$ours" = "$("$ELFLOAD" --version)" ]
}
