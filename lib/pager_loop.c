// SPDX-License-Identifier: MIT
/*
 * The pager's loop (see pager.h): reads the userfaultfd of every followed
 * process, serves each fault (through frames.c under --frames, else from
 * pager.c's page sources), and keeps per process a table of where each
 * planned VMA now lives as forks, mremap, munmap and madvise arrive as
 * events.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <elfload/pager.h>

#include "forkwatch.h"
#include "frames.h"
#include "internal.h"
#include "pager_int.h"
#include "program_int.h"

/* ---- the pager and its processes ------------------------------------- */

/* The pager of @prog: pager.c's tables, and the frame table under a limit. */
struct elfload_pager *elfload_pager_new(const struct elfload_program *prog,
					const struct elfload_pager_opts *opts,
					struct elfload_diag *d)
{
	struct elfload_pager *p = calloc(1, sizeof(*p));

	elfload_diag_clear(d);
	if (!p)
		goto fail;
	p->watch_fd = -1;
	if (pager_init(p, prog, opts))
		goto free_pager;
	if (p->opts.frames &&
	    !(p->frames = frames_new(&p->opts, p->page_size,
				     prog->layout.arch->max_insn_pages)))
		goto free_pager;
	return p;

free_pager:
	elfload_pager_free(p);
fail:
	elfload_diag_set(d, -ENOMEM, "pager", -1, NULL, 0, 0, "out of memory");
	errno = ENOMEM;
	return NULL;
}

/* Close every followed process's descriptor, free all (NULL: nothing). */
void elfload_pager_free(struct elfload_pager *p)
{
	size_t i, j;

	if (!p)
		return;
	for (i = 0; i < p->nprocs; i++) {
		struct followed_process *proc = &p->procs[i];

		if (proc->fd >= 0)
			close(proc->fd);
		free(proc->pieces);
		for (j = 0; j < proc->ninherited; j++)
			free(proc->inherited[j].bytes);
		free(proc->inherited);
	}
	free(p->procs);
	if (p->watch_fd >= 0)
		close(p->watch_fd);
	frames_free(p->frames);
	pager_fini(p);
	free(p);
}

/*
 * Follow one more process, on @fd, with room for @npieces pieces.
 * Returns it, or NULL when out of memory (@fd is not taken then).
 */
static struct followed_process *new_process(struct elfload_pager *p, int fd,
					    size_t npieces)
{
	struct followed_process *grown, *proc;

	grown = realloc(p->procs, (p->nprocs + 1) * sizeof(*grown));
	if (!grown)
		return NULL;
	p->procs = grown;
	proc = &p->procs[p->nprocs];
	memset(proc, 0, sizeof(*proc));
	proc->pieces = calloc(npieces ? npieces : 1, sizeof(*proc->pieces));
	if (!proc->pieces)
		return NULL;
	proc->fd = fd;
	proc->process = p->nprocesses++;
	p->nprocs++;
	return proc;
}

/* Follow the program on @uffd, its pieces where they were planned. */
int elfload_pager_add_uffd(struct elfload_pager *p, int uffd,
			   struct elfload_diag *d)
{
	struct followed_process *proc = new_process(p, uffd, p->nvmas);
	size_t i;

	elfload_diag_clear(d);
	if (!proc)
		return elfload_diag_set(d, -ENOMEM, "pager", -1, NULL, 0, 0,
					"out of memory");
	for (i = 0; i < p->nvmas; i++)
		proc->pieces[i] = (struct piece){ p->vmas[i].start,
						  p->vmas[i].end,
						  p->vmas[i].start, (int)i };
	proc->npieces = p->nvmas;
	return 0;
}

/* ---- a fault ---------------------------------------------------------- */

/* Fault-around: the other pages of the aligned window, not yet present. */
static void serve_around(struct elfload_pager *p, struct followed_process *proc,
			 const struct piece *piece, uint64_t page)
{
	uint64_t fa = p->opts.fault_around, a, from, to;
	enum elfload_served how;

	if (fa <= p->page_size || (fa & (fa - 1)))
		return;
	from = page & ~(fa - 1);
	to = from + fa;
	from = from > piece->start ? from : piece->start;
	to = to < piece->end ? to : piece->end;
	for (a = from; a < to; a += p->page_size) {
		uint64_t t = pager_now_ns();
		uint64_t planned = piece->planned + (a - piece->start);

		if (a == page || pager_install(p, proc, a, planned,
					       &p->vmas[piece->vma], false,
					       &how))
			continue;
		pager_log_fault(p, proc, NULL, a, piece, ELFLOAD_SERVED_AROUND,
				t);
	}
}

/*
 * Fill faulting page @page of @piece: from what the frame limit or the
 * parent's evictions left, else as loaded (with fault-around).  Returns
 * what the install returned (@how says how), or FRAMES_STOPPED.
 */
