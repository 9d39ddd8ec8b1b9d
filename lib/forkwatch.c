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
 *	mmap, mprotect, munmap, mremap, allowed: they name segment
 *	madvise, brk                    addresses but read nothing there
 *	any other call with an argument notified: the pager serves the
 *	in a read-only demand range     pages the kernel will read there
 *	                                (user-mode-only: it cannot fault)
 *	everything else (vfork, thread  allowed: the address space is
 *	clones, posix_spawn's CLONE_VM) shared, its faults still come
 *
 * After the first fork the program runs as a plain one: later
 * notifications are answered at once.  See docs/design.md.
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
#include <sys/uio.h>
#include <unistd.h>

#include <elfload/pager.h>

#include "arch_loader.h"
#include "forkwatch.h"
#include "frames.h"
#include "internal.h"
#include "program_int.h"

#define CLONE_VM_FLAG 0x100u	/* CLONE_VM, the same on every architecture */

#define MAX_RANGES 8		/* read-only demand ranges the filter checks */
#define STRING_MAX 4096		/* PATH_MAX: how far a string is followed */
#define BUFFER_MAX (1u << 20)	/* how much of a write(2) buffer is filled */

#define STMT(code, k) ((struct sock_filter)BPF_STMT((code), (k)))
#define JUMP(code, k, jt, jf) ((struct sock_filter)BPF_JUMP((code), (k), (jt), (jf)))
#define LOAD(off) STMT(BPF_LD | BPF_W | BPF_ABS, (off))
#define JEQ(k, jt, jf) JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), (jt), (jf))
#define JGE(k, jt, jf) JUMP(BPF_JMP | BPF_JGE | BPF_K, (k), (jt), (jf))
#define RET(v) STMT(BPF_RET | BPF_K, (v))
#define ARG_WORD(i, w) (offsetof(struct seccomp_data, args[(i)]) + 4 * (w))

/* The system calls that name segment addresses without reading them. */
static const uint32_t no_read[] = { ARCH_NR_MMAP, ARCH_NR_MPROTECT,
				    ARCH_NR_MUNMAP, ARCH_NR_MREMAP,
				    ARCH_NR_MADVISE, ARCH_NR_BRK };

/* A demand-paged range within one 4 GiB block: BPF compares 32 bits. */
struct watched_range {
	uint32_t hi, lo_start, lo_end;	/* lo_end 0: to the block's end */
};

/* Read-only segments are demand-paged (writable ones loaded eagerly). */
static bool watched(const struct elfload_vma *v)
{
	return v->kind == ELFLOAD_VMA_SEGMENT && !(v->prot & ELFLOAD_PROT_WRITE);
}

/*
 * The read-only segments the userfaultfd serves, adjacent ones merged,
 * split at 4 GiB.  Returns how many; beyond MAX_RANGES the rest goes
 * unwatched.
 */
static size_t watched_ranges(const struct elfload_plan *plan,
			     struct watched_range *r)
{
	uint64_t start, end, a, b;
	size_t i, n = 0;

	for (i = 0; i < plan->nvmas; i++) {
		if (!watched(&plan->vmas[i]))
			continue;
		start = plan->vmas[i].start;
		end = plan->vmas[i].end;
		while (i + 1 < plan->nvmas && watched(&plan->vmas[i + 1]) &&
		       plan->vmas[i + 1].start == end)
			end = plan->vmas[++i].end;
		for (a = start; a < end && n < MAX_RANGES; a = b) {
			b = ((a >> 32) + 1) << 32;
			b = b < end ? b : end;
			r[n++] = (struct watched_range){ (uint32_t)(a >> 32),
							 (uint32_t)a,
							 (uint32_t)b };
		}
	}
	return n;
}

/* Append "argument @arg in @r: notify" (6 instructions, jumps local). */
static struct sock_filter *arg_check(struct sock_filter *f, unsigned arg,
				     const struct watched_range *r)
{
	*f++ = LOAD(ARG_WORD(arg, 1 - ARCH_ARG_LOW_WORD));
	*f++ = JEQ(r->hi, 0, 4);
	*f++ = LOAD(ARG_WORD(arg, ARCH_ARG_LOW_WORD));
	*f++ = JGE(r->lo_start, 0, 2);
	*f++ = r->lo_end ? JGE(r->lo_end, 1, 0) : STMT(BPF_JMP | BPF_JA, 0);
	*f++ = RET(SECCOMP_RET_USER_NOTIF);
	return f;
}

/*
 * The filter: forks and calls of another ABI are notified, clone3
 * answers ENOSYS, and a call with an argument inside a read-only
 * demand-paged range is notified so that the pager can fill what the
 * kernel will read there (a user-mode-only userfaultfd cannot serve the
 * kernel's own faults).  Returns the number of instructions.
 */
static size_t build_filter(const struct elfload_plan *plan,
			   struct sock_filter *f0)
{
	struct watched_range r[MAX_RANGES];
	size_t nr = watched_ranges(plan, r), i, k;
	struct sock_filter *f = f0;

	*f++ = LOAD(offsetof(struct seccomp_data, arch));
	*f++ = JEQ(ARCH_AUDIT_ARCH, 1, 0);
	*f++ = RET(SECCOMP_RET_USER_NOTIF);
	*f++ = LOAD(offsetof(struct seccomp_data, nr));
	*f++ = JGE(ARCH_SYSCALL_ABI_BIT, 0, 1);
	*f++ = RET(SECCOMP_RET_USER_NOTIF);
	*f++ = JEQ(ARCH_NR_FORK, 0, 1);
	*f++ = RET(SECCOMP_RET_USER_NOTIF);
	*f++ = JEQ(ARCH_NR_CLONE3, 0, 1);
	*f++ = RET(SECCOMP_RET_ERRNO | ENOSYS);
	*f++ = JEQ(ARCH_NR_CLONE, 0, 4);
	*f++ = LOAD(ARG_WORD(0, ARCH_ARG_LOW_WORD));
	*f++ = JUMP(BPF_JMP | BPF_JSET | BPF_K, CLONE_VM_FLAG, 0, 1);
	*f++ = RET(SECCOMP_RET_ALLOW);
	*f++ = RET(SECCOMP_RET_USER_NOTIF);
	for (i = 0; i < sizeof(no_read) / sizeof(no_read[0]); i++) {
		*f++ = JEQ(no_read[i], 0, 1);
		*f++ = RET(SECCOMP_RET_ALLOW);
	}
	for (k = 0; k < 6; k++)
		for (i = 0; i < nr; i++)
			f = arg_check(f, (unsigned)k, &r[i]);
	*f++ = RET(SECCOMP_RET_ALLOW);
	return (size_t)(f - f0);
}

int forkwatch_install(const struct elfload_program *prog)
{
	struct sock_filter f[32 + 6 * 6 * MAX_RANGES];
	struct sock_fprog fprog = { 0, f };
	long fd;

	fprog.len = (unsigned short)build_filter(&prog->plan, f);
	/* Unprivileged filters need no_new_privs. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
		     SECCOMP_FILTER_FLAG_NEW_LISTENER, &fprog);
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

/* Read @len bytes at @addr of process @pid: false if absent or unmapped. */
static bool read_remote(int pid, uint64_t addr, void *buf, size_t len)
{
	struct iovec local = { buf, len };
	struct iovec remote = { (void *)(uintptr_t)addr, len };

	/* The pager's access is the kernel's: a missing page is EFAULT. */
	return process_vm_readv(pid, &local, 1, &remote, 1, 0) == (ssize_t)len;
}

/*
 * What the kernel will read at @addr for the call: @len bytes, or a
 * string (@len 0) up to its NUL (at most STRING_MAX bytes).  Each page
 * not yet there is served as a fault of thread @tid would be, through
 * @serve, so that the trace shows the fault the kernel would have taken.
 */
static void fill_for_kernel(struct elfload_pager *p,
			    void (*serve)(struct elfload_pager *,
					  struct followed_process *,
					  const struct uffd_msg *),
			    uint32_t tid, uint64_t addr, uint64_t len)
{
	struct followed_process *proc = &p->procs[0];
	uint64_t mask = p->page_size - 1, end, page, upto;
	char *bytes = malloc(p->page_size);

	end = addr + (len ? (len < BUFFER_MAX ? len : BUFFER_MAX) : STRING_MAX);
	for (page = addr & ~mask; bytes && page < end && page >= (addr & ~mask);
	     page += p->page_size) {
		struct uffd_msg m = { .event = UFFD_EVENT_PAGEFAULT };
		uint64_t from = page > addr ? page : addr;

		if (!pager_find_piece(proc, page))
			break;
		if (!read_remote(p->opts.pid, page, bytes, 1)) {
			m.arg.pagefault.address = from;
			m.arg.pagefault.feat.ptid = tid;
			serve(p, proc, &m);
		}
		upto = page + p->page_size < end ? page + p->page_size : end;
		if (!len && read_remote(p->opts.pid, from, bytes, upto - from) &&
		    memchr(bytes, 0, upto - from))
			break;		/* the string ends in this page */
	}
	free(bytes);
}

/* A call with arguments in the read-only segments: fill what they name. */
static void fill_arguments(struct elfload_pager *p,
			   void (*serve)(struct elfload_pager *,
					 struct followed_process *,
					 const struct uffd_msg *),
			   const struct seccomp_notif *n)
{
	const struct seccomp_data *c = &n->data;
	bool buffer = c->nr == ARCH_NR_WRITE || c->nr == ARCH_NR_PWRITE64 ||
		      c->nr == ARCH_NR_SENDTO;
	unsigned i;

	for (i = 0; i < 6; i++) {
		if (!pager_find_piece(&p->procs[0], c->args[i]))
			continue;
		if (buffer && i == 1)
			fill_for_kernel(p, serve, n->pid, c->args[1], c->args[2]);
		else if (!buffer || i != 2)
			fill_for_kernel(p, serve, n->pid, c->args[i], 0);
	}
}

/* Forks, and calls of another ABI the pager cannot decode. */
static bool is_fork(const struct seccomp_data *c)
{
	return c->arch != ARCH_AUDIT_ARCH || c->nr == ARCH_NR_FORK ||
	       c->nr == ARCH_NR_CLONE || (c->nr & ARCH_SYSCALL_ABI_BIT);
}

int forkwatch_serve(struct elfload_pager *p,
		    void (*serve)(struct elfload_pager *,
				  struct followed_process *,
				  const struct uffd_msg *))
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
	if (!p->forked && p->nprocs && is_fork(&n->data)) {
		filled = fill_all(p, &p->procs[0]);
		p->forked = true;
		log_forkfill(p, &p->procs[0], n, filled, t);
	} else if (!p->forked && p->nprocs) {
		fill_arguments(p, serve, n);
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
