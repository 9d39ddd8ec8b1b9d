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
#include "frames.h"
#include "pager_int.h"

/* A resident page (clock: @present false = reference bit clear). */
struct frame {
	uint64_t page;
	bool ref;
	bool present;
};

/* The frame limit of process 0, and what replacing its pages needs. */
struct frames {
	unsigned nframes;
	enum elfload_policy_kind policy;
	int evictor_fd;			/* -1 once the evictor is let go */
	int pid;
	uint64_t page_size;
	struct frame *table;		/* nframes entries, nused in use */
	size_t nused, hand;
	unsigned char *victim;		/* a victim's bytes (bounce is busy) */
	struct saved_page *saved;
	size_t nsaved;
	struct uffd_msg *pending;	/* read while waiting for the evictor */
	size_t npending, next_pending;
	/* Too few frames: the same instruction faulting again and again. */
	uint64_t last_pc;
	uint32_t last_tid;
	unsigned same_pc;
	unsigned nstreak, streak_max;	/* arch->max_insn_pages */
	uint64_t *streak;		/* addresses faulted at last_pc */
	uint64_t evicted[8];	/* the last pages taken away, a ring */
	unsigned nevicted;
	struct elfload_pager_stuck stuck;
};

/*
 * The frame table for @o->frames pages of @page_size bytes, where one
 * instruction may touch at most @max_insn_pages pages; NULL when out of
 * memory.
 */
struct frames *frames_new(const struct elfload_pager_opts *o,
			  uint64_t page_size, unsigned max_insn_pages)
{
	struct frames *fr = calloc(1, sizeof(*fr));

	if (!fr)
		return NULL;
	fr->nframes = o->frames;
	fr->policy = o->policy;
	fr->evictor_fd = o->evictor_fd;
	fr->pid = o->pid;
	fr->page_size = page_size;
	fr->table = calloc(o->frames, sizeof(*fr->table));
	fr->victim = malloc(page_size);
	fr->streak_max = max_insn_pages ? max_insn_pages : 1;
	fr->streak = calloc(fr->streak_max, sizeof(*fr->streak));
	if (!fr->table || !fr->victim || !fr->streak) {
		frames_free(fr);
		return NULL;
	}
	return fr;
}

/* Free all, and let the evictor go if it is still held. */
void frames_free(struct frames *fr)
{
	size_t i;

	if (!fr)
		return;
	if (fr->evictor_fd >= 0)
		close(fr->evictor_fd);	/* lets the evictor go */
	for (i = 0; i < fr->nsaved; i++)
		free(fr->saved[i].bytes);
	free(fr->saved);
	free(fr->table);
	free(fr->victim);
	free(fr->streak);
	free(fr->pending);
	free(fr);
}

/* The limit holds while the evictor does: false after its release. */
bool frames_limited(const struct frames *fr)
{
	return fr && fr->evictor_fd >= 0;
}

/* What the stuck check kept when it stopped the program, or NULL. */
const struct elfload_pager_stuck *elfload_pager_stuck(const struct elfload_pager *p)
{
	const struct frames *fr = p->frames;

	return fr && (fr->stuck.pc || fr->stuck.pages) ? &fr->stuck : NULL;
}

/* ---- saved contents ---------------------------------------------------- */

/* The index of @page's saved contents, or -1. */
static long saved_find(const struct frames *fr, uint64_t page)
{
	size_t i;

	for (i = 0; i < fr->nsaved; i++)
		if (fr->saved[i].page == page)
			return (long)i;
	return -1;
}

/* Keep a copy of @bytes for @page; false when out of memory. */
static bool saved_put(struct frames *fr, uint64_t page,
		      const unsigned char *bytes)
{
	struct saved_page *grown = realloc(fr->saved,
					   (fr->nsaved + 1) * sizeof(*grown));
	unsigned char *copy = malloc(fr->page_size);

	if (!grown || !copy) {
		free(copy);
		if (grown)
			fr->saved = grown;
		return false;
	}
	fr->saved = grown;
	memcpy(copy, bytes, fr->page_size);
	fr->saved[fr->nsaved++] = (struct saved_page){ page, copy };
	return true;
}

