#!/bin/bash
# SPDX-License-Identifier: MIT
# The pictures in a real browser: headless Chromium loads each SVG and
# report elfload draws, and tests/browser/check.py reads back from the
# rendered DOM what was drawn and compares it with elfload maps, GNU
# readelf and the trace: every VMA with its range, every allocated
# section, one arrow per PT_LOAD, one row per page, every fault, eviction
# and write-back; the report's links and sorting, driven by a script; no
# console message; a screenshot that is not blank.  Golden structure
# files for the eight-page program; planted differences that the checks
# must catch.
#
# Three phases: make every picture and every planted copy, render them
# all (four browsers at a time), then check.  Costs about 25 s on an idle
# machine.
#
# usage: run.sh ELFLOAD    (last line: "N passed, N failed")
set -u
elfload=$(realpath "${1:?usage: run.sh ELFLOAD}")
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
work=$top/build/browser
# Debian's python3 (tests/packages.txt), not whatever shim PATH has first.
check="/usr/bin/python3 $here/check.py"
passed=0
failed=0
rm -rf "$work"
mkdir -p "$work"

ok() { passed=$((passed + 1)); echo "ok: $1"; }
fail() { failed=$((failed + 1)); echo "FAILED: $1"; }
finish() { echo "$passed passed, $failed failed"; exit $((failed > 0)); }
# judge WHAT CMD...: one test, passed when CMD succeeds.
judge() {
	local what=$1
	shift
	if "$@"; then ok "$what"; else fail "$what"; fi
}

browser=$(command -v chromium || true)
if [ -z "$browser" ]; then
	fail "chromium is not installed (tests/packages.txt lists it)"
	finish
fi

progs=$top/build/browser-progs
if ! "$top/tests/progs/build.sh" "$progs" >"$work/progs.log" 2>&1; then
	fail "building the test programs"; cat "$work/progs.log"
	finish
fi
eight=$progs/eightpages
python=$(realpath /usr/bin/python3)

# ---- phase 1: the pictures, their sources, the planted copies ----------

made=()	# the names of the pictures made, NAME.svg or NAME.html
# sources PROG NAME: what a maps picture is checked against.
sources() {
	"$elfload" maps "$1" >"$work/$2.maps" &&
		readelf -SW "$1" >"$work/$2.rs" && readelf -lW "$1" >"$work/$2.rl"
}
# make NAME.EXT CMD...: make a picture, remember it if CMD succeeded.
make_pic() {
	local file=$1
	shift
	if "$@" >"$work/${file%.*}.out" 2>&1; then
		made+=("$file")
	else
		echo "making $file failed:"; cat "$work/${file%.*}.out"
	fi
}
# plant NAME.EXT FROM SED-SCRIPT: a copy of FROM with one difference.
plant() {
	sed "$3" "$work/$2" >"$work/$1" && made+=("$1")
}

for t in "eight $eight" "ls /bin/ls" "python3 $python" \
	"static-pie $progs/hello-static-pie"; do
	set -- $t
	sources "$2" "$1"
	make_pic "$1.svg" "$elfload" maps --svg "$work/$1.svg" "$2"
done
# The notes' 32-bit process: an ia32 program under the 3G/1G split.
(
	setarch -R --3gb "$elfload" maps --check "$progs/hello32-no-pie" &&
	setarch -R --3gb "$elfload" maps "$progs/hello32-no-pie"
) >"$work/ia32-check.out" 2>&1 &&
	readelf -SW "$progs/hello32-no-pie" >"$work/ia32.rs" &&
	readelf -lW "$progs/hello32-no-pie" >"$work/ia32.rl" &&
	grep -v '^identical' "$work/ia32-check.out" >"$work/ia32.maps"
make_pic ia32.svg setarch -R --3gb "$elfload" maps --svg "$work/ia32.svg" \
	"$progs/hello32-no-pie"
"$elfload" run --demand --frames 4 --trace "$work/eight.trace" "$eight" \
	2>"$work/eight-run.log" || cat "$work/eight-run.log"
make_pic frames.svg "$elfload" faults --svg "$work/frames.svg" \
	"$work/eight.trace"
echo 7,0,1,2,0,3,0,4,2,3,0,3,2,1,2,0,1,7,0,1 >"$work/textbook"
make_pic tb.svg "$elfload" pagesim --frames 3 --policy fifo \
	--svg "$work/tb.svg" "$work/textbook"
