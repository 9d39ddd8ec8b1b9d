#!/bin/bash
# make check-aarch64: elfload against real arm64 Linux kernels.
#
# Fetches (apt-get download, with the arm64 architecture added to dpkg)
# busybox-static and, for each flavour, the newest Debian
# linux-image-*-FLAVOUR-unsigned kernel, and unpacks them (never
# installed); cross-builds elfload (make ARCH=aarch64), the arm64 test
# programs (tests/aarch64/build.sh) and norand; packs them with Debian's
# arm64 C library (libc6-arm64-cross) into an initramfs whose /init
# (tests/aarch64/init.sh) runs the tests; boots each kernel with
# qemu-system-aarch64 (TCG, virt, cortex-a76, which has 16 KiB pages
# too) under $A64_TIMEOUT seconds, and prints what the VM printed.  The
# last line is "N passed, N failed" over all kernels.
#
# On the 4 KiB kernel the VM also records, for tests/malformed/judge.py
# --recorded, the kernel's and elfload's verdicts on the malformed corpus
# (tests/malformed) generated from arm64 bases.
#
# Environment: A64_FLAVOURS ("arm64 arm64-16k": 4 KiB and 16 KiB pages),
# A64_WORK (build/aarch64-vm), A64_TIMEOUT (600 per boot), A64_CPU.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tests/aarch64
flavours=${A64_FLAVOURS:-arm64 arm64-16k}
work=${A64_WORK:-$top/build/aarch64-vm}
cache=$work/cache
root=$work/root
cpu=${A64_CPU:-cortex-a76}
lib=/usr/aarch64-linux-gnu/lib
passed=0
failed=0
mkdir -p "$cache"

die() {
	echo "vm.sh: $*" >&2
	echo "$passed passed, $((failed + 1)) failed"
	exit 1
}

# fetch PKG: the .deb of PKG:arm64 in the cache (downloaded once).
fetch() {
	local deb
	deb=$(ls "$cache/$1"_*_arm64.deb 2>/dev/null | head -n 1)
	if [ -z "$deb" ]; then
		(cd "$cache" && apt-get download -q "$1:arm64" >/dev/null 2>&1) ||
			return 1
		deb=$(ls "$cache/$1"_*_arm64.deb 2>/dev/null | head -n 1)
	fi
	[ -n "$deb" ] && echo "$deb"
}

# kernel FLAVOUR: the newest linux-image-*-FLAVOUR-unsigned, unpacked into
# $work; sets $vmlinuz.
kernel() {
	local kpkg kdeb kdir
	kpkg=$(apt-cache search --names-only '^linux-image-[0-9]' |
		awk '{ print $1 }' |
		grep -E "^linux-image-[0-9.]+(-[0-9]+|\+deb[0-9]+)-$1-unsigned\$" |
		sort -V | tail -n 1)
	[ -n "$kpkg" ] || { echo "no linux-image-*-$1-unsigned"; return 1; }
	kdeb=$(fetch "$kpkg") || { echo "cannot download $kpkg"; return 1; }
	kdir=$work/$kpkg
	if [ ! -d "$kdir/boot" ]; then
		rm -rf "$kdir" && mkdir -p "$kdir" &&
			dpkg-deb -x "$kdeb" "$kdir" || return 1
	fi
	vmlinuz=$(ls "$kdir"/boot/vmlinuz-* | head -n 1)
	echo "kernel package: $(basename "$kdeb")"
}

# boot FLAVOUR: run the tests on that kernel, add up its counts.
boot() {
	local log=$work/serial-$1.log start rc last
	kernel "$1" || { failed=$((failed + 1)); return; }
	start=$(date +%s)
	timeout "${A64_TIMEOUT:-600}" qemu-system-aarch64 -M virt \
		-cpu "$cpu" -smp 2 -m 2048 -nographic -no-reboot \
		-kernel "$vmlinuz" -initrd "$work/initrd.xz" \
		-append "console=ttyAMA0 panic=-1 quiet" \
		</dev/null >"$log" 2>&1
	rc=$?
	tr -d '\r' <"$log" | grep -vE '^[0-9]+ passed, [0-9]+ failed$' |
		grep -E '^(ok|FAILED|kernel|native|elfload|exit|malformed corpus|  )' || true
	echo "qemu: $(($(date +%s) - start)) s from start to power-off (exit $rc), cpu $cpu"
	last=$(tr -d '\r' <"$log" | grep -E '^[0-9]+ passed, [0-9]+ failed$' |
		tail -n 1)
	if [ -z "$last" ]; then
		echo "FAILED: the $1 VM printed no result (see $log)"
		failed=$((failed + 1))
		return
	fi
	echo "$1: $last"
	count $last
	host_maps "$1" "$log"
	# The kernel that runs the corpus says so: judge it even when no
	# verdict came back (each missing file is then a failure).
	grep -qE '^(MALFORMED|malformed corpus: )' "$log" || return 0
	python3 "$top/tests/malformed/judge.py" --recorded "$log" "$mal" \
		>"$work/malformed.log" 2>&1
	sed -n '/^Problems:/,/^$/p' "$work/malformed.log" | head -n 40
	grep -E '^malformed: ' "$work/malformed.log" | sed 's/^/arm64 /'
	last=$(tail -n 1 "$work/malformed.log" |
		grep -E '^[0-9]+ passed, [0-9]+ failed$')
	echo "$1 malformed: ${last:-no result (see $work/malformed.log)}"
	count ${last:-0 passed, 1 failed}
}

