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

#endif
