// SPDX-License-Identifier: MIT
/*
 * ia32 (i386) programs on an x86-64 kernel, as its compat loader
 * (fs/compat_binfmt_elf.c with arch/x86/include/asm/elf.h's COMPAT_*
 * definitions) starts them: TASK_SIZE is IA32_PAGE_OFFSET, 0xFFFFE000, or
 * 0xC0000000 under ADDR_LIMIT_3GB; the stack is randomized over 0x7ff
 * pages, the mmap base by vm.mmap_rnd_compat_bits (8 by default) and brk
 * over 32 MiB (arch_randomize_brk); a PIE with an interpreter goes to
 * COMPAT_ELF_ET_DYN_BASE, TASK_UNMAPPED_BASE + 16 MiB; the vDSO is the
 * 32-bit image and there is no [vsyscall] page (get_gate_vma() gives
 * none to a compat mm).  Pure data: compiled on every host.
 */
#include <elfload/arch.h>
#include <elfload/plan.h>

#include "internal.h"
#include "x86_64.h"

#define IA32_PAGE 4096ull
#define IA32_TASK_SIZE 0xffffe000ull	/* IA32_PAGE_OFFSET */
#define IA32_TASK_SIZE_3GB 0xc0000000ull
#define IA32_ADDR_LIMIT_3GB 0x8000000ul	/* personality bit */

static uint64_t ia32_task_size_for(unsigned long personality)
{
	return personality & IA32_ADDR_LIMIT_3GB ? IA32_TASK_SIZE_3GB :
						   IA32_TASK_SIZE;
}

/* TASK_UNMAPPED_BASE (a third of TASK_SIZE, page aligned) + 16 MiB. */
static uint64_t ia32_et_dyn_base_for(unsigned long personality)
{
	uint64_t third = ia32_task_size_for(personality) / 3;

	return ((third + IA32_PAGE - 1) & ~(IA32_PAGE - 1)) + 0x1000000;
}

/* map_vdso() of vdso_image_32: the sizes are measured on the host. */
static const struct elfload_arch_special ia32_specials[] = {
	{ "[vvar]", 4 * IA32_PAGE, ELFLOAD_PROT_READ, 0 },
	{ "[vvar_vclock]", 2 * IA32_PAGE, ELFLOAD_PROT_READ, 0 },
	{ "[vdso]", 2 * IA32_PAGE, ELFLOAD_PROT_READ | ELFLOAD_PROT_EXEC, 0 },
};

/* ARCH_DLINFO_IA32: __kernel_vsyscall, the vDSO, the signal frame size. */
static const struct elfload_arch_auxv ia32_auxv[] = {
	{ ELFLOAD_AT_SYSINFO, "[vdso]", true },
	{ ELFLOAD_AT_SYSINFO_EHDR, "[vdso]", false },
	{ ELFLOAD_AT_MINSIGSTKSZ, NULL, false },
};

const struct elfload_arch arch_ia32 = {
	.name = "i386",
	.platform = "i686",	/* COMPAT_ELF_PLATFORM */
	.machine = ELFLOAD_EM_386,
	.elfclass = ELFLOAD_ELFCLASS32,
	.big_endian = false,
	.phdr_size = 32,
	.ehdr_size = 52,
	.min_page_size = IA32_PAGE,
	.page_sizes = IA32_PAGE,
	/* thp_get_unmapped_area() does nothing in a compat system call. */
	.huge_page_size = 0,
	.max_insn_pages = 6,
	.word_size = 4,
	.stack_align = 16,
	.stack_jitter = 8192,	/* arch_align_stack */
	.stack_end_marker = 8,	/* the 64-bit kernel's sizeof(void *) */
	.task_size = IA32_TASK_SIZE,
	.task_size_for = ia32_task_size_for,
	.et_dyn_base = 0x56555000ull,
	.et_dyn_base_for = ia32_et_dyn_base_for,
	.stack_guard_gap_pages = 256,
	.mmap_gap_min = 128ull << 20,
	.stack_rnd_bits = 11,	/* __STACK_RND_MASK(1): 0x7ff pages */
	.mmap_rnd_bits = 8,	/* CONFIG_ARCH_MMAP_RND_COMPAT_BITS default */
	.brk_rnd_range = 32ull << 20,	/* arch_randomize_brk, ia32 */
	.read_implies_exec = true,	/* without PT_GNU_STACK */
	.specials = ia32_specials,
	.nspecials = ARRAY_SIZE(ia32_specials),
	.auxv = ia32_auxv,
	.nauxv = ARRAY_SIZE(ia32_auxv),
	.loader_blob_step = 16ull << 20,	/* below 4 GiB */
	.check_pt_proc = x86_64_check_pt_proc,
	.find_exit_gadget = NULL,
};
