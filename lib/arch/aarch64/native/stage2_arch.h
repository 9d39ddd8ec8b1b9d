/* SPDX-License-Identifier: MIT */
/*
 * arm64 primitives for stage 2 of the loader, which runs after the old
 * address space is gone: raw system calls (svc #0, the number in x8, the
 * arguments in x0-x5, the result in x0; every other register preserved)
 * and byte copies written as inline instructions (no libc, no calls).
 * The numbers are the generic table's (include/uapi/asm-generic/unistd.h).
 */
#ifndef ELFLOAD_STAGE2_ARCH_H
#define ELFLOAD_STAGE2_ARCH_H

#include <stdint.h>

#define S2_NR_IOCTL 29
#define S2_NR_CLOSE 57
#define S2_NR_READ 63
#define S2_NR_WRITE 64
#define S2_NR_PERSONALITY 92
#define S2_NR_EXIT 93
#define S2_NR_SET_TID_ADDRESS 96
#define S2_NR_SET_ROBUST_LIST 99
#define S2_NR_KILL 129
#define S2_NR_RT_SIGACTION 134
#define S2_NR_RT_SIGPROCMASK 135
#define S2_NR_PRCTL 167
#define S2_NR_GETPID 172
#define S2_NR_MUNMAP 215
#define S2_NR_MREMAP 216
#define S2_NR_CLONE 220
#define S2_NR_MMAP 222
#define S2_NR_MPROTECT 226
#define S2_NR_MADVISE 233
#define S2_NR_RSEQ 293

/*
 * Start a thread (clone @flags) on @stack running fn(arg), which must
 * end with S2_NR_EXIT; returns the thread id or -errno.  In jump.S.
 */
long stage2_clone(unsigned long flags, void *stack, void (*fn)(long),
		  long arg);

static inline long s2_syscall6(long nr, long a, long b, long c, long d,
			       long e, long f)
{
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x4 __asm__("x4") = e;
	register long x5 __asm__("x5") = f;

	__asm__ volatile("svc #0"
			 : "+r"(x0)
			 : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4),
			   "r"(x5)
			 : "memory");
	return x0;
}

static inline void s2_copy(void *dst, const void *src, uint64_t n)
{
	uint64_t t;

	__asm__ volatile("cbz %2, 2f\n"
			 "1: ldrb %w3, [%1], #1\n"
			 "strb %w3, [%0], #1\n"
			 "subs %2, %2, #1\n"
			 "b.ne 1b\n"
			 "2:"
			 : "+r"(dst), "+r"(src), "+r"(n), "=&r"(t)
			 :
			 : "memory", "cc");
}

static inline void s2_zero(void *dst, uint64_t n)
{
	__asm__ volatile("cbz %1, 2f\n"
			 "1: strb wzr, [%0], #1\n"
			 "subs %1, %1, #1\n"
			 "b.ne 1b\n"
			 "2:"
			 : "+r"(dst), "+r"(n)
			 :
			 : "memory", "cc");
}

/* Clear the thread pointer the old libc set (a new exec starts at 0). */
static inline void s2_clear_tls(void)
{
	__asm__ volatile("msr tpidr_el0, xzr" ::: "memory");
}

/*
 * Leave for the program (native/jump.S): with the stack pointer at @sp,
 * unmap [unmap, unmap + len) through the vDSO's "svc #0; ret" at
 * @gadget, which returns into @entry; without a gadget, branch to @entry
 * directly.  Every other register the program can see is zero.
 */
void stage2_leave(uint64_t entry, uint64_t sp, uint64_t gadget,
		  uint64_t unmap, uint64_t len) __attribute__((noreturn));

/*
 * Compat programs: arm64 has no 32-bit (AArch32) description here
 * (elfload_arch_for refuses them as a kernel without COMPAT does), so
 * job->compat is never set and neither is reached; the vDSO call fails
 * with ENOSYS and the compat exit falls through to stage2_leave().
 */
static inline long s2_map_compat_vdso(uint64_t hint)
{
	(void)hint;
	return -38;	/* ENOSYS */
}

static inline void stage2_leave_compat(uint64_t gadget, uint64_t frame,
				       uint64_t unmap, uint64_t len)
{
	(void)gadget;
	(void)frame;
	(void)unmap;
	(void)len;
}

/* Switch to @stack and call fn(arg); never returns (jump.S). */
void stage2_enter(void *arg, void *stack, void (*fn)(void *))
	__attribute__((noreturn));

#endif
