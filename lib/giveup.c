// SPDX-License-Identifier: MIT
/*
 * Giving up the old process (see giveup.h).
 */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "arch_loader.h"
#include "giveup.h"
#include "internal.h"

/* The last component of a path, as the kernel names a task (comm). */
static const char *basename_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* glibc's registration of the thread's rseq area (absent elsewhere). */
extern const ptrdiff_t __rseq_offset __attribute__((weak));
extern const unsigned int __rseq_size __attribute__((weak));

/* The kernel must stop writing into the old libc's rseq area. */
static void unregister_rseq(void)
{
	uintptr_t area;

	if (!&__rseq_size || !&__rseq_offset || !__rseq_size)
		return;
	area = arch_thread_pointer() + (uintptr_t)__rseq_offset;
	if (syscall(SYS_rseq, area, 32, 1, ARCH_RSEQ_SIG) < 0)
		syscall(SYS_rseq, area, __rseq_size, 1, ARCH_RSEQ_SIG);
}

/*
 * execve resets caught signals to SIG_DFL and the alternate stack; with
 * @no_handlers nothing is caught (ELFLOAD_EXEC_NO_HANDLERS).
 */
static void reset_signals(bool no_handlers)
{
	stack_t ss = { .ss_flags = SS_DISABLE };
	struct sigaction sa;
	int sig;

	for (sig = 1; sig < NSIG && !no_handlers; sig++) {
		if (sigaction(sig, NULL, &sa) < 0 || sa.sa_handler == SIG_DFL ||
		    sa.sa_handler == SIG_IGN)
			continue;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = SIG_DFL;
		sigaction(sig, &sa, NULL);
	}
	sigaltstack(&ss, NULL);
}

/*
 * execve closes close-on-exec descriptors; ours close in stage 2.  @dir
 * is /proc/self/fd, opened before the point of no return.
 */
static void close_cloexec(DIR *dir)
{
	int fds[1024], n = 0, i;
	struct dirent *e;

	while ((e = readdir(dir)) && n < (int)ARRAY_SIZE(fds)) {
		int fd = atoi(e->d_name);

		if (e->d_name[0] == '.' || fd == dirfd(dir))
			continue;
		if (fcntl(fd, F_GETFD) & FD_CLOEXEC)
			fds[n++] = fd;
	}
	closedir(dir);
	for (i = 0; i < n; i++)
		close(fds[i]);
}

/* Stage 2's descriptors must survive close_cloexec(). */
static void keep_open(int fd)
{
	if (fd >= 0)
		fcntl(fd, F_SETFD, 0);
}

void giveup_old_process(DIR *fd_dir, const int *keep, int nkeep,
			const char *execfn, bool no_handlers)
{
	int i;

	reset_signals(no_handlers);
	for (i = 0; i < nkeep; i++)
		keep_open(keep[i]);
	close_cloexec(fd_dir);
	prctl(PR_SET_NAME, (unsigned long)basename_of(execfn), 0, 0, 0);
	fflush(NULL);
	unregister_rseq();
}
