#!/bin/sh
# Stage 2 of the loader is copied away and runs with no libc and no other
# code mapped: its object may hold code only in the elfload_stage2 section
# and may refer to no symbol outside that section (stage 2's own symbols are
# named stage2_*, the section itself elfload_stage2).
obj=${1:?usage: check-stage2.sh OBJECT}
status=0
# Allocated sections other than elfload_stage2 must be empty.
readelf -SW "$obj" | sed -n 's/^ *\[ *[0-9]*\] //p' | awk '
{ name = $1; size = $5; flg = $7
  if (name != "elfload_stage2" && flg ~ /A/ && size !~ /^0+$/)
	{ print "stage 2 object has data in " name; bad = 1 } }
END { exit bad }' || status=1
# Relocations of the stage-2 section may only name stage-2 symbols.
readelf -rW "$obj" | awk '
/^Relocation section/ { in2 = ($3 ~ /elfload_stage2/); next }
in2 && $1 ~ /^[0-9a-f]+$/ && $5 != "elfload_stage2" && $5 !~ /^stage2_/ {
	print "stage 2 refers to " $5; bad = 1 }
END { exit bad }' || status=1
exit $status
