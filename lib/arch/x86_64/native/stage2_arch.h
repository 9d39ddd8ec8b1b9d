/* SPDX-License-Identifier: MIT */
/*
 * x86-64 primitives for stage 2 of the loader, which runs after the old
 * address space is gone: raw system calls and byte copies that compile to
 * inline instructions only (no libc, no relocations).
 */
#ifndef ELFLOAD_STAGE2_ARCH_H
#define ELFLOAD_STAGE2_ARCH_H

#include <stdint.h>

#define S2_NR_READ 0
#define S2_NR_WRITE 1
#define S2_NR_CLOSE 3
#define S2_NR_MMAP 9
#define S2_NR_MPROTECT 10
#define S2_NR_IOCTL 16
#define S2_NR_MUNMAP 11
#define S2_NR_RT_SIGACTION 13
#define S2_NR_RT_SIGPROCMASK 14
#define S2_NR_MREMAP 25
#define S2_NR_MADVISE 28
#define S2_NR_GETPID 39
#define S2_NR_KILL 62
#define S2_NR_ARCH_PRCTL 158
#define S2_NR_PRCTL 157
#define S2_NR_SET_TID_ADDRESS 218
#define S2_NR_SET_ROBUST_LIST 273
#define S2_NR_RSEQ 334
#define S2_NR_CLONE 56
#define S2_NR_EXIT 60
#define S2_NR_PERSONALITY 135
#define S2_ARCH_MAP_VDSO_32 0x2002

/*
 * Start a thread (clone @flags) on @stack running fn(arg), which must
 * end with S2_NR_EXIT; returns the thread id or -errno.  In jump.S.
 */
long stage2_clone(unsigned long flags, void *stack, void (*fn)(long),
		      long arg);

#define S2_ARCH_SET_GS 0x1001
#define S2_ARCH_SET_FS 0x1002

static inline long s2_syscall6(long nr, long a, long b, long c, long d,
			       long e, long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8),
			   "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline void s2_copy(void *dst, const void *src, uint64_t n)
{
	__asm__ volatile("rep movsb"
			 : "+D"(dst), "+S"(src), "+c"(n)
			 :
			 : "memory");
}

static inline void s2_zero(void *dst, uint64_t n)
{
	__asm__ volatile("rep stosb"
			 : "+D"(dst), "+c"(n)
			 : "a"(0)
			 : "memory");
}

/* Clear the thread pointer registers the old libc set up. */
static inline void s2_clear_tls(void)
{
	s2_syscall6(S2_NR_ARCH_PRCTL, S2_ARCH_SET_FS, 0, 0, 0, 0, 0);
	s2_syscall6(S2_NR_ARCH_PRCTL, S2_ARCH_SET_GS, 0, 0, 0, 0, 0);
}

/*
 * Leave for the program (lib/arch/x86_64/jump.S): with every general
 * register zero and the stack pointer at @sp, unmap [unmap, unmap + len)
 * through the vDSO gadget at @gadget ("syscall; xor...; ret") and return
 * into @entry.  Without a gadget, jump to @entry directly.
 */
void stage2_leave(uint64_t entry, uint64_t sp, uint64_t gadget,
			  uint64_t unmap, uint64_t len)
	__attribute__((noreturn));

/* Map the 32-bit vDSO block at @hint (the 64-bit one must be gone). */
static inline long s2_map_compat_vdso(uint64_t hint)
{
	return s2_syscall6(S2_NR_ARCH_PRCTL, S2_ARCH_MAP_VDSO_32, (long)hint,
			   0, 0, 0, 0);
}

/*
 * Leave for an ia32 program (jump.S): switch to 32-bit mode (CS 0x23,
 * DS/ES/SS 0x2b, FS/GS 0, r8-r15 and every other register zero) at
 * @gadget in the compat vDSO ("int $0x80; pop %ebp; pop %edx; pop %ecx;
 * ret") with the stack at @frame and munmap(@unmap, @len) loaded: the
 * system call unmaps stage 2, the pops take the three zero words at
 * @frame and ret the entry point above them.  With @unmap 0 (stage 2 is
 * the lowest mapping) ebx too starts at 0, as after execve.
 */
void stage2_leave_compat(uint64_t gadget, uint64_t frame, uint64_t unmap,
			 uint64_t len) __attribute__((noreturn));

/* Switch to @stack and call fn(arg); never returns (jump.S). */
void stage2_enter(void *arg, void *stack, void (*fn)(void *))
	__attribute__((noreturn));

#endif
