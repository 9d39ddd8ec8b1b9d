// SPDX-License-Identifier: MIT
/*
 * xrun: run a program once, the same way every time, and say in one line
 * on standard output what became of it:
 *
 *	errno ENOEXEC		execve() failed and returned this errno
 *	exec-signal 11		(--trace only) the kernel killed the process
 *				inside execve(), after its point of no return
 *				and before the program's first instruction
 *	exit 42			the program ran and exited
 *	signal 11		the program ran and was killed by a signal
 *	timeout			still running after the time limit (killed)
 *
 * The child gets a fixed argv tail and environment, no address space
 * randomization (as under setarch -R), standard input from /dev/null and
 * its own process group; its standard output and error go to the files
 * given (or /dev/null).
 *
 * --trace tells "killed inside execve" from "killed while running": the
 * child asks to be traced before execve(), and a traced process stops
 * with SIGTRAP once execve() has succeeded.  A process that stops with
 * another signal, or dies, before that stop was killed in the kernel's
 * loader (force_fatal_sig(SIGSEGV) past begin_new_exec()): the signal is
 * delivered and the death reported.  After the exec stop the process is
 * detached and runs untraced.
 *
 * Usage: xrun [--trace] [--timeout SECONDS] [--out FILE] [--err FILE]
 *             PROG [ARGS...]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static char *const fixed_env[] = {
	"PATH=/usr/local/bin:/usr/bin:/bin",
	"LC_ALL=C",
	"HOME=/",
	NULL,
};

struct xrun_opts {
	int trace;
	int timeout;		/* seconds */
	const char *out, *err;
	char **argv;		/* PROG [ARGS...] */
};

static int parse_opts(int argc, char **argv, struct xrun_opts *o)
{
	int i;

	memset(o, 0, sizeof(*o));
	o->timeout = 10;
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--trace"))
			o->trace = 1;
		else if (!strcmp(argv[i], "--timeout") && i + 1 < argc)
			o->timeout = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--out") && i + 1 < argc)
			o->out = argv[++i];
		else if (!strcmp(argv[i], "--err") && i + 1 < argc)
			o->err = argv[++i];
		else
			return -1;
	}
	if (i >= argc || o->timeout <= 0)
		return -1;
	o->argv = argv + i;
	return 0;
}

/* Point descriptor @fd at @path (or /dev/null). */
static void redirect(int fd, const char *path, int flags)
{
	int f = open(path ? path : "/dev/null", flags, 0644);

	if (f < 0 || dup2(f, fd) < 0)
		_exit(125);
	if (f != fd)
		close(f);
}

/* In the child: set up, execve, and report the errno on @report. */
static void child(const struct xrun_opts *o, int report)
{
	int err;

	setpgid(0, 0);
	personality(ADDR_NO_RANDOMIZE);
	redirect(0, NULL, O_RDONLY);
	redirect(1, o->out, O_WRONLY | O_CREAT | O_TRUNC);
	redirect(2, o->err, O_WRONLY | O_CREAT | O_TRUNC);
	if (o->trace && ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0)
		_exit(125);
	execve(o->argv[0], o->argv, fixed_env);
	err = errno;
	if (write(report, &err, sizeof(err)) != sizeof(err))
		_exit(125);
	_exit(126);
}

/* Wait for @pid to end within @timeout seconds; 0, or -1 on timeout. */
static int wait_exit(pid_t pid, int timeout, int *status)
{
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	struct pollfd p = { .fd = pidfd, .events = POLLIN };
	int ready;

	if (pidfd < 0)
		return waitpid(pid, status, 0) == pid ? 0 : -1;
	do
		ready = poll(&p, 1, timeout * 1000);
	while (ready < 0 && errno == EINTR);
	close(pidfd);
	if (ready == 0) {
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
		waitpid(pid, status, 0);
		return -1;
	}
	return waitpid(pid, status, 0) == pid ? 0 : -1;
}

static int print_status(int status)
{
	if (WIFEXITED(status))
		printf("exit %d\n", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		printf("signal %d\n", WTERMSIG(status));
	else
		printf("status %#x\n", status);
	return 0;
}

int main(int argc, char **argv)
{
	struct xrun_opts o;
	const char *name;
	int pipefd[2], err, status;
	ssize_t got;
	pid_t pid;

	if (parse_opts(argc, argv, &o) < 0) {
		fprintf(stderr, "usage: xrun [--trace] [--timeout SECONDS] "
				"[--out FILE] [--err FILE] PROG [ARGS...]\n");
		return 2;
	}
	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return 3;
	pid = fork();
	if (pid < 0)
		return 3;
	if (pid == 0)
		child(&o, pipefd[1]);
	close(pipefd[1]);
	/* The pipe closes at a successful exec, or carries the errno. */
	do
		got = read(pipefd[0], &err, sizeof(err));
	while (got < 0 && errno == EINTR);
	close(pipefd[0]);
	if (got == sizeof(err)) {
		waitpid(pid, &status, 0);
		name = strerrorname_np(err);
		printf("errno %s\n", name ? name : "unknown");
		return 0;
	}
	if (o.trace) {
		if (waitpid(pid, &status, 0) != pid)
			return 3;
		/* Anything but the exec stop came from inside execve(). */
		if (WIFSTOPPED(status) && WSTOPSIG(status) != SIGTRAP) {
			ptrace(PTRACE_DETACH, pid, NULL,
			       (void *)(long)WSTOPSIG(status));
			if (wait_exit(pid, o.timeout, &status) < 0) {
				printf("timeout\n");
				return 0;
			}
		}
		if (!WIFSTOPPED(status)) {
			printf("exec-");
			return print_status(status);
		}
		ptrace(PTRACE_DETACH, pid, NULL, NULL);
	}
	if (wait_exit(pid, o.timeout, &status) < 0) {
		printf("timeout\n");
		return 0;
	}
	return print_status(status);
}
