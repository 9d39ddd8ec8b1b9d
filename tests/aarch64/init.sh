#!/bin/busybox sh
# /init of the arm64 test VM (tests/aarch64/vm.sh): the tests against the
# kernel this VM booted, printed on the serial console; the last lines are
# "N passed, N failed" and the kernel's version, then the VM powers off.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
# /tmp stays the initramfs's own (writable already): a tmpfs over it
# would hide the malformed corpus when the tree is under /tmp, as the
# corpus sits at the host's absolute path.
mkdir -p /tmp
cd /tmp
pass=0
fail=0
EL=/elfload

ok() { pass=$((pass + 1)); echo "ok: $*"; }
bad() { fail=$((fail + 1)); echo "FAILED: $*"; }

# t NAME CMD...: one test, judged by CMD's exit status.
t() {
	name=$1
	shift
	if "$@" >/tmp/t.log 2>&1; then
		ok "$name"
	else
		bad "$name"
		head -n 40 /tmp/t.log
	fi
}

# The probe's output, comparable between two starts.
normalize() {
	awk -v skips="$SKIP" -f /normalize.awk "$1"
}

# The probe natively and through elfload (OPTS), both without
# randomization, in the same environment and output file.
probe_same() {
	prog=$1
	rn=0
	ro=0
	env -i A=1 BB=22 /norand "$prog" x "y z" >/tmp/p.out 2>&1 || rn=$?
	normalize /tmp/p.out >/tmp/native
	env -i A=1 BB=22 /norand $EL run $OPTS "$prog" x "y z" >/tmp/p.out 2>&1 ||
		ro=$?
	normalize /tmp/p.out >/tmp/ours
	[ "$rn" = "$ro" ] || { echo "exit $rn vs $ro"; return 1; }
	diff /tmp/native /tmp/ours
}

# CMD natively and through elfload: the same output and exit status.
same() {
	native=$(/norand "$@" 2>&1 </dev/null; echo "exit status $?")
	ours=$(/norand $EL run $OPTS "$@" 2>&1 </dev/null; echo "exit status $?")
	[ "$native" = "$ours" ] && return 0
	echo "native: $native"
	echo "elfload: $ours"
	return 1
}

# show CMD...: print what CMD prints, indented (for the record).
show() {
	"$@" 2>&1 | sed 's/^/  | /'
}

maps_check() {
	$EL maps --check "$@" | grep -q '^identical: '
}

page=$(awk '/^KernelPageSize:/ { print $2; exit }' /proc/self/smaps)
echo "kernel: $(uname -r) $(uname -m), $page KiB pages, booted in $(cut -d' ' -f1 /proc/uptime) s"
# Programs linked for 4 KiB pages only cannot run with larger pages.
PROBES=$(ls /progs/probe-*)
[ "$page" = 4 ] || PROBES=$(ls /progs/probe-*-64k)

for p in $PROBES /bin/busybox; do
	t "maps --check $p" maps_check "$p"
done

# The map of each program, which maps --check just proved to be the
# kernel's, for the host: vm.sh checks that `maps --arch aarch64` plans
# the same addresses there, from the arm64 description alone.
for p in $PROBES /bin/busybox; do
	env -i $EL maps "$p" | sed "s|^|MAPS $p |"
done

OPTS=
SKIP=
for p in $PROBES; do
	t "run $p: the probe as native" probe_same "$p"
done
t "run busybox sh -c" same /bin/busybox sh -c 'echo "$0 $1"; exit 7' a b
t "run busybox sha256sum" same /bin/busybox sha256sum /elfload
t "run busybox ls" same /bin/busybox ls -l /progs
t "run busybox awk" same /bin/busybox awk 'BEGIN { for (i = 0; i < 5; i++) s += i * i; print s }'
t "run busybox sort" same /bin/busybox sort /progs/list
for h in $(echo "$PROBES" | sed 's/probe-/hello-/'); do
	t "run $h" same "$h"
done

# After run, nothing of elfload stays mapped (stage 2 left through the
# vDSO): the program's own map, shown once.
unmapped() {
	$EL run /bin/busybox cat /proc/self/maps >/tmp/m || return 1
	cat /tmp/m
	grep -q '\[stack\]' /tmp/m && ! grep -q -e elfload -e '^[^ ]* ..xp .*00:00 0 *$' /tmp/m
}
t "run: nothing of elfload mapped" unmapped
show unmapped
for p in $PROBES; do
	t "run --check $p" $EL run --check "$p" x
done
# What run --check found, residuals and all, once.
show $EL run --check /progs/probe-pie-64k x

# Planted differences must be found: an environment variable on the
# elfload side only (run --check), and the legacy bottom-up mmap layout,
# which the planner does not model (maps --check).
t "run --check: a planted variable: exit 4" sh -c \
	"ELFLOAD_TEST_PERTURB=ELFLOAD_PLANTED=1 $EL run --check /bin/busybox true; [ \$? = 4 ]"
echo 1 >/proc/sys/vm/legacy_va_layout
t "maps --check: the legacy layout differs: exit 4" sh -c \
	"$EL maps --check /progs/probe-pie-64k >/dev/null; [ \$? = 4 ]"
echo 0 >/proc/sys/vm/legacy_va_layout

OPTS="--demand --quiet --trace /tmp/trace"
SKIP="maps"
for p in /progs/probe-static-64k /progs/probe-pie-64k; do
	t "run --demand $p: the probe as native" probe_same "$p"
	t "run --demand $p: a fault trace" grep -q fault /tmp/trace
done
t "run --demand busybox sha256sum" same /bin/busybox sha256sum /elfload
t "run --demand busybox: a fault trace" grep -q fault /tmp/trace

# The malformed corpus built from arm64 bases (with 4 KiB pages): each
# file's verdicts recorded for tests/malformed/judge.py --recorded, which
# judges them on the host: the kernel's (xrun --trace), elfload run's,
# libelfload's (libcheck), and both sides' output in hex.
hx() {
	[ -s "$1" ] && hexdump -ve '1/1 "%02x"' "$1"
}
# judge_files WORKER: every second file of the manifest (two workers, one
# per CPU), its records into /tmp/mal.WORKER.
judge_files() {
	w=$1
	awk -v w="$w" 'NR % 2 == w' manifest.tsv | while IFS=$tab read -r name cls; do
		f=$corpus/files/$name
		o=/tmp/w$w
		kv=$(./xrun --trace --timeout 10 --out $o.ko --err $o.ke "$f" arg1)
		ov=$(./xrun --timeout 10 --out $o.oo --err $o.oe $EL run "$f" arg1)
		lib=$(./libcheck "$f" arg1)
		printf 'MALFORMED\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" \
			"$kv" "$ov" "$lib" "$(hx $o.ko)" "$(hx $o.ke)" \
			"$(hx $o.oo)" "$(hx $o.oe)"
	done >/tmp/mal.$w
}
corpus=$(cat /corpus 2>/dev/null)
tab=$(printf '\t')
if [ -n "$corpus" ] && [ "$page" = 4 ]; then
	cd "$corpus"
	t0=$(cut -d' ' -f1 /proc/uptime)
	judge_files 0 &
	judge_files 1
	wait
	cat /tmp/mal.0 /tmp/mal.1
	echo "malformed corpus: $(cat /tmp/mal.0 /tmp/mal.1 | wc -l) files in $(awk -v t0="$t0" '{ print $1 - t0 }' /proc/uptime) s"
	cd /tmp
fi

echo "$pass passed, $fail failed"
echo "kernel: $(uname -r)"
poweroff -f