/* Remove entry @i and hand over its buffer. */
static unsigned char *saved_take(struct frames *fr, long i)
{
	unsigned char *bytes = fr->saved[i].bytes;

	fr->saved[i] = fr->saved[--fr->nsaved];
	return bytes;
}

/* Copy @n saved pages of @size bytes; false when out of memory. */
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
void frames_fork(struct elfload_pager *p,
		 const struct followed_process *parent,
		 struct followed_process *child)
{
	const struct frames *fr = p->frames;

	if (parent->process == 0 && frames_limited(fr))
		copy_saved(&child->inherited, &child->ninherited, fr->saved,
			   fr->nsaved, p->page_size);
	else
		copy_saved(&child->inherited, &child->ninherited,
			   parent->inherited, parent->ninherited, p->page_size);
}

/* Install @page as the parent had it, once: the entry is used up. */
int frames_inherited_fault(struct elfload_pager *p,
			   struct followed_process *proc, uint64_t page)
{
	size_t i;
	int ret;

	for (i = 0; i < proc->ninherited; i++) {
		if (proc->inherited[i].page != page)
			continue;
		ret = pager_copy(p, proc, page, proc->inherited[i].bytes);
		free(proc->inherited[i].bytes);
		proc->inherited[i] = proc->inherited[--proc->ninherited];
		return ret;
	}
	return 1;
}

/* ---- talking to the program ------------------------------------------ */

/* Read the program's page @page into @buf; false if it cannot be read. */
static bool read_page(const struct frames *fr, uint64_t page,
		      unsigned char *buf)
{
	struct iovec local = { buf, fr->page_size };
	struct iovec remote = { (void *)(uintptr_t)page, fr->page_size };

	return process_vm_readv(fr->pid, &local, 1, &remote, 1, 0) ==
	       (ssize_t)fr->page_size;
}

/* Keep @m for the main loop (lost when out of memory, as a read error). */
static void stash(struct frames *fr, const struct uffd_msg *m)
{
	struct uffd_msg *grown = realloc(fr->pending,
					 (fr->npending + 1) * sizeof(*grown));

	if (!grown)
		return;
	fr->pending = grown;
	fr->pending[fr->npending++] = *m;
}

/* Hand out the stashed messages in order; at the end, empty the stash. */
bool frames_next_pending(struct frames *fr, struct uffd_msg *m)
{
	if (!fr)
		return false;
	if (fr->next_pending == fr->npending) {
		fr->next_pending = fr->npending = 0;
		return false;
	}
	*m = fr->pending[fr->next_pending++];
	return true;
}

/*
 * Ask the evictor to drop @page.  Its madvise() sends a REMOVE event on
 * the userfaultfd and waits until it is read, so read the descriptor
 * while waiting; other messages are kept for the main loop.  Returns
 * the evictor's answer (0 or -errno), or -EPIPE when it is gone.
 */
static int drop_page(struct frames *fr, struct followed_process *proc,
		     uint64_t page)
{
	uint64_t req[2] = { page, fr->page_size };
	struct pollfd pfd[2] = { { fr->evictor_fd, POLLIN, 0 },
				 { proc->fd, POLLIN, 0 } };
	long ret;

	if (write(fr->evictor_fd, req, sizeof(req)) != sizeof(req))
		return -EPIPE;
	for (;;) {
		if (poll(pfd, 2, -1) < 0 && errno != EINTR)
			return -errno;
		if (pfd[1].revents) {
			struct uffd_msg m;

			while (read(proc->fd, &m, sizeof(m)) == sizeof(m))
				if (m.event != UFFD_EVENT_REMOVE ||
				    m.arg.remove.start != page)
					stash(fr, &m);
		}
		if (pfd[0].revents)
			break;
	}
	if (read(fr->evictor_fd, &ret, sizeof(ret)) != sizeof(ret))
		return -EPIPE;
	return (int)ret;
}

/*
 * The evictor thread keeps the process alive after its main thread
 * exits.  An exited group leader sends no pidfd wakeup while other
 * threads live, but shows as a zombie: the loop looks every 50 ms, and
 * then lets the evictor go, which also ends the frame limit.  (Threads
 * of the program that outlive its main thread run without the limit.)
 */
