#!/usr/bin/env bats
# elfload stack against the kernel: the predicted initial stack compared
# byte for byte with the stack of the program started natively (--check),
# with and without address space randomization; a planted difference that
# --check must report; the text and JSON pictures of a fixed program.

bats_require_minimum_version 1.5.0
load helpers

# stack --check PROG ARGS... with a fixed environment, not randomized
# (setarch -R) and randomized (the kernel's draws reused): both identical.
stack_identical() {
	local out
	out=$(env -i A=1 BB=22 setarch -R "$ELFLOAD" stack --check "$@" 2>&1) ||
		{ echo "setarch -R: $out"; return 1; }
	[[ "$out" == "identical: "* ]] || { echo "$out"; return 1; }
	out=$(env -i A=1 BB=22 "$ELFLOAD" stack --check "$@" 2>&1) ||
		{ echo "randomized: $out"; return 1; }
	[[ "$out" == "identical: "* ]] || { echo "$out"; return 1; }
}

@test "stack --check: probe static" { stack_identical "$PROGS/probe-static" x "y z"; }
@test "stack --check: probe static-pie" { stack_identical "$PROGS/probe-static-pie" x "y z"; }
@test "stack --check: probe pie" { stack_identical "$PROGS/probe-pie" x "y z"; }
@test "stack --check: probe no-pie" { stack_identical "$PROGS/probe-no-pie" x "y z"; }
@test "stack --check: probe static, 2 MiB pages" { stack_identical "$PROGS/probe-static-2m" x; }
@test "stack --check: probe static-pie, 2 MiB pages" { stack_identical "$PROGS/probe-static-pie-2m" x; }
@test "stack --check: probe pie, 2 MiB pages" { stack_identical "$PROGS/probe-pie-2m" x; }
@test "stack --check: probe no-pie, 2 MiB pages" { stack_identical "$PROGS/probe-no-pie-2m" x; }
@test "stack --check: probe musl static" {
	need "$PROGS/probe-musl-static"
	stack_identical "$PROGS/probe-musl-static" x
}
@test "stack --check: an empty argv[0] and a large environment" {
	run env -i BIG="$(head -c 100000 /dev/zero | tr '\0' b)" \
		"$ELFLOAD" stack --check "$PROGS/probe-pie" "" \
		"$(head -c 5000 /dev/zero | tr '\0' a)"
	[ "$status" -eq 0 ] && [[ "$output" == "identical: "* ]]
}
@test "stack --check: --env-clear and --env on both sides" {
	run "$ELFLOAD" stack --check --env-clear --env X=1 --env Y=2 \
		"$PROGS/probe-static" a
	[ "$status" -eq 0 ] && [[ "$output" == "identical: "* ]]
}

# A fixed sample of /usr/bin (dynamic and static, set-ID, scripts'
# interpreters), each with and without randomization.
SAMPLE="awk basename bash cat chage cmp cp cut date diff dirname du echo
env expiry find gcc git grep gzip head id ls make md5sum od passwd perl
python3 readlink sed sha256sum sort stat tail tar tr true uname wc xargs"

@test "stack --check: 30 programs of /usr/bin, with and without ASLR" {
	local p n=0 bad=()
	for p in $SAMPLE; do
		[ -x "/usr/bin/$p" ] || continue
		# Traced by an unprivileged user, the kernel ignores set-ID.
		if [ "$(id -u)" -ne 0 ] && [ -u "/usr/bin/$p" -o -g "/usr/bin/$p" ]; then
			continue
		fi
		[ "$n" -lt 30 ] || break
		n=$((n + 1))
		stack_identical "/usr/bin/$p" --version >/dev/null 2>&1 ||
			bad+=("$p")
	done
	echo "checked $n, different: ${bad[*]}"
	[ "$n" -ge 25 ] && [ "${#bad[@]}" -eq 0 ]
}

@test "stack --check reports a planted difference and exits 4" {
	# Flip one byte of the prediction, 30 bytes below the top: a string.
	run env -i A=1 ELFLOAD_TEST_STACK_FLIP=30 setarch -R "$ELFLOAD" stack \
		--check "$PROGS/probe-static" x
	[ "$status" -eq 4 ]
	[[ "$output" == *"(top-32) "*"predicted "*", kernel "* ]]
	[[ "$output" != *identical* ]]
}

