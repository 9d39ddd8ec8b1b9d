/* SPDX-License-Identifier: MIT */
/* Files of /proc read whole (their size is unknown until read). */
#ifndef ELFLOAD_PROCFILE_H
#define ELFLOAD_PROCFILE_H

#include <stddef.h>
#include <sys/types.h>

/*
 * /proc/@pid/@name whole, NUL-terminated and malloc'd, its length in
 * *@len; NULL with errno set when it cannot be read.
 */
char *procfile_read(pid_t pid, const char *name, size_t *len);

#endif
