#!/bin/bash
# The malformed-ELF corpus against the kernel: build the base programs
# and helpers, generate the corpus into OUTDIR (default build/malformed),
# and judge every file (judge.py).  Ends with "N passed, N failed", one
# test per file.
#
# Usage: run.sh [ELFLOAD [ASAN_ELFLOAD [OUTDIR]]]
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
elfload=${1:-$top/elfload}
asan=${2:-$top/build/asan/elfload}
out=${3:-$top/build/malformed}
"$top/tests/malformed/build.sh" "$out" || exit 1
python3 "$top/tests/malformed/gen.py" "$out/bases" "$out" || exit 1
exec python3 "$top/tests/malformed/judge.py" --elfload "$elfload" \
	--asan "$asan" --tools "$out" "$out"
