/* SPDX-License-Identifier: MIT */
/*
 * The address-space planner: decides where everything of a new process
 * goes, exactly as the Linux kernel's execve would place it.
 *
 * The planner is pure: no system calls, no globals.  Everything it needs
 * to know about the host (page size, vDSO size, stack limit) comes in
 * struct elfload_layout; elfload_layout_host() in <elfload/host.h> fills
 * one from the running system.  The loader carries out the plan and
 * `elfload maps` prints it; nothing else computes addresses.
 *
 * Example:
 *
 *	struct elfload_plan_input in = { .exe = img, .exe_file = &exe_id,
 *					  .layout = &layout };
 *	struct elfload_plan *plan = malloc(sizeof(*plan));
 *	struct elfload_diag d;
 *
 *	if (elfload_plan(&in, plan, &d) < 0)
 *		fprintf(stderr, "%s\n", d.msg);
 *	for (size_t i = 0; i < plan->nvmas; i++)
 *		printf("%#llx-%#llx\n", (unsigned long long)plan->vmas[i].start,
 *		       (unsigned long long)plan->vmas[i].end);
 */
#ifndef ELFLOAD_PLAN_H
#define ELFLOAD_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <elfload/arch.h>
#include <elfload/diag.h>
#include <elfload/image.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Protection bits of a VMA (the same values as PROT_* on Linux). */
#define ELFLOAD_PROT_READ 0x1
#define ELFLOAD_PROT_WRITE 0x2
#define ELFLOAD_PROT_EXEC 0x4

/* How /proc/PID/maps names a file: canonical path, device and inode. */
struct elfload_file_id {
	const char *path;
	unsigned dev_major;
	unsigned dev_minor;
	uint64_t inode;
	/*
	 * The file's filesystem aligns large mappings to huge pages
	 * (thp_get_unmapped_area): a mapping of 2 MiB or more at offset 0
	 * without a fixed address lands on a 2 MiB boundary.
	 */
	bool thp_aligned;
	/*
	 * Set-user-ID or set-group-ID on a mount that honours it: the
	 * kernel clears ADDR_NO_RANDOMIZE (PER_CLEAR_ON_SETID), so the
	 * layout is randomized whatever the personality says.
	 */
	bool setid;
};

/*
 * A kernel-provided mapping such as [vvar] or [vdso], as the host has it
 * (see struct elfload_arch_special for the architecture's list).
 */
struct elfload_special {
	char name[24];		/* "[vvar]", "[vvar_vclock]", "[vdso]"... */
	uint64_t size;
	int prot;
	/* 0: mapped with the vDSO block; else its fixed address */
	uint64_t fixed_start;
	/* Offset of its entry point (the ia32 vDSO's __kernel_vsyscall). */
	uint64_t entry;
};

#define ELFLOAD_MAX_SPECIAL 6

/*
 * The outcome of the kernel's random draws, as seen in a real process:
 * with these the planner reproduces a randomized layout exactly, so that
 * it can be checked against the kernel.  A field left 0 is drawn from the
 * seed instead.
 */
struct elfload_observed {
	uint64_t mmap_base;	/* mm->mmap_base */
	uint64_t stack_top;	/* end of [stack] */
	uint64_t exe_bias;	/* load bias of a PIE with an interpreter */
	uint64_t start_brk;	/* mm->start_brk */
};

/* Everything the planner needs to know about the machine and the exec. */
struct elfload_layout {
	const struct elfload_arch *arch;
	uint64_t page_size;
	bool randomize;		/* as with randomize_va_space = 2 */
	uint64_t seed;		/* seed of the simulated randomness */
	/* With randomize: each nonzero field is used instead of a draw. */
	struct elfload_observed observed;
	uint64_t stack_rlimit;	/* RLIMIT_STACK soft limit, bytes */
	uint64_t mmap_min_addr;	/* /proc/sys/vm/mmap_min_addr */
	/*
	 * The personality the program starts with: TASK_SIZE variants
	 * (ADDR_LIMIT_3GB, see elfload_arch_task_size), and the legacy
	 * bottom-up layout of ADDR_COMPAT_LAYOUT.
	 */
	unsigned long personality;
	bool legacy_va_layout;	/* /proc/sys/vm/legacy_va_layout */
	/*
	 * The special mappings: those without a fixed address in address
	 * order, lowest first, mapped as one block; the fixed ones anywhere.
	 */
	size_t nspecial;
	struct elfload_special special[ELFLOAD_MAX_SPECIAL];
	/*
	 * Bytes the kernel copies onto the new stack before it sizes the
	 * stack VMA: the execfn string plus every envp and argv string,
	 * each with its NUL (see elfload_stack_strings_size()).
	 */
	uint64_t stack_strings;
};

