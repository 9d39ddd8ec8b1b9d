/* SPDX-License-Identifier: MIT */
/*
 * What launching and snapshotting a stopped process needs from the host
 * architecture (lib/arch/$(ARCH)/native/launch.c): a hardware breakpoint
 * on an instruction, and the registers a program can observe at its
 * first instruction.  All take the pid of a ptrace-stopped tracee.
 */
#ifndef ELFLOAD_LAUNCH_ARCH_H
#define ELFLOAD_LAUNCH_ARCH_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* One register as a program sees it. */
struct launch_arch_reg {
	const char *name;	/* as the architecture's manuals name it */
	uint64_t value;
	/* Bits that may differ because of a documented residual, and why. */
	uint64_t residual_mask;
	const char *residual;
};

#define LAUNCH_ARCH_MAX_REGS 48

/* Stop @pid when it is about to execute the instruction at @addr. */
int launch_arch_set_breakpoint(pid_t pid, uint64_t addr);

/*
 * Remove that breakpoint after it was hit, and every trace of it the
 * tracee could see (the debug status, the resume flag).
 */
int launch_arch_clear_breakpoint(pid_t pid);

/* The program counter and stack pointer of @pid. */
int launch_arch_pc_sp(pid_t pid, uint64_t *pc, uint64_t *sp);

/*
 * The registers of @pid into @regs (room for LAUNCH_ARCH_MAX_REGS),
 * their number into *@n; the size of a stack slot into *@word.
 */
int launch_arch_read_regs(pid_t pid, struct launch_arch_reg *regs, size_t *n,
			  unsigned *word);

#endif