static int fill_page(struct elfload_pager *p, struct followed_process *proc,
		     const struct uffd_msg *m, const struct piece *piece,
		     uint64_t page, enum elfload_served *how, int *frame)
{
	int ret;

	if (proc->process == 0 && frames_limited(p->frames))
		return frames_fault(p, proc, m, piece, page, how, frame);
	if (proc->ninherited) {
		ret = frames_inherited_fault(p, proc, page);
		*how = ELFLOAD_SERVED_RESTORE;
		if (ret != 1)
			return ret;
	}
	serve_around(p, proc, piece, page);
	return pager_install(p, proc, page,
			     piece->planned + (page - piece->start),
			     &p->vmas[piece->vma], true, how);
}

/*
 * A page fault: serve it and log it.  A page that was there already
 * (EEXIST) counts as a duplicate; any failure wakes the thread so that
 * it faults again rather than hang.
 */
static void serve_fault(struct elfload_pager *p, struct followed_process *proc,
			const struct uffd_msg *m)
{
	uint64_t t = pager_now_ns(), addr = m->arg.pagefault.address;
	uint64_t page = addr & ~(p->page_size - 1);
	struct piece *piece = pager_find_piece(proc, page);
	enum elfload_served how = ELFLOAD_SERVED_ZERO;
	struct elfload_event *e;
	int ret, frame = -1;

	if (!piece) {
		/* Not ours any more (a race with munmap): let it refault. */
		pager_wake(proc, page, p->page_size);
		return;
	}
	ret = fill_page(p, proc, m, piece, page, &how, &frame);
	if (ret == FRAMES_STOPPED)
		return;
	if (ret == -EEXIST) {
		p->dups++;
		pager_wake(proc, page, p->page_size);
		return;
	}
	if (ret == -ESRCH) {
		proc->dead = true;
		return;
	}
	if (ret) {
		pager_wake(proc, page, p->page_size);
		return;
	}
	e = pager_log_fault(p, proc, m, addr, piece, how, t);
	if (e)
		e->frame = frame;
}

/* ---- events that change the address space ---------------------------- */

/* Make @addr a piece boundary; false when out of memory. */
static bool split_at(struct followed_process *proc, uint64_t addr)
{
	struct piece *piece = pager_find_piece(proc, addr), *grown;
	size_t i;

	if (!piece || piece->start == addr)
		return true;
	i = (size_t)(piece - proc->pieces);
	grown = realloc(proc->pieces, (proc->npieces + 1) * sizeof(*grown));
	if (!grown)
		return false;
	proc->pieces = grown;
	memmove(&proc->pieces[i + 1], &proc->pieces[i],
		(proc->npieces - i) * sizeof(*grown));
	proc->npieces++;
	proc->pieces[i].end = addr;
	proc->pieces[i + 1].planned += addr - proc->pieces[i + 1].start;
	proc->pieces[i + 1].start = addr;
	return true;
}

/* Drop the pieces inside [start, end). */
static void cut(struct followed_process *proc, uint64_t start, uint64_t end)
{
	size_t i, n = 0;

	if (!split_at(proc, start) || !split_at(proc, end))
		return;
	for (i = 0; i < proc->npieces; i++) {
		const struct piece *piece = &proc->pieces[i];

		if (piece->start >= end || piece->end <= start)
			proc->pieces[n++] = *piece;
	}
	proc->npieces = n;
}

/* mremap moved [from, from + len) to @to. */
static void move_pieces(struct followed_process *proc, uint64_t from,
			uint64_t to, uint64_t len)
{
	struct piece *piece;
	size_t i;

	cut(proc, to, to + len);
	if (!split_at(proc, from) || !split_at(proc, from + len))
		return;
	for (i = 0; i < proc->npieces; i++) {
		piece = &proc->pieces[i];
		if (piece->start >= from && piece->end <= from + len) {
			piece->start = piece->start - from + to;
			piece->end = piece->end - from + to;
		}
	}
}

/*
 * UFFD_EVENT_FORK: follow the child on its new userfaultfd @fd, its
 * pieces where its parent's are.  Out of memory: the child goes
 * unserved (its descriptor is closed, so its faults fail).
 */
static void follow_fork(struct elfload_pager *p,
			struct followed_process *parent, int fd)
{
	size_t idx = (size_t)(parent - p->procs);
	struct followed_process *child;
	struct elfload_event *e;

	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	child = new_process(p, fd, p->procs[idx].npieces);
	parent = &p->procs[idx];	/* new_process() may move the array */
	if (!child) {
		close(fd);
		return;
	}
	memcpy(child->pieces, parent->pieces,
	       parent->npieces * sizeof(*child->pieces));
	child->npieces = parent->npieces;
	frames_fork(p, parent, child);
	e = pager_new_event(p, ELFLOAD_EV_FORK, parent);
	if (e)
		e->to = child->process;
}

