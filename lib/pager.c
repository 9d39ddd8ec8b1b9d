// SPDX-License-Identifier: MIT
/*
 * The demand pager's pages (see pager.h): opening the userfaultfd, and
 * the primitives that pager_loop.c and frames.c share.  For a page it
 * finds the planned VMA, computes the page's file offset (p_offset +
 * (page - p_vaddr), i.e. the VMA's offset plus the distance into it),
 * copies the bytes from its own read-only mapping of the file, zeroes
 * what the kernel would zero, and installs the page with UFFDIO_COPY;
 * pure bss pages get UFFDIO_ZEROPAGE.  Each fault and event goes into the
 * pager's log.  This file calls neither of the other two.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <elfload/pager.h>

#include "internal.h"
#include "pager_int.h"
#include "program_int.h"

#define EVENTS_FIRST (4u << 10)	/* the event log's first capacity */

/* CLOCK_MONOTONIC in nanoseconds: the events' clock. */
uint64_t pager_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- opening the userfaultfd ----------------------------------------- */

/*
 * A userfaultfd (user-mode-only if @user_only) asking for @features;
 * the descriptor with @granted set, or -errno.
 */
static int uffd_api(bool user_only, uint64_t features, uint64_t *granted)
{
	int flags = O_CLOEXEC | O_NONBLOCK | (user_only ? UFFD_USER_MODE_ONLY : 0);
	struct uffdio_api api = { .api = UFFD_API, .features = features };
	int fd = (int)syscall(SYS_userfaultfd, flags);

	if (fd < 0)
		return -errno;
	if (ioctl(fd, UFFDIO_API, &api) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	*granted = api.features;
	return fd;
}

/*
 * Ask once for nothing to learn what the kernel offers, then open the
 * descriptor for the features the pager uses (see pager.h).
 */
int elfload_uffd_open(struct elfload_uffd *u, struct elfload_diag *d)
{
	const uint64_t want = UFFD_FEATURE_THREAD_ID | UFFD_FEATURE_EVENT_FORK |
			      UFFD_FEATURE_EVENT_REMAP |
			      UFFD_FEATURE_EVENT_REMOVE |
			      UFFD_FEATURE_EVENT_UNMAP;
	uint64_t have = 0;
	int fd;

	elfload_diag_clear(d);
	memset(u, 0, sizeof(*u));
	/* Full mode needs CAP_SYS_PTRACE or vm.unprivileged_userfaultfd. */
	fd = uffd_api(false, 0, &have);
	if (fd == -EPERM) {
		u->user_mode_only = true;
		fd = uffd_api(true, 0, &have);
	}
	if (fd < 0)
		return elfload_diag_set(d, fd, "userfaultfd", -1, NULL, 0, 0,
					"userfaultfd unavailable: %s",
					strerror(-fd));
	close(fd);	/* that one only asked what the kernel offers */
	have &= want;
	fd = uffd_api(u->user_mode_only, have, &u->features);
	if (fd == -EPERM && (have & UFFD_FEATURE_EVENT_FORK)) {
		/* Following forks needs CAP_SYS_PTRACE. */
		have &= ~(uint64_t)UFFD_FEATURE_EVENT_FORK;
		fd = uffd_api(u->user_mode_only, have, &u->features);
	}
	if (fd < 0)
		return elfload_diag_set(d, fd, "userfaultfd", -1, NULL, 0, 0,
					"UFFDIO_API: %s", strerror(-fd));
	/* UFFDIO_API answers with every feature it has, not those enabled. */
	u->fd = fd;
	u->features &= have;
	u->follow_fork = have & UFFD_FEATURE_EVENT_FORK;
	return 0;
}

/* ---- the pager's tables ---------------------------------------------- */

/*
 * Map the file read-only: the source of UFFDIO_COPY, and of the section
 * headers (parsed in place, so a program opened with headers only needs
 * no second read of the file).
 */
static void map_file(struct mapped_file *f, struct elfload_image **img,
		     int fd, uint64_t size, const char *name)
{
	void *p;

	if (fd < 0 || !size)
		return;
	p = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		return;
	f->base = p;
	f->size = size;
	if (elfload_image_parse(p, size, name, 0, img, NULL) < 0)
		*img = NULL;
}

/* Copy the plan's segment and bss VMAs: the ranges the pager serves. */
static void take_vmas(struct elfload_pager *p,
		      const struct elfload_program *prog)
{
	const struct elfload_plan *plan = &prog->plan;
	size_t i;

	for (i = 0; i < plan->nvmas; i++) {
		const struct elfload_vma *v = &plan->vmas[i];
		struct elfload_paged_vma *pv;

		if (v->kind != ELFLOAD_VMA_SEGMENT && v->kind != ELFLOAD_VMA_BSS)
			continue;
		pv = &p->vmas[p->nvmas++];
		pv->start = v->start;
		pv->end = v->end;
		pv->prot = v->prot;
		pv->file = v->kind == ELFLOAD_VMA_SEGMENT;
		pv->offset = pv->file ? v->offset : 0;
		pv->owner = (int)v->owner;
		pv->phdr = v->phdr;
		pv->path = v->owner == ELFLOAD_OWNER_INTERP ? prog->interp_path :
							      prog->exe_path;
	}
}

/*
 * Fill the tables of @p for @prog: its segment VMAs, the files mapped as
 * the source of pages, the bounce page.  0, or -ENOMEM.
 */
int pager_init(struct elfload_pager *p, const struct elfload_program *prog,
	       const struct elfload_pager_opts *opts)
{
	p->prog = prog;
	if (opts)
		p->opts = *opts;
	p->page_size = prog->layout.page_size;
	p->bounce = aligned_alloc(p->page_size, p->page_size);
	if (!p->bounce)
		return -ENOMEM;
	take_vmas(p, prog);
	map_file(&p->files[ELFLOAD_OWNER_EXE], &p->images[ELFLOAD_OWNER_EXE],
		 prog->exe_fd, prog->exe->file_size, prog->exe_path);
	if (prog->interp)
		map_file(&p->files[ELFLOAD_OWNER_INTERP],
			 &p->images[ELFLOAD_OWNER_INTERP], prog->interp_fd,
			 prog->interp->file_size, prog->interp_path);
	p->t0 = pager_now_ns();
	return 0;
}

/* Undo pager_init(), and drop the event log. */
void pager_fini(struct elfload_pager *p)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(p->files); i++) {
		elfload_image_free(p->images[i]);
		if (p->files[i].base)
			munmap((void *)p->files[i].base, p->files[i].size);
	}
	free(p->ev);
	free(p->bounce);
}