static bool main_thread_gone(const struct frames *fr)
{
	char path[64], buf[256], *paren;
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", fr->pid,
		 fr->pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return true;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return true;
	buf[n] = '\0';
	paren = strrchr(buf, ')');
	return !paren || paren[1] != ' ' || paren[2] == 'Z' || paren[2] == 'X';
}

unsigned frames_end(struct elfload_pager *p, struct followed_process *proc)
{
	struct frames *fr = p->frames;
	unsigned n = 0;

	if (!frames_limited(fr))
		return 0;
	while (fr->nsaved) {
		uint64_t page = fr->saved[fr->nsaved - 1].page;
		unsigned char *bytes = saved_take(fr, (long)fr->nsaved - 1);

		n += !pager_copy(p, proc, page, bytes);
		free(bytes);
	}
	close(fr->evictor_fd);
	fr->evictor_fd = -1;
	return n;
}

/* Closing the evictor's socket ends its thread (stage2.c) and the limit. */
void frames_check_evictor(struct frames *fr)
{
	if (!frames_limited(fr) || !main_thread_gone(fr))
		return;
	close(fr->evictor_fd);
	fr->evictor_fd = -1;
}

/* ---- replacement ------------------------------------------------------ */

/* Log the eviction of @page (@dirty: saved; @kept: clock's cleared bit). */
static void log_evict(struct elfload_pager *p, struct followed_process *proc,
		      const struct frame *f, bool dirty, bool kept)
{
	uint64_t page = f->page;
	struct elfload_event *e = pager_new_event(p, ELFLOAD_EV_EVICT, proc);
	struct piece *piece = pager_find_piece(proc, page);

	if (!e)
		return;
	e->addr = page;
	e->page = page;
	e->vma = piece ? piece->vma : -1;
	e->dirty = dirty;
	e->kept = kept;
	e->frame = (int)(f - p->frames->table);
}

/* Was @bytes written since @page was loaded? */
static bool is_dirty(struct elfload_pager *p, struct followed_process *proc,
		     uint64_t page, const unsigned char *bytes)
{
	struct piece *piece = pager_find_piece(proc, page);
	const struct elfload_paged_vma *v;
	uint64_t planned;
	size_t i;

	if (!piece)
		return true;
	v = &p->vmas[piece->vma];
	planned = piece->planned + (page - piece->start);
	if (v->file)
		return memcmp(bytes, pager_page_bytes(p, v, planned),
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
 * Returns 0 or -errno.
 */
static int take_away(struct elfload_pager *p, struct followed_process *proc,
		     struct frame *f, bool keep)
{
	struct frames *fr = p->frames;
	/* Not p->bounce: pager_page_bytes() uses it for the comparison. */
	unsigned char *buf = fr->victim;
	bool dirty = false;
	long i;

	if (f->present) {
		if (!read_page(fr, f->page, buf))
			return -errno;
		dirty = keep || is_dirty(p, proc, f->page, buf);
		if (dirty && !saved_put(fr, f->page, buf))
			return -ENOMEM;
		if (drop_page(fr, proc, f->page) < 0)
			return -EIO;
	} else if ((i = saved_find(fr, f->page)) >= 0) {
		/* Clock: a kept page whose bit stayed clear goes for good. */
		dirty = is_dirty(p, proc, f->page, fr->saved[i].bytes);
		if (!dirty)
			free(saved_take(fr, i));
	}
	f->present = false;
	fr->evicted[fr->nevicted++ % ARRAY_SIZE(fr->evicted)] = f->page;
	log_evict(p, proc, f, dirty, keep);
	return 0;
}

/* A free frame, after evicting a victim if all are in use; NULL if none. */
static struct frame *free_frame(struct elfload_pager *p,
				struct followed_process *proc)
{
	struct frames *fr = p->frames;
	unsigned n = fr->nframes, steps;
	struct frame *f;

	if (fr->nused < n)
		return &fr->table[fr->nused++];
	for (steps = 0; steps <= 2 * n; steps++) {
		f = &fr->table[fr->hand];
		fr->hand = (fr->hand + 1) % n;
		if (fr->policy == ELFLOAD_FRAMES_CLOCK && f->ref) {
			f->ref = false;		/* second chance */
			if (take_away(p, proc, f, true) < 0)
				return NULL;
			continue;
		}
		return take_away(p, proc, f, false) < 0 ? NULL : f;
	}
	return NULL;
}

/* The frame holding @page (present or kept by clock), or NULL. */
static struct frame *frame_of(struct frames *fr, uint64_t page)
{
	size_t i;

	for (i = 0; i < fr->nused; i++)
		if (fr->table[i].page == page)
			return &fr->table[i];
	return NULL;
}

/* ---- too few frames --------------------------------------------------- */

/* The faulting thread's instruction pointer, from /proc (0 if unknown). */
static uint64_t fault_pc(const struct frames *fr, uint32_t tid)
{
	char path[64], buf[128];
	unsigned long long pc = 0;
	long nr;
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/task/%u/syscall", fr->pid,
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
static bool streak_add(struct frames *fr, uint64_t addr)
{
	unsigned i;

	for (i = 0; i < fr->nstreak; i++)
		if (fr->streak[i] == addr)
			return true;
	if (fr->nstreak == fr->streak_max)
		return false;
	fr->streak[fr->nstreak++] = addr;
	return true;
}

/* Is @page among the last pages taken away? */
static bool recently_evicted(const struct frames *fr, uint64_t page)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fr->evicted); i++)
		if (fr->evicted[i] == page)
			return true;
	return false;
}

