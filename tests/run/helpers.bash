# Helpers of the run tests: everything is compared with a kernel exec.

setup_file() {
	export PROGS=$BATS_RUN_PROGS
}

# Options every "elfload run" of the helpers below gets (demand.bats
# sets --demand), and sections of the probe's output to leave out of the
# comparison (demand-paged segments are anonymous in its maps).
RUN_OPTS=()
PROBE_SKIP=

# Run CMD natively and through elfload, both under setarch -R, and
# require the same output (stdout and stderr) and the same exit status.
same_as_native() {
	local native ours
	native=$(setarch -R "$@" 2>&1 </dev/null; echo "exit status $?")
	ours=$(setarch -R "$ELFLOAD" run "${RUN_OPTS[@]}" "$@" 2>&1 </dev/null
		echo "exit status $?")
	if [ "$native" != "$ours" ]; then
		diff <(echo "$native") <(echo "$ours") | head -40
		return 1
	fi
}

# The same with standard input from FILE.
same_as_native_stdin() {
	local file=$1 native ours
	shift
	native=$(setarch -R "$@" 2>&1 <"$file"; echo "exit status $?")
	ours=$(setarch -R "$ELFLOAD" run "${RUN_OPTS[@]}" "$@" 2>&1 <"$file"
		echo "exit status $?")
	if [ "$native" != "$ours" ]; then
		diff <(echo "$native") <(echo "$ours") | head -40
		return 1
	fi
}

# The probe's output, comparable between two starts (normalize.awk).
normalize_probe() {
	awk -v skips="$PROBE_SKIP" -f "$BATS_TEST_DIRNAME/../progs/normalize.awk" "$1"
}

# The probe natively and through elfload, same output file, same env.
probe_same() {
	local prog=$1 out=$BATS_TEST_TMPDIR/probe.out rc_native=0 rc_ours=0
	shift
	env -i A=1 BB=22 ${BIG:+BIG=$BIG} setarch -R "$prog" "$@" >"$out" 2>&1 ||
		rc_native=$?
	normalize_probe "$out" >"$BATS_TEST_TMPDIR/native"
	env -i A=1 BB=22 ${BIG:+BIG=$BIG} setarch -R "$ELFLOAD" run \
		"${RUN_OPTS[@]}" "$prog" "$@" \
		>"$out" 2>&1 || rc_ours=$?
	normalize_probe "$out" >"$BATS_TEST_TMPDIR/ours"
	[ "$rc_native" = "$rc_ours" ] || { echo "exit $rc_native vs $rc_ours"; return 1; }
	diff "$BATS_TEST_TMPDIR/native" "$BATS_TEST_TMPDIR/ours"
}

need() {	# skip unless FILE exists
	[ -e "$1" ] || skip "$1 was not built (toolchain missing)"
}
