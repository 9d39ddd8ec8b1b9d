#!/bin/bash
# Build what the malformed-file tests need into OUTDIR: the base programs
# (static, static-pie, pie, no-pie; m32-static and m32-pie when gcc -m32
# works), the exec helper xrun and the library probe libcheck.  A flavour
# whose toolchain is missing is skipped with a line on stderr.
# LIBELFLOAD.A defaults to the top directory's.
set -eu
src=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$src/../.." && pwd)
out=${1:?usage: build.sh OUTDIR [LIBELFLOAD.A]}
lib=${2:-$top/libelfload.a}
# MALFORMED_CC: another compiler for everything (an arm64 corpus:
# "clang --target=aarch64-linux-gnu -fuse-ld=lld"); no ELF32 bases then.
# MALFORMED_BASE_FLAGS: more flags for the base programs.
cc=${MALFORMED_CC:-gcc}
mkdir -p "$out/bases"

fresh() {	# TARGET SOURCES...: is TARGET missing or older than a source?
	local t=$1 s
	shift
	[ -e "$t" ] || return 0
	for s in "$@"; do [ "$s" -nt "$t" ] && return 0; done
	return 1
}

base() {	# NAME FLAGS...
	local name=$1
	shift
	if fresh "$out/bases/$name" "$src/base.c"; then
		$cc -O1 -o "$out/bases/$name" "$src/base.c" "$@" \
			${MALFORMED_BASE_FLAGS:-}
	fi
}

base static -static
base static-pie -static-pie
base pie -fPIE -pie
base no-pie -fno-PIE -no-pie
if [ -n "${MALFORMED_CC:-}" ]; then
	:
elif echo 'int main(void){return 0;}' | gcc -m32 -x c -o /dev/null - 2>/dev/null; then
	base m32-static -m32 -static
	base m32-pie -m32 -fPIE -pie
else
	echo "build.sh: gcc -m32 does not work, no ELF32 bases" >&2
fi
if fresh "$out/xrun" "$src/xrun.c"; then
	$cc -O1 -Wall -Wextra -Werror -o "$out/xrun" "$src/xrun.c"
fi
if fresh "$out/libcheck" "$src/libcheck.c" "$lib"; then
	$cc -O1 -Wall -Wextra -Werror -I"$top/include" -o "$out/libcheck" \
		"$src/libcheck.c" "$lib"
fi
