#!/usr/bin/env bats
# elfload's command line: help, version and usage errors (exit 2).

bats_require_minimum_version 1.5.0
load helpers

setup_file() {
	require_elfload
}

# ---- help and version ------------------------------------------------

@test "--help: usage on stdout, lists every command, exit 0" {
	expect_success --help
	[[ ${lines[0]} == "Usage: elfload COMMAND"* ]]
	[[ $output == *"headers"* ]]
	[[ $output == *"segments"* ]]
	[[ $output == *"sections"* ]]
	[[ $output == *"--version"* ]]
}

@test "-h is --help" {
	expect_success -h
	[[ ${lines[0]} == "Usage: elfload COMMAND"* ]]
}

@test "--version: one line 'elfload X.Y.Z' on stdout, exit 0" {
	expect_success --version
	[[ $(count_lines "$output") -eq 1 ]]
	[[ $output =~ ^elfload\ [0-9]+\.[0-9]+\.[0-9]+ ]]
}

@test "headers --help: usage of headers on stdout, exit 0" {
	expect_success headers --help
	[[ ${lines[0]} == "Usage: elfload headers "* ]]
	[[ $output == *"--json"* ]]
}

@test "segments --help: usage of segments on stdout, exit 0" {
	expect_success segments --help
	[[ ${lines[0]} == "Usage: elfload segments "* ]]
	[[ $output == *"--json"* ]]
}

@test "sections --help: usage of sections on stdout, exit 0" {
	expect_success sections --help
	[[ ${lines[0]} == "Usage: elfload sections "* ]]
	[[ $output == *"--json"* ]]
}

@test "COMMAND -h is COMMAND --help" {
	local cmd
	for cmd in headers segments sections; do
		expect_success "$cmd" -h
		[[ ${lines[0]} == "Usage: elfload $cmd "* ]]
	done
}

# ---- usage errors: exit 2 ----------------------------------------------

@test "no arguments: usage on stderr, nothing on stdout, exit 2" {
	el
	[[ $status -eq 2 ]] || { show_run; false; }
	[[ -z $output ]] || { show_run; false; }
	[[ $stderr == "Usage: elfload COMMAND"* ]] || { show_run; false; }
}

@test "unknown command: one line, exit 2" {
	expect_error 2 "^elfload: unknown command 'frobnicate'" \
		frobnicate /bin/true
}

@test "unknown option before the command: one line, exit 2" {
	expect_error 2 "^elfload: .*'--bogus'" --bogus
}

@test "headers: unknown option: one line, exit 2" {
	expect_error 2 "^elfload headers: unknown option '--bogus'" \
		headers --bogus /bin/true
}

@test "segments: unknown option: one line, exit 2" {
	expect_error 2 "^elfload segments: unknown option '--bogus'" \
		segments --bogus /bin/true
}

@test "sections: unknown option: one line, exit 2" {
	expect_error 2 "^elfload sections: unknown option '--bogus'" \
		sections --bogus /bin/true
}

@test "unknown short option: one line, exit 2" {
	local cmd rc=0
	for cmd in headers segments sections; do
		check_error 2 "^elfload $cmd: unknown option '-Q'" \
			"$cmd" -Q /bin/true || rc=1
	done
	return $rc
}

@test "headers: missing FILE: one line, exit 2" {
	local rc=0
	check_error 2 "^elfload headers: missing FILE" headers || rc=1
	check_error 2 "^elfload headers: missing FILE" headers --json || rc=1
	return $rc
}

@test "segments: missing FILE: one line, exit 2" {
	local rc=0
	check_error 2 "^elfload segments: missing FILE" segments || rc=1
	check_error 2 "^elfload segments: missing FILE" segments --json || rc=1
	return $rc
}

@test "sections: missing FILE: one line, exit 2" {
	local rc=0
	check_error 2 "^elfload sections: missing FILE" sections || rc=1
	check_error 2 "^elfload sections: missing FILE" sections --json || rc=1
	return $rc
}

@test "headers: extra argument: one line, exit 2" {
	local re="^elfload headers: (unexpected|extra) argument '/bin/ls'" rc=0
	check_error 2 "$re" headers /bin/true /bin/ls || rc=1
	check_error 2 "$re" headers --json /bin/true /bin/ls || rc=1
	return $rc
}

@test "segments: extra argument: one line, exit 2" {
	local re="^elfload segments: (unexpected|extra) argument '/bin/ls'" rc=0
	check_error 2 "$re" segments /bin/true /bin/ls || rc=1
	check_error 2 "$re" segments --json /bin/true /bin/ls || rc=1
	return $rc
}

@test "sections: extra argument: one line, exit 2" {
	local re="^elfload sections: (unexpected|extra) argument '/bin/ls'" rc=0
	check_error 2 "$re" sections /bin/true /bin/ls || rc=1
	check_error 2 "$re" sections --json /bin/true /bin/ls || rc=1
	return $rc
}

@test "maps, refs: an option without its value says so: one line, exit 2" {
	local rc=0
	check_error 2 "^elfload maps: option '--aslr' needs a value" maps --aslr || rc=1
	check_error 2 "^elfload refs: option '--out' needs a value" refs --out || rc=1
	return $rc
}
