// SPDX-License-Identifier: MIT
/*
 * Demand paging with a limited number of frames (run --demand --frames N).
 *
 * At most N pages of the program's own segments are resident.  When a
 * fault needs a frame and none is free, a victim is chosen:
 *
 *   fifo   the page loaded longest ago;
 *   clock  second chance with software reference bits, as systems
 *          without hardware reference bits did it: a frame's bit is set
 *          when its page is loaded or touched again; the hand clears a
 *          set bit by making the page non-present while the pager keeps
 *          its contents (so the next touch is a cheap "soft" fault that
 *          sets the bit again), and takes the first frame whose bit is
 *          already clear.
 *
 * Nothing is lost: before a page goes, the pager reads it from the
 * program (process_vm_readv); if it differs from what was loaded (it was
 * written) it is saved and restored on its next fault, else it is simply
 * read again from the file.  The page is dropped by the program's
 * evictor thread (madvise(MADV_DONTNEED), see stage2.c), since a process
 * cannot drop pages of another.  Forked children are not limited.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "internal.h"
#include "pager_int.h"

/* ---- saved contents ---------------------------------------------------- */

static long saved_find(const struct elfload_pager *p, uint64_t page)
{
	size_t i;

	for (i = 0; i < p->nsaved; i++)
		if (p->saved[i].page == page)
			return (long)i;
	return -1;
}

/* Keep a copy of @bytes for @page; false when out of memory. */
static bool saved_put(struct elfload_pager *p, uint64_t page,
		      const unsigned char *bytes)
{
	struct saved_page *grown = realloc(p->saved,
					   (p->nsaved + 1) * sizeof(*grown));
	unsigned char *copy = malloc(p->page_size);

	if (!grown || !copy) {
		free(copy);
		if (grown)
			p->saved = grown;
		return false;
	}
	p->saved = grown;
	memcpy(copy, bytes, p->page_size);
	p->saved[p->nsaved++] = (struct saved_page){ page, copy };
	return true;
}

/* Remove entry @i and hand over its buffer. */
static unsigned char *saved_take(struct elfload_pager *p, long i)
{
	unsigned char *bytes = p->saved[i].bytes;

	p->saved[i] = p->saved[--p->nsaved];
	return bytes;
}

void frames_free(struct elfload_pager *p)
{
	size_t i;

	for (i = 0; i < p->nsaved; i++)
		free(p->saved[i].bytes);
	free(p->saved);
	free(p->frames);
	free(p->victim);
	free(p->pending);
}

static bool copy_saved(struct saved_page **to, size_t *nto,
		       const struct saved_page *from, size_t n, uint64_t size)
{
	size_t i;

	*to = calloc(n ? n : 1, sizeof(**to));
	if (!*to)
		return false;
	for (i = 0; i < n; i++) {
		(*to)[i].page = from[i].page;
		(*to)[i].bytes = malloc(size);
		if (!(*to)[i].bytes)
			break;
		memcpy((*to)[i].bytes, from[i].bytes, size);
	}
	*nto = i;
	return i == n;
}

/*
 * A child of a frame-limited process starts with the same pages absent:
 * those the pager keeps for the parent must reach the child too, or it
 * would read their original contents from the file.
 */
void frames_fork(struct elfload_pager *p, const struct uctx *parent,
		 struct uctx *child)
{
	if (parent->process == 0 && p->opts.frames)
		copy_saved(&child->inherited, &child->ninherited, p->saved,
			   p->nsaved, p->page_size);
	else
		copy_saved(&child->inherited, &child->ninherited,
			   parent->inherited, parent->ninherited, p->page_size);
}

bool frames_inherited_fault(struct elfload_pager *p, struct uctx *c,
			    const struct uffd_msg *m, struct piece *pc,
			    uint64_t page)
{
	uint64_t t = pager_now_ns();
	size_t i;

	for (i = 0; i < c->ninherited; i++) {
		if (c->inherited[i].page != page)
			continue;
		if (pager_copy(p, c, page, c->inherited[i].bytes) == 0)
			pager_log_fault(p, c, m, m->arg.pagefault.address, pc,
					ELFLOAD_SERVED_RESTORE, t);
		else
			pager_wake(c, page, p->page_size);
		free(c->inherited[i].bytes);
		c->inherited[i] = c->inherited[--c->ninherited];
		return true;
	}
	return false;
}

/* ---- talking to the program ------------------------------------------ */

static bool read_page(const struct elfload_pager *p, uint64_t page,
		      unsigned char *buf)
{
	struct iovec local = { buf, p->page_size };
	struct iovec remote = { (void *)(uintptr_t)page, p->page_size };

	return process_vm_readv(p->opts.pid, &local, 1, &remote, 1, 0) ==
	       (ssize_t)p->page_size;
}

