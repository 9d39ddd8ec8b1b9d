/* SPDX-License-Identifier: MIT */
/*
 * The input of the initial stack for a planned program: the one builder
 * shared by the loader (lib/job.c) and elfload_program_stack().  The
 * auxiliary vector is this process's own, as the kernel gave it, with
 * the entries that describe the program replaced by the planned ones.
 */
#ifndef ELFLOAD_INITSTACK_H
#define ELFLOAD_INITSTACK_H

#include <elfload/diag.h>
#include <elfload/stack.h>

#include "loader.h"
#include "program_int.h"

struct initstack {
	struct elfload_stack_input in;	/* points into the fields below */
	struct elfload_auxv auxv[LOADER_MAX_AUXV];
	unsigned char random[16];
};

/*
 * Fill @out for @prog started with @argv and @envp.  With @draws NULL,
 * the random bytes and the alignment jitter are drawn as the kernel
 * draws them (getrandom; no jitter without randomization); otherwise
 * they are @draws.  0 or -errno with @d filled.
 */
int initstack_input(const struct elfload_program *prog, char *const argv[],
		    char *const envp[], const struct elfload_stack_draws *draws,
		    struct initstack *out, struct elfload_diag *d);

/* The planned start of the special mapping named @name, or 0. */
uint64_t initstack_planned_special(const struct elfload_plan *plan,
				   const char *name);

#endif
