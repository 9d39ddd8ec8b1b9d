// SPDX-License-Identifier: MIT
/*
 * A program stopped at its own first instruction, natively or through
 * elfload, under ptrace.  See launch.h.
 *
 * Through elfload the stop is a hardware breakpoint on the planned entry,
 * armed only when stage 2 stops itself just before its jump
 * (ELFLOAD_EXEC_STOP_AT_ENTRY), not at the child's first stop: until
 * stage 2 has unmapped the old process the entry address may hold
 * elfload's own code (under ADDR_NO_RANDOMIZE a PIE program is planned
 * where elfload itself lies, and its interpreter where elfload's ld.so
 * lies), and a breakpoint armed then could fire in elfload.  After that
 * stop only stage 2's last instructions and the vDSO's exit sequence
 * run, neither at a planned address.
 *
 * elfload_launch_native() is also the kernel oracle's start
 * (lib/oracle.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include <elfload/demand.h>
#include <elfload/exec.h>
#include <elfload/launch.h>

#include "launch_arch.h"
#include "procfile.h"

#define EXIT_CANNOT_EXEC 126
#define EXIT_NOT_FOUND 127

extern char **environ;

/* Exec this program again with its own argv (/proc/self/cmdline). */
static int exec_self_again(void)
{
	size_t len, i, n = 0;
	char *args = procfile_read(getpid(), "cmdline", &len), **argv;

	if (!args)
		return -errno;
	for (i = 0; i < len; i++)
		n += !args[i];
	argv = calloc(n + 1, sizeof(*argv));
	if (!argv) {
		free(args);
		return -ENOMEM;
	}
	for (i = 0, n = 0; i < len; i += strlen(args + i) + 1)
		argv[n++] = args + i;
	execve("/proc/self/exe", argv, environ);
	free(argv);
	free(args);
	return -errno;
}

int elfload_launch_no_randomize(void)
{
	int pers = personality(0xffffffff);

	if (pers < 0)
		return -errno;
	if (pers & ADDR_NO_RANDOMIZE)
		return 0;
	if (personality((unsigned long)pers | ADDR_NO_RANDOMIZE) < 0)
		return -errno;
	/* PF_RANDOMIZE and this process's own layout go only with an exec. */
	fflush(NULL);
	return exec_self_again();
}

