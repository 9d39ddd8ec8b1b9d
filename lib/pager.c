// SPDX-License-Identifier: MIT
/*
 * The demand pager (see pager.h): serves the userfaultfd of a program
 * loaded with ELFLOAD_EXEC_DEMAND.  For each fault it finds the planned
 * VMA of the page, computes the page's file offset (p_offset + (page -
 * p_vaddr), i.e. the VMA's offset plus the distance into it), copies the
 * bytes from its own read-only mapping of the file, zeroes what the
 * kernel would zero, and installs the page with UFFDIO_COPY; pure bss
 * pages get UFFDIO_ZEROPAGE.  Forks, mremap, munmap and madvise of the
 * managed ranges arrive as events and keep a per-process table of where
 * each planned VMA now lives.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <stdio.h>
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

uint64_t pager_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- opening the userfaultfd ----------------------------------------- */

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

static void take_vmas(struct elfload_pager *p, const struct elfload_program *prog)
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

struct elfload_pager *elfload_pager_new(const struct elfload_program *prog,
					const struct elfload_pager_opts *opts,
					struct elfload_diag *d)
{
	struct elfload_pager *p = calloc(1, sizeof(*p));

	elfload_diag_clear(d);
	if (!p)
		goto fail;
	p->prog = prog;
	if (opts)
		p->opts = *opts;
	p->page_size = prog->layout.page_size;
	p->bounce = aligned_alloc(p->page_size, p->page_size);
	if (!p->bounce)
		goto free_pager;
	take_vmas(p, prog);
	map_file(&p->files[ELFLOAD_OWNER_EXE], &p->images[ELFLOAD_OWNER_EXE],
		 prog->exe_fd, prog->exe->file_size, prog->exe_path);
	if (prog->interp)
		map_file(&p->files[ELFLOAD_OWNER_INTERP],
			 &p->images[ELFLOAD_OWNER_INTERP], prog->interp_fd,
			 prog->interp->file_size, prog->interp_path);
	p->t0 = pager_now_ns();
	return p;

free_pager:
	free(p);
fail:
	elfload_diag_set(d, -ENOMEM, "pager", -1, NULL, 0, 0, "out of memory");
	errno = ENOMEM;
	return NULL;
}

void elfload_pager_free(struct elfload_pager *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->nctx; i++) {
		size_t j;

		if (p->ctx[i].fd >= 0)
			close(p->ctx[i].fd);
		free(p->ctx[i].pieces);
		for (j = 0; j < p->ctx[i].ninherited; j++)
			free(p->ctx[i].inherited[j].bytes);
		free(p->ctx[i].inherited);
	}
	for (i = 0; i < ARRAY_SIZE(p->files); i++) {
		elfload_image_free(p->images[i]);
		if (p->files[i].base)
			munmap((void *)p->files[i].base, p->files[i].size);
	}
	frames_free(p);
	free(p->ctx);
	free(p->ev);
	free(p->bounce);
	free(p);
}

const struct elfload_paged_vma *elfload_pager_vmas(const struct elfload_pager *p,
						   size_t *n)
{
	*n = p->nvmas;
	return p->vmas;
}

const struct elfload_event *elfload_pager_events(const struct elfload_pager *p,
						 size_t *n)
{
	*n = p->nev;
	return p->ev;
}

const struct elfload_pager_stuck *elfload_pager_stuck(const struct elfload_pager *p)
{
	return p->stuck.pc || p->stuck.pages ? &p->stuck : NULL;
}

uint64_t elfload_pager_duplicates(const struct elfload_pager *p)
{
	return p->dups;
}

static struct uctx *new_ctx(struct elfload_pager *p, int fd, size_t npieces)
{
	struct uctx *grown = realloc(p->ctx, (p->nctx + 1) * sizeof(*grown));
	struct uctx *c;

	if (!grown)
		return NULL;
	p->ctx = grown;
	c = &p->ctx[p->nctx];
	memset(c, 0, sizeof(*c));
	c->pieces = calloc(npieces ? npieces : 1, sizeof(*c->pieces));
	if (!c->pieces)
		return NULL;
	c->fd = fd;
	c->process = p->nprocesses++;
	p->nctx++;
	return c;
}

int elfload_pager_add_uffd(struct elfload_pager *p, int uffd,
			   struct elfload_diag *d)
{
	struct uctx *c = new_ctx(p, uffd, p->nvmas);
	size_t i;

	elfload_diag_clear(d);
	if (!c)
		return elfload_diag_set(d, -ENOMEM, "pager", -1, NULL, 0, 0,
					"out of memory");
	for (i = 0; i < p->nvmas; i++)
		c->pieces[i] = (struct piece){ p->vmas[i].start, p->vmas[i].end,
					       p->vmas[i].start, (int)i };
	c->npieces = p->nvmas;
	return 0;
}

