/* SPDX-License-Identifier: MIT */
/* arm64 facts the loader's stage 1 needs about the running thread. */
#ifndef ELFLOAD_ARCH_LOADER_H
#define ELFLOAD_ARCH_LOADER_H

#include <stdint.h>

/* The signature glibc registers its rseq area with (RSEQ_SIG, arm64). */
#define ARCH_RSEQ_SIG 0xd428bc00u

/* The thread pointer: TPIDR_EL0 points at the TCB on arm64. */
static inline uintptr_t arch_thread_pointer(void)
{
	uintptr_t tp;

	__asm__("mrs %0, tpidr_el0" : "=r"(tp));
	return tp;
}

/*
 * The fork watch (forkwatch.c): the seccomp_data facts of this ABI.  An
 * AArch32 (compat) call has another AUDIT_ARCH and is treated as a
 * fork.  arm64 has no fork(2) (the C library forks with clone): its
 * number here is one no call has.  No call number has bit 30.
 */
#define ARCH_AUDIT_ARCH 0xc00000b7u	/* AUDIT_ARCH_AARCH64 */
#define ARCH_SYSCALL_ABI_BIT 0x40000000u
#define ARCH_NR_FORK 0x3fffffffu
#define ARCH_NR_CLONE 220		/* flags in argument 0 */
#define ARCH_NR_CLONE3 435
/* Calls naming addresses they do not read; calls reading a buffer. */
#define ARCH_NR_MMAP 222
#define ARCH_NR_MPROTECT 226
#define ARCH_NR_MUNMAP 215
#define ARCH_NR_BRK 214
#define ARCH_NR_MREMAP 216
#define ARCH_NR_MADVISE 233
#define ARCH_NR_WRITE 64		/* (fd, buf, len) */
#define ARCH_NR_PWRITE64 68		/* (fd, buf, len, off) */
#define ARCH_NR_SENDTO 206		/* (fd, buf, len, ...) */
/* Where in struct seccomp_data.args[0] its low 32 bits are. */
#define ARCH_ARG_LOW_WORD 0		/* little-endian */

#endif