/* waitpid without EINTR; 0 or -errno. */
static int wait_child(pid_t pid, int *status)
{
	while (waitpid(pid, status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return 0;
}

/* The child is gone before its first instruction: why, into @d. */
static int not_started(int status, const char *what, const char *msg,
		       struct elfload_diag *d)
{
	if (WIFEXITED(status) && WEXITSTATUS(status) == EXIT_NOT_FOUND)
		return elfload_diag_set(d, -ENOENT, "launch", -1, NULL, 0, 0,
					"%s", msg[0] ? msg : "not found");
	if (WIFEXITED(status))
		return elfload_diag_set(d, -ENOEXEC, "launch", -1, NULL, 0, 0,
					"%s", msg[0] ? msg :
					"cannot execute");
	return elfload_diag_set(d, -EFAULT, "launch", -1, NULL, 0, 0,
				"%s died before its first instruction "
				"(signal %d)", what,
				WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

static void stop_and_reap(pid_t pid)
{
	int status;

	kill(pid, SIGKILL);
	wait_child(pid, &status);
}

/* Fill @out for stopped @pid; on failure kill it. */
static int stopped_at(pid_t pid, struct elfload_launch *out,
		      struct elfload_diag *d)
{
	uint64_t sp;
	int ret = launch_arch_pc_sp(pid, &out->entry, &sp);

	if (ret) {
		stop_and_reap(pid);
		return elfload_diag_set(d, ret, "launch", -1, NULL, 0, 0,
					"reading the registers: %s",
					strerror(-ret));
	}
	out->pid = pid;
	ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)PTRACE_O_EXITKILL);
	return 0;
}

int elfload_launch_native(const char *path, char *const argv[],
			  char *const envp[], unsigned flags,
			  struct elfload_launch *out, struct elfload_diag *d)
{
	int status, ret;
	pid_t pid;

	elfload_diag_clear(d);
	fflush(NULL);	/* the child must not write our buffers twice */
	pid = fork();
	if (pid < 0)
		return elfload_diag_set(d, -errno, "launch", -1, NULL, 0, 0,
					"fork: %s", strerror(errno));
	if (pid == 0) {
		/* The rest of the personality (ADDR_LIMIT_3GB...) stays. */
		if (flags & ELFLOAD_LAUNCH_NO_RANDOMIZE)
			personality((unsigned long)personality(0xffffffff) |
				    ADDR_NO_RANDOMIZE);
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0)
			_exit(EXIT_CANNOT_EXEC);
		execve(path, argv, envp);
		_exit(errno == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXEC);
	}
	ret = wait_child(pid, &status);
	if (ret)
		return elfload_diag_set(d, ret, "launch", -1, NULL, 0, 0,
					"waitpid: %s", strerror(-ret));
	if (!WIFSTOPPED(status))
		return not_started(status, path, "", d);
	return stopped_at(pid, out, d);
}

/*
 * The child: stop for the parent, then load @prog into itself; with
 * @demand, first fork the demand pager (this process serves the
 * program's faults, the forked child becomes the program).
 */
static void load_traced(struct elfload_program *prog, char *const argv[],
			char *const envp[],
			const struct elfload_demand_opts *demand, int msg_fd)
{
	struct elfload_exec_opts opts = { .flags = ELFLOAD_EXEC_STOP_AT_ENTRY };
	struct elfload_demand dm;
	struct elfload_diag d;
	ssize_t w;
	int ret = 0;

	if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0 || raise(SIGSTOP))
		_exit(EXIT_CANNOT_EXEC);
	if (demand)
		ret = elfload_demand_start(prog, demand, &dm, &d);
	if (ret == ELFLOAD_DEMAND_PAGER) {
		elfload_demand_serve(&dm, &d);
		_exit(0);
	}
	if (!ret && demand) {
		opts.flags |= dm.exec_flags;
		opts.uffd = dm.uffd;
		opts.evictor_fd = dm.evictor_fd;
	}
	if (!ret)
		ret = elfload_exec_program(prog, argv, envp, &opts, &d);
	/* Only before the point of no return: @msg_fd is close-on-exec. */
	w = write(msg_fd, d.msg, strlen(d.msg));
	(void)w;
	_exit(ret == -ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXEC);
}

/*
 * The traced @*pid forked (the demand pager forking the program): go on
 * with the new child, stopped at its first stop, and let the pager run
 * untraced (*@pager).  Returns 0 or -errno.
 */
static int follow_fork(pid_t *pid, pid_t *pager)
{
	unsigned long child;
	int status, ret;

	if (ptrace(PTRACE_GETEVENTMSG, *pid, NULL, &child) < 0)
		return -errno;
	ret = wait_child((pid_t)child, &status);
	if (ret)
		return ret;
	ptrace(PTRACE_DETACH, *pid, NULL, NULL);
	*pager = *pid;
	*pid = (pid_t)child;
	return 0;
}

/*
 * Resume @*pid until it stops with @sig, passing other signals on and
 * following a fork to the child (see follow_fork).  Returns 0, or 1 with
 * *@status when it ended, or -errno.
 */
static int run_until(pid_t *pid, pid_t *pager, int sig, int *status)
{
	int ret, pass = 0;

	for (;;) {
		if (ptrace(PTRACE_CONT, *pid, NULL, (void *)(long)pass) < 0)
			return -errno;
		ret = wait_child(*pid, status);
		if (ret)
			return ret;
		if (!WIFSTOPPED(*status))
			return 1;
		pass = 0;
		if (*status >> 16 == PTRACE_EVENT_FORK) {
			ret = follow_fork(pid, pager);
			if (ret)
				return ret;
			continue;
		}
		if (WSTOPSIG(*status) == sig)
			return 0;
		pass = WSTOPSIG(*status);
	}
}

