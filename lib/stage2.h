/* SPDX-License-Identifier: MIT */
/*
 * The loader's stage 2: the part that runs after the point of no return,
 * from a private copy of its own code, while the old address space is
 * torn down and the planned one is built.  Stage 1 (load.c) writes
 * everything it needs into one struct stage2_job; stage 2 only makes
 * system calls from it.
 */
#ifndef ELFLOAD_STAGE2_H
#define ELFLOAD_STAGE2_H

#include <stdint.h>

#include <elfload/plan.h>

#define STAGE2_MAX_KEEP 8
#define STAGE2_MAX_MOVES (2 * ELFLOAD_MAX_SPECIAL)
#define STAGE2_MSG_MAX 320
#define STAGE2_EXIT_FRAME_MAX 16

struct stage2_range {
	uint64_t start;
	uint64_t end;
};

/* One mapping of the plan: a file (fd >= 0) or anonymous memory. */
struct stage2_map {
	uint64_t start;
	uint64_t len;
	uint64_t offset;
	int prot;
	int fd;
	int demand;	/* left empty, registered with the userfaultfd */
};

struct stage2_move {
	uint64_t from;
	uint64_t to;
	uint64_t len;
};

/* The kernel's struct prctl_mm_map (PR_SET_MM_MAP). */
struct stage2_mm_map {
	uint64_t start_code, end_code, start_data, end_data;
	uint64_t start_brk, brk, start_stack;
	uint64_t arg_start, arg_end, env_start, env_end;
	uint64_t auxv;
	uint32_t auxv_size;
	uint32_t exe_fd;
};

struct stage2_message {
	uint32_t len;
	char text[STAGE2_MSG_MAX];
};

struct stage2_job {
	uint64_t page_size;
	uint64_t task_size;
	/* Everything in [page_size, task_size) but these is unmapped. */
	uint32_t nkeep;
	struct stage2_range keep[STAGE2_MAX_KEEP];
	/* [vvar], [vdso]... moved to their planned places, in this order. */
	uint32_t nmoves;
	struct stage2_move moves[STAGE2_MAX_MOVES];
	/* The planned mappings, then the bytes the kernel would zero. */
	uint32_t nmaps;
	struct stage2_map maps[ELFLOAD_PLAN_MAX_VMAS];
	uint32_t nzero;
	struct stage2_range zero[32];
	/* The stack: reuse the old VMA, reshaped, or map a new one. */
	uint64_t old_stack_start, old_stack_end;
	uint64_t stack_start, stack_top;
	int stack_prot;
	int reuse_stack;
	uint64_t image;			/* the initial stack bytes (in the blob) */
	uint64_t image_size;
	/* Process state. */
	struct stage2_mm_map mm;
	uint64_t rseq_addr;
	uint32_t rseq_len;
	uint32_t rseq_sig;
	int exe_fd;
	int interp_fd;
	int stop_at_entry;
	int uffd;			/* demand paging: -1, or the userfaultfd */
	int evictor_fd;			/* --frames: -1, or the pager's socket */
	uint64_t evictor_stack;		/* top of the evictor thread's stack */
	/* The personality to take (set_personality), or -1 to keep it. */
	int64_t personality;
	/*
	 * A program of the host's compat ABI (ia32 on x86-64): the host's
	 * vDSO and everything of elfload, above 4 GiB included, are unmapped;
	 * the compat vDSO is mapped at @compat_vdso (its block's start) and
	 * its ELF header checked at @compat_vdso_image; the exit frame is
	 * copied to @exit_frame_addr, and stage 2 leaves through the compat
	 * vDSO at @gadget (stage2_leave_compat).
	 */
	int compat;
	uint64_t compat_vdso;
	uint64_t compat_vdso_image;
	uint64_t exit_frame_addr;
	uint32_t exit_frame_len;
	unsigned char exit_frame[STAGE2_EXIT_FRAME_MAX];
	/* The way out. */
	uint64_t entry;
	uint64_t sp;
	uint64_t gadget;
	uint64_t blob_start;
	uint64_t blob_len;
	struct stage2_message fail;	/* printed before SIGSEGV */
	struct stage2_message no_exe;	/* /proc/self/exe not updated */
	struct stage2_message no_mm;	/* PR_SET_MM_MAP refused */
};

/* Stage 2 proper, entered on the blob's stack; never returns. */
void stage2_main(void *job) __attribute__((noreturn));

/* The bounds of the stage-2 code, copied into the blob. */
extern const unsigned char __start_elfload_stage2[];
extern const unsigned char __stop_elfload_stage2[];

#endif
