// SPDX-License-Identifier: MIT
/*
 * x86-64 constants, as the Linux kernel defines them for 4-level paging:
 * TASK_SIZE_MAX (DEFAULT_MAP_WINDOW) is 2^47 minus one page, and
 * ELF_ET_DYN_BASE is two thirds of it.
 */
#include <elfload/arch.h>

#define X86_64_PAGE 4096ull
#define X86_64_TASK_SIZE ((1ull << 47) - X86_64_PAGE)

/* x86 has no processor-specific program headers the kernel rejects. */
static int x86_64_check_pt_proc(uint32_t p_type)
{
	(void)p_type;
	return 0;
}

static const struct elfload_arch x86_64_arch = {
	.name = "x86_64",
	.platform = "x86_64",
	.machine = 62,		/* EM_X86_64 */
	.elfclass = 2,
	.big_endian = false,
	.phdr_size = 56,
	.ehdr_size = 64,
	.min_page_size = X86_64_PAGE,
	.task_size = X86_64_TASK_SIZE,
	.et_dyn_base = X86_64_TASK_SIZE / 3 * 2,
	.stack_guard_gap_pages = 256,
	.mmap_gap_min = 128ull << 20,
	.stack_rnd_bits = 22,	/* 16 GiB of 4 KiB pages: 0x3fffff pages */
	.mmap_rnd_bits = 28,	/* CONFIG_ARCH_MMAP_RND_BITS default */
	.check_pt_proc = x86_64_check_pt_proc,
};

const struct elfload_arch *elfload_arch_host(void)
{
	return &x86_64_arch;
}
