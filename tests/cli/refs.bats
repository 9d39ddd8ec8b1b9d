#!/usr/bin/env bats
# elfload refs: the page reference string of a program run under
# valgrind's lackey.  The oracle is a program whose every access is known
# (refs_touch.S) and GNU readelf/nm for where its pages are.

bats_require_minimum_version 1.5.0
load helpers

setup_file() {
	require_elfload
	command -v valgrind >/dev/null ||
		{ echo "# valgrind is missing (tests/packages.txt)" >&2; return 1; }
	local d=$BATS_FILE_TMPDIR src=$BATS_TEST_DIRNAME/refs_touch.S
	gcc -nostdlib -static -no-pie -o "$d/touch-exec" "$src"
	gcc -nostdlib -static-pie -o "$d/touch-pie" "$src"
}

setup() {
	# valgrind takes a moment to start.
	ELFLOAD_TEST_TIMEOUT=60
}

f() {
	printf '%s/%s' "$BATS_FILE_TMPDIR" "$1"
}

# expected_string PROG: the VP string refs_touch.S makes, computed from
# readelf's PT_LOADs (pages numbered in address order across them) and
# nm's symbols.
expected_string() {
	python3 - "$1" <<'EOF'
import re, subprocess, sys
prog = sys.argv[1]
ps = 4096
out = subprocess.run(["readelf", "-lW", prog], capture_output=True,
                     text=True, check=True).stdout
pages = set()
for line in out.splitlines():
    w = line.split()
    if w and w[0] == "LOAD":
        vaddr, memsz = int(w[2], 16), int(w[5], 16)
        pages.update(range(vaddr // ps, -(-(vaddr + memsz) // ps)))
order = sorted(pages)
vp = {p: i for i, p in enumerate(order)}
syms = {}
for line in subprocess.run(["nm", prog], capture_output=True, text=True,
                           check=True).stdout.splitlines():
    a, _, name = line.split()
    syms[name] = int(a, 16)
t = syms["_start"] // ps
assert (syms["_end_of_code"] - 1) // ps == t, "code spans two pages"
b = lambda off: vp[(syms["buf"] + off) // ps]
T = vp[t]
s = [T, T, b(0), T, b(3 * ps), T, b(6 * ps - 4), b(6 * ps), T, b(3 * ps),
     T, b(7 * ps), T, T, T]
print(" ".join(map(str, s)))
print(len(order))
EOF
}

# expect_written ARGS...: exit 0 and nothing on stderr (with --out,
# standard output may be empty).
expect_written() {
	el "$@"
	[[ $status -eq 0 && -z $stderr ]] || { show_run "$@"; return 1; }
}

# The numbers of a refs output (no '#' lines), space-separated.
numbers_of() {
	grep -v '^#' <<<"$1" | tr '\n' ' ' | sed 's/ $//'
}

# expect_touch_string PROG: refs PROG writes exactly the string
# expected_string computes; sets $npages.
expect_touch_string() {
	local want
	{ read -r want; read -r npages; } < <(expected_string "$(f "$1")")
	expect_success refs "$(f "$1")" || return 1
	[[ $(numbers_of "$output") == "$want" ]] ||
		{ echo "# got:  $(numbers_of "$output")" "# want: $want" >&2; return 1; }
}

@test "refs, static non-PIE: the exact VP string of refs_touch.S" {
	local npages
	expect_touch_string touch-exec
	[[ ${lines[0]} == "# elfload refs 1" ]]
	[[ $output == *"(ET_EXEC), page size 4096, $npages pages VP0-VP$((npages - 1))"* ]]
	[[ $output == *"# 15 references from 9 instruction fetches, 1 loads, 3 stores, 1 modifies; 0 accesses outside the segments"* ]]
	[[ ${lines[-1]} == "# exit status 0" ]]
}

@test "refs, static PIE: valgrind's load bias is found and removed" {
	local npages
	expect_touch_string touch-pie
	[[ $output == *"(ET_DYN)"* ]]
	[[ $output =~ "# load bias under valgrind 0x"[0-9a-f]+000$'\n' ]]
}

@test "refs: segment lines give each PT_LOAD's page range and VP range" {
	local prog
	for prog in touch-exec touch-pie; do
		expect_success refs "$(f $prog)"
		python3 /dev/fd/3 "$(f $prog)" <<<"$output" 3<<'EOF' || return 1
import re, subprocess, sys
ps = 4096
heads = [l for l in subprocess.run(["readelf", "-lW", sys.argv[1]],
                                   capture_output=True, text=True,
                                   check=True).stdout.splitlines()
         if re.match(r"\s+[A-Z_]+\s+0x", l)]
loads = []
for i, line in enumerate(heads):
    w = line.split()
    if w[0] == "LOAD":
        v, m = int(w[2], 16), int(w[5], 16)
        loads.append((i, v // ps * ps, -(-(v + m) // ps) * ps))
pages = sorted({p for _, s, e in loads for p in range(s // ps, e // ps)})
vp = {p: n for n, p in enumerate(pages)}
want = []
for i, s, e in loads:
    r = "(no pages)" if s == e else "VP%d-VP%d" % (vp[s // ps], vp[e // ps - 1])
    want.append("%d 0x%x-0x%x %s" % (i, s, e, r))
got = []
for line in sys.stdin:
    m = re.match(r"# segment (\d+): (\S+) .* ((?:VP\d+-VP\d+)|\(no pages\))$", line)
    if m:
        got.append(" ".join(m.groups()))
assert got == want, (got, want)
EOF
	done
}

@test "refs --collapse: immediate repeats dropped, every policy's faults unchanged" {
	local want
	{ read -r want; read -r _; } < <(expected_string "$(f touch-exec)")
	want=$(tr ' ' '\n' <<<"$want" | uniq | tr '\n' ' ' | sed 's/ $//')
	expect_written refs --collapse --out "$(f collapsed)" "$(f touch-exec)"
	expect_written refs --out "$(f full)" "$(f touch-exec)"
	[[ -z $output ]]
	[[ $(numbers_of "$(cat "$(f collapsed)")") == "$want" ]]
	grep -q '^# 3 immediate repeats dropped$' "$(f collapsed)"
	local n a b
	for n in 1 2 3 4; do
		a=$("$ELFLOAD" pagesim --frames $n "$(f full)" | awk '$2 ~ /^[0-9]+$/ && NF == 4 { print $1, $2 }')
		b=$("$ELFLOAD" pagesim --frames $n "$(f collapsed)" | awk '$2 ~ /^[0-9]+$/ && NF == 4 { print $1, $2 }')
		[[ $(wc -l <<<"$a") -eq 5 && $a == "$b" ]] ||
			{ echo "# $n frames: $a / $b" >&2; false; }
	done
}

@test "refs | pagesim on a dynamic program (/bin/true)" {
	expect_written refs --out "$(f true.refs)" /bin/true
	[[ -z $output ]]
	local npages
	npages=$(sed -n 's/^# program .* \([0-9]*\) pages VP0-.*/\1/p' "$(f true.refs)")
	((npages > 0))
	# Every number is a VP of the program, and there are many.
	awk -v n="$npages" '!/^#/ { c++; if ($1 !~ /^[0-9]+$/ || $1 >= n) exit 1 } END { exit c < 100 }' \
		"$(f true.refs)"
	expect_success pagesim --frames 3 --policy opt "$(f true.refs)"
	[[ $output == *"references"* ]]
}

@test "refs: the program's output goes to stderr when the string is on stdout" {
	el refs /bin/echo hello-from-echo
	[[ $status -eq 0 ]] || { show_run refs /bin/echo; false; }
	[[ $output == "# elfload refs 1"* && $output != *hello-from-echo* ]]
	[[ $stderr == hello-from-echo ]]
	expect_success refs --out "$(f echo.refs)" /bin/echo hello-again
	[[ $output == hello-again ]]
	grep -q '^# exit status 0$' "$(f echo.refs)"
}

@test "refs: the program's exit status is the last comment; refs exits 0" {
	expect_written refs --out "$(f false.refs)" /bin/false
	[[ $(tail -n 1 "$(f false.refs)") == "# exit status 1" ]]
	expect_written refs --out "$(f kill.refs)" /bin/sh -c 'kill -TERM $$'
	[[ $(tail -n 1 "$(f kill.refs)") == "# killed by signal 15" ]]
}

# ---- errors ------------------------------------------------------------

@test "refs: valgrind missing: one clear line, exit 3" {
	EL_PREFIX=(env PATH=/nonexistent)
	expect_error 3 "^elfload: valgrind: not found in PATH; elfload refs needs it \(Debian package valgrind\)\$" \
		refs "$(f touch-exec)"
}

@test "refs: valgrind that never says where a PIE went: exit 3, no output" {
	# A stand-in valgrind writing one record and no "svma, avma" line.
	mkdir -p "$(f fakebin)"
	cat >"$(f fakebin)/valgrind" <<'EOF'
#!/bin/sh
for a; do case $a in --log-fd=*) fd=${a#--log-fd=} ;; esac; done
eval "echo ' S 00108000,8' >&$fd"
EOF
	chmod +x "$(f fakebin)/valgrind"
	EL_PREFIX=(env "PATH=$(f fakebin):$PATH")
	expect_error 3 "^elfload: .*touch-pie: valgrind did not say where it loaded the program" \
		refs "$(f touch-pie)"
	expect_error 3 "^elfload: .*touch-exec: valgrind recorded no references" \
		refs --out "$(f none.refs)" "$(f touch-exec)"
	[[ ! -e $(f none.refs) ]]
}

@test "refs: usage and file errors" {
	local rc=0
	check_error 2 "^elfload refs: missing PROG" refs || rc=1
	check_error 2 "^elfload refs: unknown option '--bogus'" refs --bogus /bin/true || rc=1
	check_error 2 "^elfload refs: option '--out' needs a value" refs --out || rc=1
	check_error 3 "^elfload: no-such-program-here: command not found\$" \
		refs no-such-program-here || rc=1
	printf '#!/bin/sh\necho hi\n' >"$(f script)"
	chmod +x "$(f script)"
	check_error 1 "^elfload: $(re_quote "$(f script)"): " refs "$(f script)" || rc=1
	cp "$(f touch-exec)" "$(f noexec)"
	chmod -x "$(f noexec)"
	check_error 3 "^elfload: $(re_quote "$(f noexec)"): Permission denied\$" \
		refs "$(f noexec)" || rc=1
	check_error 3 "^elfload: /nonexistent/out: No such file or directory\$" \
		refs --out /nonexistent/out "$(f touch-exec)" || rc=1
	return $rc
}

@test "refs --help: usage on stdout, exit 0" {
	expect_success refs --help
	[[ ${lines[0]} == "Usage: elfload refs "* ]]
	[[ $output == *--out* && $output == *--collapse* && $output == *valgrind* ]]
	expect_success --help
	[[ $output == *refs* ]]
}
