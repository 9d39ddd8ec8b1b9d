#!/bin/bash
# Build the programs the run tests need into OUTDIR: the probe in every
# flavour the kernel loads (and musl static), a Go and a Rust program.
# A flavour whose toolchain is missing is skipped with a line on stderr.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: build.sh OUTDIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)	# absolute: GOPATH and the tests need it

fresh() {	# TARGET SOURCE: is TARGET missing or older than SOURCE?
	[ ! -e "$1" ] || [ "$2" -nt "$1" ]
}

probe() {	# NAME CC FLAGS...
	local name=$1 cc=$2
	shift 2
	if fresh "$out/$name" "$src/progs/probe.c"; then
		"$cc" -O1 -I"$src/../include" -o "$out/$name" \
			"$src/progs/probe.c" "$@"
	fi
}

probe probe-static gcc -static
probe probe-static-pie gcc -static-pie
probe probe-pie gcc -fPIE -pie
probe probe-no-pie gcc -fno-PIE -no-pie
probe probe-static-2m gcc -static -Wl,-z,max-page-size=0x200000
probe probe-static-pie-2m gcc -static-pie -Wl,-z,max-page-size=0x200000
probe probe-pie-2m gcc -fPIE -pie -Wl,-z,max-page-size=0x200000
probe probe-no-pie-2m gcc -fno-PIE -no-pie -Wl,-z,max-page-size=0x200000
# The ia32 (i386) probe (gcc-multilib): every flavour, and one without
# PT_GNU_STACK (READ_IMPLIES_EXEC).
probe probe32-static gcc -m32 -static
probe probe32-static-pie gcc -m32 -static-pie
probe probe32-pie gcc -m32 -fPIE -pie
probe probe32-no-pie gcc -m32 -fno-PIE -no-pie
probe probe32-static-2m gcc -m32 -static -Wl,-z,max-page-size=0x200000
probe probe32-pie-2m gcc -m32 -fPIE -pie -Wl,-z,max-page-size=0x200000
if fresh "$out/probe32-noexecstack" "$out/probe32-pie"; then
	python3 "$src/progs/no_gnu_stack.py" "$out/probe32-pie" \
		"$out/probe32-noexecstack"
	chmod +x "$out/probe32-noexecstack"
fi
if fresh "$out/ia32prog" "$src/run/ia32prog.c"; then
	gcc -m32 -O1 -pthread -o "$out/ia32prog" "$src/run/ia32prog.c"
fi
if fresh "$out/ia32cxx" "$src/run/ia32cxx.cc"; then
	g++ -m32 -O1 -o "$out/ia32cxx" "$src/run/ia32cxx.cc"
fi
# Debian's i386 busybox-static, unpacked, never installed (a foreign
# architecture is added to apt's lists only to download it).
if [ ! -x "$out/busybox32/bin/busybox" ]; then
	deb=$(mktemp -d)
	if ! (cd "$deb" && apt-get download -q busybox-static:i386) \
		>/dev/null 2>&1; then
		dpkg --add-architecture i386 && apt-get update -qq &&
			(cd "$deb" && apt-get download -q busybox-static:i386)
	fi
	dpkg-deb -x "$deb"/busybox-static_*_i386.deb "$out/busybox32"
	rm -rf "$deb"
fi
if command -v musl-gcc >/dev/null; then
	probe probe-musl-static musl-gcc -static
else
	echo "build.sh: no musl-gcc, skipping the musl probe" >&2
fi

if command -v go >/dev/null && fresh "$out/hello-go" "$src/run/hello.go"; then
	(cd "$out" && HOME=$out GOCACHE=$out/.gocache GOPATH=$out/.gopath \
		GOFLAGS=-mod=mod GO111MODULE=off go build -o hello-go \
		"$src/run/hello.go")
fi

cargo=$(command -v cargo || ls "${HOME:-/root}"/.cargo/bin/cargo 2>/dev/null || true)
if [ -n "$cargo" ] && fresh "$out/hello-rust" "$src/run/hello.rs"; then
	crate=$out/rust-hello
	mkdir -p "$crate/src"
	printf '[package]\nname = "hello-rust"\nversion = "0.1.0"\nedition = "2021"\n' \
		>"$crate/Cargo.toml"
	cp "$src/run/hello.rs" "$crate/src/main.rs"
	(cd "$crate" && PATH=$(dirname "$cargo"):$PATH \
		"$cargo" build --offline --release -q)
	cp "$crate/target/release/hello-rust" "$out/hello-rust"
fi

# The --demand tests' programs (tests/demand).
if fresh "$out/touch" "$src/demand/touch.c"; then
	gcc -O1 -static -nostdlib -fno-pie -no-pie -fno-stack-protector \
		-fcf-protection=none -o "$out/touch" "$src/demand/touch.c"
fi
if fresh "$out/demandprog" "$src/demand/demandprog.c"; then
	gcc -O1 -pthread -o "$out/demandprog" "$src/demand/demandprog.c"
fi
if fresh "$out/sandbox" "$src/demand/sandbox.c"; then
	gcc -O1 -Wall -Wextra -Werror -o "$out/sandbox" "$src/demand/sandbox.c"
fi
