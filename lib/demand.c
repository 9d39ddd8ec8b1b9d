// SPDX-License-Identifier: MIT
/*
 * The demand-paging process protocol (see demand.h): fork; the child
 * opens the userfaultfd (it belongs to the address space that opens it)
 * and hands it to the parent over a socket (SCM_RIGHTS) with one byte
 * saying what the kernel granted; the parent sets up its pager and a
 * pidfd of the child, answers one byte, and serves until the child
 * exits.  Only then does the child load the program, so its first fault
 * finds the pager ready.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <elfload/demand.h>
#include <elfload/exec.h>

#include "forkwatch.h"

/* What the child sends with its descriptors: granted, refused_errno. */
#define GRANTED_USER_ONLY 1	/* user-mode-only userfaultfd */
#define GRANTED_WATCH 2		/* no EVENT_FORK: the fork watch's listener */
#define GRANTED_NONE 4		/* refused: a plain, eager run */
#define REFUSED_SECCOMP 8	/* ... by seccomp, else by userfaultfd */

/* Send @n descriptors and the two bytes @msg over @sock: 0, or -1. */
static int send_fds(int sock, const int *fds, size_t n,
		    const unsigned char msg[2])
{
	char ctrl[CMSG_SPACE(2 * sizeof(int))] = { 0 };
	struct iovec iov = { (void *)msg, 2 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = n ? ctrl : NULL,
			    .msg_controllen = n ? CMSG_SPACE(n * sizeof(int)) : 0 };
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);

	if (n) {
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(n * sizeof(int));
		memcpy(CMSG_DATA(c), fds, n * sizeof(int));
	}
	return sendmsg(sock, &m, 0) == 2 ? 0 : -1;
}

/*
 * Receive up to two descriptors (close-on-exec, else -1 in @fds) and
 * the two bytes @msg: the number of descriptors, or -1.
 */
static int recv_fds(int sock, int fds[2], unsigned char msg[2])
{
	char ctrl[CMSG_SPACE(2 * sizeof(int))] = { 0 };
	struct iovec iov = { msg, 2 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = ctrl,
			    .msg_controllen = sizeof(ctrl) };
	struct cmsghdr *c;
	size_t n = 0;

	fds[0] = fds[1] = -1;
	if (recvmsg(sock, &m, MSG_CMSG_CLOEXEC) != 2)
		return -1;
	c = CMSG_FIRSTHDR(&m);
	if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
	    c->cmsg_len >= CMSG_LEN(0)) {
		n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		n = n > 2 ? 2 : n;
		memcpy(fds, CMSG_DATA(c), n * sizeof(int));
	}
	return (int)n;
}

/*
 * In the child: the userfaultfd and, when forks cannot be followed, the
 * fork watch.  Fills @fds (-1: none) and @msg; a refusal is not an
 * error: the run is a plain, eager one.
 */
static void open_for_pager(const struct elfload_program *prog,
			   struct elfload_uffd *u, int fds[2],
			   unsigned char msg[2])
{
	struct elfload_diag d;
	int ret = elfload_uffd_open(u, &d);

	fds[0] = fds[1] = -1;
	msg[0] = msg[1] = 0;
	if (ret) {
		msg[0] = GRANTED_NONE;
		msg[1] = (unsigned char)-ret;
		return;
	}
	fds[0] = u->fd;
	msg[0] = u->user_mode_only ? GRANTED_USER_ONLY : 0;
	if (u->follow_fork)
		return;
	ret = forkwatch_install(prog);
	if (ret < 0) {
		/* A child would read not-yet-loaded pages as zeros. */
		close(u->fd);
		fds[0] = -1;
		msg[0] = GRANTED_NONE | REFUSED_SECCOMP;
		msg[1] = (unsigned char)-ret;
		return;
	}
	fds[1] = ret;
	msg[0] |= GRANTED_WATCH;
}

/*
 * In the child: open what the pager needs, hand it over, wait until the
 * pager is ready.  Fills the program fields of @dm: 0, or -errno.
 */
static int program_side(const struct elfload_program *prog, int sock,
			struct elfload_demand *dm, struct elfload_diag *d)
{
	struct elfload_uffd u;
	unsigned char msg[2], ack;
	int fds[2];

	/* Without its pager the program would hang on its first fault. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	open_for_pager(prog, &u, fds, msg);
	/* fds[1] (the watch) only ever comes with fds[0]. */
	if (send_fds(sock, fds, (size_t)(fds[0] >= 0) + (fds[1] >= 0),
		     msg) < 0 ||
	    read(sock, &ack, 1) != 1)
		return elfload_diag_set(d, -EPIPE, "pager", -1, NULL, 0, 0,
					"the pager is gone");
	close(sock);
	if (fds[1] >= 0)
		close(fds[1]);	/* the pager's now */
	if (fds[0] < 0)
		return 0;	/* refused: a plain run */
	dm->uffd = fds[0];
	dm->exec_flags = ELFLOAD_EXEC_DEMAND |
			 (u.user_mode_only ? ELFLOAD_EXEC_DEMAND_READONLY : 0);
	return 0;
}

