/* SPDX-License-Identifier: MIT */
/*
 * Architecture descriptions: every number that differs between
 * architectures lives in lib/arch/<arch>/ and reaches generic code
 * through this structure.
 */
#ifndef ELFLOAD_ARCH_H
#define ELFLOAD_ARCH_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct elfload_arch {
	const char *name;	/* as uname -m prints it, e.g. "x86_64" */
	const char *platform;	/* the AT_PLATFORM string */
	uint16_t machine;	/* the e_machine the kernel accepts */
	int elfclass;		/* 1 = ELF32, 2 = ELF64 */
	bool big_endian;
	uint64_t phdr_size;	/* sizeof(Elf_Phdr) the kernel insists on */
	uint64_t ehdr_size;	/* sizeof(Elf_Ehdr) */
	uint64_t min_page_size;	/* smallest page size the kernel may use */
	uint64_t task_size;	/* end of the default user address space */
	uint64_t et_dyn_base;	/* ELF_ET_DYN_BASE, before page rounding */
	uint64_t stack_guard_gap_pages;	/* default stack_guard_gap */
	uint64_t mmap_gap_min;	/* least gap between stack top and mmap base */
	uint64_t stack_rnd_bits; /* bits of stack randomization (pages) */
	uint64_t mmap_rnd_bits;	/* bits of mmap base randomization (pages) */
	/* Is a PT_LOPROC..PT_HIPROC header acceptable? (arch_elf_pt_proc) */
	int (*check_pt_proc)(uint32_t p_type);
};

/* The architecture this library was built for (the host's). */
const struct elfload_arch *elfload_arch_host(void);

#ifdef __cplusplus
}
#endif

#endif
