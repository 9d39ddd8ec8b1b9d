/* SPDX-License-Identifier: MIT */
/*
 * The stage-2 job: what stage 2 must do, in the order it does it, built
 * from the plan and from this process as it is now (its maps, its auxv).
 */
#ifndef ELFLOAD_JOB_H
#define ELFLOAD_JOB_H

#include <elfload/diag.h>
#include <elfload/exec.h>

#include "blob.h"
#include "loader.h"
#include "program_int.h"

/*
 * Fill @b->job for @prog: stack, vDSO moves, ranges to keep, mappings,
 * zeroing, PR_SET_MM_MAP fields, the exit path, and the stack image for
 * @argv and @envp.  Marks in @now what survives.  0 or -errno.
 */
int job_build(struct elfload_program *prog, char *const argv[],
	      char *const envp[], struct loader_vmas *now, struct blob *b,
	      const struct elfload_exec_opts *opts, struct elfload_diag *d);

#endif
