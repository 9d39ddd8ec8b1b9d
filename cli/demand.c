// SPDX-License-Identifier: MIT
/*
 * run --demand: the pager is the parent process, the program the child.
 *
 * A separate process, not a thread: stage 2 of the loader unmaps all of
 * the loader, so a pager thread would have to live in freestanding code;
 * and a process cannot touch the program's memory or share a lock with
 * it.  The child opens the userfaultfd (it belongs to the child's address
 * space), hands it to the parent over a socket, and loads the program
 * with ELFLOAD_EXEC_DEMAND.  The parent serves faults until the child
 * exits, writes the trace and summary, and exits as the child did.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "demand.h"

static int send_fd(int sock, int fd, unsigned char flags)
{
	char ctrl[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { &flags, 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = ctrl,
			      .msg_controllen = sizeof(ctrl) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);

	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	return sendmsg(sock, &msg, 0) == 1 ? 0 : -1;
}

static int recv_fd(int sock, unsigned char *flags)
{
	char ctrl[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { flags, 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = ctrl,
			      .msg_controllen = sizeof(ctrl) };
	struct cmsghdr *c;
	int fd;

	if (recvmsg(sock, &msg, MSG_CMSG_CLOEXEC) != 1)
		return -1;
	c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}

#define FLAG_USER_ONLY 1
#define FLAG_NO_FORK 2

/* In the child: open the userfaultfd, hand it over, wait for the pager. */
static int child_side(int sock, int *uffd, unsigned *exec_flags,
		      struct elfload_diag *d)
{
	struct elfload_uffd u;
	unsigned char flags, ack;
	int ret;

	/* Without its pager the program would hang on its first fault. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	ret = elfload_uffd_open(&u, d);
	if (ret)
		return ret;
	flags = (u.user_mode_only ? FLAG_USER_ONLY : 0) |
		(u.follow_fork ? 0 : FLAG_NO_FORK);
	if (send_fd(sock, u.fd, flags) < 0 || read(sock, &ack, 1) != 1)
		return elfload_diag_set(d, -EIO, NULL, -1, NULL, 0, 0,
					"--demand: the pager is gone");
	close(sock);
	if (!u.follow_fork) {
		/* A child would read not-yet-loaded pages as zeros. */
		close(u.fd);
		*uffd = -1;
		*exec_flags = 0;
		return 0;
	}
	*uffd = u.fd;
	*exec_flags = ELFLOAD_EXEC_DEMAND |
		      (u.user_mode_only ? ELFLOAD_EXEC_DEMAND_READONLY : 0);
	return 0;
}

/* Exit as the child did: same code, or killed by the same signal. */
static __attribute__((noreturn)) void exit_like(int status)
{
	struct rlimit no_core = { 0, 0 };
	int sig;

	if (WIFEXITED(status))
		exit(WEXITSTATUS(status));
	sig = WTERMSIG(status);
	setrlimit(RLIMIT_CORE, &no_core);
	signal(sig, SIG_DFL);
	raise(sig);
	exit(128 + sig);
}

static void say_mode(unsigned char flags)
{
	if (flags & FLAG_NO_FORK)
		report(NULL, "--demand: forks of the program cannot be followed "
			     "here (UFFD_FEATURE_EVENT_FORK needs "
			     "CAP_SYS_PTRACE), and a child would read pages "
			     "not yet loaded as zeros: every page is loaded "
			     "before the program starts, there are no faults "
			     "to show");
	else if (flags & FLAG_USER_ONLY)
		report(NULL, "--demand: userfaultfd in user-mode-only (no "
			     "CAP_SYS_PTRACE): writable segments are loaded "
			     "eagerly");
}