static void stash(struct elfload_pager *p, const struct uffd_msg *m)
{
	struct uffd_msg *grown = realloc(p->pending,
					 (p->npending + 1) * sizeof(*grown));

	if (!grown)
		return;
	p->pending = grown;
	p->pending[p->npending++] = *m;
}

/*
 * Ask the evictor to drop @page.  Its madvise() sends a REMOVE event on
 * the userfaultfd and waits until it is read, so read the descriptor
 * while waiting; other messages are kept for the main loop.
 */
static int drop_page(struct elfload_pager *p, struct uctx *c, uint64_t page)
{
	uint64_t req[2] = { page, p->page_size };
	struct pollfd pfd[2] = { { p->opts.evictor_fd, POLLIN, 0 },
				 { c->fd, POLLIN, 0 } };
	long ret;

	if (write(p->opts.evictor_fd, req, sizeof(req)) != sizeof(req))
		return -EPIPE;
	for (;;) {
		if (poll(pfd, 2, -1) < 0 && errno != EINTR)
			return -errno;
		if (pfd[1].revents) {
			struct uffd_msg m;

			while (read(c->fd, &m, sizeof(m)) == sizeof(m))
				if (m.event != UFFD_EVENT_REMOVE ||
				    m.arg.remove.start != page)
					stash(p, &m);
		}
		if (pfd[0].revents)
			break;
	}
	if (read(p->opts.evictor_fd, &ret, sizeof(ret)) != sizeof(ret))
		return -EPIPE;
	return (int)ret;
}

/* ---- replacement ------------------------------------------------------ */

static void log_evict(struct elfload_pager *p, struct uctx *c, uint64_t page,
		      bool dirty, bool kept)
{
	struct elfload_event *e = pager_new_event(p, ELFLOAD_EV_EVICT, c);
	struct piece *pc = pager_find_piece(c, page);

	if (!e)
		return;
	e->addr = page;
	e->page = page;
	e->vma = pc ? pc->vma : -1;
	e->dirty = dirty;
	e->kept = kept;
}

/* Was @bytes written since @page was loaded? */
static bool is_dirty(struct elfload_pager *p, struct uctx *c, uint64_t page,
		     const unsigned char *bytes)
{
	struct piece *pc = pager_find_piece(c, page);
	const struct elfload_paged_vma *v;
	size_t i;

	if (!pc)
		return true;
	v = &p->vmas[pc->vma];
	if (v->file)
		return memcmp(bytes, pager_page_bytes(p, v, pc->planned +
							     (page - pc->start)),
			      p->page_size) != 0;
	for (i = 0; i < p->page_size; i++)
		if (bytes[i])
			return true;
	return false;
}

/*
 * Take the page of frame @f away from the program.  @keep (clock's
 * cleared bit): the pager keeps its contents for a soft fault.  Else a
 * written page is saved for a restore and a clean one forgotten.
 */
static int take_away(struct elfload_pager *p, struct uctx *c, struct frame *f,
		     bool keep)
{
	/* Not p->bounce: pager_page_bytes() uses it for the comparison. */
	unsigned char *buf = p->victim;
	bool dirty = false;
	long i;

	if (f->present) {
		if (!read_page(p, f->page, buf))
			return -errno;
		dirty = keep || is_dirty(p, c, f->page, buf);
		if (dirty && !saved_put(p, f->page, buf))
			return -ENOMEM;
		if (drop_page(p, c, f->page) < 0)
			return -EIO;
	} else if ((i = saved_find(p, f->page)) >= 0) {
		/* Clock: a kept page whose bit stayed clear goes for good. */
		dirty = is_dirty(p, c, f->page, p->saved[i].bytes);
		if (!dirty)
			free(saved_take(p, i));
	}
	f->present = false;
	p->evicted[p->nevicted++ % ARRAY_SIZE(p->evicted)] = f->page;
	log_evict(p, c, f->page, dirty, keep);
	return 0;
}

/* A free frame, after evicting a victim if all are in use. */
static struct frame *free_frame(struct elfload_pager *p, struct uctx *c)
{
	unsigned n = p->opts.frames, steps;
	struct frame *f;

	if (p->nused < n)
		return &p->frames[p->nused++];
	for (steps = 0; steps <= 2 * n; steps++) {
		f = &p->frames[p->hand];
		p->hand = (p->hand + 1) % n;
		if (p->opts.policy == ELFLOAD_FRAMES_CLOCK && f->ref) {
			f->ref = false;		/* second chance */
			if (take_away(p, c, f, true) < 0)
				return NULL;
			continue;
		}
		return take_away(p, c, f, false) < 0 ? NULL : f;
	}
	return NULL;
}