/*
 * Parent side of elfload_launch_program(): child @pid at its first stop.
 * A fork before stage 2 (the demand pager's) is followed to the program.
 */
static int follow_load(pid_t pid, uint64_t entry, int msg_fd,
		       struct elfload_launch *out, struct elfload_diag *d)
{
	char msg[ELFLOAD_DIAG_MSG_MAX] = "";
	int status, ret;
	ssize_t got;

	out->pager = 0;
	ret = wait_child(pid, &status);
	if (!ret && WIFSTOPPED(status)) {
		ptrace(PTRACE_SETOPTIONS, pid, NULL,
		       (void *)(PTRACE_O_EXITKILL | PTRACE_O_TRACEFORK));
		/* Stage 2's own SIGSTOP, just before its jump. */
		ret = run_until(&pid, &out->pager, SIGSTOP, &status);
	}
	if (!ret)
		ret = launch_arch_set_breakpoint(pid, entry);
	if (!ret)
		ret = run_until(&pid, &out->pager, SIGTRAP, &status);
	if (ret == 1 || (!ret && !WIFSTOPPED(status))) {
		got = read(msg_fd, msg, sizeof(msg) - 1);
		msg[got > 0 ? got : 0] = '\0';
		return not_started(status, "the program", msg, d);
	}
	if (!ret)
		ret = stopped_at(pid, out, d);
	else
		stop_and_reap(pid);
	if (!ret && out->entry != entry) {
		stop_and_reap(pid);
		return elfload_diag_set(d, -EFAULT, "launch", -1, NULL, 0, 0,
					"stopped at 0x%llx, not at the entry "
					"0x%llx", (unsigned long long)out->entry,
					(unsigned long long)entry);
	}
	if (!ret)
		ret = launch_arch_clear_breakpoint(pid);
	if (ret) {
		if (!d->err)
			elfload_diag_set(d, ret, "launch", -1, NULL, 0, 0,
					 "ptrace: %s", strerror(-ret));
		stop_and_reap(pid);
	}
	return ret;
}

int elfload_launch_program(struct elfload_program *prog, char *const argv[],
			   char *const envp[], struct elfload_launch *out,
			   struct elfload_diag *d)
{
	return elfload_launch_demand(prog, argv, envp, NULL, out, d);
}

int elfload_launch_demand(struct elfload_program *prog, char *const argv[],
			  char *const envp[],
			  const struct elfload_demand_opts *demand,
			  struct elfload_launch *out, struct elfload_diag *d)
{
	uint64_t entry = elfload_program_plan(prog)->entry;
	int fds[2], ret;
	pid_t pid;

	elfload_diag_clear(d);
	if (pipe2(fds, O_CLOEXEC) < 0) {
		ret = elfload_diag_set(d, -errno, "launch", -1, NULL, 0, 0,
				       "pipe: %s", strerror(errno));
		goto close_program;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		ret = elfload_diag_set(d, -errno, "launch", -1, NULL, 0, 0,
				       "fork: %s", strerror(errno));
		goto close_pipe;
	}
	if (pid == 0) {
		close(fds[0]);
		load_traced(prog, argv, envp, demand, fds[1]);
	}
	close(fds[1]);
	fds[1] = -1;
	ret = follow_load(pid, entry, fds[0], out, d);

close_pipe:
	close(fds[0]);
	if (fds[1] >= 0)
		close(fds[1]);
close_program:
	elfload_program_close(prog);
	return ret;
}

int elfload_launch_detach(struct elfload_launch *l)
{
	if (ptrace(PTRACE_DETACH, l->pid, NULL, (void *)(long)SIGSTOP) < 0)
		return -errno;
	return 0;
}

int elfload_launch_wait(struct elfload_launch *l, int *status)
{
	return wait_child(l->pid, status);
}

void elfload_launch_kill(struct elfload_launch *l)
{
	stop_and_reap(l->pid);
	if (l->pager > 0)
		stop_and_reap(l->pager);	/* its program is gone */
	l->pager = 0;
}
