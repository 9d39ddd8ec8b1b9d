#!/bin/bash
# Build the suite's own test programs into OUTDIR, in every flavour the
# loader must handle.  Prints the paths built, one per line.
set -eu
src=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: build.sh OUTDIR}
mkdir -p "$out"
cc=${CC_PROGS:-gcc}

build() {	# NAME SOURCE FLAGS...
	local name=$1 source=$2
	shift 2
	if [ ! -e "$out/$name" ] || [ "$source" -nt "$out/$name" ]; then
		$cc -O1 -o "$out/$name" "$source" "$@"
	fi
	echo "$out/$name"
}

for prog in hello bigbss; do
	for flavour in static static-pie pie no-pie; do
		flags="-$flavour"
		[ "$flavour" = pie ] && flags="-fPIE -pie"
		[ "$flavour" = no-pie ] && flags="-fno-PIE -no-pie"
		# shellcheck disable=SC2086
		build "$prog-$flavour" "$src/$prog.c" $flags
		# shellcheck disable=SC2086
		build "$prog-$flavour-2m" "$src/$prog.c" $flags \
			-Wl,-z,max-page-size=0x200000
	done
done
# An ia32 program as the notes draw it: text at 0x08048000.
build hello32-no-pie "$src/hello.c" -m32 -fno-PIE -no-pie
if [ ! -e "$out/tiny" ] || [ "$src/tiny.S" -nt "$out/tiny" ]; then
	as -o "$out/tiny.o" "$src/tiny.S"
	ld -static -o "$out/tiny" "$out/tiny.o"
fi
echo "$out/tiny"
if [ ! -e "$out/eightpages" ] || [ "$src/eightpages.S" -nt "$out/eightpages" ]; then
	as -o "$out/eightpages.o" "$src/eightpages.S"
	ld -static -o "$out/eightpages" "$out/eightpages.o"
fi
echo "$out/eightpages"
