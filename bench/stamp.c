// SPDX-License-Identifier: MIT
/*
 * bench/stamp: a program without libc that, at its first instruction,
 * writes {STAMP_STEP_ENTRY, seconds, nanoseconds} of CLOCK_MONOTONIC to
 * descriptor STAMP_FD and exits 0: when a launch reached the program.
 * Built -static -nostdlib; the system calls are the loader's own
 * primitives for this architecture (stage2_arch.h).
 */
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>

#include "stage2_arch.h"
#include "stamp.h"

__attribute__((noreturn, force_align_arg_pointer)) void _start(void)
{
	struct timespec ts;
	int64_t rec[3];

	s2_syscall6(SYS_clock_gettime, CLOCK_MONOTONIC, (long)&ts, 0, 0, 0, 0);
	rec[0] = STAMP_STEP_ENTRY;
	rec[1] = ts.tv_sec;
	rec[2] = ts.tv_nsec;
	s2_syscall6(SYS_write, STAMP_FD, (long)rec, sizeof(rec), 0, 0, 0);
	for (;;)
		s2_syscall6(SYS_exit_group, 0, 0, 0, 0, 0, 0);
}
