#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# elfload faults: --pages names the pages VPn and the frames PPj, --svg
# draws the frames over time, the trace's frame field read back.

bats_require_minimum_version 1.5.0
load helpers

setup_file() {
	require_elfload
	# Three pages, two frames: VP1 faults into PP0, VP0 into PP1, VP2
	# replaces VP1 (clean) in PP0, VP1 comes back in PP1 replacing VP0
	# (written: a write-back).
	cat >"$BATS_FILE_TMPDIR/t.trace" <<'EOF'
# elfload trace 1
# prog /x
# page_size 4096
# arch x86_64
vma index=0 start=0x400000 end=0x403000 prot=rw- off=0x0 file=/x seg=0 kind=exe backing=file
fault seq=1 t_us=1.0 process=0 tid=1 addr=0x401010 page=0x401000 vma=0 section=.text off=0x1000 access=read served=file serve_ns=1 frame=0
fault seq=2 t_us=2.0 process=0 tid=1 addr=0x400010 page=0x400000 vma=0 section=- off=0x0 access=write served=file serve_ns=1 frame=1
evict seq=3 t_us=3.0 process=0 page=0x401000 vma=0 dirty=0 kept=0 frame=0
fault seq=4 t_us=4.0 process=0 tid=1 addr=0x402000 page=0x402000 vma=0 section=.data off=0x2000 access=read served=file serve_ns=1 frame=0
evict seq=5 t_us=5.0 process=0 page=0x400000 vma=0 dirty=1 kept=0 frame=1
fault seq=6 t_us=6.0 process=0 tid=1 addr=0x401010 page=0x401000 vma=0 section=.text off=0x1000 access=read served=file serve_ns=1 frame=1
summary duplicates=0
EOF
}

f() {
	printf '%s/%s' "$BATS_FILE_TMPDIR" "$1"
}

@test "faults --pages: pages VPn with address and section, faults with PPj and victims" {
	expect_success faults --pages "$(f t.trace)"
	[[ $(sed -n 2p <<<"$output" | tr -s ' ') == "VP0 0x400000 -" ]]
	[[ $(sed -n 3p <<<"$output" | tr -s ' ') == "VP1 0x401000 .text" ]]
	[[ $(sed -n 4p <<<"$output" | tr -s ' ') == "VP2 0x402000 .data" ]]
	local faults
	faults=$(awk '$1 ~ /^[0-9]+$/' <<<"$output" | tr -s ' ')
	[[ $(sed -n 1p <<<"$faults") == " 1 VP1 read PP0 " ]]
	[[ $(sed -n 3p <<<"$faults") == " 4 VP2 read PP0 VP1" ]]
	[[ $(sed -n 4p <<<"$faults") == " 6 VP1 read PP1 VP0 (written back)" ]]
}

@test "faults --svg: a row per page, a mark per fault, eviction and write-back" {
	expect_success faults --svg "$(f t.svg)" "$(f t.trace)"
	[[ $output == *"faults"* ]]	# the summary still printed
	python3 - "$(f t.svg)" <<'EOF'
import sys, xml.etree.ElementTree as E
ns = "{http://www.w3.org/2000/svg}"
root = E.parse(sys.argv[1]).getroot()
g = list(root.iter(ns + "g"))
rows = [x for x in g if x.get("class") == "vp"]
assert [x.get("data-page") for x in rows] == ["0x400000", "0x401000", "0x402000"]
faults = [x for x in g if x.get("class") == "fault"]
assert [(x.get("data-seq"), x.get("data-frame")) for x in faults] == \
    [("1", "0"), ("2", "1"), ("4", "0"), ("6", "1")], faults
assert "PP1" in "".join(faults[3].itertext())
assert len([x for x in g if x.get("class") == "evict"]) == 2
wb = [t for t in root.iter(ns + "text") if t.get("class") == "writeback"]
assert len(wb) == 1 and wb[0].get("data-row") == "0"
EOF
}

@test "the frame field survives --json; a frame past INT_MAX is refused" {
	expect_success faults --json "$(f t.trace)"
	[[ $(grep -c '"frame":' <<<"$output") -eq 6 ]]
	sed 's/frame=1$/frame=99999999999/' "$(f t.trace)" >"$(f big.trace)"
	check_error 1 "^elfload: .*big.trace: " faults "$(f big.trace)"
}

@test "faults: usage errors" {
	check_error 2 "^elfload faults: --json and --pages exclude each other" \
		faults --json --pages "$(f t.trace)"
	check_error 2 "^elfload faults: missing TRACE" faults
	check_error 3 "^elfload: /nonexistent/x.svg: No such file or directory\$" \
		faults --svg /nonexistent/x.svg "$(f t.trace)"
}

@test "faults --pages lists every fault; --svg draws the first 2000" {
	{
		printf '# elfload trace 1\n# page_size 4096\n'
		echo "vma index=0 start=0x400000 end=0xe00000 prot=r-- off=0x0 file=/x seg=0 kind=exe backing=file"
		for i in $(seq 0 2499); do
			printf 'fault seq=%d addr=0x%x page=0x%x vma=0 section=.text access=read served=file\n' \
				$((i + 1)) $((0x400000 + i % 300 * 4096)) $((0x400000 + i % 300 * 4096))
		done
	} >"$(f long.trace)"
	expect_success faults --pages --svg "$(f long.svg)" "$(f long.trace)"
	[[ $(awk '$1 ~ /^[0-9]+$/ && $2 ~ /^VP/' <<<"$output" | wc -l) -eq 2500 ]]
	[[ $(grep -c 'class="fault"' "$(f long.svg)") -eq 2000 ]]
	grep -q "the first 2000 of 2500" "$(f long.svg)"
}
