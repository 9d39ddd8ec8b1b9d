/* SPDX-License-Identifier: MIT */
/* x86-64 facts the loader's stage 1 needs about the running thread. */
#ifndef ELFLOAD_ARCH_LOADER_H
#define ELFLOAD_ARCH_LOADER_H

#include <stdint.h>

/* The signature glibc registers its rseq area with (RSEQ_SIG). */
#define ARCH_RSEQ_SIG 0x53053053u

/* The thread pointer: %fs:0 holds the TCB's own address on x86-64. */
static inline uintptr_t arch_thread_pointer(void)
{
	uintptr_t tp;

	__asm__("mov %%fs:0, %0" : "=r"(tp));
	return tp;
}

/*
 * The fork watch (forkwatch.c): the seccomp_data facts of this ABI.  A
 * system call of another ABI (i386 through int $0x80, x32 with the
 * x32 bit in its number) is one the pager cannot decode, and is treated
 * as a fork.  vfork shares the address space and is not watched.
 */
#define ARCH_AUDIT_ARCH 0xc000003eu	/* AUDIT_ARCH_X86_64 */
#define ARCH_SYSCALL_ABI_BIT 0x40000000u	/* __X32_SYSCALL_BIT */
#define ARCH_NR_FORK 57
#define ARCH_NR_CLONE 56		/* flags in argument 0 */
#define ARCH_NR_CLONE3 435
/* Calls naming addresses they do not read; calls reading a buffer. */
#define ARCH_NR_MMAP 9
#define ARCH_NR_MPROTECT 10
#define ARCH_NR_MUNMAP 11
#define ARCH_NR_BRK 12
#define ARCH_NR_MREMAP 25
#define ARCH_NR_MADVISE 28
#define ARCH_NR_WRITE 1			/* (fd, buf, len) */
#define ARCH_NR_PWRITE64 18		/* (fd, buf, len, off) */
#define ARCH_NR_SENDTO 44		/* (fd, buf, len, ...) */
/* Where in struct seccomp_data.args[0] its low 32 bits are. */
#define ARCH_ARG_LOW_WORD 0		/* little-endian */

#endif