/* What a VMA is for. */
enum elfload_vma_kind {
	ELFLOAD_VMA_SEGMENT,	/* file-backed pages of a PT_LOAD */
	ELFLOAD_VMA_BSS,	/* anonymous pages past a PT_LOAD's file part */
	ELFLOAD_VMA_STACK,
	ELFLOAD_VMA_SPECIAL,	/* [vvar], [vdso], ... */
	ELFLOAD_VMA_VSYSCALL,	/* a special mapping at a fixed address */
};

/* Whose image a VMA belongs to. */
enum elfload_owner {
	ELFLOAD_OWNER_NONE,
	ELFLOAD_OWNER_EXE,
	ELFLOAD_OWNER_INTERP,
};

struct elfload_vma {
	uint64_t start;
	uint64_t end;
	int prot;
	bool shared;
	uint64_t offset;	/* file offset of start (file-backed only) */
	enum elfload_vma_kind kind;
	enum elfload_owner owner;
	int phdr;		/* PT_LOAD index in the owner's table, or -1 */
	const char *name;	/* "[stack]", "[vdso]"... NULL for files */
};

/*
 * One loaded image (the executable or its interpreter): its bias, the
 * address range reserved for it before its segments were mapped, and the
 * values of its ELF header moved by the bias.
 */
struct elfload_image_plan {
	bool present;
	uint64_t bias;		/* load_bias: file vaddr + bias = address */
	uint64_t span_start;	/* first mapping's reservation */
	uint64_t span_end;
	uint64_t entry;		/* e_entry + bias */
	uint64_t phdr_addr;	/* where the program headers are mapped */
};

/* Ranges of the last file page of a PT_LOAD that must read as zero. */
struct elfload_zero {
	enum elfload_owner owner;
	int phdr;
	uint64_t start;
	uint64_t end;
};

#define ELFLOAD_PLAN_MAX_VMAS 256

struct elfload_plan {
	struct elfload_image_plan exe;
	struct elfload_image_plan interp;
	uint64_t entry;		/* first instruction: interp entry or exe entry */
	uint64_t mmap_base;
	uint64_t stack_top;	/* highest stack address (exclusive) */
	uint64_t start_code, end_code, start_data, end_data;
	uint64_t start_brk, brk;
	bool exec_stack;	/* PT_GNU_STACK asks for an executable stack */
	/* The program starts with READ_IMPLIES_EXEC in its personality. */
	bool read_implies_exec;
	size_t nzero;
	struct elfload_zero zero[2 * 16];
	/* VMAs in address order, one per mapping the loader makes. */
	size_t nvmas;
	struct elfload_vma vmas[ELFLOAD_PLAN_MAX_VMAS];
};

struct elfload_plan_input {
	const struct elfload_image *exe;
	const struct elfload_file_id *exe_file;
	const struct elfload_image *interp;	/* NULL without PT_INTERP */
	const struct elfload_file_id *interp_file;
	const struct elfload_layout *layout;
};

/*
 * Plan the address space of a new process.  The images must have passed
 * elfload_check_exec() / elfload_check_interp().  Returns 0, or -EINVAL
 * (with @d filled) for a layout the kernel would fail after its point of
 * no return, -ENOMEM when the images do not fit.
 */
int elfload_plan(const struct elfload_plan_input *in, struct elfload_plan *plan,
		 struct elfload_diag *d);

/*
 * The VMAs as /proc/PID/maps shows them: adjacent anonymous VMAs with the
 * same protection merged, as the kernel merges them.  Writes at most @max
 * entries to @out and returns how many there are.
 */
size_t elfload_plan_maps(const struct elfload_plan *plan,
			 struct elfload_vma *out, size_t max);

/* The file a VMA maps, or NULL for an anonymous one. */
const struct elfload_file_id *
elfload_plan_vma_file(const struct elfload_plan_input *in,
		      const struct elfload_vma *vma);

/*
 * Format one VMA exactly as /proc/PID/maps prints it (with newline) into
 * @buf; returns the length.
 */
int elfload_format_maps_line(const struct elfload_vma *vma,
			     const struct elfload_file_id *file, char *buf,
			     size_t size);

#ifdef __cplusplus
}
#endif

#endif
