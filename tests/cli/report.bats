#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# maps --svg and report --html as files: well-formed, self-contained,
# and their errors.  (tests/browser renders them in Chromium.)

bats_require_minimum_version 1.5.0
load helpers

setup_file() {
	require_elfload
}

f() {
	printf '%s/%s' "$BATS_FILE_TMPDIR" "$1"
}

@test "maps --svg: well-formed XML, one VMA group per line of maps" {
	expect_success maps --svg "$(f true.svg)" /bin/true
	local lines
	lines=$(count_lines "$output")
	python3 - "$(f true.svg)" "$lines" <<'EOF'
import sys, xml.etree.ElementTree as E
ns = "{http://www.w3.org/2000/svg}"
root = E.parse(sys.argv[1]).getroot()
vmas = [g for g in root.iter(ns + "g") if g.get("class") == "vma"]
assert len(vmas) == int(sys.argv[2]), (len(vmas), sys.argv[2])
assert all(g.get("data-role") for g in vmas)
assert any(g.get("class") == "kernel" for g in root.iter(ns + "g"))
EOF
}

@test "report --html: one page, no external resource, every table sortable" {
	el report --html "$(f true.html)" /bin/true
	[[ $status -eq 0 && -z $output && -z $stderr ]]
	python3 - "$(f true.html)" <<'EOF'
import re, sys
page = open(sys.argv[1]).read()
assert page.startswith("<!DOCTYPE html>")
refs = re.findall(r'\b(?:src|href)="([^"]*)"', page)
assert all(r.startswith("#") for r in refs), refs
assert page.count("<script") == 1
tables = re.findall(r"<table[^>]*>", page)
assert len(tables) == 3 and all('class="sortable"' in t for t in tables)
for part in ('id="headers"', 'id="segments"', 'id="sections"', 'class="maps"',
             'class="stack"'):
    assert part in page, part
assert 'id="paging"' not in page
EOF
}

@test "report --html: errors" {
	local rc=0
	check_error 2 "^elfload report: missing --html FILE" report /bin/true || rc=1
	check_error 3 "^elfload: /nonexistent: No such file or directory\$" \
		report --html "$(f x.html)" --trace /nonexistent /bin/true || rc=1
	check_error 1 "^elfload: /etc/passwd: " \
		report --html "$(f x.html)" --trace /etc/passwd /bin/true || rc=1
	check_error 3 "^elfload: /nonexistent/x.html: No such file or directory\$" \
		report --html /nonexistent/x.html /bin/true || rc=1
	printf '\177ELFjunk' >"$(f junk)" && chmod +x "$(f junk)"
	check_error 1 "^elfload: .*/junk: " \
		report --html "$(f x.html)" "$(f junk)" || rc=1
	[[ ! -e $(f x.html) ]] || rc=1
	check_error 3 "^elfload: /nonexistent/x.svg: No such file or directory\$" \
		maps --svg /nonexistent/x.svg /bin/true || rc=1
	return $rc
}
