#!/bin/bash
# SPDX-License-Identifier: MIT
# The pictures in a real browser: headless Chromium loads each SVG and
# report elfload draws, and tests/browser/check.py reads back from the
# rendered DOM what was drawn and compares it with elfload maps, GNU
# readelf and the trace: every VMA with its range, every allocated
# section, one arrow per PT_LOAD, one row per page, every fault, eviction
# and write-back; no console message; a screenshot that is not blank.
# Golden structure files for the eight-page program; planted differences
# that the checks must catch.  Costs about 30 s.
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

browser=$(command -v chromium || true)
if [ -z "$browser" ]; then
	fail "chromium is not installed (tests/packages.txt lists it)"
	finish
fi

# render FILE NAME: NAME.dom (the DOM after loading), NAME.png, NAME.err
render() {
	timeout 60 "$browser" --headless --no-sandbox --disable-gpu \
		--hide-scrollbars --enable-logging=stderr --v=0 \
		--window-size=1200,1400 --screenshot="$work/$2.png" \
		--dump-dom "file://$1" >"$work/$2.dom" 2>"$work/$2.err"
}

# The sources a maps picture is checked against, for program $1 as $2.
sources() {
	"$elfload" maps "$1" >"$work/$2.maps" &&
		readelf -SW "$1" >"$work/$2.rs" && readelf -lW "$1" >"$work/$2.rl"
}

# check_rendered NAME: what every rendered page must pass.
check_rendered() {
	$check console "$work/$1.err" && $check png "$work/$1.png"
}

maps_test() {	# NAME PROG: maps --svg of PROG renders and shows its plan
	local name=$1 prog=$2
	if "$elfload" maps --svg "$work/$name.svg" "$prog" >/dev/null &&
		sources "$prog" "$name" && render "$work/$name.svg" "$name" &&
		$check maps "$work/$name.dom" "$work/$name.maps" \
			"$work/$name.rs" "$work/$name.rl" &&
		check_rendered "$name"; then
		ok "maps --svg $prog"
	else
		fail "maps --svg $prog"
	fi
}

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

progs=$top/build/browser-progs
if ! "$top/tests/progs/build.sh" "$progs" >"$work/progs.log" 2>&1; then
	fail "building the test programs"; cat "$work/progs.log"
	finish
fi
eight=$progs/eightpages

# ---- the address-space picture ---------------------------------------

maps_test eight "$eight"
if $check golden "$work/eight.dom" "$here/golden/eightpages-maps.txt"; then
	ok "maps --svg eightpages: structure as golden"
else
	fail "maps --svg eightpages: structure as golden"
fi
maps_test ls /bin/ls
maps_test python3 "$(realpath /usr/bin/python3)"
maps_test static-pie "$progs/hello-static-pie"

# Planted differences in copies of the rendered eight-page picture.
sed '0,/<g class="vma"/s//<g class="not-a-vma"/' "$work/eight.svg" \
	>"$work/p-vma.svg"
render "$work/p-vma.svg" p-vma
expect_fail "a VMA missing" $check maps "$work/p-vma.dom" "$work/eight.maps" \
	"$work/eight.rs" "$work/eight.rl"
sed '0,/class="arrow"/s//class="not-an-arrow"/' "$work/eight.svg" \
	>"$work/p-arrow.svg"
render "$work/p-arrow.svg" p-arrow
expect_fail "an arrow missing" $check maps "$work/p-arrow.dom" \
	"$work/eight.maps" "$work/eight.rs" "$work/eight.rl"
sed 's/data-name="\.rodata"/data-name=".rodata-not"/' "$work/eight.svg" \
	>"$work/p-sec.svg"
render "$work/p-sec.svg" p-sec
expect_fail "a section missing" $check maps "$work/p-sec.dom" \
	"$work/eight.maps" "$work/eight.rs" "$work/eight.rl"
sed 's/00403000-00405000 rw-p/00403000-00406000 rw-p/' "$work/eight.maps" \
	>"$work/p-range.maps"
expect_fail "a VMA's range differs" $check maps "$work/eight.dom" \
	"$work/p-range.maps" "$work/eight.rs" "$work/eight.rl"
printf '<html><body><script>no_such_function();</script></body></html>\n' \
	>"$work/p-console.html"
render "$work/p-console.html" p-console
expect_fail "a script error" $check console "$work/p-console.err"
printf '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300"><rect width="300" height="300" fill="#fff"/></svg>\n' \
	>"$work/p-blank.svg"
render "$work/p-blank.svg" p-blank
expect_fail "a blank screenshot" $check png "$work/p-blank.png"

# ---- the HTML report --------------------------------------------------

