#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Differential test of elfload against GNU readelf.
#
# Usage: tests/readelf/run.sh [ELFLOAD]	(default ./elfload)
#
# Builds extra test objects into a temporary directory with whatever
# tools are installed (each one is skipped, with a note, when its tool
# is missing), writes synthetic ELF files that exercise every name
# readelf knows, then runs compare.py over them and over every ELF file
# in /usr/bin, /usr/sbin and /usr/lib/x86_64-linux-gnu.
#
# Environment: JOBS (default 4) parallel comparisons; KEEP=1 keeps the
# temporary directory; CORRUPT=0 leaves out the deliberately damaged
# synthetic files.

set -u

ELFLOAD=${1:-./elfload}
JOBS=${JOBS:-4}
here=$(cd "$(dirname "$0")" && pwd)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/elfload-readelf.XXXXXX") || exit 1
if [ "${KEEP:-0}" = 1 ]; then
	echo "keeping $tmp"
else
	trap 'rm -rf "$tmp"' EXIT
fi
trap 'exit 1' HUP INT TERM

src=$tmp/src
out=$tmp/built
log=$tmp/build.log
mkdir -p "$src" "$out"

have() {
	command -v "$1" >/dev/null 2>&1
}

# try NAME COMMAND...: run a build step, report what happened.
try() {
	name=$1
	shift
	if "$@" >>"$log" 2>&1; then
		echo "  built   $name"
	else
		echo "  skipped $name: '$*' failed"
	fi
}

skip() {
	echo "  skipped $1: $2 not installed"
}

# --- sources ---------------------------------------------------------------

cat >"$src/hello.c" <<'EOF'
#include <stdio.h>

__thread int tls_counter = 1;	/* .tdata */
__thread int tls_zero;		/* .tbss */
static int bss_buf[1024];

__attribute__((constructor)) static void init(void)
{
	bss_buf[0] = 1;
}

int main(int argc, char **argv)
{
	bss_buf[argc & 1023] = tls_counter + tls_zero;
	printf("%s %d\n", argv[0], bss_buf[argc & 1023]);
	return 0;
}
EOF

cat >"$src/lib.c" <<'EOF'
int lib_value = 42;

int lib_get(void)
{
	return lib_value;
}
EOF

cat >"$src/tmpl.cc" <<'EOF'
template <typename T> T twice(T x) { return x + x; }
int use_int(int x) { return twice(x); }
double use_double(double x) { return twice(x); }
EOF

# Freestanding code for cross targets: no headers, no libc.
cat >"$src/free.c" <<'EOF'
int counter = 3;
static int zeros[64];

int f(int x)
{
	zeros[x & 63] = x;
	return x + counter + zeros[(x + 1) & 63];
}

int _start(void)
{
	return f(1);
}
EOF

# Every section flag letter gas can set on x86-64 (R and D need
# ELFOSABI_GNU, which gas then selects).
cat >"$src/flags.s" <<'EOF'
	.section .text.keep,"axR",@progbits
	ret
	.section .data.large,"awl",@progbits
	.quad 1
	.section .mbind,"awd",@progbits,1
	.quad 2
	.section .excl,"e",@progbits
	.byte 1
	.section .rodata.str,"aMS",@progbits,1
	.string "hi"
	.section .tdata.x,"awT",@progbits
	.long 3
	.section .grp,"axG",@progbits,grpsig,comdat
	ret
	.section .lo,"ao",@progbits,.text.keep
	.byte 0
	.section .note.x,"a",@note
	.long 0
EOF

cat >"$src/start32.s" <<'EOF'
	.globl _start
	.text
_start:
	movl $1, %eax
	xorl %ebx, %ebx
	int $0x80
	.data
	.long 1
	.bss
	.zero 64
EOF

cat >"$src/mips.s" <<'EOF'
	.globl __start
	.text
__start:
	li $v0, 4001
	syscall
	.data
	.word 1
	.bss
	.space 64
EOF

echo "building test objects in $out"

# --- native x86-64 ---------------------------------------------------------

if have gcc; then
	try pie gcc -O1 -o "$out/hello-pie" "$src/hello.c"
	try no-pie gcc -O1 -no-pie -o "$out/hello-nopie" "$src/hello.c"
	try static gcc -O1 -static -o "$out/hello-static" "$src/hello.c"
	try static-pie gcc -O1 -static-pie -o "$out/hello-static-pie" \
		"$src/hello.c"
	try object gcc -O1 -c -o "$out/hello.o" "$src/hello.c"
	try debug gcc -g -o "$out/hello-g" "$src/hello.c"
	try zdebug gcc -g -Wl,--compress-debug-sections=zlib \
		-o "$out/hello-gz" "$src/hello.c"
	try noseparate gcc -O1 -Wl,-z,noseparate-code \
		-o "$out/hello-noseparate" "$src/hello.c"
	try sysv-hash gcc -O1 -Wl,--hash-style=sysv -Wl,-z,now \
		-o "$out/hello-sysv" "$src/hello.c"
	try shared gcc -O1 -shared -fPIC -o "$out/libt.so" "$src/lib.c"
	try stripped gcc -O1 -s -o "$out/hello-stripped" "$src/hello.c"
else
	skip "x86-64 programs" gcc
fi
if have g++; then
	try comdat g++ -O0 -c -o "$out/tmpl.o" "$src/tmpl.cc"
