// SPDX-License-Identifier: MIT
/*
 * The fork watch (see forkwatch.h).  Without CAP_SYS_PTRACE the kernel
 * refuses UFFD_FEATURE_EVENT_FORK, and a child forked from a demand-paged
 * process would read every page not yet filled as zeros (the child's
 * copy of a registered range forgets the userfaultfd).  A seccomp filter
 * is the one unprivileged way to stop a fork before it happens:
 *
 *	fork, clone without CLONE_VM    SECCOMP_RET_USER_NOTIF: the pager
 *	                                fills, unregisters, then CONTINUE
 *	clone3                          ENOSYS: its flags are in memory,
 *	                                where a filter cannot look; C
 *	                                libraries fall back to clone
 *	a system call of another ABI    notified, and taken for a fork
 *	everything else (vfork, thread  allowed: the address space is
 *	clones, posix_spawn's CLONE_VM) shared, its faults still come
 *
 * After the first fork the program runs as a plain one: later
 * notifications are answered at once.
 */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <elfload/pager.h>

#include "arch_loader.h"
#include "forkwatch.h"
#include "frames.h"
#include "internal.h"

#define CLONE_VM_FLAG 0x100u	/* CLONE_VM, the same on every architecture */

#define LOAD(field) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, \
			     offsetof(struct seccomp_data, field))
#define RET(v) BPF_STMT(BPF_RET | BPF_K, (v))

/* The filter of the table above; jumps count the instructions skipped. */
int forkwatch_install(void)
{
	struct sock_filter f[] = {
		/* 0 */ LOAD(arch),
		/* 1 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ARCH_AUDIT_ARCH, 0, 9),
		/* 2 */ LOAD(nr),
		/* 3 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, ARCH_SYSCALL_ABI_BIT, 7, 0),
		/* 4 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ARCH_NR_FORK, 6, 0),
		/* 5 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ARCH_NR_CLONE3, 3, 0),
		/* 6 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ARCH_NR_CLONE, 0, 3),
		/* 7 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
				 offsetof(struct seccomp_data, args[0]) +
					 4 * ARCH_ARG_LOW_WORD),
		/* 8 */ BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, CLONE_VM_FLAG, 1, 2),
		/* 9 */ RET(SECCOMP_RET_ERRNO | ENOSYS),
		/* 10 */ RET(SECCOMP_RET_ALLOW),
		/* 11 */ RET(SECCOMP_RET_USER_NOTIF),
	};
	struct sock_fprog prog = { sizeof(f) / sizeof(f[0]), f };
	long fd;

	/* Unprivileged filters need no_new_privs. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
		     SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
	return fd < 0 ? -errno : (int)fd;
}

/*
 * Fill every page of process 0 not yet filled, as a fault would (the
 * pages the frame limit took away as they were), then unregister the
 * segments: the child's copy cannot be served, and from now on the
 * parent's need not be.  Returns the number of pages installed.
 */
static uint64_t fill_all(struct elfload_pager *p, struct followed_process *proc)
{
	enum elfload_served how;
	uint64_t n = 0, a;
	size_t i;

	n += frames_end(p, proc);
	for (i = 0; i < proc->npieces; i++) {
		const struct piece *piece = &proc->pieces[i];

		for (a = piece->start; a < piece->end; a += p->page_size)
			n += !pager_install(p, proc, a,
					    piece->planned + (a - piece->start),
					    &p->vmas[piece->vma], false, &how);
	}
	for (i = 0; i < proc->npieces; i++) {
		struct uffdio_range r = { proc->pieces[i].start,
					  proc->pieces[i].end -
						  proc->pieces[i].start };

		/* Wakes every thread still waiting in the range. */
		ioctl(proc->fd, UFFDIO_UNREGISTER, &r);
	}
	proc->npieces = 0;	/* faults still queued are only woken */
	return n;
}

/* Record the fork (or the call taken for one) that ended demand paging. */
static void log_forkfill(struct elfload_pager *p, struct followed_process *proc,
			 const struct seccomp_notif *n, uint64_t filled,
			 uint64_t t_start)
{
	struct elfload_event *e = pager_new_event(p, ELFLOAD_EV_FORKFILL, proc);

	if (!e)
		return;
	e->tid = n->pid;
	e->addr = n->data.arch == ARCH_AUDIT_ARCH ? (uint64_t)n->data.nr :
						     UINT64_MAX;
	e->to = filled;
	e->serve_ns = pager_now_ns() - t_start;
}

int forkwatch_serve(struct elfload_pager *p)
{
	struct seccomp_notif_sizes sizes;
	struct seccomp_notif *n;
	struct seccomp_notif_resp *r;
	uint64_t t = pager_now_ns(), filled;

	if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) < 0)
		return -1;
	/* The kernel's structures may have grown past our headers'. */
	n = calloc(1, sizes.seccomp_notif > sizeof(*n) ? sizes.seccomp_notif :
							 sizeof(*n));
	r = calloc(1, sizes.seccomp_notif_resp > sizeof(*r) ?
			      sizes.seccomp_notif_resp : sizeof(*r));
	if (!n || !r || ioctl(p->watch_fd, SECCOMP_IOCTL_NOTIF_RECV, n) < 0) {
		/* ENOENT: the caller died or the call was interrupted. */
		int gone = n && r && errno != ENOENT && errno != EINTR;

		free(n);
		free(r);
		return gone ? -1 : 0;
	}
	if (!p->forked && p->nprocs) {
		filled = fill_all(p, &p->procs[0]);
		p->forked = true;
		log_forkfill(p, &p->procs[0], n, filled, t);
	}
	r->id = n->id;
	r->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	ioctl(p->watch_fd, SECCOMP_IOCTL_NOTIF_SEND, r);
	free(n);
	free(r);
	return 0;
}

int elfload_pager_watch_forks(struct elfload_pager *p, int listener,
			      struct elfload_diag *d)
{
	elfload_diag_clear(d);
	if (p->watch_fd >= 0)
		close(p->watch_fd);
	p->watch_fd = listener;
	return 0;
}