report_test() {	# NAME PROG [TRACE]: report --html renders and shows it all
	local name=$1 prog=$2 trace=${3:-} t0 t1
	t0=$(date +%s%N)
	if "$elfload" report --html "$work/$name.html" ${trace:+--trace "$trace"} \
		"$prog" && sources "$prog" "$name" &&
		render "$work/$name.html" "$name" &&
		$check report "$work/$name.dom" "$work/$name.maps" \
			"$work/$name.rs" "$work/$name.rl" $trace &&
		check_rendered "$name"; then
		t1=$(date +%s%N)
		ok "report --html $prog${trace:+ --trace} ($(($(stat -c %s "$work/$name.html") / 1024)) KiB, $(((t1 - t0) / 1000000)) ms with the browser)"
	else
		fail "report --html $prog${trace:+ --trace}"
	fi
}

# ---- the page frames over time ----------------------------------------

# The eight pages in four frames, from a real run, drawn from the trace.
if "$elfload" run --demand --frames 4 --trace "$work/eight.trace" "$eight" \
	2>"$work/eight-run.log" &&
	"$elfload" faults --svg "$work/frames.svg" "$work/eight.trace" \
		>/dev/null && render "$work/frames.svg" frames &&
	$check frames "$work/frames.dom" "$work/eight.trace" &&
	check_rendered frames; then
	ok "faults --svg of run --demand --frames 4 eightpages"
else
	fail "faults --svg of run --demand --frames 4 eightpages"
fi
if $check golden "$work/frames.dom" "$here/golden/eightpages-frames.txt"; then
	ok "faults --svg eightpages: rows as golden"
else
	fail "faults --svg eightpages: rows as golden"
fi
# The textbook's string simulated: 15 faults for FIFO in 3 frames.
echo 7,0,1,2,0,3,0,4,2,3,0,3,2,1,2,0,1,7,0,1 >"$work/textbook"
if "$elfload" pagesim --frames 3 --policy fifo --svg "$work/tb.svg" \
	"$work/textbook" >/dev/null && render "$work/tb.svg" tb &&
	[ "$(grep -c 'class="fault"' "$work/tb.dom")" -eq 15 ] &&
	check_rendered tb; then
	ok "pagesim --svg: the textbook string's 15 FIFO faults render"
else
	fail "pagesim --svg: the textbook string's 15 FIFO faults render"
fi
report_test r-eight "$eight" "$work/eight.trace"
report_test r-ls /bin/ls
report_test r-python3 "$(realpath /usr/bin/python3)"
# The links and the sorting, driven by a test script added to a copy:
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
EOF
sed -e '/^<\/body><\/html>$/{r '"$work/interact.js" -e 'd}' "$work/r-ls.html" \
	>"$work/i-ls.html"
echo '</body></html>' >>"$work/i-ls.html"
render "$work/i-ls.html" i-ls
if $check linked "$work/i-ls.dom" "$work/r-ls.rl" &&
	$check console "$work/i-ls.err"; then
	ok "report --html /bin/ls: hover links VMA and sections both ways, sorting"
else
	fail "report --html /bin/ls: hover links VMA and sections both ways, sorting"
fi
sed 's/data-sections="[^"]*"/data-sections=""/' "$work/i-ls.html" \
	>"$work/p-link.html"
render "$work/p-link.html" p-link
expect_fail "VMAs without their sections" $check linked "$work/p-link.dom" \
	"$work/r-ls.rl"
# A report that loads something from outside, and one whose script broke.
sed 's|<script>|<script src="https://example.com/x.js"></script><script>|' \
	"$work/r-ls.html" >"$work/p-ext.html"
render "$work/p-ext.html" p-ext
expect_fail "an external script" $check report "$work/p-ext.dom" \
	"$work/r-ls.maps" "$work/r-ls.rs" "$work/r-ls.rl"
sed 's|^  .use strict.;$|  throw new Error("planted");|' "$work/r-ls.html" \
	>"$work/p-js.html"
render "$work/p-js.html" p-js
expect_fail "a script that stops" $check report "$work/p-js.dom" \
	"$work/r-ls.maps" "$work/r-ls.rs" "$work/r-ls.rl"
sed '0,/<g class="fault"/s//<g class="no-fault"/' "$work/frames.svg" \
	>"$work/p-fault.svg"
render "$work/p-fault.svg" p-fault
expect_fail "a fault missing" $check frames "$work/p-fault.dom" \
	"$work/eight.trace"
sed '0,/ frame=2$/s// frame=3/' "$work/eight.trace" >"$work/p-frame.trace"
expect_fail "a fault in another frame" $check frames "$work/frames.dom" \
	"$work/p-frame.trace"

finish