/* One message of process @pi's userfaultfd: a fault or an event. */
static void handle_msg(struct elfload_pager *p, size_t pi,
		       const struct uffd_msg *m)
{
	struct followed_process *proc = &p->procs[pi];
	struct elfload_event *e = NULL;

	switch (m->event) {
	case UFFD_EVENT_PAGEFAULT:
		serve_fault(p, proc, m);
		return;
	case UFFD_EVENT_FORK:
		follow_fork(p, proc, (int)m->arg.fork.ufd);
		return;
	case UFFD_EVENT_REMAP:
		move_pieces(proc, m->arg.remap.from, m->arg.remap.to,
			    m->arg.remap.len);
		e = pager_new_event(p, ELFLOAD_EV_REMAP, proc);
		if (e) {
			e->addr = m->arg.remap.from;
			e->page = m->arg.remap.from + m->arg.remap.len;
			e->to = m->arg.remap.to;
		}
		return;
	case UFFD_EVENT_UNMAP:
	case UFFD_EVENT_REMOVE:
		if (m->event == UFFD_EVENT_UNMAP)
			cut(proc, m->arg.remove.start, m->arg.remove.end);
		e = pager_new_event(p, m->event == UFFD_EVENT_UNMAP ?
					 ELFLOAD_EV_UNMAP : ELFLOAD_EV_REMOVE,
				    proc);
		if (e) {
			e->addr = m->arg.remove.start;
			e->page = m->arg.remove.end;
		}
		return;
	}
}

/* ---- the loop ---------------------------------------------------------- */

/* Read and handle what one userfaultfd has; false once it is finished. */
static bool drain(struct elfload_pager *p, size_t pi)
{
	struct uffd_msg msgs[MAX_BATCH];
	ssize_t n;
	size_t i;

	n = read(p->procs[pi].fd, msgs, sizeof(msgs));
	if (n < 0)
		return errno == EAGAIN || errno == EINTR;
	if (n == 0)
		return false;
	for (i = 0; i < (size_t)n / sizeof(msgs[0]); i++)
		handle_msg(p, pi, &msgs[i]);
	return !p->procs[pi].dead;
}

/* Stop following @proc: close its descriptor, it is out of the poll. */
static void retire(struct followed_process *proc)
{
	if (proc->fd >= 0)
		close(proc->fd);
	proc->fd = -1;
	proc->dead = true;
}

/* Make @pfd hold at least @n entries; false when out of memory. */
static bool grow_pollfds(struct pollfd **pfd, size_t *cap, size_t n)
{
	struct pollfd *grown;

	if (*cap >= n)
		return true;
	grown = realloc(*pfd, 2 * n * sizeof(**pfd));
	if (!grown)
		return false;
	*pfd = grown;
	*cap = 2 * n;
	return true;
}

/*
 * Poll the pidfd, the fork watch and every followed userfaultfd; handle
 * what comes until the pidfd says the program has exited.  0, or -errno.
 */
int elfload_pager_run(struct elfload_pager *p, int pidfd,
		      struct elfload_diag *d)
{
	struct pollfd *pfd = NULL;
	struct uffd_msg m;
	size_t i, cap = 0;
	int ret = 0;

	elfload_diag_clear(d);
	for (;;) {
		size_t n = 2;

		/* Messages read while waiting for the evictor (frames.c). */
		while (frames_next_pending(p->frames, &m))
			if (p->nprocs)
				handle_msg(p, 0, &m);
		if (!grow_pollfds(&pfd, &cap, p->nprocs + 2)) {
			ret = elfload_diag_set(d, -ENOMEM, "pager", -1, NULL, 0,
					       0, "out of memory");
			break;
		}
		pfd[0] = (struct pollfd){ .fd = pidfd, .events = POLLIN };
		pfd[1] = (struct pollfd){ .fd = p->watch_fd, .events = POLLIN };
		for (i = 0; i < p->nprocs; i++)
			pfd[n++] = (struct pollfd){
				.fd = p->procs[i].dead ? -1 : p->procs[i].fd,
				.events = POLLIN };
		/* Under the limit: look for the main thread's end each 50ms. */
		if (poll(pfd, n, frames_limited(p->frames) ? 50 : -1) < 0) {
			if (errno == EINTR)
				continue;
			ret = elfload_diag_set(d, -errno, "pager", -1, NULL, 0,
					       0, "poll: %s", strerror(errno));
			break;
		}
		/* Faults already queued are served before a fork's fill. */
		for (i = 2; i < n; i++)
			if (pfd[i].revents && !drain(p, i - 2))
				retire(&p->procs[i - 2]);
		if (((pfd[1].revents & POLLIN) &&
		     forkwatch_serve(p, serve_fault) < 0) ||
		    pfd[1].revents == POLLHUP) {
			close(p->watch_fd);	/* no process uses the filter */
			p->watch_fd = -1;
		}
		frames_check_evictor(p->frames);
		if (pfd[0].revents)
			break;
	}
	free(pfd);
	return ret;
}