# columns: the address range, permissions and offset of every mapping
# but the stack (whose size follows the strings: paths and environment
# differ between the VM and the host), and a special mapping's name.
columns() {
	awk '$6 != "[stack]" { print $1, $2, $3, ($6 ~ /^\[/ ? $6 : "") }'
}

# host_maps FLAVOUR LOG: `maps --arch aarch64` on this host against the
# maps the VM's kernel proved (MAPS lines), program by program; and once
# with the wrong page size, which must differ.
host_maps() {
	local page=4096 p vm ours planted
	[ "$1" = arm64-16k ] && page=16384
	for p in $(tr -d '\r' <"$2" | awk '$1 == "MAPS" { print $2 }' | uniq); do
		vm=$(tr -d '\r' <"$2" | awk -v p="$p" '$1 == "MAPS" && $2 == p' |
			cut -d' ' -f3- | columns)
		ours=$("$top/elfload" maps --arch aarch64 --page-size $page \
			--root "$root" "$root$p" | columns)
		if [ -n "$vm" ] && [ "$vm" = "$ours" ]; then
			echo "ok: $1: maps --arch aarch64 --page-size $page $p: the kernel's addresses"
			count 1 passed, 0 failed
		else
			echo "FAILED: $1: maps --arch aarch64 --page-size $page $p"
			diff <(echo "$vm") <(echo "$ours") | head -n 10
			count 0 passed, 1 failed
		fi
		planted=$vm
	done
	[ -n "$planted" ] || return 0
	page=$((page == 4096 ? 16384 : 4096))
	ours=$("$top/elfload" maps --arch aarch64 --page-size $page \
		--root "$root" "$root$p" 2>&1 | columns)
	if [ "$planted" != "$ours" ]; then
		echo "ok: $1: planted: with $page-byte pages the plan differs"
		count 1 passed, 0 failed
	else
		echo "FAILED: $1: planted: $page-byte pages plan the same map"
		count 0 passed, 1 failed
	fi
}

count() {	# N passed, N failed
	passed=$((passed + $1))
	failed=$((failed + $3))
}

# The arm64 package lists.
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	dpkg --add-architecture arm64 || die "cannot add the arm64 architecture"
fi
if ! apt-cache show busybox-static:arm64 >/dev/null 2>&1; then
	apt-get update -qq >/dev/null || die "apt-get update failed"
fi
bdeb=$(fetch busybox-static) || die "cannot download busybox-static:arm64"

# The programs.
make -s -C "$top" ARCH=aarch64 >"$work/build.log" 2>&1 ||
	{ tail -n 20 "$work/build.log"; die "make ARCH=aarch64 failed"; }
"$here/build.sh" "$work/progs" >>"$work/build.log" 2>&1 ||
	{ tail -n 20 "$work/build.log"; die "tests/aarch64/build.sh failed"; }
clang --target=aarch64-linux-gnu -fuse-ld=lld -O1 -static \
	-o "$work/norand" "$here/norand.c" >>"$work/build.log" 2>&1 ||
	die "cannot build norand"

# The initramfs: busybox, elfload, the programs, the C library.
rm -rf "$root"
mkdir -p "$root"/{bin,proc,sys,dev,tmp,progs,lib/aarch64-linux-gnu}
dpkg-deb --fsys-tarfile "$bdeb" | tar -xO ./bin/busybox >"$root/bin/busybox" ||
	die "no busybox in $bdeb"
cp "$here/init.sh" "$root/init"
cp "$top/tests/progs/normalize.awk" "$root/"
cp "$top/build/aarch64/elfload" "$work/norand" "$root/"
cp "$work"/progs/probe-* "$work"/progs/hello-* "$root/progs/"
printf 'pear\napple\nfig\n' >"$root/progs/list"
cp -L "$lib/ld-linux-aarch64.so.1" "$root/lib/"
cp -L "$lib/libc.so.6" "$root/lib/aarch64-linux-gnu/"
chmod 755 "$root/init" "$root/elfload" "$root/norand" "$root/bin/busybox"
# The malformed corpus from arm64 bases (tests/malformed), at the same
# absolute path inside the VM (its files name each other so).
mal=$work/malformed
MALFORMED_CC="clang --target=aarch64-linux-gnu -fuse-ld=lld" \
	MALFORMED_BASE_FLAGS=-Wl,-z,force-bti \
	"$top/tests/malformed/build.sh" "$mal" "$top/build/aarch64/libelfload.a" \
	>>"$work/build.log" 2>&1 || die "cannot build the arm64 corpus tools"
rm -rf "$mal/files" "$mal/aux"
GEN_TASK_SIZE=0x1000000000000 GEN_ROOT=/usr/aarch64-linux-gnu \
	python3 "$top/tests/malformed/gen.py" "$mal/bases" "$mal" \
	>>"$work/build.log" 2>&1 || die "cannot generate the arm64 corpus"
mkdir -p "$root/$mal"
cp -a "$mal/files" "$mal/aux" "$mal/manifest.tsv" "$mal/xrun" \
	"$mal/libcheck" "$root/$mal/"
echo "$mal" >"$root/corpus"
# xz: the corpus's files are alike, and close enough for its window.
(cd "$root" && find . | cpio -o -H newc --quiet |
	xz -3 -T1 --check=crc32) >"$work/initrd.xz" ||
	die "cannot build the initramfs"

for f in $flavours; do
	boot "$f"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