/* Each followed fork costs the pager a descriptor: allow all we may. */
static void raise_fd_limit(void)
{
	struct rlimit rl;

	if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

/*
 * In the parent: make the pager for the child's userfaultfd @uffd (and
 * fork watch @watch, or -1), and its pidfd.  Both descriptors are
 * taken.  The pager, or NULL.
 */
static struct elfload_pager *make_pager(struct elfload_program *prog,
					const struct elfload_demand_opts *o,
					struct elfload_demand *dm, int evictor,
					int uffd, int watch)
{
	struct elfload_pager_opts popts = {
		.fault_around = o->fault_around,
		.frames = o->frames,
		.policy = o->policy,
		.evictor_fd = evictor,
		.pid = dm->pid,
	};
	struct elfload_diag d;
	struct elfload_pager *pager = elfload_pager_new(prog, &popts, &d);

	if (!pager && evictor >= 0)
		close(evictor);		/* else the pager owns it */
	if (pager && watch >= 0)
		elfload_pager_watch_forks(pager, watch, &d);
	else if (watch >= 0)
		close(watch);
	dm->pidfd = (int)syscall(SYS_pidfd_open, dm->pid, 0);
	if (pager && dm->pidfd >= 0 && !elfload_pager_add_uffd(pager, uffd, &d))
		return pager;
	close(uffd);
	elfload_pager_free(pager);
	return NULL;
}

/*
 * In the parent: take what the child sends, make its pager and pidfd,
 * and say "ready".  dm->serving says whether all of it worked, dm->eager
 * that the child was refused and runs plainly; if neither, the child
 * fails before loading and is only waited for.
 */
static void pager_side(struct elfload_program *prog,
		       const struct elfload_demand_opts *o,
		       struct elfload_demand *dm, int sock, int evictor)
{
	unsigned char msg[2];
	int fds[2], n;

	raise_fd_limit();
	/* The program decides what ^C and ^\ do; we stay to report. */
	dm->saved_sigint = signal(SIGINT, SIG_IGN);
	dm->saved_sigquit = signal(SIGQUIT, SIG_IGN);
	n = recv_fds(sock, fds, msg);
	if (n >= 1 && !(msg[0] & GRANTED_NONE))
		dm->pager = make_pager(prog, o, dm, evictor, fds[0],
				       msg[0] & GRANTED_WATCH ? fds[1] : -1);
	else {
		if (fds[0] >= 0)
			close(fds[0]);
		if (fds[1] >= 0)
			close(fds[1]);
		if (evictor >= 0)
			close(evictor);
	}
	if (n >= 0 && (msg[0] & GRANTED_NONE)) {
		dm->eager = true;
		dm->refused = -(int)msg[1];
		dm->refused_by = msg[0] & REFUSED_SECCOMP ? "seccomp" :
							    "userfaultfd";
	}
	if ((!dm->pager && !dm->eager) || write(sock, "k", 1) != 1) {
		/* The child failed before loading, or we cannot serve. */
		elfload_pager_free(dm->pager);
		dm->pager = NULL;
		dm->eager = false;
	} else if (dm->pager) {
		dm->serving = true;
		dm->user_mode_only = msg[0] & GRANTED_USER_ONLY;
		dm->watch_forks = msg[0] & GRANTED_WATCH;
	}
	close(sock);
}

/* Fork, and run each side's half of the handshake (see demand.h). */
int elfload_demand_start(struct elfload_program *prog,
			 const struct elfload_demand_opts *o,
			 struct elfload_demand *dm, struct elfload_diag *d)
{
	int sv[2], ev[2] = { -1, -1 }, err;
	const char *what = "socketpair";
	pid_t pid;

	elfload_diag_clear(d);
	memset(dm, 0, sizeof(*dm));
	dm->uffd = dm->evictor_fd = dm->pidfd = -1;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return elfload_diag_set(d, -errno, NULL, -1, NULL, 0, 0,
					"socketpair: %s", strerror(errno));
	if (o->frames &&
	    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ev) < 0)
		goto close_protocol;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		what = "fork";
		goto close_evictor;
	}
	if (pid > 0) {
		close(sv[1]);
		if (ev[1] >= 0)
			close(ev[1]);
		dm->pid = pid;
		pager_side(prog, o, dm, sv[0], ev[0]);
		return ELFLOAD_DEMAND_PAGER;
	}
	close(sv[0]);
	if (ev[0] >= 0)
		close(ev[0]);
	dm->evictor_fd = ev[1];
	err = program_side(prog, sv[1], dm, d);
	if (!err && o->frames && dm->uffd >= 0)
		dm->exec_flags |= ELFLOAD_EXEC_EVICTOR;
	return err;

close_evictor:
	err = errno;
	if (ev[0] >= 0) {
		close(ev[0]);
		close(ev[1]);
	}
	errno = err;
close_protocol:
	err = errno;
	close(sv[0]);
	close(sv[1]);
	return elfload_diag_set(d, -err, NULL, -1, NULL, 0, 0, "%s: %s", what,
				strerror(err));
}

/* Run the pager, reap the program, give the signals back. */
int elfload_demand_serve(struct elfload_demand *dm, struct elfload_diag *d)
{
	int ret = 0;
	pid_t w;

	elfload_diag_clear(d);
	if (dm->serving)
		ret = elfload_pager_run(dm->pager, dm->pidfd, d);
	while ((w = waitpid(dm->pid, &dm->status, 0)) < 0 && errno == EINTR)
		;
	dm->exited = w >= 0;
	if (!dm->exited && !ret)
		ret = elfload_diag_set(d, -errno, NULL, -1, NULL, 0, 0,
				       "waitpid: %s", strerror(errno));
	signal(SIGINT, dm->saved_sigint);
	signal(SIGQUIT, dm->saved_sigquit);
	return ret;
}

/* The pager and the pidfd; the wait status stays in @dm. */
void elfload_demand_free(struct elfload_demand *dm)
{
	elfload_pager_free(dm->pager);
	dm->pager = NULL;
	if (dm->pidfd >= 0)
		close(dm->pidfd);
	dm->pidfd = -1;
}
