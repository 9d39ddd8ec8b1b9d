#!/usr/bin/env bats
# Files elfload must refuse: every command, in text and --json mode, gives
# the documented exit code and ONE line "elfload: FILE: DEFECT" on stderr,
# and nothing on stdout.  Exit 1: not (valid) ELF or not a regular file;
# exit 3: the system refused (ENOENT, EACCES, EIO).

bats_require_minimum_version 1.5.0
load helpers

setup_file() {
	require_elfload
	local d=$BATS_FILE_TMPDIR ehdr
	ehdr=$(elf_field /bin/true ehdr_size)

	: >"$d/empty"
	head -c 20 /bin/true >"$d/trunc20"
	head -c $((ehdr - 1)) /bin/true >"$d/trunc_ehdr"
	printf '#!/bin/sh\necho hello\n' >"$d/script.sh"
	printf 'int x;\n' >"$d/member.c"
	if command -v ar >/dev/null; then
		(cd "$d" && ar rc archive.a member.c 2>/dev/null)
	else	# the same bytes by hand: magic, one 60-byte member header
		printf '!<arch>\n%-16s%-12s%-6s%-6s%-8s%-10s`\nint x;\n' \
			member.c/ 0 0 0 644 7 >"$d/archive.a"
	fi
	printf 'MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00' \
		>"$d/program.exe"
	head -c 200 /dev/zero >>"$d/program.exe"
	printf 'Hello, world.\nThis is plain text, not an ELF file.\n' \
		>"$d/notes.txt"
	python3 -c '
import random, sys
r = random.Random(20240611)
sys.stdout.buffer.write(b"\x01\x02\x03\x04" +
                        bytes(r.getrandbits(8) for _ in range(4092)))
' >"$d/random.bin"
	mkdir "$d/dir"
	mkfifo "$d/fifo"
	cp /bin/true "$d/true"
	elf_set_table /bin/true "$d/phdr_past_end" e_phoff
	elf_set_table /bin/true "$d/shdr_past_end" e_shoff

	# The LD_PRELOAD shim that makes fstat() report a larger size.
	cc -shared -fPIC -o "$d/shrink_shim.so" \
		"$BATS_TEST_DIRNAME/shrink_shim.c" -ldl

	# An unreadable file, in a directory the unprivileged user (when we
	# are root) can traverse; BATS_FILE_TMPDIR is private to root.
	UNREADABLE_DIR=$(mktemp -d "${TMPDIR:-/tmp}/elfload-cli.XXXXXX")
	chmod 755 "$UNREADABLE_DIR"
	cp /bin/true "$UNREADABLE_DIR/secret"
	chmod 000 "$UNREADABLE_DIR/secret"
	export UNREADABLE_DIR
}

teardown_file() {
	[[ -z ${UNREADABLE_DIR:-} ]] || rm -rf "$UNREADABLE_DIR"
}

F() {
	printf '%s/%s' "$BATS_FILE_TMPDIR" "$1"
}

# ---- empty and truncated files -----------------------------------------

@test "headers: empty file: exit 1" {
	expect_file_error 1 "empty file" headers "$(F empty)"
}
@test "segments: empty file: exit 1" {
	expect_file_error 1 "empty file" segments "$(F empty)"
}
@test "sections: empty file: exit 1" {
	expect_file_error 1 "empty file" sections "$(F empty)"
}

@test "headers: ELF header truncated to 20 bytes: exit 1" {
	expect_file_error 1 "ELF header: truncated: 20 of [0-9]+ bytes" \
		headers "$(F trunc20)"
}
@test "segments: ELF header truncated to 20 bytes: exit 1" {
	expect_file_error 1 "ELF header: truncated: 20 of [0-9]+ bytes" \
		segments "$(F trunc20)"
}
@test "sections: ELF header truncated to 20 bytes: exit 1" {
	expect_file_error 1 "ELF header: truncated: 20 of [0-9]+ bytes" \
		sections "$(F trunc20)"
}

@test "headers: ELF header one byte short (63 of 64): exit 1" {
	local n=$(($(elf_field /bin/true ehdr_size) - 1))
	expect_file_error 1 "ELF header: truncated: $n of $((n + 1)) bytes" \
		headers "$(F trunc_ehdr)"
}
@test "segments: ELF header one byte short (63 of 64): exit 1" {
	local n=$(($(elf_field /bin/true ehdr_size) - 1))
	expect_file_error 1 "ELF header: truncated: $n of $((n + 1)) bytes" \
		segments "$(F trunc_ehdr)"
}
@test "sections: ELF header one byte short (63 of 64): exit 1" {
	local n=$(($(elf_field /bin/true ehdr_size) - 1))
	expect_file_error 1 "ELF header: truncated: $n of $((n + 1)) bytes" \
		sections "$(F trunc_ehdr)"
}

