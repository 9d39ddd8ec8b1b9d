#!/usr/bin/env bats
# What elfload prints for good files: text and --json for headers,
# segments and sections.  Names of types, machines etc. are not checked
# here (the names table has its own tests); section names come from the
# file's own string table and are.

bats_require_minimum_version 1.5.0
load helpers

setup_file() {
	require_elfload
	PAGESIZE=$(getconf PAGESIZE)
	export PAGESIZE
}

# ---- text ------------------------------------------------------------------

@test "headers /bin/true: the ELF header, exit 0, nothing on stderr" {
	expect_success headers /bin/true
	[[ ${lines[0]} == "ELF Header:" ]]
	[[ $output =~ Magic:\ +7f\ 45\ 4c\ 46 ]]
	[[ $output == *"Number of program headers:"*" $(elf_field /bin/true e_phnum)"* ]]
	[[ $output == *"Number of section headers:"*" $(elf_field /bin/true e_shnum)"* ]]
}

@test "segments /bin/true: program headers and mapping, exit 0" {
	expect_success segments /bin/true
	[[ $output == *"Program Headers:"* ]]
	[[ $output == *"Section to Segment mapping:"* ]]
	[[ $output == *".text"* ]]
}

@test "sections /bin/true: every section header, exit 0" {
	expect_success sections /bin/true
	[[ $output == *"Section Headers:"* ]]
	[[ $output =~ \]\ \.text\  ]]
	[[ $output =~ \]\ \.shstrtab\  ]]
	# one row per section: "  [ N] ..."
	local rows
	rows=$(grep -c '^  \[ *[0-9]*\] ' <<<"$output")
	[[ $rows -eq $(elf_field /bin/true e_shnum) ]]
}

@test "the same file given twice gives the same output" {
	expect_success sections /bin/true
	local first=$output
	expect_success sections /bin/true
	[[ $output == "$first" ]]
}

# ---- JSON ------------------------------------------------------------------

@test "headers --json /bin/true: valid JSON with file and header.e_type" {
	expect_json headers --json /bin/true
	expect_jq '.file == "/bin/true"'
	expect_jq ".header.e_type == $(elf_field /bin/true e_type)"
	expect_jq ".header.e_phnum == $(elf_field /bin/true e_phnum)"
	expect_jq ".header.e_shnum == $(elf_field /bin/true e_shnum)"
	expect_jq '.header.ident[0:4] == [127, 69, 76, 70]'
}

@test "segments --json /bin/true: valid JSON, segments[].p_vaddr_hex" {
	expect_json segments --json /bin/true
	expect_jq '.file == "/bin/true"'
	expect_jq ".segments | length == $(elf_field /bin/true e_phnum)"
	expect_jq 'all(.segments[]; .p_vaddr_hex | test("^0x[0-9a-f]+$"))'
	# p_vaddr_hex is p_vaddr in hex (compared in python: 64-bit values).
	python3 -c '
import json, sys
for s in json.load(sys.stdin)["segments"]:
    assert int(s["p_vaddr_hex"], 16) == s["p_vaddr"], s
' <<<"$output"
}

@test "sections --json /bin/true: valid JSON, sections[].name" {
	expect_json sections --json /bin/true
	expect_jq '.file == "/bin/true"'
	expect_jq ".sections | length == $(elf_field /bin/true e_shnum)"
	expect_jq 'all(.sections[]; has("name"))'
	expect_jq '[.sections[].name] | index(".text") != null'
	expect_jq '[.sections[].name] | index(".shstrtab") != null'
	expect_jq '.sections[0].name == ""'
}

@test "--json on ls and on elfload itself is valid JSON for every command" {
	local f cmd
	for f in /bin/ls "$ELFLOAD"; do
		for cmd in headers segments sections; do
			expect_json "$cmd" --json "$f"
		done
	done
}

# ---- segments: mapping and pages ------------------------------------------

@test "segments --json /bin/ls: .text is in a LOAD segment; pages are page-aligned" {
	expect_json segments --json /bin/ls
	expect_jq ".page_size == $PAGESIZE"
	# p_type 1 is PT_LOAD.
	expect_jq 'any(.segments[]; .p_type == 1 and any(.sections[]; . == ".text"))'
	python3 -c '
import json, sys
ps = int(sys.argv[1])
doc = json.load(sys.stdin)
loads = [s for s in doc["segments"] if s["p_type"] == 1]
assert loads, "no LOAD segment"
for s in loads:
    start, end = s["page_start"], s["page_end"]
    assert start % ps == 0 and end % ps == 0, (s["index"], start, end, ps)
    assert start <= s["p_vaddr"] < end, s
    assert s["p_vaddr"] + s["p_memsz"] <= end, s
    assert s["pages"] == (end - start) // ps, s
    assert int(s["page_start_hex"], 16) == start, s
    assert int(s["page_end_hex"], 16) == end, s
' "$PAGESIZE" <<<"$output"
}

@test "segments /bin/ls: the mapping lists .text under a LOAD segment" {
	expect_json segments --json /bin/ls
	local idx
	idx=$(jq -r '.segments[] | select(.p_type == 1 and
		any(.sections[]; . == ".text")) | .index' <<<"$output" | head -n 1)
	[[ -n $idx ]]
	expect_success segments /bin/ls
	local line
	line=$(sed -n '/Section to Segment mapping:/,/^$/p' <<<"$output" |
		grep -E "^ +0*$idx +" | head -n 1)
	[[ " $line " == *" .text "* ]] || {
		echo "# segment $idx's mapping line: '$line'" >&2
		false
	}
}

@test "segments /bin/ls: the page table rows are multiples of the page size" {
	expect_success segments /bin/ls
	[[ $output == *"(page size $PAGESIZE)"* ]]
	local n=0 line start end
	while IFS= read -r line; do
		if [[ $line =~ ^\ +[0-9]+\ +0x([0-9a-f]+)\ +0x([0-9a-f]+)\ +[0-9]+$ ]]; then
			start=$((16#${BASH_REMATCH[1]}))
			end=$((16#${BASH_REMATCH[2]}))
			((start % PAGESIZE == 0 && end % PAGESIZE == 0 && end > start)) || {
				echo "# not page-aligned: '$line'" >&2
				false
			}
			n=$((n + 1))
		fi
	done < <(sed -n '/Loadable segments in pages/,$p' <<<"$output")
	((n > 0)) || { echo "# no page rows found" >&2; false; }
}
