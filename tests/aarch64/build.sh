#!/bin/bash
# Cross-build the arm64 test programs into OUTDIR with clang and ld.lld
# against Debian's arm64 cross C library (libc6-dev-arm64-cross,
# libgcc-12-dev-arm64-cross): the probe (tests/progs/probe.c) and hello
# in every flavour the kernel loads, each with 4 KiB and with 64 KiB
# segment alignment (-z max-page-size; lld's default for arm64 is 64 KiB,
# as in Debian's own arm64 packages).  Prints the paths built.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: build.sh OUTDIR}
mkdir -p "$out"
cc="clang --target=aarch64-linux-gnu -fuse-ld=lld"

build() {	# NAME SOURCE FLAGS...
	local name=$1 source=$2
	shift 2
	if [ ! -e "$out/$name" ] || [ "$source" -nt "$out/$name" ]; then
		$cc -O1 -I"$src/../include" -o "$out/$name" "$source" "$@"
	fi
	echo "$out/$name"
}

for prog in probe hello; do
	for flavour in static static-pie pie no-pie; do
		flags="-$flavour"
		[ "$flavour" = pie ] && flags="-fPIE -pie"
		[ "$flavour" = no-pie ] && flags="-fno-PIE -no-pie"
		for align in 4k 64k; do
			size=4096
			[ $align = 64k ] && size=65536
			# shellcheck disable=SC2086
			build "$prog-$flavour-$align" "$src/progs/$prog.c" \
				$flags -Wl,-z,max-page-size=$size
		done
	done
done
