#!/bin/bash
# Fault injection into `elfload run` (check.py): the Nth call of each
# libc function it uses fails, for every N it reaches.  Builds the shim,
# and the base programs with tests/malformed/build.sh, into OUTDIR
# (default build/malformed).  Ends with "N passed, N failed", one test
# per run.
#
# Usage: run.sh [ELFLOAD [ASAN_ELFLOAD [OUTDIR]]]
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
elfload=${1:-$top/build/elfload-dynamic}
asan=${2:-$top/build/asan/elfload}
out=${3:-$top/build/malformed}
"$top/tests/malformed/build.sh" "$out" || exit 1
shim=$out/faultinject-shim.so
if [ ! -e "$shim" ] || [ "$top/tests/faultinject/shim.c" -nt "$shim" ]; then
	gcc -O1 -Wall -Wextra -Werror -shared -fPIC -I"$top/include" -o "$shim" \
		"$top/tests/faultinject/shim.c" -ldl || exit 1
fi
exec python3 "$top/tests/faultinject/check.py" \
	--shim "$shim" --bases "$out/bases" "$elfload" "$asan"
