#!/bin/sh
# Emit, for every numeric constant of include/elfload/elf.h, a table entry
# that tests/unit/test_elf.c compares with the host <elf.h>: under the
# standard name (ELFLOAD_X against X) and under glibc's other spelling
# too, where elf.h names one in a "glibc: NAME" comment.  Each entry is guarded
# by #ifdef, so that a constant the host lacks is simply not compared.
set -eu
header=${1:?usage: elf_names.sh include/elfload/elf.h}
sed -n 's/^#define ELFLOAD_\([A-Za-z0-9_]*\)[[:space:]]\{1,\}\(0x[0-9a-f]\{1,\}u\{0,1\}\|[0-9]\{1,\}\)\([[:space:]].*\)\{0,1\}$/\1 \1 \3/p' "$header" |
	sed 's/^\([^ ]*\) \([^ ]*\) .*glibc: \([A-Za-z0-9_]*\).*/\1 \1\n\1 \3/; t; s/^\([^ ]*\) \([^ ]*\) .*/\1 \2/' |
	while read -r ours theirs; do
		printf '#ifdef %s\n\t{ "%s", "%s", ELFLOAD_%s, %s },\n#endif\n' \
			"$theirs" "$ours" "$theirs" "$ours" "$theirs"
	done