for t in "r-eight $eight $work/eight.trace" "r-ls /bin/ls" \
	"r-python3 $python"; do
	set -- $t
	sources "$2" "$1"
	make_pic "$1.html" "$elfload" report --html "$work/$1.html" \
		${3:+--trace "$3"} "$2"
done
# The report's links and sorting, driven by a script added to a copy:
# hover the text VMA, then the .text row; sort the sections by size.
cat >"$work/interact.js" <<'EOF'
<script>
(function () {
  var b = document.body, on = new MouseEvent('mouseenter'),
      off = new MouseEvent('mouseleave');
  var v = document.querySelector('svg.maps g.vma[data-role=text]');
  v.dispatchEvent(on);
  b.setAttribute('data-test-vma', Array.prototype.map.call(
    document.querySelectorAll('tr.hl[data-section]'),
    function (e) { return e.getAttribute('data-section'); }).join(' '));
  v.dispatchEvent(off);
  var s = document.querySelector('tr[data-section=".text"]');
  s.dispatchEvent(on);
  b.setAttribute('data-test-section', Array.prototype.map.call(
    document.querySelectorAll('g.vma.hl'),
    function (e) { return e.getAttribute('data-role'); }).join(' '));
  var t = document.querySelector('#sections table');
  t.querySelectorAll('th')[6].click();
  b.setAttribute('data-test-sorted', Array.prototype.map.call(t.tBodies[0].rows,
    function (r) { return r.cells[6].textContent; }).join(' '));
})();
</script>
</body></html>
EOF
plant i-ls.html r-ls.html '/^<\/body><\/html>$/{r '"$work/interact.js"'
d}'
# Planted differences.
plant p-vma.svg eight.svg '0,/<g class="vma"/s//<g class="not-a-vma"/'
plant p-arrow.svg eight.svg '0,/class="arrow"/s//class="not-an-arrow"/'
plant p-sec.svg eight.svg 's/data-name="\.rodata"/data-name=".rodata-not"/'
plant p-fault.svg frames.svg '0,/<g class="fault"/s//<g class="no-fault"/'
plant p-link.html i-ls.html 's/data-sections="[^"]*"/data-sections=""/'
plant p-ext.html r-ls.html \
	's|<script>|<script src="https://example.com/x.js"></script><script>|'
plant p-js.html r-ls.html 's|^  .use strict.;$|  throw new Error("planted");|'
printf '<html><body><script>no_such_function();</script></body></html>\n' \
	>"$work/p-console.html" && made+=(p-console.html)
printf '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300">%s</svg>\n' \
	'<rect width="300" height="300" fill="#fff"/>' >"$work/p-blank.svg" &&
	made+=(p-blank.svg)

# ---- phase 2: render them all: NAME.dom, NAME.png, NAME.err -------------

render() {	# FILE: the DOM after loading, a screenshot, the browser's log
	local name=${1%.*}
	timeout 60 "$browser" --headless --no-sandbox --disable-gpu \
		--hide-scrollbars --enable-logging=stderr --v=0 \
		--window-size=1200,1400 --screenshot="$work/$name.png" \
		--dump-dom "file://$work/$1" >"$work/$name.dom" \
		2>"$work/$name.err"
}
export -f render
export browser work
t0=$(date +%s%N)
printf '%s\n' "${made[@]}" | xargs -P 4 -I{} bash -c 'render "$1"' _ {}
t1=$(date +%s%N)
echo "rendered ${#made[@]} pages in $(((t1 - t0) / 1000000)) ms"

# ---- phase 3: the checks ------------------------------------------------