/*
 * An instruction that needs more pages than there are frames faults
 * forever: the same thread at the same instruction, on the same few
 * addresses (no more than the architecture's max_insn_pages: 6 on
 * x86-64, 2 of code and 2 for each of 2 memory operands), again and
 * again.  A loop making
 * progress at one instruction faults on new addresses, or on pages it
 * did not just lose.  After 4N + 16 such faults in a row, stop the
 * program (true) and keep what showed it for elfload_pager_stuck().
 */
static bool stuck(struct frames *fr, uint32_t tid, uint64_t addr)
{
	/*
	 * A stuck instruction only faults on pages it just lost: look at
	 * /proc (a cost on every fault) only for those.
	 */
	uint64_t page = addr & ~(fr->page_size - 1);
	uint64_t pc = recently_evicted(fr, page) ? fault_pc(fr, tid) : 0;

	if (!pc || tid != fr->last_tid || pc != fr->last_pc ||
	    !streak_add(fr, addr)) {
		fr->last_tid = tid;
		fr->last_pc = pc;
		fr->same_pc = 0;
		fr->nstreak = 0;
		streak_add(fr, addr);
		return false;
	}
	if (++fr->same_pc < 4 * fr->nframes + 16)
		return false;
	fr->stuck = (struct elfload_pager_stuck){ pc, tid, fr->nstreak };
	kill(fr->pid, SIGKILL);
	return true;
}

/* ---- a fault ------------------------------------------------------------ */

int frames_fault(struct elfload_pager *p, struct followed_process *proc,
		 const struct uffd_msg *m, const struct piece *piece,
		 uint64_t page, enum elfload_served *how, int *frame)
{
	struct frames *fr = p->frames;
	struct frame *f = frame_of(fr, page);
	long i = saved_find(fr, page);
	unsigned char *bytes;
	int ret;

	if (fr->stuck.pc || stuck(fr, m->arg.pagefault.feat.ptid,
				  m->arg.pagefault.address))
		return FRAMES_STOPPED;
	if (!f && !(f = free_frame(p, proc)))
		return -ENOMEM;
	if (i >= 0) {
		/* The victim search may have moved entries: look again. */
		i = saved_find(fr, page);
		bytes = saved_take(fr, i);
		*how = f->page == page && !f->present ? ELFLOAD_SERVED_SOFT :
						       ELFLOAD_SERVED_RESTORE;
		ret = pager_copy(p, proc, page, bytes);
		free(bytes);
	} else {
		ret = pager_install(p, proc, page,
				    piece->planned + (page - piece->start),
				    &p->vmas[piece->vma], true, how);
	}
	*f = (struct frame){ page, true, true };
	*frame = (int)(f - fr->table);
	return ret;
}