# ---- not ELF at all ------------------------------------------------------

@test "headers: shell script: exit 1, says script" {
	expect_file_error 1 "not an ELF file: .*script.*" \
		headers "$(F script.sh)"
}
@test "segments: shell script: exit 1, says script" {
	expect_file_error 1 "not an ELF file: .*script.*" \
		segments "$(F script.sh)"
}
@test "sections: shell script: exit 1, says script" {
	expect_file_error 1 "not an ELF file: .*script.*" \
		sections "$(F script.sh)"
}

@test "headers: ar archive: exit 1, says ar archive" {
	expect_file_error 1 "not an ELF file: .*ar archive.*" \
		headers "$(F archive.a)"
}
@test "segments: ar archive: exit 1, says ar archive" {
	expect_file_error 1 "not an ELF file: .*ar archive.*" \
		segments "$(F archive.a)"
}
@test "sections: ar archive: exit 1, says ar archive" {
	expect_file_error 1 "not an ELF file: .*ar archive.*" \
		sections "$(F archive.a)"
}

@test "libc.a (a real static library): exit 1, says ar archive" {
	local a=/usr/lib/x86_64-linux-gnu/libc.a
	[[ -f $a ]] || a=$(ls /usr/lib/*/libc.a 2>/dev/null | head -n 1)
	[[ -f $a ]] || skip "no libc.a installed"
	expect_file_error 1 "not an ELF file: .*ar archive.*" headers "$a"
}

@test "headers: PE/DOS executable (MZ): exit 1, says PE" {
	expect_file_error 1 "not an ELF file: .*PE.*" \
		headers "$(F program.exe)"
}
@test "segments: PE/DOS executable (MZ): exit 1, says PE" {
	expect_file_error 1 "not an ELF file: .*PE.*" \
		segments "$(F program.exe)"
}
@test "sections: PE/DOS executable (MZ): exit 1, says PE" {
	expect_file_error 1 "not an ELF file: .*PE.*" \
		sections "$(F program.exe)"
}

@test "headers: plain text: exit 1, says text" {
	expect_file_error 1 "not an ELF file: .*text.*" \
		headers "$(F notes.txt)"
}
@test "segments: plain text: exit 1, says text" {
	expect_file_error 1 "not an ELF file: .*text.*" \
		segments "$(F notes.txt)"
}
@test "sections: plain text: exit 1, says text" {
	expect_file_error 1 "not an ELF file: .*text.*" \
		sections "$(F notes.txt)"
}

@test "headers: random data: exit 1" {
	expect_file_error 1 "not an ELF file: .*data.*" \
		headers "$(F random.bin)"
}
@test "segments: random data: exit 1" {
	expect_file_error 1 "not an ELF file: .*data.*" \
		segments "$(F random.bin)"
}
@test "sections: random data: exit 1" {
	expect_file_error 1 "not an ELF file: .*data.*" \
		sections "$(F random.bin)"
}

# ---- not a regular file --------------------------------------------------

@test "headers: directory: exit 1" {
	expect_file_error 1 ".*directory.*" headers "$(F dir)"
}
@test "segments: directory: exit 1" {
	expect_file_error 1 ".*directory.*" segments "$(F dir)"
}
@test "sections: directory: exit 1" {
	expect_file_error 1 ".*directory.*" sections "$(F dir)"
}

@test "headers: FIFO: exit 1 at once, not a regular file" {
	expect_file_error 1 ".*FIFO.*not a regular file.*" headers "$(F fifo)"
}
@test "segments: FIFO: exit 1 at once, not a regular file" {
	expect_file_error 1 ".*FIFO.*not a regular file.*" segments "$(F fifo)"
}
@test "sections: FIFO: exit 1 at once, not a regular file" {
	expect_file_error 1 ".*FIFO.*not a regular file.*" sections "$(F fifo)"
}

@test "headers: character device /dev/null: exit 1, not a regular file" {
	expect_file_error 1 ".*character device.*not a regular file.*" \
		headers /dev/null
}
@test "segments: character device /dev/null: exit 1, not a regular file" {
	expect_file_error 1 ".*character device.*not a regular file.*" \
		segments /dev/null
}
@test "sections: character device /dev/null: exit 1, not a regular file" {
	expect_file_error 1 ".*character device.*not a regular file.*" \
		sections /dev/null
}

# ---- system errors: exit 3 -----------------------------------------------

@test "headers: nonexistent file: exit 3" {
	expect_file_error 3 "No such file or directory" \
		headers "$(F does-not-exist)"
}
@test "segments: nonexistent file: exit 3" {
	expect_file_error 3 "No such file or directory" \
		segments "$(F does-not-exist)"
}
@test "sections: nonexistent file: exit 3" {
	expect_file_error 3 "No such file or directory" \
		sections "$(F does-not-exist)"
}

# Run elfload as an unprivileged user when we are root (root reads any
# file), by setting EL_PREFIX; skip when that is impossible here.
unprivileged() {
	EL_PREFIX=()
	((EUID == 0)) || return 0
	if command -v setpriv >/dev/null; then
		EL_PREFIX=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	elif command -v runuser >/dev/null; then
		EL_PREFIX=(runuser -u nobody --)
	else
		skip "running as root without setpriv or runuser"
	fi
	"${EL_PREFIX[@]}" test -x "$ELFLOAD" ||
		skip "uid 65534 cannot execute $ELFLOAD"
	"${EL_PREFIX[@]}" test -e "$UNREADABLE_DIR/secret" ||
		skip "uid 65534 cannot reach $UNREADABLE_DIR"
}

@test "headers: unreadable file: exit 3, Permission denied" {
	unprivileged
	expect_file_error 3 "Permission denied" headers "$UNREADABLE_DIR/secret"
}
@test "segments: unreadable file: exit 3, Permission denied" {
	unprivileged
	expect_file_error 3 "Permission denied" segments "$UNREADABLE_DIR/secret"
}
@test "sections: unreadable file: exit 3, Permission denied" {
	unprivileged
	expect_file_error 3 "Permission denied" sections "$UNREADABLE_DIR/secret"
}

# The shim makes fstat() report 4096 bytes more than there are, which is
# what a reader sees when the file is truncated between fstat and read.
# (verify_asan_link_order=0: the ASan runtime need not come first.)
# A shim reaches only a dynamically linked elfload: ELFLOAD_DYNAMIC.
shrinking() {
	ELFLOAD=${ELFLOAD_DYNAMIC:-$ELFLOAD}
	EL_PREFIX=(env "LD_PRELOAD=$BATS_FILE_TMPDIR/shrink_shim.so"
		ELFLOAD_SHRINK_BY=4096
		"ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0")
}

@test "headers: file shrank while being read: exit 3" {
	shrinking
	expect_file_error 3 ".*shrank.*" headers "$(F true)"
}
@test "segments: file shrank while being read: exit 3" {
	shrinking
	expect_file_error 3 ".*shrank.*" segments "$(F true)"
}
@test "sections: file shrank while being read: exit 3" {
	shrinking
	expect_file_error 3 ".*shrank.*" sections "$(F true)"
}

@test "the shrink shim changes nothing when the size is right" {
	ELFLOAD=${ELFLOAD_DYNAMIC:-$ELFLOAD}
	EL_PREFIX=(env "LD_PRELOAD=$BATS_FILE_TMPDIR/shrink_shim.so"
		ELFLOAD_SHRINK_BY=0
		"ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0")
	expect_success headers "$(F true)"
}

# ---- damaged tables ------------------------------------------------------

@test "segments: program header table past the end of the file: exit 1" {
	expect_file_error 1 "program header table.*" \
		segments "$(F phdr_past_end)"
}

# el ARGS... FILE must succeed: exit 0, something on stdout, and on stderr
# at most warnings ("elfload: FILE: warning: ...").
succeeds_with_warnings() {
	local file=${!#} line ok=1
	el "$@"
	[[ $status -eq 0 && -n $output ]] || ok=0
	while IFS= read -r line; do
		[[ -z $line || $line == "elfload: $file: warning: "* ]] || ok=0
	done <<<"$stderr"
	((ok)) || { echo "# FAILED: expected success" >&2; show_run "$@"; false; }
}

@test "headers and sections still work when the program header table is past the end" {
	local f
	f=$(F phdr_past_end)
	succeeds_with_warnings headers "$f"
	[[ $output == *"ELF Header:"* ]]
	succeeds_with_warnings headers --json "$f"
	expect_jq '.header.e_phoff > 0'
	succeeds_with_warnings sections "$f"
	[[ $output == *".text"* ]]
}

@test "sections: section header table past the end of the file: exit 1" {
	expect_file_error 1 "section header table.*" \
		sections "$(F shdr_past_end)"
}

@test "headers and segments still work when the section header table is past the end" {
	local f
	f=$(F shdr_past_end)
	succeeds_with_warnings headers "$f"
	[[ $output == *"ELF Header:"* ]]
	succeeds_with_warnings headers --json "$f"
	expect_jq '.header.e_shoff > 0'
	succeeds_with_warnings segments "$f"
	succeeds_with_warnings segments --json "$f"
	expect_jq '.segments | length > 0'
}