/* The managed VMAs, in plan order: events name them by index. */
const struct elfload_paged_vma *elfload_pager_vmas(const struct elfload_pager *p,
						   size_t *n)
{
	*n = p->nvmas;
	return p->vmas;
}

/* Every event so far, in order (the array moves as it grows). */
const struct elfload_event *elfload_pager_events(const struct elfload_pager *p,
						 size_t *n)
{
	*n = p->nev;
	return p->ev;
}

/* Faults answered EEXIST: another thread's fault served the page first. */
uint64_t elfload_pager_duplicates(const struct elfload_pager *p)
{
	return p->dups;
}

/*
 * A new event of @proc, numbered and timed, in the log; NULL when out of
 * memory (the event is then not recorded, the pager goes on).
 */
struct elfload_event *pager_new_event(struct elfload_pager *p,
				      enum elfload_event_kind kind,
				      const struct followed_process *proc)
{
	struct elfload_event *e;

	if (p->nev == p->cap_ev) {
		size_t cap = p->cap_ev ? 2 * p->cap_ev : EVENTS_FIRST;
		struct elfload_event *grown;

		grown = realloc(p->ev, cap * sizeof(*grown));

		if (!grown)
			return NULL;
		p->ev = grown;
		p->cap_ev = cap;
	}
	e = &p->ev[p->nev++];
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->seq = ++p->seq;
	e->t_ns = pager_now_ns() - p->t0;
	e->process = proc->process;
	e->vma = -1;
	e->frame = -1;
	e->offset = UINT64_MAX;
	return e;
}

/* ---- where a page comes from ----------------------------------------- */

/* The piece of @proc holding @addr, or NULL (not a managed page). */
struct piece *pager_find_piece(struct followed_process *proc, uint64_t addr)
{
	size_t i;

	for (i = 0; i < proc->npieces; i++)
		if (addr >= proc->pieces[i].start && addr < proc->pieces[i].end)
			return &proc->pieces[i];
	return NULL;
}

/* The allocated section holding planned address @addr of @v, or NULL. */
static const char *section_at(const struct elfload_pager *p,
			      const struct elfload_paged_vma *v, uint64_t addr)
{
	const struct elfload_plan *plan = elfload_program_plan(p->prog);
	uint64_t bias = v->owner == ELFLOAD_OWNER_INTERP ? plan->interp.bias :
							   plan->exe.bias;

	return elfload_image_section_at(p->images[v->owner],
					v->file ? ELFLOAD_VMA_SEGMENT :
						  ELFLOAD_VMA_BSS,
					addr - bias);
}

/* Does a range the kernel zeroes meet the planned page at @page? */
static bool zeroes_page(const struct elfload_plan *plan, uint64_t page,
			uint64_t size)
{
	size_t i;

	for (i = 0; i < plan->nzero; i++)
		if (plan->zero[i].start < page + size && plan->zero[i].end > page)
			return true;
	return false;
}

