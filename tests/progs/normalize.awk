# The probe's output (tests/progs/probe.c) with only what two starts of
# the same program share: of /proc/self/stat the layout fields (the rest
# counts faults, times and the pid, which differ between any two
# processes), and without the sections named in the variable skips
# (awk -v skips="maps ...").  Used by tests/run and the arm64 VM.
/^== stat$/ { getline; sub(/^.*\) /, "");
	split($0, f, " ");
	print "stat", f[1], f[24], f[25], f[26], f[43], f[44], f[45],
	      f[46], f[47], f[48], f[49]; next }
/^== / { skip = (skips != "" && index(" " skips " ", " " $2 " ")) }
!skip { print }
