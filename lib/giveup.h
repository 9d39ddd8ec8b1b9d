/* SPDX-License-Identifier: MIT */
/*
 * Giving up the old process at the loader's point of no return, as
 * execve does: caught signals reset, the alternate signal stack off,
 * close-on-exec descriptors closed, the task renamed, the old libc's rseq
 * area unregistered.
 */
#ifndef ELFLOAD_GIVEUP_H
#define ELFLOAD_GIVEUP_H

#include <dirent.h>
#include <stdbool.h>

/*
 * Past the point of no return only.  @fd_dir is /proc/self/fd, opened
 * before it (and closed here); @keep lists the @nkeep descriptors (-1
 * allowed) that stage 2 still needs; @execfn names the task;
 * @no_handlers: no signal is caught (ELFLOAD_EXEC_NO_HANDLERS).
 */
void giveup_old_process(DIR *fd_dir, const int *keep, int nkeep,
			const char *execfn, bool no_handlers);

#endif