/* The bytes of planned page @page of @v: in the file mapping or bounce. */
const void *pager_page_bytes(struct elfload_pager *p,
			      const struct elfload_paged_vma *v, uint64_t page)
{
	const struct mapped_file *f = &p->files[v->owner];
	const struct elfload_plan *plan = &p->prog->plan;
	uint64_t off = v->offset + (page - v->start), ps = p->page_size;
	uint64_t have = off < f->size ? f->size - off : 0;
	size_t i;

	if (have >= ps && !zeroes_page(plan, page, ps))
		return f->base + off;
	memset(p->bounce, 0, ps);
	if (have)
		memcpy(p->bounce, f->base + off, have < ps ? have : ps);
	for (i = 0; i < plan->nzero; i++) {
		uint64_t s = plan->zero[i].start, e = plan->zero[i].end;

		s = s > page ? s : page;
		e = e < page + ps ? e : page + ps;
		if (s < e)
			memset(p->bounce + (s - page), 0, e - s);
	}
	return p->bounce;
}

/*
 * The two ways to fill a page.  EAGAIN means the address space was
 * changing under the ioctl: try again.  0, or -errno (EEXIST: the page
 * was there already).
 */
#define UFFD_TRIES 1000

/* Map the zero page at @addr with UFFDIO_ZEROPAGE. */
static int zero_page(struct elfload_pager *p, struct followed_process *proc,
		     uint64_t addr, bool wake)
{
	struct uffdio_zeropage z = {
		.range = { addr, p->page_size },
		.mode = wake ? 0 : UFFDIO_ZEROPAGE_MODE_DONTWAKE,
	};
	int tries = 0;

	while (ioctl(proc->fd, UFFDIO_ZEROPAGE, &z) < 0)
		if (errno != EAGAIN || ++tries >= UFFD_TRIES)
			return -errno;
	return 0;
}

/* Install a page of @bytes at @addr with UFFDIO_COPY. */
static int copy_page(struct elfload_pager *p, struct followed_process *proc,
		     uint64_t addr, const void *bytes, bool wake)
{
	struct uffdio_copy cp = {
		.dst = addr,
		.src = (uint64_t)(uintptr_t)bytes,
		.len = p->page_size,
		.mode = wake ? 0 : UFFDIO_COPY_MODE_DONTWAKE,
	};
	int tries = 0;

	while (ioctl(proc->fd, UFFDIO_COPY, &cp) < 0)
		if (errno != EAGAIN || ++tries >= UFFD_TRIES)
			return -errno;
	return 0;
}

/* Install @bytes at @addr with UFFDIO_COPY, waking the fault: 0 or -errno. */
int pager_copy(struct elfload_pager *p, struct followed_process *proc,
	       uint64_t addr, const void *bytes)
{
	return copy_page(p, proc, addr, bytes, true);
}

/*
 * Install planned page @planned of @v at @addr, as it was loaded: the
 * file's bytes or the zero page (@how says which).  0, or -errno.
 */
int pager_install(struct elfload_pager *p, struct followed_process *proc,
		  uint64_t addr, uint64_t planned,
		  const struct elfload_paged_vma *v, bool wake,
		  enum elfload_served *how)
{
	*how = v->file ? ELFLOAD_SERVED_FILE : ELFLOAD_SERVED_ZERO;
	if (!v->file)
		return zero_page(p, proc, addr, wake);
	return copy_page(p, proc, addr, pager_page_bytes(p, v, planned), wake);
}

/*
 * Log a fault at @addr served as @how since @t_start: its page, file
 * offset and section when @piece is known (@m is NULL for fault-around).
 */
struct elfload_event *pager_log_fault(struct elfload_pager *p,
				      struct followed_process *proc,
				      const struct uffd_msg *m, uint64_t addr,
				      const struct piece *piece,
				      enum elfload_served how, uint64_t t_start)
{
	struct elfload_event *e = pager_new_event(p, ELFLOAD_EV_FAULT, proc);
	const struct elfload_paged_vma *v = piece ? &p->vmas[piece->vma] : NULL;
	uint64_t page = addr & ~(p->page_size - 1);

	if (!e)
		return NULL;
	e->tid = m ? m->arg.pagefault.feat.ptid : 0;
	e->addr = addr;
	e->page = page;
	e->write = m && (m->arg.pagefault.flags & UFFD_PAGEFAULT_FLAG_WRITE);
	e->served = how;
	e->serve_ns = pager_now_ns() - p->t0 - (t_start - p->t0);
	if (!v)
		return e;
	e->vma = piece->vma;
	if (v->file)
		e->offset = v->offset + (piece->planned + (page - piece->start) -
					 v->start);
	e->section = section_at(p, v, piece->planned + (addr - piece->start));
	return e;
}

/* Wake the threads waiting on [page, page + len): they fault again. */
void pager_wake(struct followed_process *proc, uint64_t page, uint64_t len)
{
	struct uffdio_range r = { page, len };

	ioctl(proc->fd, UFFDIO_WAKE, &r);
}