@test "stack --check compares the random bytes as the kernel drew them" {
	local off
	# The same environment both times: the offset is padded to 4 places.
	off=$(env -i A=1 ELFLOAD_TEST_STACK_FLIP="   0" setarch -R \
		"$ELFLOAD" stack --json \
		"$PROGS/probe-static" x | python3 -c '
import json, sys
d = json.load(sys.stdin)
print([e["offset"] for e in d["entries"] if e["kind"] == "random"][0])')
	run env -i A=1 ELFLOAD_TEST_STACK_FLIP="$(printf '%4d' "$off")" \
		setarch -R "$ELFLOAD" \
		stack --check "$PROGS/probe-static" x
	[ "$status" -eq 4 ]
	[[ "$output" == *"AT_RANDOM: 16 random bytes: predicted"* ]]
}

@test "stack: the picture of a fixed program, boxes from the top down" {
	run setarch -R "$ELFLOAD" stack --env-clear --env A=1 --env BB=22 \
		"$PROGS/probe-static" x "y z"
	[ "$status" -eq 0 ]
	[[ "$output" == *'argc = 3 (the initial stack pointer)'* ]]
	[[ "$output" == *'argv[1] -> "x"'* ]]
	[[ "$output" == *'argv[2] "y z"'* ]]
	[[ "$output" == *'envp[1] -> "BB=22"'* ]]
	[[ "$output" == *'envp[2] = NULL'* ]]
	[[ "$output" == *'AT_EXECFN "'"$PROGS"'/probe-static"'* ]]
	[[ "$output" == *'AT_PLATFORM "x86_64"'* ]]
	[[ "$output" == *'AT_RANDOM: 16 random bytes'* ]]
	[[ "$output" == *'AT_PAGESZ 4096: bytes per page'* ]]
	[[ "$output" == *'AT_BASE 0: no interpreter'* ]]
	# The addresses of the boxes fall from the top to the sp.
	echo "$output" | python3 -c '
import sys
a = [int(l.split()[0], 16) for l in sys.stdin if l.startswith("0x")]
assert len(a) > 20 and a == sorted(a, reverse=True) and len(set(a)) == len(a)'
	[[ "$(echo "$output" | grep '^0x' | head -1)" == *"end marker"* ]]
	[[ "$(echo "$output" | grep '^0x' | tail -1)" == *"argc = 3"* ]]
	[[ "$(echo "$output" | tail -1)" == *"^ sp = 0x"* ]]
}

@test "stack --json: every word and string with its address" {
	setarch -R "$ELFLOAD" stack --json --env-clear --env A=1 \
		"$PROGS/probe-pie" x "y z" | python3 -c '
import json, sys
d = json.load(sys.stdin)
e = d["entries"]
assert d["word_size"] == 8 and d["top"] - d["size"] == d["sp"]
addr = [x["address"] for x in e]
assert addr == sorted(addr, reverse=True), "not from the top down"
# Every byte from sp to top once.
top = d["top"]
for x in e:
    assert x["address"] + x["size"] == top, x
    assert x["offset"] == d["top"] - x["address"]
    top = x["address"]
assert top == d["sp"]
argc = [x for x in e if x["kind"] == "argc"]
assert argc[0]["value"] == 3 and argc[0]["address"] == d["sp"]
argv = [x["string"] for x in e if x["kind"] == "argv" and "string" in x]
assert argv[::-1][1:] == ["x", "y z"], argv
assert [x["string"] for x in e if x["kind"] == "env_string"] == ["A=1"]
aux = {x["name"]: x for x in e if x["kind"] == "auxv"}
assert aux["AT_EXECFN"]["string"].endswith("/probe-pie")
assert aux["AT_RANDOM"]["value"] == [x for x in e if x["kind"] == "random"][0]["address"]
assert aux["AT_BASE"]["value"] != 0 and aux["AT_PAGESZ"]["value"] == 4096
assert aux["AT_NULL"]["address"] == max(x["address"] for x in e if x["kind"] == "auxv")
assert len([x for x in e if x["kind"] == "random"][0]["bytes"]) == 32
print("ok")'
}

@test "stack: usage" {
	run "$ELFLOAD" stack
	[ "$status" -eq 2 ]
	run "$ELFLOAD" stack --env NOEQUALS /bin/true
	[ "$status" -eq 2 ]
	run "$ELFLOAD" stack --help
	[ "$status" -eq 0 ] && [[ "$output" == *"--check"* ]]
	run "$ELFLOAD" stack /nonexistent/prog
	[ "$status" -eq 3 ]
}
