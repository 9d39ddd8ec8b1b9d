// SPDX-License-Identifier: MIT
/*
 * norand PROG [ARGS...]: run PROG without address space randomization,
 * as `setarch -R` does (personality(ADDR_NO_RANDOMIZE) added to the
 * current one, then execvp).  For the arm64 VM, whose busybox has no
 * setarch.
 */
#include <stdio.h>
#include <sys/personality.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int now = personality(0xffffffff);

	if (argc < 2) {
		fputs("usage: norand PROG [ARGS...]\n", stderr);
		return 2;
	}
	if (now < 0 || personality((unsigned long)now | ADDR_NO_RANDOMIZE) < 0) {
		perror("norand: personality");
		return 1;
	}
	execvp(argv[1], argv + 1);
	perror(argv[1]);
	return 127;
}