static void finish(struct elfload_pager *pager,
		   const struct elfload_program *prog,
		   const struct demand_opts *o)
{
	/* TODO(issue 16): a library accessor once the program is opaque. */
	struct trace t = { .prog = prog->exe_path,
			   .page_size = prog->layout.page_size,
			   .arch = prog->layout.arch->name };
	FILE *f;

	t.vmas = (struct elfload_paged_vma *)elfload_pager_vmas(pager,
								 &t.nvmas);
	t.ev = (struct elfload_event *)elfload_pager_events(pager, &t.nev);
	t.duplicates = elfload_pager_duplicates(pager);
	if (!t.nev)
		return;		/* the program never started */
	if (o->trace) {
		f = fopen(o->trace, "we");
		if (!f || trace_write(f, &t, o->format) < 0)
			report(o->trace, "cannot write the trace: %s",
			       strerror(errno));
		if (f)
			fclose(f);
	}
	if (!o->quiet)
		trace_summary(stderr, &t);
}

static void say_stuck(const struct elfload_pager *pager,
		      const struct demand_opts *o)
{
	const struct elfload_pager_stuck *s = elfload_pager_stuck(pager);

	if (s)
		report(NULL, "--frames %u: too few frames: the instruction at "
			     "%#" PRIx64 " (thread %u) keeps faulting on %u "
			     "addresses in the segments, more than %u frames "
			     "hold; the program was stopped",
		       o->frames, s->pc, s->tid, s->pages, o->frames);
}

/* In the parent: serve the child's faults until it exits; never returns. */
static __attribute__((noreturn)) void pager_side(
	struct elfload_program *prog, const struct demand_opts *o, pid_t pid,
	int sock, int evictor)
{
	struct elfload_pager_opts popts = {
		.fault_around = o->fault_around,
		.frames = o->frames,
		.policy = (enum elfload_policy_kind)o->policy,
		.evictor_fd = evictor,
		.pid = pid,
	};
	struct elfload_pager *pager;
	struct elfload_diag d;
	unsigned char flags;
	int status, uffd, pidfd;

	struct rlimit rl;

	/* Each followed fork costs the pager a descriptor. */
	if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	signal(SIGINT, SIG_IGN);	/* the program decides; we report */
	signal(SIGQUIT, SIG_IGN);
	uffd = recv_fd(sock, &flags);
	pager = uffd < 0 ? NULL : elfload_pager_new(prog, &popts, &d);
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (!pager || pidfd < 0 || elfload_pager_add_uffd(pager, uffd, &d) ||
	    write(sock, "k", 1) != 1) {
		/* The child failed before loading, or we cannot serve. */
		close(sock);
		if (waitpid(pid, &status, 0) < 0)
			exit(EXIT_SYSTEM);
		exit_like(status);
	}
	close(sock);
	say_mode(flags);
	if (elfload_pager_run(pager, pidfd, &d))
		report(NULL, "--demand: %s", d.msg);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	finish(pager, prog, o);
	say_stuck(pager, o);
	exit_like(status);
}

int demand_start(struct elfload_program *prog, const struct demand_opts *o,
		 int *uffd, int *evictor_fd, unsigned *exec_flags,
		 struct elfload_diag *d)
{
	int sv[2], ev[2] = { -1, -1 }, ret;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0 ||
	    (o->frames &&
	     socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ev) < 0))
		return elfload_diag_set(d, -errno, NULL, -1, NULL, 0, 0,
					"socketpair: %s", strerror(errno));
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return elfload_diag_set(d, -errno, NULL, -1, NULL, 0, 0,
					"fork: %s", strerror(errno));
	if (pid > 0) {
		close(sv[1]);
		if (ev[1] >= 0)
			close(ev[1]);
		pager_side(prog, o, pid, sv[0], ev[0]);
	}
	close(sv[0]);
	if (ev[0] >= 0)
		close(ev[0]);
	*evictor_fd = ev[1];
	ret = child_side(sv[1], uffd, exec_flags, d);
	if (!ret && o->frames)
		*exec_flags |= ELFLOAD_EXEC_EVICTOR;
	return ret;
}