struct elfload_event *pager_new_event(struct elfload_pager *p,
				       enum elfload_event_kind kind,
				       const struct uctx *c)
{
	struct elfload_event *e;

	if (p->nev == p->cap_ev) {
		size_t cap = p->cap_ev ? 2 * p->cap_ev : 4096;
		struct elfload_event *grown = realloc(p->ev, cap * sizeof(*grown));

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
	e->process = c->process;
	e->vma = -1;
	e->offset = UINT64_MAX;
	return e;
}

/* ---- where a page comes from ----------------------------------------- */

struct piece *pager_find_piece(struct uctx *c, uint64_t addr)
{
	size_t i;

	for (i = 0; i < c->npieces; i++)
		if (addr >= c->pieces[i].start && addr < c->pieces[i].end)
			return &c->pieces[i];
	return NULL;
}

/* The allocated section holding planned address @addr of @v, or NULL. */
static const char *section_at(const struct elfload_pager *p,
			      const struct elfload_paged_vma *v, uint64_t addr)
{
	const struct elfload_program *prog = p->prog;
	const struct elfload_image *img = p->images[v->owner];
	uint64_t bias = v->owner == ELFLOAD_OWNER_INTERP ?
				prog->plan.interp.bias : prog->plan.exe.bias;
	uint64_t vaddr = addr - bias;
	size_t i;

	for (i = 0; img && img->shdrs && i < img->shnum; i++) {
		const struct elfload_shdr *s = &img->shdrs[i];

		if (!(s->flags & ELFLOAD_SHF_ALLOC) || !s->size ||
		    ((s->flags & ELFLOAD_SHF_TLS) && s->type == ELFLOAD_SHT_NOBITS))
			continue;
		if (vaddr >= s->addr && vaddr - s->addr < s->size)
			return elfload_section_name(img, i);
	}
	return NULL;
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

static int zero_page(struct elfload_pager *p, struct uctx *c, uint64_t addr,
		     bool wake)
{
	struct uffdio_zeropage z = {
		.range = { addr, p->page_size },
		.mode = wake ? 0 : UFFDIO_ZEROPAGE_MODE_DONTWAKE,
	};
	int tries = 0;

	while (ioctl(c->fd, UFFDIO_ZEROPAGE, &z) < 0)
		if (errno != EAGAIN || ++tries >= UFFD_TRIES)
			return -errno;
	return 0;
}

static int copy_page(struct elfload_pager *p, struct uctx *c, uint64_t addr,
		     const void *bytes, bool wake)
{
	struct uffdio_copy cp = {
		.dst = addr,
		.src = (uint64_t)(uintptr_t)bytes,
		.len = p->page_size,
		.mode = wake ? 0 : UFFDIO_COPY_MODE_DONTWAKE,
	};
	int tries = 0;

	while (ioctl(c->fd, UFFDIO_COPY, &cp) < 0)
		if (errno != EAGAIN || ++tries >= UFFD_TRIES)
			return -errno;
	return 0;
}

int pager_copy(struct elfload_pager *p, struct uctx *c, uint64_t addr,
	       const void *bytes)
{
	return copy_page(p, c, addr, bytes, true);
}

/* Install planned page @planned of @v at @addr, as it was loaded. */
int pager_install(struct elfload_pager *p, struct uctx *c, uint64_t addr,
		  uint64_t planned, const struct elfload_paged_vma *v,
		  bool wake, enum elfload_served *how)
{
	*how = v->file ? ELFLOAD_SERVED_FILE : ELFLOAD_SERVED_ZERO;
	if (!v->file)
		return zero_page(p, c, addr, wake);
	return copy_page(p, c, addr, pager_page_bytes(p, v, planned), wake);
}

void pager_log_fault(struct elfload_pager *p, struct uctx *c,
		      const struct uffd_msg *m, uint64_t addr,
		      const struct piece *pc, enum elfload_served how,
		      uint64_t t_start)
{
	struct elfload_event *e = pager_new_event(p, ELFLOAD_EV_FAULT, c);
	const struct elfload_paged_vma *v = pc ? &p->vmas[pc->vma] : NULL;
	uint64_t page = addr & ~(p->page_size - 1);

	if (!e)
		return;
	e->tid = m ? m->arg.pagefault.feat.ptid : 0;
	e->addr = addr;
	e->page = page;
	e->write = m && (m->arg.pagefault.flags & UFFD_PAGEFAULT_FLAG_WRITE);
	e->served = how;
	e->serve_ns = pager_now_ns() - p->t0 - (t_start - p->t0);
	if (!v)
		return;
	e->vma = pc->vma;
	if (v->file)
		e->offset = v->offset + (pc->planned + (page - pc->start) -
					 v->start);
	e->section = section_at(p, v, pc->planned + (addr - pc->start));
}

/* Fault-around: the other pages of the aligned window, not yet present. */
static void serve_around(struct elfload_pager *p, struct uctx *c,
			 const struct piece *pc, uint64_t page)
{
	uint64_t fa = p->opts.fault_around, a, from, to;
	enum elfload_served how;

	if (fa <= p->page_size || (fa & (fa - 1)))
		return;
	from = page & ~(fa - 1);
	to = from + fa;
	from = from > pc->start ? from : pc->start;
	to = to < pc->end ? to : pc->end;
	for (a = from; a < to; a += p->page_size) {
		uint64_t t = pager_now_ns();

		if (a == page || pager_install(p, c, a, pc->planned + (a - pc->start),
					       &p->vmas[pc->vma], false, &how))
			continue;
		pager_log_fault(p, c, NULL, a, pc, ELFLOAD_SERVED_AROUND, t);
	}
}

void pager_wake(struct uctx *c, uint64_t page, uint64_t len)
{
	struct uffdio_range r = { page, len };

	ioctl(c->fd, UFFDIO_WAKE, &r);
}

static void serve_fault(struct elfload_pager *p, struct uctx *c,
			const struct uffd_msg *m)
{
	uint64_t t = pager_now_ns(), addr = m->arg.pagefault.address;
	uint64_t page = addr & ~(p->page_size - 1);
	struct piece *pc = pager_find_piece(c, page);
	enum elfload_served how = ELFLOAD_SERVED_ZERO;
	int ret;

	if (!pc) {
		/* Not ours any more (a race with munmap): let it refault. */
		pager_wake(c, page, p->page_size);
		return;
	}
	if (p->opts.frames && c->process == 0) {
		frames_fault(p, c, m, pc, page);
		return;
	}
	if (c->ninherited && frames_inherited_fault(p, c, m, pc, page))
		return;
	serve_around(p, c, pc, page);
	ret = pager_install(p, c, page, pc->planned + (page - pc->start),
			    &p->vmas[pc->vma], true, &how);
	if (ret == -EEXIST) {
		p->dups++;
		pager_wake(c, page, p->page_size);
		return;
	}
	if (ret == -ESRCH) {
		c->dead = true;
		return;
	}
	if (ret) {
		pager_wake(c, page, p->page_size);
		return;
	}
	pager_log_fault(p, c, m, addr, pc, how, t);
}

/* ---- events that change the address space ---------------------------- */

/* Make @addr a piece boundary; false when out of memory. */
static bool split_at(struct uctx *c, uint64_t addr)
{
	struct piece *pc = pager_find_piece(c, addr), *grown;
	size_t i;

	if (!pc || pc->start == addr)
		return true;
	i = (size_t)(pc - c->pieces);
	grown = realloc(c->pieces, (c->npieces + 1) * sizeof(*grown));
	if (!grown)
		return false;
	c->pieces = grown;
	memmove(&c->pieces[i + 1], &c->pieces[i],
		(c->npieces - i) * sizeof(*grown));
	c->npieces++;
	c->pieces[i].end = addr;
	c->pieces[i + 1].planned += addr - c->pieces[i + 1].start;
	c->pieces[i + 1].start = addr;
	return true;
}

/* Drop the pieces inside [start, end). */
static void cut(struct uctx *c, uint64_t start, uint64_t end)
{
	size_t i, n = 0;

	if (!split_at(c, start) || !split_at(c, end))
		return;
	for (i = 0; i < c->npieces; i++)
		if (c->pieces[i].start >= end || c->pieces[i].end <= start)
			c->pieces[n++] = c->pieces[i];
	c->npieces = n;
}

/* mremap moved [from, from + len) to @to. */
static void move_pieces(struct uctx *c, uint64_t from, uint64_t to,
			uint64_t len)
{
	size_t i;

	cut(c, to, to + len);
	if (!split_at(c, from) || !split_at(c, from + len))
		return;
	for (i = 0; i < c->npieces; i++)
		if (c->pieces[i].start >= from && c->pieces[i].end <= from + len) {
			c->pieces[i].start = c->pieces[i].start - from + to;
			c->pieces[i].end = c->pieces[i].end - from + to;
		}
}

static void follow_fork(struct elfload_pager *p, struct uctx *parent,
			int fd)
{
	size_t idx = (size_t)(parent - p->ctx);
	struct elfload_event *e;
	struct uctx *c;

	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	c = new_ctx(p, fd, p->ctx[idx].npieces);
	parent = &p->ctx[idx];	/* new_ctx() may have moved the array */
	if (!c) {
		close(fd);
		return;
	}
	memcpy(c->pieces, parent->pieces, parent->npieces * sizeof(*c->pieces));
	c->npieces = parent->npieces;
	frames_fork(p, parent, c);
	e = pager_new_event(p, ELFLOAD_EV_FORK, parent);
	if (e)
		e->to = c->process;
}

static void handle_msg(struct elfload_pager *p, size_t ci,
		       const struct uffd_msg *m)
{
	struct uctx *c = &p->ctx[ci];
	struct elfload_event *e = NULL;

	switch (m->event) {
	case UFFD_EVENT_PAGEFAULT:
		serve_fault(p, c, m);
		return;
	case UFFD_EVENT_FORK:
		follow_fork(p, c, (int)m->arg.fork.ufd);
		return;
	case UFFD_EVENT_REMAP:
		move_pieces(c, m->arg.remap.from, m->arg.remap.to,
			    m->arg.remap.len);
		e = pager_new_event(p, ELFLOAD_EV_REMAP, c);
		if (e) {
			e->addr = m->arg.remap.from;
			e->page = m->arg.remap.from + m->arg.remap.len;
			e->to = m->arg.remap.to;
		}
		return;
	case UFFD_EVENT_UNMAP:
	case UFFD_EVENT_REMOVE:
		if (m->event == UFFD_EVENT_UNMAP)
			cut(c, m->arg.remove.start, m->arg.remove.end);
		e = pager_new_event(p, m->event == UFFD_EVENT_UNMAP ?
					 ELFLOAD_EV_UNMAP : ELFLOAD_EV_REMOVE, c);
		if (e) {
			e->addr = m->arg.remove.start;
			e->page = m->arg.remove.end;
		}
		return;
	}
}

/* Read and handle what one userfaultfd has; false once it is finished. */
static bool drain(struct elfload_pager *p, size_t ci)
{
	struct uffd_msg msgs[MAX_BATCH];
	ssize_t n;
	size_t i;

	n = read(p->ctx[ci].fd, msgs, sizeof(msgs));
	if (n < 0)
		return errno == EAGAIN || errno == EINTR;
	if (n == 0)
		return false;
	for (i = 0; i < (size_t)n / sizeof(msgs[0]); i++)
		handle_msg(p, ci, &msgs[i]);
	return !p->ctx[ci].dead;
}

static void retire(struct uctx *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	c->dead = true;
}

/*
 * The evictor thread keeps the process alive after its main thread
 * exits.  An exited group leader sends no pidfd wakeup while other
 * threads live, but shows as a zombie: look every 50 ms, and then let
 * the evictor go, which also ends the frame limit.  (Threads of the
 * program that outlive its main thread run without the limit.)
 */
static bool main_thread_gone(const struct elfload_pager *p)
{
	char path[64], buf[256], *paren;
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", p->opts.pid,
		 p->opts.pid);
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

static void release_evictor(struct elfload_pager *p)
{
	close(p->opts.evictor_fd);
	p->opts.evictor_fd = -1;
	p->opts.frames = 0;
}

int elfload_pager_run(struct elfload_pager *p, int pidfd,
		      struct elfload_diag *d)
{
	struct pollfd *pfd = NULL;
	size_t i, cap = 0;
	int ret = 0;

	elfload_diag_clear(d);
	for (;;) {
		size_t n = 1;

		/* Messages read while waiting for the evictor (frames.c). */
		for (i = 0; i < p->npending && p->nctx; i++) {
			struct uffd_msg m = p->pending[i];

			handle_msg(p, 0, &m);
		}
		p->npending = 0;

		if (cap < p->nctx + 1) {
			struct pollfd *grown;

			cap = 2 * (p->nctx + 1);
			grown = realloc(pfd, cap * sizeof(*pfd));
			if (!grown) {
				ret = elfload_diag_set(d, -ENOMEM, "pager", -1,
						       NULL, 0, 0, "out of memory");
				break;
			}
			pfd = grown;
		}
		pfd[0] = (struct pollfd){ .fd = pidfd, .events = POLLIN };
		for (i = 0; i < p->nctx; i++)
			pfd[n++] = (struct pollfd){
				.fd = p->ctx[i].dead ? -1 : p->ctx[i].fd,
				.events = POLLIN };
		if (poll(pfd, n, p->opts.evictor_fd >= 0 ? 50 : -1) < 0) {
			if (errno == EINTR)
				continue;
			ret = elfload_diag_set(d, -errno, "pager", -1, NULL, 0,
					       0, "poll: %s", strerror(errno));
			break;
		}
		for (i = 1; i < n; i++)
			if (pfd[i].revents && !drain(p, i - 1))
				retire(&p->ctx[i - 1]);
		if (p->opts.evictor_fd >= 0 && main_thread_gone(p))
			release_evictor(p);
		if (pfd[0].revents)
			break;
	}
	free(pfd);
	return ret;
}
