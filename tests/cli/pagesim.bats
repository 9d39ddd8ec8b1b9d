#!/usr/bin/env bats
# elfload pagesim: known answers of the textbook strings, the input
# formats (plain strings, elfload refs output, run --demand traces), the
# verbose listing, sweeps and their SVG chart, and the errors.

bats_require_minimum_version 1.5.0
load helpers

TEXTBOOK=7,0,1,2,0,3,0,4,2,3,0,3,2,1,2,0,1,7,0,1
BELADY=1,2,3,4,1,2,5,1,2,3,4,5

setup_file() {
	require_elfload
	local d=$BATS_FILE_TMPDIR
	echo "$TEXTBOOK" >"$d/textbook"
	echo "$BELADY" >"$d/belady"
}

f() {
	printf '%s/%s' "$BATS_FILE_TMPDIR" "$1"
}

# The faults column of POLICY's row in the last summary.
faults_of() {
	awk -v p="$1" '$1 == p { print $2 }' <<<"$output"
}

# faults_are FILE FRAMES POLICY=N...: each policy's faults, all at once.
faults_are() {
	local file=$1 frames=$2 pair problems=()
	shift 2
	expect_success pagesim --frames "$frames" "$file" || return 1
	for pair in "$@"; do
		local got
		got=$(faults_of "${pair%=*}")
		[[ $got == "${pair#*=}" ]] ||
			problems+=("${pair%=*} with $frames frames: '$got' faults, want ${pair#*=}")
	done
	if ((${#problems[@]})); then
		printf '# %s\n' "${problems[@]}" "$output" >&2
		return 1
	fi
}

# ---- known answers -----------------------------------------------------

@test "textbook string, 3 frames: FIFO 15, LRU 12, OPT 9, CLOCK 14" {
	faults_are "$(f textbook)" 3 fifo=15 lru=12 opt=9 clock=14
	[[ $output == *"references      20"* ]]
	[[ $output == *"distinct pages  6"* ]]
}

@test "textbook string, 4 frames: FIFO 10, LRU 8, OPT 8, CLOCK 9" {
	faults_are "$(f textbook)" 4 fifo=10 lru=8 opt=8 clock=9
}

@test "Belady's string: FIFO 9 then 10, OPT 7 then 6, CLOCK 9 then 10" {
	faults_are "$(f belady)" 3 fifo=9 opt=7 lru=10 clock=9
	faults_are "$(f belady)" 4 fifo=10 opt=6 lru=8 clock=10
}

@test "summary: faults + hits = references, hit rate, one row per policy" {
	expect_success pagesim --frames 3 "$(f textbook)"
	[[ $(awk '$1 ~ /^(fifo|lru|opt|clock|rand)$/' <<<"$output" | wc -l) -eq 5 ]]
	awk '$1 ~ /^(fifo|lru|opt|clock|rand)$/ {
		if ($2 + $3 != 20) exit 1
		if (sprintf("%.2f%%", $3 * 100 / 20) != $4) exit 1
	}' <<<"$output"
	[[ $output == *"seed            1"* ]]
	expect_success pagesim --frames 3 --policy lru "$(f textbook)"
	[[ $(awk '$1 ~ /^(fifo|lru|opt|clock|rand)$/' <<<"$output" | wc -l) -eq 1 ]]
	[[ $(faults_of lru) -eq 12 ]]
	[[ $output != *seed* ]]
}

@test "enough frames: faults = distinct pages, for every policy" {
	faults_are "$(f textbook)" 6 fifo=6 lru=6 opt=6 clock=6 rand=6
	faults_are "$(f textbook)" 1000000 fifo=6 lru=6 opt=6 clock=6 rand=6
	faults_are "$(f textbook)" 1 fifo=20 lru=20 opt=20 clock=20 rand=20
}

# ---- input -------------------------------------------------------------

@test "input: spaces, commas, lines, hex and comments read alike" {
	local forms=(
		"7 0 1 2 0 3 0 4 2 3 0 3 2 1 2 0 1 7 0 1"
		$'# a comment\n7,0,1,2,0  # another\n3,0,4,2,3\n\n0 , 3,2 1 2\t0 1 7 0 1\r'
		"0x7 0x0 0x1 0X2 0 3 0x00 4 2 3 0 3 2 1 2 0 1 7 0 0x1"
		"7,,0,1,2,0,3,0,4,2,3,0,3,2,1,2,0,1,7,0,1,"
	)
	local i
	for i in "${!forms[@]}"; do
		printf '%s\n' "${forms[$i]}" >"$(f form$i)"
		faults_are "$(f form$i)" 3 fifo=15 lru=12 opt=9 clock=14 ||
			{ echo "# form $i" >&2; return 1; }
	done
}

@test "input: standard input, with - or no FILE" {
	run --separate-stderr bash -c "echo $BELADY | '$ELFLOAD' pagesim --frames 3 --policy fifo -"
	[[ $status -eq 0 && $(faults_of fifo) -eq 9 ]]
	run --separate-stderr bash -c "echo $BELADY | '$ELFLOAD' pagesim --frames 4 --policy fifo"
	[[ $status -eq 0 && $(faults_of fifo) -eq 10 ]]
}

@test "input: elfload refs output (comment header) is read" {
	{
		echo "# elfload refs 1"
		echo "# segment 0: 0x400000-0x402000 r-x VP0-VP1"
		tr , '\n' <<<"$BELADY"
		echo "# references 12"
	} >"$(f refs-out)"
	faults_are "$(f refs-out)" 3 fifo=9 opt=7
}

@test "input: text trace of run --demand: fault pages / 4096, other events skipped" {
	cat >"$(f trace.txt)" <<'EOF'
# elfload trace 1
vma index=0 start=0x555555554000 end=0x555555556000 prot=r-- off=0x0 file=/usr/bin/true seg=0 kind=exe
fault seq=1 t_us=13.2 tid=4242 addr=0x555555556a10 page=0x555555556000 vma=1 section=.text off=0x2000 access=read served=file
fault seq=2 t_us=14.0 tid=4242 addr=0x555555557008 page=0x555555557000 vma=1 section=.data off=0x3000 access=write served=file
evict seq=3 t_us=901.4 page=0x555555556000 vma=1 dirty=0
fault seq=4 future=field page=0x555555556000 vma=1
summary faults=3
EOF
	expect_success pagesim --frames 1 --policy fifo --verbose "$(f trace.txt)"
	# pages 0x555555556 and 0x555555557: VP0 and VP1 in address order
	[[ $(awk '$3 ~ /^(hit|miss)$/ { print $2 }' <<<"$output" | tr '\n' ' ') == \
		"VP0 VP1 VP0 " ]]
	[[ $(faults_of fifo) -eq 3 ]]
}

@test "input: JSON Lines trace of run --demand" {
	cat >"$(f trace.json)" <<'EOF'
{"event":"vma","index":0,"start":"0x555555554000","end":"0x555555556000"}
{"event":"fault","seq":1,"t_us":13.2,"tid":4242,"addr":"0x555555556a10","page":"0x555555556000","vma":1,"section":".text","off":"0x2000","access":"read","served":"file"}

{ "event" : "fault", "nested": {"a": [1, "}"]}, "page": "0x2000" }
{"event":"evict","page":"0x555555556000"}
{"event":"fault","page":12288}
EOF
	expect_success pagesim --frames 2 --policy lru --verbose "$(f trace.json)"
	# pages 0x555555556, 2 and 3: VP2, VP0, VP1 in address order
	[[ $(awk '$3 ~ /^(hit|miss)$/ { print $2 }' <<<"$output" | tr '\n' ' ') == \
		"VP2 VP0 VP1 " ]]
}

@test "input: real traces of run --demand, text and JSON" {
	if nm "$ELFLOAD" 2>/dev/null | grep -q __asan_init; then
		skip "elfload run does not work in the ASan build"
	fi
	"$ELFLOAD" run --demand --trace "$(f real.trace)" /bin/true 2>/dev/null
	"$ELFLOAD" run --demand --trace-format json --trace "$(f real.json)" \
		/bin/true 2>/dev/null
	local want
	want=$(python3 - "$(f real.trace)" <<'EOF'
import sys
pages = []
for line in open(sys.argv[1]):
    w = line.split()
    if w and w[0] == "fault":
        page = dict(f.split("=", 1) for f in w[1:])["page"]
        pages.append(int(page, 16) // 4096)
vp = {p: i for i, p in enumerate(sorted(set(pages)))}
print(" ".join("VP%d" % vp[p] for p in pages), end=" ")
EOF
)
	expect_success pagesim --frames 4 --policy fifo --verbose "$(f real.trace)"
	[[ $(awk '$3 ~ /^(hit|miss)$/ { printf "%s ", $2 }' <<<"$output") == "$want" ]]
	(($(wc -w <<<"$want") > 10))
	local faults
	faults=$(grep -c '"event":"fault"' "$(f real.json)")
	expect_success pagesim --frames 4 --policy fifo "$(f real.json)"
	[[ $output == *"references      $faults"$'\n'* ]]
}

# ---- --verbose ---------------------------------------------------------

@test "--verbose: one line per reference with frames and victim" {
	expect_success pagesim --frames 3 --policy fifo --verbose "$(f belady)"
	local rows
	rows=$(awk '$3 ~ /^(hit|miss)$/' <<<"$output")
	[[ $(count_lines "$rows") -eq 12 ]]
	# index page result frame [frames PP0 PP1 PP2] victim
	[[ $(sed -n 4p <<<"$rows" | tr -s ' ') == " 3 VP4 miss PP0 [VP4 VP2 VP3] VP1" ]]
	[[ $(sed -n 1p <<<"$rows" | tr -s ' ') == " 0 VP1 miss PP0 [VP1 - -] -" ]]
	[[ $(sed -n 8p <<<"$rows" | tr -s ' ') == " 7 VP1 hit PP1 [VP5 VP1 VP2] -" ]]
	[[ $(faults_of fifo) -eq 9 ]]
}

@test "--verbose clock: reference bits (*) and the hand (>)" {
	expect_success pagesim --frames 3 --policy clock --verbose "$(f belady)"
	local rows
	rows=$(awk '$3 ~ /^(hit|miss)$/' <<<"$output" | tr -s ' ')
	# 1 2 3 fill with bits set; 4 clears all three and replaces 1.
	[[ $(sed -n 3p <<<"$rows") == " 2 VP3 miss PP2 [>VP1* VP2* VP3*] -" ]]
	[[ $(sed -n 4p <<<"$rows") == " 3 VP4 miss PP0 [VP4* >VP2 VP3] VP1" ]]
}

@test "--verbose opt: ties among pages never used again go to the lowest frame" {
	echo "1 2 3 4 5" >"$(f ties)"
	expect_success pagesim --frames 3 --policy opt --verbose "$(f ties)"
	[[ $(awk '$3 == "miss" && $2 == "VP5"' <<<"$output" | tr -s ' ') == " 4 VP5 miss PP0 [VP5 VP2 VP3] VP4" ]]
}

# ---- rand --------------------------------------------------------------

@test "rand: the same seed gives the same run, the seed matters" {
	seq 1 3000 | awk '{ srand($1); print int(rand() * 40) }' >"$(f random)"
	expect_success pagesim --frames 10 --policy rand --seed 7 --verbose "$(f random)"
	local first=$output
	expect_success pagesim --frames 10 --policy rand --seed 7 --verbose "$(f random)"
	[[ $output == "$first" ]]
	expect_success pagesim --frames 10 --policy rand --seed 0x8 --verbose "$(f random)"
	[[ $output != "$first" ]]
	[[ $output == *"seed            8"* ]]
}

# ---- --sweep and --svg -------------------------------------------------

@test "--sweep: faults of every policy for each frame count; Belady's anomaly" {
	expect_success pagesim --sweep 1..7 "$(f belady)"
	[[ $(grep -E '^ *frames +fifo +lru +opt +clock +rand$' <<<"$output") ]]
	[[ $(awk '$1 == 3 { print $2, $4, $5 }' <<<"$output") == "9 7 9" ]]
	[[ $(awk '$1 == 4 { print $2, $4, $5 }' <<<"$output") == "10 6 10" ]]
	[[ $(awk '$1 ~ /^[0-9]+$/' <<<"$output" | wc -l) -eq 7 ]]
	# Every cell: what --frames N gives for that policy.
	local sweep=$output n k header row
	read -ra header < <(grep -E '^ *frames' <<<"$sweep")
	for n in 1 2 3 4 5 6 7; do
		read -ra row < <(awk -v n=$n '$1 == n' <<<"$sweep")
		el pagesim --frames $n "$(f belady)"
		for k in 1 2 3 4 5; do
			[[ ${row[$k]} == "$(faults_of "${header[$k]}")" ]] ||
				{ echo "# $n frames, ${header[$k]}" >&2; return 1; }
		done
	done
}

@test "--sweep with --policy: only that policy's column" {
	expect_success pagesim --sweep 2..5 --policy fifo "$(f belady)"
	[[ $(grep -E '^ *frames +fifo$' <<<"$output") ]]
	[[ $(awk '$1 ~ /^[0-9]+$/ { printf "%s:%s ", $1, $2 }' <<<"$output") == \
		"2:12 3:9 4:10 5:5 " ]]
}

@test "--svg: well-formed XML, a polyline per policy, FIFO rising at 4 frames" {
	expect_success pagesim --sweep 1..7 --svg "$(f belady.svg)" "$(f belady)"
	python3 - "$(f belady.svg)" <<'EOF'
import sys
import xml.etree.ElementTree as ET
ns = "{http://www.w3.org/2000/svg}"
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == ns + "svg", root.tag
lines = {p.get("data-policy"): p for p in root.iter(ns + "polyline")}
assert sorted(lines) == ["clock", "fifo", "lru", "opt", "rand"], lines
for name, line in lines.items():
    pts = [tuple(map(float, xy.split(","))) for xy in line.get("points").split()]
    assert len(pts) == 7, (name, pts)
    xs = [x for x, _ in pts]
    assert xs == sorted(xs) and len(set(xs)) == 7, (name, xs)
# SVG y grows downwards: more faults is a smaller y.
fifo = [y for _, y in [tuple(map(float, xy.split(","))) for xy in lines["fifo"].get("points").split()]]
assert fifo[3] < fifo[2], ("no anomaly drawn", fifo)
opt = [y for _, y in [tuple(map(float, xy.split(","))) for xy in lines["opt"].get("points").split()]]
assert all(a <= b for a, b in zip(opt, opt[1:])), opt
texts = [t.text for t in root.iter(ns + "text")]
for label in ["frames", "page faults", "fifo", "lru", "opt", "clock", "rand"]:
    assert label in texts, (label, texts)
# Tick labels on both axes, the anomaly ringed.
assert "12" in texts and "7" in texts, texts
assert any(c.get("class") == "anomaly" for c in root.iter(ns + "circle"))
EOF
}

@test "--svg with --policy: one polyline" {
	expect_success pagesim --sweep 1..7 --policy opt --svg "$(f opt.svg)" "$(f belady)"
	python3 - "$(f opt.svg)" <<'EOF'
import sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
lines = [p.get("data-policy") for p in root.iter("{http://www.w3.org/2000/svg}polyline")]
assert lines == ["opt"], lines
EOF
}

@test "--svg: a single frame count and a wide range still give valid charts" {
	expect_success pagesim --sweep 3..3 --svg "$(f one.svg)" "$(f belady)"
	python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$(f one.svg)"
	expect_success pagesim --sweep 1..300 --svg "$(f wide.svg)" "$(f textbook)"
	python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$(f wide.svg)"
}

@test "--svg with --frames and --policy: the frames over time, the textbook's 15 FIFO faults" {
	expect_success pagesim --frames 3 --policy fifo --svg "$(f tb.svg)" "$(f textbook)"
	[[ $(faults_of fifo) -eq 15 ]]
	python3 - "$(f tb.svg)" <<'EOF'
import sys, xml.etree.ElementTree as E
ns = "{http://www.w3.org/2000/svg}"
root = E.parse(sys.argv[1]).getroot()
groups = list(root.iter(ns + "g"))
rows = [g for g in groups if g.get("class") == "vp"]
# the distinct pages of the string, as VPn: 0 1 2 3 4 7
assert [g.get("data-page") for g in rows] == ["0", "1", "2", "3", "4", "7"], rows
assert "VP7" in "".join(rows[-1].itertext())
faults = [g for g in groups if g.get("class") == "fault"]
assert len(faults) == 15, len(faults)
# FIFO fills PP0, PP1, PP2 with 7, 0, 1, then 2 replaces 7 in PP0
assert [(g.get("data-page"), g.get("data-frame")) for g in faults[:4]] == \
    [("7", "0"), ("0", "1"), ("1", "2"), ("2", "0")]
evicts = [g for g in groups if g.get("class") == "evict"]
assert len(evicts) == 12, len(evicts)
hits = [c for c in root.iter(ns + "circle") if c.get("class") == "hit"]
assert len(hits) == 5, len(hits)
EOF
}

@test "--pages: the VPs of a trace with address and section; plain strings by number" {
	cat >"$(f pages.trace)" <<'EOF'
# elfload trace 1
# page_size 4096
vma index=0 start=0x400000 end=0x402000 prot=r-x off=0x0 file=/x seg=0 kind=exe backing=file
fault seq=1 addr=0x401008 page=0x401000 vma=0 section=.text access=read served=file frame=0
fault seq=2 addr=0x400010 page=0x400000 vma=0 section=- access=write served=file frame=1
EOF
	expect_success pagesim --frames 2 --policy lru --pages "$(f pages.trace)"
	[[ $(sed -n 2p <<<"$output" | tr -s ' ') == "VP0 0x400000 -" ]]
	[[ $(sed -n 3p <<<"$output" | tr -s ' ') == "VP1 0x401000 .text" ]]
	expect_success pagesim --frames 2 --policy lru --pages "$(f belady)"
	[[ $(sed -n 2p <<<"$output" | tr -s ' ') == "VP1 1 -" ]]
}

@test "docs/belady.svg is what pagesim --svg draws for Belady's string" {
	expect_success pagesim --sweep 1..7 --svg "$(f docs.svg)" "$(f belady)"
	cmp "$(f docs.svg)" "$BATS_TEST_DIRNAME/../../docs/belady.svg"
}

# ---- size --------------------------------------------------------------

@test "a million references, 1000 frames, every policy, in a few seconds" {
	seq 0 999999 | awk '{ print ($1 * 7919) % 3000 + ($1 % 5 == 0 ? $1 % 50000 : 0) }' \
		>"$(f million)"
	ELFLOAD_TEST_TIMEOUT=60 expect_success pagesim --frames 1000 "$(f million)"
	[[ $output == *"references      1000000"* ]]
	local opt p
	opt=$(faults_of opt)
	for p in fifo lru clock rand; do
		(($(faults_of $p) >= opt))
	done
}

# ---- errors ------------------------------------------------------------

# bad_input NAME CONTENT REGEX: a file NAME holding CONTENT (printf %b)
# is refused with exit 1 and one line matching REGEX.
bad_input() {
	printf '%b' "$2" >"$(f "$1")"
	check_error 1 "$3" pagesim --frames 3 "$(f "$1")"
}

@test "errors: bad input is one line naming the file, exit 1" {
	local rc=0
	bad_input bad-token '1 2\n3 x4 5\n' \
		"^elfload: $(re_quote "$(f bad-token)"): line 2: 'x4' is not a page number\$" || rc=1
	bad_input negative '1 -2\n' "line 1: '-2' is not a page number\$" || rc=1
	bad_input too-big '18446744073709551616\n' \
		"line 1: '18446744073709551616' is not a page number\$" || rc=1
	bad_input empty '' "^elfload: $(re_quote "$(f empty)"): no page references\$" || rc=1
	bad_input comments '# nothing but\n# comments\n\n' ": no page references\$" || rc=1
	bad_input no-faults '# elfload trace 1\nvma index=0\n' \
		": no fault events in the trace\$" || rc=1
	bad_input no-page '# elfload trace 1\nfault seq=1 addr=0x1000\n' \
		": line 2: fault event without page=\$" || rc=1
	bad_input trace2 '# elfload trace 2\n' \
		": line 1: trace format '2' is not supported" || rc=1
	bad_input bad-json '{"event":"fault","page":"0x1000"}\n{"event":\n' \
		": line 2: '\\{\"event\":' is not a JSON object\$" || rc=1
	bad_input json2 '{"event":"trace","version":2,"prog":"x"}\n' \
		": line 1: trace format '2' is not supported" || rc=1
	check_error 1 "^elfload: /: Is a directory\$" pagesim --frames 3 / || rc=1
	return $rc
}

@test "errors: unreadable file, exit 3; unwritable chart, exit 3 and no output" {
	local rc=0
	check_error 3 "^elfload: /nonexistent/refs: No such file or directory\$" \
		pagesim --frames 3 /nonexistent/refs || rc=1
	check_error 3 "^elfload: /nonexistent/x.svg: No such file or directory\$" \
		pagesim --sweep 1..3 --svg /nonexistent/x.svg "$(f belady)" || rc=1
	return $rc
}

@test "errors: usage, exit 2" {
	local rc=0 b
	b=$(f belady)
	check_error 2 "^elfload pagesim: bad frame count '0'" pagesim --frames 0 "$b" || rc=1
	check_error 2 "^elfload pagesim: bad frame count 'three'" pagesim --frames three "$b" || rc=1
	check_error 2 "^elfload pagesim: bad frame count '-1'" pagesim --frames -1 "$b" || rc=1
	check_error 2 "^elfload pagesim: missing --frames" pagesim "$b" || rc=1
	check_error 2 "^elfload pagesim: option '--frames' needs a value" pagesim --frames || rc=1
	check_error 2 "^elfload pagesim: unknown policy 'lfu'" pagesim --frames 3 --policy lfu "$b" || rc=1
	check_error 2 "^elfload pagesim: unknown option '--bogus'" pagesim --bogus "$b" || rc=1
	check_error 2 "^elfload pagesim: bad seed 'x'" pagesim --frames 3 --seed x "$b" || rc=1
	check_error 2 "^elfload pagesim: bad range '3..2'" pagesim --sweep 3..2 "$b" || rc=1
	check_error 2 "^elfload pagesim: bad range '0..2'" pagesim --sweep 0..2 "$b" || rc=1
	check_error 2 "^elfload pagesim: bad range '3'" pagesim --sweep 3 "$b" || rc=1
	check_error 2 "^elfload pagesim: --frames and --sweep" pagesim --frames 3 --sweep 1..3 "$b" || rc=1
	check_error 2 "^elfload pagesim: --verbose needs --policy" pagesim --frames 3 --verbose "$b" || rc=1
	check_error 2 "^elfload pagesim: --verbose does not go with --sweep" \
		pagesim --sweep 1..3 --policy lru --verbose "$b" || rc=1
	check_error 2 "^elfload pagesim: --svg needs --sweep, or --frames with --policy" pagesim --frames 3 --svg x.svg "$b" || rc=1
	check_error 2 "^elfload pagesim: unexpected argument" pagesim --frames 3 "$b" "$b" || rc=1
	return $rc
}

@test "pagesim --help: usage on stdout, exit 0" {
	expect_success pagesim --help
	[[ ${lines[0]} == "Usage: elfload pagesim "* ]]
	local opt
	for opt in --frames --policy --seed --verbose --sweep --svg; do
		[[ $output == *"$opt"* ]]
	done
	expect_success --help
	[[ $output == *pagesim* ]]
}
