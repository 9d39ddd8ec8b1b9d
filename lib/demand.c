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

/* The byte the child sends with its userfaultfd. */
#define GRANTED_USER_ONLY 1
#define GRANTED_NO_FORK 2

/* Send @fd and the byte @flags over @sock: 0, or -1 with errno. */
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

/* Receive a descriptor (close-on-exec) and its byte: the fd, or -1. */
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

/*
 * In the child: open the userfaultfd, hand it over, wait until the
 * pager is ready.  Fills the program fields of @dm: 0, or -errno.
 */
static int program_side(int sock, struct elfload_demand *dm,
			struct elfload_diag *d)
{
	struct elfload_uffd u;
	unsigned char granted, ack;
	int ret;

	/* Without its pager the program would hang on its first fault. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	ret = elfload_uffd_open(&u, d);
	if (ret)
		return ret;
	granted = (u.user_mode_only ? GRANTED_USER_ONLY : 0) |
		  (u.follow_fork ? 0 : GRANTED_NO_FORK);
	if (send_fd(sock, u.fd, granted) < 0 || read(sock, &ack, 1) != 1)
		return elfload_diag_set(d, -EPIPE, "pager", -1, NULL, 0, 0,
					"the pager is gone");
	close(sock);
	if (!u.follow_fork) {
		/* A child would read not-yet-loaded pages as zeros. */
		close(u.fd);
		return 0;
	}
	dm->uffd = u.fd;
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
 * In the parent: take the child's userfaultfd, make its pager and pidfd,
 * and say "ready".  dm->serving says whether all of it worked; if not,
 * the child fails before loading and is only waited for.
 */
static void pager_side(struct elfload_program *prog,
		       const struct elfload_demand_opts *o,
		       struct elfload_demand *dm, int sock, int evictor)
{
	struct elfload_pager_opts popts = {
		.fault_around = o->fault_around,
		.frames = o->frames,
		.policy = o->policy,
		.evictor_fd = evictor,
		.pid = dm->pid,
	};
	struct elfload_diag d;
	unsigned char granted;
	bool added = false;
	int uffd;

	raise_fd_limit();
	/* The program decides what ^C and ^\ do; we stay to report. */
	dm->saved_sigint = signal(SIGINT, SIG_IGN);
	dm->saved_sigquit = signal(SIGQUIT, SIG_IGN);
	uffd = recv_fd(sock, &granted);
	dm->pager = uffd < 0 ? NULL : elfload_pager_new(prog, &popts, &d);
	if (!dm->pager && evictor >= 0)
		close(evictor);		/* else the pager owns it */
	dm->pidfd = (int)syscall(SYS_pidfd_open, dm->pid, 0);
	if (dm->pager && dm->pidfd >= 0)
		added = !elfload_pager_add_uffd(dm->pager, uffd, &d);
	if (!added && uffd >= 0)
		close(uffd);
	if (!added || write(sock, "k", 1) != 1) {
		/* The child failed before loading, or we cannot serve. */
		elfload_pager_free(dm->pager);
		dm->pager = NULL;
	} else {
		dm->serving = true;
		dm->user_mode_only = granted & GRANTED_USER_ONLY;
		dm->eager = granted & GRANTED_NO_FORK;
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
	err = program_side(sv[1], dm, d);
	if (!err && o->frames)
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
