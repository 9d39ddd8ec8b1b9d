/* SPDX-License-Identifier: MIT */
/* Files of /proc read whole (their size is unknown until read). */
#ifndef ELFLOAD_PROCFILE_H
#define ELFLOAD_PROCFILE_H

#include <stddef.h>
#include <sys/types.h>

#include <elfload/stack.h>

/*
 * /proc/@pid/@name whole, NUL-terminated and malloc'd, its length in
 * *@len; NULL with errno set when it cannot be read.
 */
char *procfile_read(pid_t pid, const char *name, size_t *len);

/*
 * /proc/@pid/auxv decoded into at most @max entries, AT_NULL included,
 * their number in *@n: pairs of the program's own words (the compat
 * loader saves an ia32 program's auxv as 32-bit pairs).  Returns the
 * bytes read (free them), or NULL with errno set.
 */
char *procfile_auxv(pid_t pid, struct elfload_auxv *out, size_t max,
		    size_t *n);

#endif
