// SPDX-License-Identifier: MIT
/*
 * arm64 (AArch64, little-endian), as Linux 6.12 defines it
 * (arch/arm64/include/asm/{processor,elf,memory}.h, mm/util.c,
 * arch/arm64/kernel/{process,vdso}.c).  Pure data: compiled on every host.
 *
 * The address space: user space ends at DEFAULT_MAP_WINDOW_64, 2^48, or
 * 2^47 with 16 KiB pages (the stack top and the end of the mmap area;
 * also TASK_SIZE on a CPU without 52-bit virtual addresses; a 52-bit
 * kernel on LVA/LPA2 hardware widens TASK_SIZE to 2^52 for mmap hints
 * only, which this description leaves out).  ELF_ET_DYN_BASE is two
 * thirds of it.  No [vsyscall]: [vvar]
 * then [vdso] are the only special mappings.  The pages may be 4, 16 or
 * 64 KiB (CONFIG_ARM64_*K_PAGES); the page size comes with the layout.
 */
#include <elfload/arch.h>
#include <elfload/elf.h>
#include <elfload/plan.h>

#include "aarch64.h"
#include "internal.h"

#define A64_PAGE 4096ull
#define A64_MAP_WINDOW (1ull << 48)	/* DEFAULT_MAP_WINDOW_64 */
#define A64_HWCAP2_BTI (1ull << 17)	/* uapi asm/hwcap.h */

/* No PT_LOPROC..PT_HIPROC header makes arm64's execve fail. */
static int aarch64_check_pt_proc(uint32_t p_type)
{
	(void)p_type;
	return 0;
}

/*
 * arch_elf_adjust_prot() with arch_parse_elf_property(): PROT_BTI on the
 * executable segments the kernel maps for a BTI image (the interpreter
 * when there is one, which then guards the program itself; else the
 * static program), when the CPU has BTI (system_supports_bti()).
 */
static int aarch64_adjust_prot(int prot, uint32_t feature, uint64_t hwcap2,
			       bool has_interp, bool is_interp)
{
	if (is_interp != has_interp || !(hwcap2 & A64_HWCAP2_BTI) ||
	    !(feature & ELFLOAD_GNU_PROPERTY_AARCH64_FEATURE_1_BTI))
		return prot;
	return prot & ELFLOAD_PROT_EXEC ? prot | ELFLOAD_PROT_BTI : prot;
}

/*
 * DEFAULT_MAP_WINDOW_64 is 2^VA_BITS_MIN: with Debian's VA_BITS=52 that
 * is 2^48, but 2^47 with 16 KiB pages (arch/arm64/include/asm/memory.h),
 * which is also TASK_SIZE on a CPU without 52-bit addresses.
 */
static void aarch64_page_limits(uint64_t page_size, uint64_t *task_size,
				uint64_t *et_dyn_base)
{
	uint64_t window = page_size == 16384 ? A64_MAP_WINDOW / 2 :
					       A64_MAP_WINDOW;

	*task_size = window;
	*et_dyn_base = 2 * window / 3;
}

/*
 * __setup_additional_pages(): VVAR_NR_PAGES of [vvar] whatever the page
 * size, then the vDSO's text (8 KiB, one page of 16 or 64 KiB).
 */
static const struct elfload_arch_special aarch64_specials[] = {
	{ "[vvar]", 2 * A64_PAGE, ELFLOAD_PROT_READ, 0 },
	{ "[vdso]", 2 * A64_PAGE, ELFLOAD_PROT_READ | ELFLOAD_PROT_EXEC, 0 },
};

static const unsigned aarch64_special_pages[] = { 2, 0 };

/* ARCH_DLINFO: the vDSO's ELF header, and signal_minsigstksz. */
static const struct elfload_arch_auxv aarch64_auxv[] = {
	{ ELFLOAD_AT_SYSINFO_EHDR, "[vdso]", false },
	{ ELFLOAD_AT_MINSIGSTKSZ, NULL, false },
};

const struct elfload_arch arch_aarch64 = {
	.name = "aarch64",
	.platform = "aarch64",		/* ELF_PLATFORM */
	.machine = ELFLOAD_EM_AARCH64,
	.elfclass = ELFLOAD_ELFCLASS64,
	.big_endian = false,
	.phdr_size = 56,
	.ehdr_size = 64,
	.min_page_size = A64_PAGE,
	.page_sizes = A64_PAGE | 16384 | 65536,
	.huge_page_size = 2ull << 20,	/* PMD_SIZE with 4 KiB pages */
	/* the fetch, and an LDP/LD4 straddling two pages */
	.max_insn_pages = 3,
	.word_size = 8,
	.stack_align = 16,		/* arch_align_stack: sp & ~0xf */
	/* arch_align_stack: below PAGE_SIZE (4 KiB pages) */
	.stack_jitter = A64_PAGE,
	.task_size = A64_MAP_WINDOW,
	.et_dyn_base = 2 * A64_MAP_WINDOW / 3,
	.page_limits = aarch64_page_limits,
	.stack_guard_gap_pages = 256,
	.mmap_gap_min = 128ull << 20,	/* MIN_GAP */
	.stack_rnd_bits = 18,		/* STACK_RND_MASK 0x3ffff (4 KiB) */
	.mmap_rnd_bits = 18,		/* CONFIG_ARCH_MMAP_RND_BITS, Debian */
	.brk_rnd_range = 1ull << 30,	/* generic arch_randomize_brk, 64-bit */
	.specials = aarch64_specials,
	.nspecials = ARRAY_SIZE(aarch64_specials),
	.special_pages = aarch64_special_pages,
	.auxv = aarch64_auxv,
	.nauxv = ARRAY_SIZE(aarch64_auxv),
	.loader_blob_step = 1ull << 32,
	.check_pt_proc = aarch64_check_pt_proc,
	.find_exit_gadget = aarch64_find_exit_gadget,
	.gnu_property = ELFLOAD_GNU_PROPERTY_AARCH64_FEATURE_1_AND,
	.adjust_prot = aarch64_adjust_prot,
};
