// SPDX-License-Identifier: MIT
/*
 * arm64 registers of a stopped tracee: a hardware instruction breakpoint
 * (the first of NT_ARM_HW_BREAK's slots: enabled, EL0, four bytes), the
 * general registers, sp, pc and PSTATE (NT_PRSTATUS), FPSR and FPCR and
 * whether any SIMD/FP register is nonzero (NT_PRFPREG), and TPIDR_EL0
 * (NT_ARM_TLS).
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <asm/ptrace.h>

#include "launch_arch.h"

/* Note types of the regsets (uapi linux/elf.h). */
#define A64_NT_PRSTATUS 1
#define A64_NT_PRFPREG 2
#define A64_NT_ARM_TLS 0x401
#define A64_NT_ARM_HW_BREAK 0x402
/* DBGBCR: E (enable), PMC = EL0 only, BAS = the four bytes of an insn */
#define A64_BCR_EXEC_EL0 (1u | 2u << 1 | 0xfu << 5)

static int regset(int req, pid_t pid, int type, void *buf, size_t len)
{
	struct iovec iov = { buf, len };

	if (ptrace(req, pid, (void *)(long)type, &iov) < 0)
		return -errno;
	return 0;
}

static int set_slot0(pid_t pid, uint64_t addr, uint32_t ctrl)
{
	struct user_hwdebug_state st;

	memset(&st, 0, sizeof(st));
	st.dbg_regs[0].addr = addr;
	st.dbg_regs[0].ctrl = ctrl;
	return regset(PTRACE_SETREGSET, pid, A64_NT_ARM_HW_BREAK, &st,
		      offsetof(struct user_hwdebug_state, dbg_regs) +
			      sizeof(st.dbg_regs[0]));
}

int launch_arch_set_breakpoint(pid_t pid, uint64_t addr)
{
	return set_slot0(pid, addr, A64_BCR_EXEC_EL0);
}

/* arm64 leaves no trace of a hit (no resume flag, no status register). */
int launch_arch_clear_breakpoint(pid_t pid)
{
	return set_slot0(pid, 0, 0);
}

int launch_arch_pc_sp(pid_t pid, uint64_t *pc, uint64_t *sp)
{
	struct user_pt_regs r;
	int ret = regset(PTRACE_GETREGSET, pid, A64_NT_PRSTATUS, &r, sizeof(r));

	if (ret)
		return ret;
	*pc = r.pc;
	*sp = r.sp;
	return 0;
}

static const char exit_cause[] =
	"the loader's last instructions are the vDSO's svc #0; ret "
	"(munmap of stage 2: x1 its length, x8 __NR_munmap, x16 the gadget, "
	"x30 the entry)";

/* x1, x8, x16 and x30 carry stage 2's way out (native/jump.S). */
static bool exit_register(unsigned i)
{
	return i == 1 || i == 8 || i == 16 || i == 30;
}

static uint64_t any_vreg(const struct user_fpsimd_state *fp)
{
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < 32; i++)
		v |= (uint64_t)fp->vregs[i] | (uint64_t)(fp->vregs[i] >> 64);
	return v;
}

int launch_arch_read_regs(pid_t pid, struct launch_arch_reg *regs, size_t *n,
			  unsigned *word)
{
	static const char *const names[31] = {
		"x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9",
		"x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17", "x18",
		"x19", "x20", "x21", "x22", "x23", "x24", "x25", "x26", "x27",
		"x28", "x29", "x30",
	};
	struct user_pt_regs r;
	struct user_fpsimd_state fp;
	uint64_t tls = 0;
	size_t i = 0;
	unsigned k;
	int ret = regset(PTRACE_GETREGSET, pid, A64_NT_PRSTATUS, &r, sizeof(r));

	if (!ret)
		ret = regset(PTRACE_GETREGSET, pid, A64_NT_PRFPREG, &fp,
			     sizeof(fp));
	if (!ret)
		ret = regset(PTRACE_GETREGSET, pid, A64_NT_ARM_TLS, &tls,
			     sizeof(tls));
	if (ret)
		return ret;
	for (k = 0; k < 31; k++)
		regs[i++] = (struct launch_arch_reg){
			names[k], r.regs[k], exit_register(k) ? ~0ull : 0,
			exit_register(k) ? exit_cause : NULL };
	regs[i++] = (struct launch_arch_reg){ "sp", r.sp, 0, NULL };
	regs[i++] = (struct launch_arch_reg){ "pc", r.pc, 0, NULL };
	regs[i++] = (struct launch_arch_reg){ "pstate", r.pstate, 0, NULL };
	regs[i++] = (struct launch_arch_reg){ "fpsr", fp.fpsr, 0, NULL };
	regs[i++] = (struct launch_arch_reg){ "fpcr", fp.fpcr, 0, NULL };
	regs[i++] = (struct launch_arch_reg){ "v0-v31 (OR of all)",
					      any_vreg(&fp), 0, NULL };
	regs[i++] = (struct launch_arch_reg){ "tpidr_el0", tls, 0, NULL };
	*n = i;
	*word = 8;
	return 0;
}
