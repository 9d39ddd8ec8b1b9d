/* SPDX-License-Identifier: MIT */
/* Stage 1 helpers of the loader: the current process as it is now. */
#ifndef ELFLOAD_LOADER_H
#define ELFLOAD_LOADER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <elfload/diag.h>
#include <elfload/host.h>
#include <elfload/stack.h>

#define LOADER_MAX_VMAS 1024
#define LOADER_MAX_AUXV 64

struct loader_vma {
	uint64_t start;
	uint64_t end;
	char name[24];		/* "[stack]", "[vdso]"... or "" */
	int prot;		/* ELFLOAD_PROT_* */
	bool keep;		/* survives into the new program */
};

struct loader_vmas {
	size_t n;
	struct loader_vma v[LOADER_MAX_VMAS];
};

/*
 * Parse the complete lines of /proc/PID/maps text in @buf[0..@len) into
 * @out; keep a partial last line at the start of @buf and return its
 * length, or -1 when @out is full.
 */
ssize_t procmaps_parse_lines(char *buf, size_t len, struct loader_vmas *out);

/* This process's mappings, from /proc/self/maps. */
int loader_read_self_maps(struct loader_vmas *out, struct elfload_diag *d);

/*
 * Keep a copy of @now, read by this process, for one later
 * loader_recall_self_maps() in the same process, which copies it into
 * @out and forgets it; false (nothing copied) after a fork or without one.
 */
void loader_remember_self_maps(const struct loader_vmas *now);
bool loader_recall_self_maps(struct loader_vmas *out);

/* This process's auxiliary vector, without AT_NULL. */
int loader_read_self_auxv(struct elfload_auxv *out, size_t max, size_t *n,
			  struct elfload_diag *d);

/* elfload_layout_host() from the maps already read into @now. */
int loader_layout_from(struct elfload_layout *lay,
		       const struct loader_vmas *now, struct elfload_diag *d);

/* The end of [stack] and the top of the mmap area in @now. */
void loader_observe(const struct loader_vmas *now, struct elfload_observed *obs);

/* The decimal number in a file such as a sysctl, or @dflt. */
uint64_t loader_read_number(const char *path, uint64_t dflt);

/*
 * The architecture whose programs this host runs natively (the one the
 * stage-2 code under lib/arch/$(ARCH)/native/ was built for).
 */
const struct elfload_arch *loader_arch_native(void);

/*
 * The architecture of programs with e_machine @machine (read in the
 * host's byte order, as the kernel's handlers read it) that this host
 * runs: loader_arch_native()'s, or one the kernel runs through its compat
 * loader (ia32 on x86-64 with IA32 emulation); NULL for none.
 */
const struct elfload_arch *loader_arch_runs(unsigned machine);

/*
 * Turn @lay, filled for the native architecture, into the layout of a
 * program of @arch (one loader_arch_runs() gave): its special mappings as
 * the kernel maps them for such a program.  0, or -ENOEXEC.
 */
int loader_layout_arch(struct elfload_layout *lay,
		       const struct elfload_arch *arch, struct elfload_diag *d);

/*
 * This process's own random draws that bind a program of @lay's
 * architecture, one of the host's compat ABI, into @obs (the rest 0):
 * the compat mmap base its system calls will use.
 */
void loader_observe_arch(const struct elfload_layout *lay,
			 struct elfload_observed *obs);

struct elfload_program;
struct stage2_job;

/*
 * The architecture's part of stage 2's job for @prog (after the stack
 * image is built): for a compat program, its vDSO and way out.  0, or
 * -ENOEXEC.
 */
int loader_job_arch(const struct elfload_program *prog,
		    struct stage2_job *job, struct elfload_diag *d);

#endif
