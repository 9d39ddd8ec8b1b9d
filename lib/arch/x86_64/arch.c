// SPDX-License-Identifier: MIT
/*
 * x86-64, as the Linux kernel defines it for 4-level paging: TASK_SIZE_MAX
 * (DEFAULT_MAP_WINDOW) is 2^47 minus one page, ELF_ET_DYN_BASE is two
 * thirds of it, and the legacy [vsyscall] page sits at a fixed address
 * high above user space.  Pure data: compiled on every host.
 */
#include <elfload/arch.h>
#include <elfload/plan.h>

#include "internal.h"
#include "x86_64.h"

#define X86_64_PAGE 4096ull
#define X86_64_TASK_SIZE ((1ull << 47) - X86_64_PAGE)

/* x86 has no processor-specific program headers the kernel rejects. */
int x86_64_check_pt_proc(uint32_t p_type)
{
	(void)p_type;
	return 0;
}

/* map_vdso() and the vsyscall page of a 6.x kernel. */
static const struct elfload_arch_special x86_64_specials[] = {
	{ "[vvar]", 4 * X86_64_PAGE, ELFLOAD_PROT_READ, 0 },
	{ "[vvar_vclock]", 2 * X86_64_PAGE, ELFLOAD_PROT_READ, 0 },
	{ "[vdso]", 2 * X86_64_PAGE, ELFLOAD_PROT_READ | ELFLOAD_PROT_EXEC, 0 },
	{ "[vsyscall]", X86_64_PAGE, ELFLOAD_PROT_EXEC, 0xffffffffff600000ull },
};

/* ARCH_DLINFO: the vDSO's ELF header, and the signal frame size. */
static const struct elfload_arch_auxv x86_64_auxv[] = {
	{ ELFLOAD_AT_SYSINFO_EHDR, "[vdso]", false },
	{ ELFLOAD_AT_MINSIGSTKSZ, NULL, false },
};

const struct elfload_arch arch_x86_64 = {
	.name = "x86_64",
	.platform = "x86_64",
	.machine = ELFLOAD_EM_X86_64,
	.elfclass = ELFLOAD_ELFCLASS64,
	.big_endian = false,
	.phdr_size = 56,
	.ehdr_size = 64,
	.min_page_size = X86_64_PAGE,
	.page_sizes = X86_64_PAGE,
	.huge_page_size = 2ull << 20,
	.max_insn_pages = 6,	/* a string op across pages, each operand split */
	.word_size = 8,
	.stack_align = 16,
	.stack_jitter = 8192,	/* arch_align_stack */
	.task_size = X86_64_TASK_SIZE,
	.et_dyn_base = X86_64_TASK_SIZE / 3 * 2,
	.stack_guard_gap_pages = 256,
	.mmap_gap_min = 128ull << 20,
	.stack_rnd_bits = 22,	/* 16 GiB of 4 KiB pages: 0x3fffff pages */
	.mmap_rnd_bits = 28,	/* CONFIG_ARCH_MMAP_RND_BITS default */
	.brk_rnd_range = 1ull << 30,	/* arch_randomize_brk, 64-bit */
	.specials = x86_64_specials,
	.nspecials = ARRAY_SIZE(x86_64_specials),
	.auxv = x86_64_auxv,
	.nauxv = ARRAY_SIZE(x86_64_auxv),
	.loader_blob_step = 1ull << 32,
	.check_pt_proc = x86_64_check_pt_proc,
	.find_exit_gadget = x86_64_find_exit_gadget,
};