else
	skip comdat g++
fi
if have as; then
	try flags as -o "$out/flags.o" "$src/flags.s"
	python3 -c '
import sys
for i in range(65300):
    print(".section .s%d,\"a\"\n.byte %d" % (i, i & 255))' >"$src/many.s"
	try many-sections as -o "$out/many-sections.o" "$src/many.s"
else
	skip "assembler objects" as
fi

# --- 32-bit x86 ------------------------------------------------------------

if have gcc && gcc -m32 -o "$tmp/probe32" "$src/hello.c" >>"$log" 2>&1; then
	try m32-pie gcc -m32 -O1 -o "$out/hello32-pie" "$src/hello.c"
	try m32-no-pie gcc -m32 -O1 -no-pie -o "$out/hello32-nopie" \
		"$src/hello.c"
	try m32-static gcc -m32 -O1 -static -o "$out/hello32-static" \
		"$src/hello.c"
	try m32-object gcc -m32 -O1 -c -o "$out/hello32.o" "$src/hello.c"
	try m32-shared gcc -m32 -O1 -shared -fPIC -o "$out/libt32.so" \
		"$src/lib.c"
elif have as && have ld; then
	echo "  note: gcc -m32 cannot link (gcc-multilib missing?);" \
		"using as --32 + ld"
	try as32-object as --32 -o "$out/start32.o" "$src/start32.s"
	try as32-exec ld -m elf_i386 -o "$out/start32" "$out/start32.o"
else
	skip "32-bit x86" "gcc -m32 or as + ld"
fi

# --- big-endian and foreign machines ---------------------------------------

if have mips-linux-gnu-as; then
	try mips-be-object mips-linux-gnu-as -o "$out/mips-be.o" "$src/mips.s"
	if have mips-linux-gnu-ld; then
		try mips-be-exec mips-linux-gnu-ld -o "$out/mips-be" \
			"$out/mips-be.o"
	fi
else
	skip "MIPS big-endian" mips-linux-gnu-as
fi
if have powerpc-linux-gnu-as; then
	printf '\t.text\n\t.globl _start\n_start:\n\tblr\n\t.data\n\t.long 1\n' \
		>"$src/ppc.s"
	try ppc-be-object powerpc-linux-gnu-as -o "$out/ppc-be.o" "$src/ppc.s"
fi

# clang's integrated assembler covers many machines and both byte
# orders; ld.lld links the ones it supports.
if have clang; then
	for t in aarch64-linux-gnu aarch64_be-linux-gnu arm-linux-gnueabihf \
		armeb-linux-gnueabi mips-linux-gnu mipsel-linux-gnu \
		mips64-linux-gnuabi64 mips64el-linux-gnuabi64 \
		powerpc-linux-gnu powerpc64-linux-gnu powerpc64le-linux-gnu \
		riscv32-unknown-elf riscv64-linux-gnu s390x-linux-gnu \
		i386-linux-gnu bpfel bpfeb msp430-elf hexagon-unknown-elf \
		lanai ve-linux m68k-linux-gnu avr sparcv9-linux-gnu; do
		o=$out/free-$t.o
		if clang --target="$t" -ffreestanding -funwind-tables -O1 \
			-fno-crash-diagnostics \
			-c -o "$o" "$src/free.c" >>"$log" 2>&1; then
			echo "  built   clang $t"
		else
			echo "  skipped clang $t: target not supported"
			continue
		fi
		# A subshell, so that a crashing ld.lld is reported in the log.
		if have ld.lld && (ld.lld -e _start \
			--unresolved-symbols=ignore-all -o "$out/free-$t" \
			"$o"; exit $?) >>"$log" 2>&1; then
			echo "  built   lld $t"
		fi
		rm -f "$out/free-$t.tmp" core
	done
else
	skip "foreign machines" clang
fi

# Real arm64 programs: the arm64 test programs, cross-built against
# Debian's arm64 C library, and that library's own files (Debian arm64
# binaries, from libc6-arm64-cross).
a64=$(cd "$here/../aarch64" && pwd)
if have clang && have ld.lld && [ -d /usr/aarch64-linux-gnu/lib ]; then
	if "$a64/build.sh" "$out/arm64" >>"$log" 2>&1; then
		echo "  built   arm64 programs"
	else
		echo "  skipped arm64 programs: tests/aarch64/build.sh failed"
	fi
	mkdir -p "$out/arm64-libc"
	for f in /usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1 \
		/usr/aarch64-linux-gnu/lib/libc.so.6 \
		/usr/aarch64-linux-gnu/lib/libm.so.6; do
		[ -e "$f" ] && cp -L "$f" "$out/arm64-libc/"
	done
else
	skip "arm64 programs" "clang, ld.lld or libc6-dev-arm64-cross"
fi

# --- synthetic files -------------------------------------------------------

python3 "$here/compare.py" --make-synthetic "$tmp/synthetic" || exit 1
if [ "${CORRUPT:-1}" = 0 ]; then
	echo "CORRUPT=0: leaving out the damaged files"
	rm -rf "$tmp/synthetic/corrupt"
fi

# --- compare ---------------------------------------------------------------

python3 "$here/compare.py" --elfload "$ELFLOAD" --jobs "$JOBS" \
	--built "$out" --synthetic "$tmp/synthetic"
