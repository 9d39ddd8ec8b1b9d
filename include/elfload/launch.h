/* SPDX-License-Identifier: MIT */
/*
 * Start a program stopped at its own first instruction, under ptrace,
 * either natively (fork, execve) or through elfload (fork, then
 * elfload_exec_program() in the child), so that the two can be looked
 * at side by side (see snapshot.h) or handed to a debugger.
 *
 * Example:
 *
 *	struct elfload_launch l;
 *	struct elfload_diag d;
 *
 *	if (elfload_launch_program(prog, argv, environ, &l, &d) < 0)
 *		fprintf(stderr, "%s\n", d.msg);
 *	else
 *		elfload_launch_kill(&l);
 */
#ifndef ELFLOAD_LAUNCH_H
#define ELFLOAD_LAUNCH_H

#include <stdint.h>

#include <elfload/demand.h>
#include <elfload/diag.h>
#include <elfload/program.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A process stopped under ptrace at the first instruction of its program. */
struct elfload_launch {
	int pid;
	uint64_t entry;		/* where it stopped */
	int pager;		/* elfload_launch_demand(): the pager, or 0 */
};

/*
 * Set ADDR_NO_RANDOMIZE in this process's personality, which every
 * child inherits: plan with elfload_program_open() after this, and both
 * launches below lay the program out as the kernel does under
 * `setarch -R`.  When it was not set, this program is exec'd again
 * (/proc/self/exe with the argv of /proc/self/cmdline and environ), as
 * setarch -R does, so that nothing of it is randomized (the task flag
 * PF_RANDOMIZE and its own layout change only at an exec): then this
 * returns only on failure.  Returns 0 or -errno.
 */
int elfload_launch_no_randomize(void);

/* elfload_launch_native(): ADDR_NO_RANDOMIZE in the child only. */
#define ELFLOAD_LAUNCH_NO_RANDOMIZE 0x1u

/*
 * Run @path natively with @argv and @envp: fork, PTRACE_TRACEME,
 * execve (with @flags' personality); the post-exec stop is at the first
 * instruction.  Returns 0
 * with *@out filled, -ENOENT or -ENOEXEC when the exec failed (the
 * child exited 127 or 126), -EFAULT when it died before its first
 * instruction, or fork's and waitpid's errors.  The calling process
 * must not have SIGCHLD ignored.
 */
int elfload_launch_native(const char *path, char *const argv[],
			  char *const envp[], unsigned flags,
			  struct elfload_launch *out, struct elfload_diag *d);

/*
 * Load @prog (consumed) through elfload in a child: fork; the child
 * stops itself under PTRACE_TRACEME and calls elfload_exec_program();
 * a hardware breakpoint on the planned entry, set once stage 2 has
 * placed everything (so that no code of elfload can hit it), stops it
 * there; the breakpoint is then removed.  Errors as above, with the
 * loader's own message in @d when the child could not load @prog.
 */
int elfload_launch_program(struct elfload_program *prog, char *const argv[],
			   char *const envp[], struct elfload_launch *out,
			   struct elfload_diag *d);

/*
 * The same under demand paging (see demand.h): the child forks the pager
 * (which it becomes, untraced) and the program, which is followed with
 * PTRACE_O_TRACEFORK and stopped at its entry as above.  @demand NULL is
 * elfload_launch_program().  elfload_launch_kill() ends the pager too.
 */
int elfload_launch_demand(struct elfload_program *prog, char *const argv[],
			  char *const envp[],
			  const struct elfload_demand_opts *demand,
			  struct elfload_launch *out, struct elfload_diag *d);

/*
 * Detach, leaving the process stopped (SIGSTOP) for another tracer such
 * as gdb -p.  Returns 0 or -errno.
 */
int elfload_launch_detach(struct elfload_launch *l);

/*
 * Wait for the process to end; *@status as waitpid() gives it.  Returns
 * 0 or -errno.
 */
int elfload_launch_wait(struct elfload_launch *l, int *status);

/* Kill the process and reap it. */
void elfload_launch_kill(struct elfload_launch *l);

#ifdef __cplusplus
}
#endif

#endif
