/* SPDX-License-Identifier: MIT */
/*
 * The fork watch (forkwatch.c): how an unprivileged pager learns of a
 * fork before it happens.  The program's process installs a seccomp
 * filter that sends every system call making a process with a copy of
 * its address space to the pager (SECCOMP_RET_USER_NOTIF); the pager
 * fills every page not yet filled, unregisters the segments, and lets
 * the call go on (SECCOMP_USER_NOTIF_FLAG_CONTINUE).
 */
#ifndef ELFLOAD_FORKWATCH_H
#define ELFLOAD_FORKWATCH_H

#include "pager_int.h"

/*
 * In the program's process (single-threaded, before loading): set
 * no_new_privs and install the filter.  The listener descriptor
 * (close-on-exec), or -errno when the kernel or a sandbox refuses.
 */
int forkwatch_install(const struct elfload_program *prog);

/*
 * In the pager, when the listener is readable: answer one notification:
 * the first fork fills and unregisters process 0's pages; a call with
 * arguments in the read-only segments first has the pages the kernel
 * will read there served through @serve (pager_loop.c's fault path).  0, or -1 once the
 * listener is finished (no process uses the filter any more).
 */
int forkwatch_serve(struct elfload_pager *p,
		    void (*serve)(struct elfload_pager *p,
				  struct followed_process *proc,
				  const struct uffd_msg *m));

#endif
