// SPDX-License-Identifier: MIT
/*
 * x86-64 registers of a stopped tracee: the debug registers for an
 * instruction breakpoint (DR0 with DR7's local enable L0, condition
 * "execute", length 1), the general and segment registers, FS/GS base,
 * and the x87 and SSE control words.
 */
#include <errno.h>
#include <stddef.h>
#include <sys/ptrace.h>
#include <sys/user.h>

#include "launch_arch.h"

#define DR_OFFSET(n) (offsetof(struct user, u_debugreg) + (n) * sizeof(long))
#define DR7_L0 0x1ul
#define RFLAGS_RF 0x10000ull	/* resume flag: set after a breakpoint hit */
#define RFLAGS_PF 0x4ull
#define RFLAGS_ZF 0x40ull

static int poke_dr(pid_t pid, int n, unsigned long value)
{
	errno = 0;
	if (ptrace(PTRACE_POKEUSER, pid, (void *)DR_OFFSET(n),
		   (void *)value) < 0)
		return -(errno ? errno : EIO);
	return 0;
}

int launch_arch_set_breakpoint(pid_t pid, uint64_t addr)
{
	int ret = poke_dr(pid, 0, (unsigned long)addr);

	/* R/W0 = 00 (execute) and LEN0 = 00 (1 byte): bits 16-19 zero. */
	return ret ? ret : poke_dr(pid, 7, DR7_L0);
}

int launch_arch_clear_breakpoint(pid_t pid)
{
	struct user_regs_struct regs;
	int ret = poke_dr(pid, 7, 0);

	if (!ret)
		ret = poke_dr(pid, 0, 0);
	if (!ret)
		ret = poke_dr(pid, 6, 0);
	if (ret)
		return ret;
	/* A fresh exec starts without RF; the kernel set it on the hit. */
	if (ptrace(PTRACE_GETREGS, pid, NULL, &regs) < 0)
		return -errno;
	regs.eflags &= ~RFLAGS_RF;
	if (ptrace(PTRACE_SETREGS, pid, NULL, &regs) < 0)
		return -errno;
	return 0;
}

int launch_arch_pc_sp(pid_t pid, uint64_t *pc, uint64_t *sp)
{
	struct user_regs_struct regs;

	if (ptrace(PTRACE_GETREGS, pid, NULL, &regs) < 0)
		return -errno;
	*pc = regs.rip;
	*sp = regs.rsp;
	return 0;
}

#define USER32_CS 0x23	/* __USER32_CS: compat mode */

static const char flags_cause[] =
	"the loader's last instructions are the vDSO's syscall; xor ...; ret";

int launch_arch_read_regs(pid_t pid, struct launch_arch_reg *regs, size_t *n,
			  unsigned *word)
{
	struct user_regs_struct r;
	struct user_fpregs_struct fp;
	size_t i = 0;

	if (ptrace(PTRACE_GETREGS, pid, NULL, &r) < 0 ||
	    ptrace(PTRACE_GETFPREGS, pid, NULL, &fp) < 0)
		return -errno;
#define REG(field) regs[i++] = (struct launch_arch_reg){ #field, r.field, 0, NULL }
	REG(rax); REG(rbx); REG(rcx); REG(rdx); REG(rsi); REG(rdi);
	REG(rbp); REG(rsp); REG(r8); REG(r9); REG(r10); REG(r11);
	REG(r12); REG(r13); REG(r14); REG(r15); REG(rip);
	regs[i++] = (struct launch_arch_reg){ "rflags", r.eflags,
					      RFLAGS_ZF | RFLAGS_PF,
					      flags_cause };
	REG(cs); REG(ss); REG(ds); REG(es); REG(fs); REG(gs);
	REG(fs_base); REG(gs_base);
#undef REG
	regs[i++] = (struct launch_arch_reg){ "fcw", fp.cwd, 0, NULL };
	regs[i++] = (struct launch_arch_reg){ "mxcsr", fp.mxcsr, 0, NULL };
	*n = i;
	*word = r.cs == USER32_CS ? 4 : 8;	/* 32-bit code: an ia32 program */
	return 0;
}
