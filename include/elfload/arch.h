/* SPDX-License-Identifier: MIT */
/*
 * Architecture descriptions: every number that differs between
 * instruction sets or ABIs lives in lib/arch/<arch>/ and reaches generic
 * code through this structure, as each of musl's arch/<arch>/reloc.h
 * does through a few definitions.  A hook left NULL means the generic
 * behaviour written next to it.
 *
 * The architecture of a program comes from its ELF header (class and
 * machine) and its personality, never from the machine running the
 * planner: elfload_arch_for() finds the description, and the pure
 * planner plans a file of any described architecture on any host.
 *
 * Adding an architecture: a lib/arch/<arch>/arch.c that defines one
 * struct elfload_arch (compiled on every host), a line in lib/arch.c's
 * table, and, for the loader to run its programs natively, the host-only
 * code under lib/arch/<arch>/native/ and lib/arch/<arch>/arch.mk.
 */
#ifndef ELFLOAD_ARCH_H
#define ELFLOAD_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * A mapping the kernel provides to every process ([vvar], [vdso]...).
 * Those without a fixed address are mapped as one block, in table order,
 * where the vDSO goes (map_vdso); the others sit at their fixed address,
 * outside the mmap area.
 */
struct elfload_arch_special {
	const char *name;	/* as /proc/PID/maps names it */
	uint64_t size;		/* its usual size (the host's may differ) */
	int prot;		/* ELFLOAD_PROT_* */
	uint64_t fixed_start;	/* 0: in the vDSO block */
};

/*
 * An auxv entry the architecture adds (ARCH_DLINFO).  When @special is
 * set, its value is the planned start of that special mapping; otherwise
 * the host's value is passed on.
 */
struct elfload_arch_auxv {
	uint64_t type;
	const char *special;
	/* The value is the special mapping's entry point (AT_SYSINFO). */
	bool entry;
};

struct elfload_arch {
	const char *name;	/* as uname -m prints it, e.g. "x86_64" */
	const char *platform;	/* the AT_PLATFORM string */
	uint16_t machine;	/* the e_machine the kernel accepts */
	int elfclass;		/* 1 = ELF32, 2 = ELF64 */
	bool big_endian;
	uint64_t phdr_size;	/* sizeof(Elf_Phdr) the kernel insists on */
	uint64_t ehdr_size;	/* sizeof(Elf_Ehdr) */

	/* Pages. */
	uint64_t min_page_size;	/* smallest page size the kernel may use */
	uint64_t page_sizes;	/* every page size it may use, OR'ed */
	uint64_t huge_page_size; /* PMD size: THP alignment of file mappings */
	unsigned max_insn_pages; /* most pages one instruction may touch */

	/* The initial stack (create_elf_tables, arch_align_stack). */
	unsigned word_size;	/* a stack slot: argc, pointers, auxv halves */
	uint64_t stack_align;	/* alignment of the stack pointer */
	uint64_t stack_jitter;	/* random bytes below the strings: 0..n-1 */
	/*
	 * The zero end marker at the very top: the kernel's own pointer
	 * (bprm->p = vm_end - sizeof(void *)), 8 bytes for a compat program
	 * on a 64-bit kernel; 0: one stack word.
	 */
	unsigned stack_end_marker;

	/* The address space and its randomization. */
	uint64_t task_size;	/* end of the default user address space */
	/* TASK_SIZE under @personality; NULL: always task_size. */
	uint64_t (*task_size_for)(unsigned long personality);
	uint64_t et_dyn_base;	/* ELF_ET_DYN_BASE, before page rounding */
	/* ELF_ET_DYN_BASE under @personality; NULL: always et_dyn_base. */
	uint64_t (*et_dyn_base_for)(unsigned long personality);
	uint64_t stack_guard_gap_pages;	/* default stack_guard_gap */
	uint64_t mmap_gap_min;	/* least gap between stack top and mmap base */
	uint64_t stack_rnd_bits; /* bits of stack randomization (pages) */
	uint64_t mmap_rnd_bits;	/* bits of mmap base randomization (pages) */
	uint64_t brk_rnd_range;	/* arch_randomize_brk: bytes above the brk */
	/*
	 * elf_read_implies_exec(): a program without PT_GNU_STACK gets
	 * READ_IMPLIES_EXEC, and every readable mapping is executable.
	 */
	bool read_implies_exec;

	/* Kernel-provided mappings and the auxv entries naming them. */
	const struct elfload_arch_special *specials;
	size_t nspecials;
	const struct elfload_arch_auxv *auxv;
	size_t nauxv;

	/* The loader. */
	uint64_t loader_blob_step; /* stride of the search for stage 2's place */
	/* Is a PT_LOPROC..PT_HIPROC header acceptable? (arch_elf_pt_proc) */
	int (*check_pt_proc)(uint32_t p_type);
	/*
	 * Stage 2's exit path: the offset in the vDSO image @vdso (@len
	 * bytes) of code that unmaps stage 2 and returns with the register
	 * contract of the program's entry, or 0.  NULL: no such code, and
	 * stage 2 stays mapped.
	 */
	uint64_t (*find_exit_gadget)(const unsigned char *vdso, uint64_t len);
};

/*
 * The description of the architecture of an ELF file of class @elfclass
 * (1 = ELF32, 2 = ELF64) and machine @machine, or NULL when elfload does
 * not describe it.
 */
const struct elfload_arch *elfload_arch_for(int elfclass, unsigned machine);

/* TASK_SIZE of @arch for a process with @personality. */
uint64_t elfload_arch_task_size(const struct elfload_arch *arch,
				unsigned long personality);

/* Bytes of the zero end marker at the top of @arch's initial stack. */
unsigned elfload_arch_stack_end_marker(const struct elfload_arch *arch);

/* ELF_ET_DYN_BASE of @arch for a process with @personality. */
uint64_t elfload_arch_et_dyn_base(const struct elfload_arch *arch,
				  unsigned long personality);

/* The architecture's special mapping named @name, or NULL. */
const struct elfload_arch_special *
elfload_arch_special(const struct elfload_arch *arch, const char *name);

#ifdef __cplusplus
}
#endif

#endif
