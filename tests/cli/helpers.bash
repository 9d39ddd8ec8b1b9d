# Shared helpers for the elfload command-line tests (bats >= 1.5).
#
# The binary under test is $ELFLOAD (an absolute path); tests/run-all.sh
# sets it, once for the plain build and once for the ASan+UBSan build.
# Conventions checked here (see elfload(1)):
#
#   exit 0 success, 1 invalid/unsupported ELF or not a regular file,
#   2 usage error, 3 system error (ENOENT, EACCES, EIO, ENOMEM);
#   every error is ONE line on stderr, "elfload: FILE: DEFECT", and
#   nothing at all on stdout.

bats_require_minimum_version 1.5.0

: "${ELFLOAD:=$BATS_TEST_DIRNAME/../../elfload}"
export ELFLOAD

# Seconds one elfload call may take before it counts as a hang.
: "${ELFLOAD_TEST_TIMEOUT:=10}"

# Words put between "timeout N" and "$ELFLOAD" by el(): e.g. (env VAR=x)
# or (setpriv --reuid=...).  Tests that set it do so locally.
EL_PREFIX=()

# Fail setup_file early, with a clear reason, when there is no binary.
require_elfload() {
	if [[ $ELFLOAD != /* || ! -x $ELFLOAD || -d $ELFLOAD ]]; then
		echo "# ELFLOAD must be the absolute path of an elfload binary;" \
			"got '$ELFLOAD'" >&2
		return 1
	fi
}

# el ARGS...: run elfload under a time limit with stdout and stderr apart
# (sets $status, $output, $stderr and their _lines arrays).
el() {
	run --separate-stderr timeout -k 5 "$ELFLOAD_TEST_TIMEOUT" \
		"${EL_PREFIX[@]}" "$ELFLOAD" "$@"
}

# Quote a string for use as a literal inside an extended regex.
re_quote() {
	sed 's/[][\.*^$+?(){}|]/\\&/g' <<<"$1"
}

# What the last el() call did, for failure messages.
show_run() {	# ARGS...
	local args
	args=$(printf ' %q' "$@")
	{
		echo "#   command: ${EL_PREFIX[*]:+${EL_PREFIX[*]} }elfload$args"
		echo "#   exit status: $status"
		echo "#   stdout (${#output} bytes):"
		[[ -z $output ]] || printf '%s\n' "$output" | head -n 15 |
			sed 's/^/#     | /'
		echo "#   stderr:"
		[[ -z $stderr ]] || printf '%s\n' "$stderr" | head -n 15 |
			sed 's/^/#     | /'
	} >&2
}

# Number of lines in a captured stream (bats strips the final newline).
count_lines() {
	if [[ -z $1 ]]; then
		echo 0
	else
		printf '%s\n' "$1" | wc -l
	fi
}

# check_error CODE REGEX ARGS...: run elfload ARGS and check that it
# exits with CODE, prints nothing on stdout and exactly one line on
# stderr matching the extended REGEX.  Prints every problem found and
# returns 1 on failure (so callers can check several cases and report
# them all).
check_error() {
	local code=$1 re=$2 problems=()
	shift 2
	el "$@"
	if [[ $status -eq 124 || $status -eq 137 ]]; then
		problems+=("timed out (hang?) after ${ELFLOAD_TEST_TIMEOUT}s")
	elif [[ $status -gt 128 ]]; then
		problems+=("killed by signal $((status - 128))")
	elif [[ $status -ne $code ]]; then
		problems+=("exit status $status, expected $code")
	fi
	[[ -z $output ]] || problems+=("stdout is not empty")
	local n
	n=$(count_lines "$stderr")
	[[ $n -eq 1 ]] || problems+=("stderr has $n lines, expected exactly 1")
	[[ $stderr =~ $re ]] || problems+=("stderr does not match /$re/")
	if ((${#problems[@]})); then
		echo "# FAILED:" >&2
		printf '#   - %s\n' "${problems[@]}" >&2
		show_run "$@"
		return 1
	fi
}

# expect_error CODE REGEX ARGS...: check_error, failing the test at once.
expect_error() {
	check_error "$@" || return 1
}

# expect_file_error CODE DEFECT_REGEX COMMAND FILE: both "COMMAND FILE"
# and "COMMAND --json FILE" must fail with CODE and the single line
# "elfload: FILE: DEFECT".  Reports every failing form.
expect_file_error() {
	local code=$1 defect=$2 cmd=$3 file=$4 re rc=0
	re="^elfload: $(re_quote "$file"): ${defect}\$"
	check_error "$code" "$re" "$cmd" "$file" || rc=1
	check_error "$code" "$re" "$cmd" --json "$file" || rc=1
	return $rc
}

# expect_success ARGS...: exit 0, something on stdout, nothing on stderr.
expect_success() {
	local problems=()
	el "$@"
	[[ $status -eq 0 ]] || problems+=("exit status $status, expected 0")
	[[ -n $output ]] || problems+=("stdout is empty")
	[[ -z $stderr ]] || problems+=("stderr is not empty")
	if ((${#problems[@]})); then
		echo "# FAILED:" >&2
		printf '#   - %s\n' "${problems[@]}" >&2
		show_run "$@"
		return 1
	fi
}

# expect_json ARGS...: expect_success, and stdout must be one valid JSON
# document (checked with python3 -m json.tool).
expect_json() {
	expect_success "$@" || return 1
	if ! python3 -m json.tool <<<"$output" >/dev/null; then
		echo "# FAILED: stdout is not valid JSON" >&2
		show_run "$@"
		return 1
	fi
}

# expect_jq FILTER: the JSON in $output must make "jq -e FILTER" true.
expect_jq() {
	if ! jq -e "$1" <<<"$output" >/dev/null; then
		echo "# FAILED: jq -e '$1' is not true for the output" >&2
		printf '%s\n' "$output" | head -c 2000 | sed 's/^/#     | /' >&2
		return 1
	fi
}

# elf_field FILE FIELD: a field of FILE's ELF header, read with python3
# (e_type, e_phoff, e_shoff, e_phnum, e_shnum, e_ehsize, ehdr_size).
elf_field() {
	python3 - "$1" "$2" <<'EOF'
import struct, sys
b = open(sys.argv[1], "rb").read(64)
end = "<" if b[5] == 1 else ">"
is64 = b[4] == 2
off = {  # field: (ELF32 offset, ELF64 offset, format)
    "e_type": (16, 16, "H"),
    "e_phoff": (28, 32, "I" if not is64 else "Q"),
    "e_shoff": (32, 40, "I" if not is64 else "Q"),
    "e_ehsize": (40, 52, "H"),
    "e_phnum": (44, 56, "H"),
    "e_shnum": (48, 60, "H"),
}
f = sys.argv[2]
if f == "ehdr_size":
    print(64 if is64 else 52)
else:
    o32, o64, fmt = off[f]
    print(struct.unpack_from(end + fmt, b, o64 if is64 else o32)[0])
EOF
}

# elf_set_table SRC DST e_phoff|e_shoff: copy SRC to DST with that table
# moved to start 8 bytes before the end of the file, so that it runs past
# the end (every other byte is unchanged).
elf_set_table() {
	python3 - "$1" "$2" "$3" <<'EOF'
import struct, sys
src, dst, field = sys.argv[1:]
b = bytearray(open(src, "rb").read())
end = "<" if b[5] == 1 else ">"
if b[4] == 2:
    struct.pack_into(end + "Q", b, {"e_phoff": 32, "e_shoff": 40}[field],
                     len(b) - 8)
else:
    struct.pack_into(end + "I", b, {"e_phoff": 28, "e_shoff": 32}[field],
                     len(b) - 8)
open(dst, "wb").write(b)
EOF
}