rendered() {	# NAME: it was made, rendered, says nothing, is not blank
	[ -s "$work/$1.dom" ] && $check console "$work/$1.err" &&
		$check png "$work/$1.png"
}
check_maps() {	# NAME: the maps picture against its sources
	rendered "$1" && $check maps "$work/$1.dom" "$work/$1.maps" \
		"$work/$1.rs" "$work/$1.rl"
}
check_report() {	# NAME [TRACE]: the whole report against its sources
	rendered "$1" && $check report "$work/$1.dom" "$work/$1.maps" \
		"$work/$1.rs" "$work/$1.rl" ${2:+"$2"}
}
size() { echo "$(($(stat -c %s "$work/$1") / 1024)) KiB"; }
# expect_fail WHAT CMD...: a planted difference the check must report.
expect_fail() {
	local what=$1
	shift
	if "$@" >"$work/planted.log" 2>&1; then
		fail "planted: $what not caught"
	elif grep -q '^FAIL: ' "$work/planted.log"; then
		ok "planted: $what caught ($(grep -m1 '^FAIL: ' "$work/planted.log"))"
	else
		fail "planted: $what: the check broke"; cat "$work/planted.log"
	fi
}

judge "maps --svg eightpages" check_maps eight
judge "maps --svg eightpages: structure as golden" \
	$check golden "$work/eight.dom" "$here/golden/eightpages-maps.txt"
judge "maps --svg /bin/ls" check_maps ls
judge "maps --svg $python" check_maps python3
judge "maps --svg static-pie hello" check_maps static-pie
judge "maps --svg ia32 under setarch --3gb: the kernel's plan, 1 GiB above 0xc0000000" \
	eval 'grep -q "^identical" "$work/ia32-check.out" &&
	grep -q "^08048000-.* r--p .*hello32-no-pie" "$work/ia32.maps" &&
	grep -q -- "-c0000000 rw-p .*\[stack\]" "$work/ia32.maps" &&
	check_maps ia32 && $check kernel "$work/ia32.dom" c0000000 ffffffff'
judge "faults --svg of run --demand --frames 4 eightpages" \
	eval 'rendered frames &&
	$check frames "$work/frames.dom" "$work/eight.trace"'
judge "faults --svg eightpages: rows as golden" \
	$check golden "$work/frames.dom" "$here/golden/eightpages-frames.txt"
judge "pagesim --svg: the textbook string's 15 FIFO faults render" \
	eval 'rendered tb && [ "$(grep -c "class=\"fault\"" "$work/tb.dom")" -eq 15 ]'
judge "report --html eightpages --trace ($(size r-eight.html))" \
	check_report r-eight "$work/eight.trace"
judge "report --html /bin/ls ($(size r-ls.html))" check_report r-ls
judge "report --html $python ($(size r-python3.html))" check_report r-python3
judge "report --html /bin/ls: hover links VMA and sections both ways, sorting" \
	eval '$check linked "$work/i-ls.dom" "$work/r-ls.rl" &&
	$check console "$work/i-ls.err"'

expect_fail "a VMA missing" $check maps "$work/p-vma.dom" "$work/eight.maps" \
	"$work/eight.rs" "$work/eight.rl"
expect_fail "an arrow missing" $check maps "$work/p-arrow.dom" \
	"$work/eight.maps" "$work/eight.rs" "$work/eight.rl"
expect_fail "a section missing" $check maps "$work/p-sec.dom" \
	"$work/eight.maps" "$work/eight.rs" "$work/eight.rl"
sed 's/00403000-00405000 rw-p/00403000-00406000 rw-p/' "$work/eight.maps" \
	>"$work/p-range.maps"
expect_fail "a VMA's range differs" $check maps "$work/eight.dom" \
	"$work/p-range.maps" "$work/eight.rs" "$work/eight.rl"
expect_fail "the kernel part where --3gb does not put it" \
	$check kernel "$work/ia32.dom" ffffe000 ffffffff
expect_fail "a fault missing" $check frames "$work/p-fault.dom" \
	"$work/eight.trace"
sed '0,/ frame=2$/s// frame=3/' "$work/eight.trace" >"$work/p-frame.trace"
expect_fail "a fault in another frame" $check frames "$work/frames.dom" \
	"$work/p-frame.trace"
expect_fail "VMAs without their sections" $check linked "$work/p-link.dom" \
	"$work/r-ls.rl"
expect_fail "an external script" $check report "$work/p-ext.dom" \
	"$work/r-ls.maps" "$work/r-ls.rs" "$work/r-ls.rl"
expect_fail "a script that stops" $check report "$work/p-js.dom" \
	"$work/r-ls.maps" "$work/r-ls.rs" "$work/r-ls.rl"
expect_fail "a script error" $check console "$work/p-console.err"
expect_fail "a blank screenshot" $check png "$work/p-blank.png"

finish