static struct frame *frame_of(struct elfload_pager *p, uint64_t page)
{
	size_t i;

	for (i = 0; i < p->nused; i++)
		if (p->frames[i].page == page)
			return &p->frames[i];
	return NULL;
}

/* ---- too few frames --------------------------------------------------- */

/* The faulting thread's instruction pointer, from /proc (0 if unknown). */
static uint64_t fault_pc(const struct elfload_pager *p, uint32_t tid)
{
	char path[64], buf[128];
	unsigned long long pc = 0;
	long nr;
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/task/%u/syscall", p->opts.pid,
		 tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	/* "-1 SP PC": blocked outside a system call, i.e. in the fault. */
	if (sscanf(buf, "%ld %*x %llx", &nr, &pc) != 2 || nr != -1)
		return 0;
	return pc;
}

/* Note @addr in the streak; false when it holds too many addresses. */
static bool streak_add(struct elfload_pager *p, uint64_t addr)
{
	unsigned i;

	for (i = 0; i < p->nstreak; i++)
		if (p->streak[i] == addr)
			return true;
	if (p->nstreak == ARRAY_SIZE(p->streak))
		return false;
	p->streak[p->nstreak++] = addr;
	return true;
}

/*
 * An instruction that needs more pages than there are frames faults
 * forever: the same thread at the same instruction, on the same few
 * addresses (an x86-64 instruction touches at most 6 pages: 2 of code,
 * 2 for each of 2 memory operands), again and again.  A loop making
 * progress at one instruction faults on new addresses, or on pages it
 * did not just lose.  After 4N + 16 such faults in a row, stop the
 * program and say so.
 */
static bool recently_evicted(const struct elfload_pager *p, uint64_t page)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(p->evicted); i++)
		if (p->evicted[i] == page)
			return true;
	return false;
}

static bool stuck(struct elfload_pager *p, uint32_t tid, uint64_t addr)
{
	/*
	 * A stuck instruction only faults on pages it just lost: look at
	 * /proc (a cost on every fault) only for those.
	 */
	uint64_t page = addr & ~(p->page_size - 1);
	uint64_t pc = recently_evicted(p, page) ? fault_pc(p, tid) : 0;

	if (!pc || tid != p->last_tid || pc != p->last_pc ||
	    !streak_add(p, addr)) {
		p->last_tid = tid;
		p->last_pc = pc;
		p->same_pc = 0;
		p->nstreak = 0;
		streak_add(p, addr);
		return false;
	}
	if (++p->same_pc < 4 * p->opts.frames + 16)
		return false;
	p->stuck = (struct elfload_pager_stuck){ pc, tid, p->nstreak };
	kill(p->opts.pid, SIGKILL);
	return true;
}

/* ---- a fault ------------------------------------------------------------ */

void frames_fault(struct elfload_pager *p, struct uctx *c,
		  const struct uffd_msg *m, struct piece *pc, uint64_t page)
{
	uint64_t t = pager_now_ns();
	enum elfload_served how = ELFLOAD_SERVED_ZERO;
	struct frame *f = frame_of(p, page);
	long i = saved_find(p, page);
	int ret;

	if (!p->frames && !(p->frames = calloc(p->opts.frames, sizeof(*f))))
		return;
	if (!p->victim && !(p->victim = malloc(p->page_size)))
		return;
	if (p->stuck.pc || stuck(p, m->arg.pagefault.feat.ptid,
				 m->arg.pagefault.address))
		return;
	if (!f && !(f = free_frame(p, c))) {
		pager_wake(c, page, p->page_size);
		return;
	}
	if (i >= 0) {
		unsigned char *bytes;

		/* The victim search may have moved entries: look again. */
		i = saved_find(p, page);
		bytes = saved_take(p, i);
		how = f->page == page && !f->present ? ELFLOAD_SERVED_SOFT :
						      ELFLOAD_SERVED_RESTORE;
		ret = pager_copy(p, c, page, bytes);
		free(bytes);
	} else {
		ret = pager_install(p, c, page, pc->planned + (page - pc->start),
				    &p->vmas[pc->vma], true, &how);
	}
	*f = (struct frame){ page, true, true };
	if (ret == -EEXIST)
		p->dups++;
	if (ret)
		pager_wake(c, page, p->page_size);
	else
		pager_log_fault(p, c, m, m->arg.pagefault.address, pc, how, t);
}
