/* SPDX-License-Identifier: MIT */
/*
 * The pager's insides.  Three layers, each calling only those below it:
 *
 *	pager_loop.c	reads the userfaultfds, follows forks and remaps,
 *			serves each fault (elfload_pager_new/run/free)
 *	frames.c	--frames: the frame table, replacement, the evictor
 *	pager.c		where a page comes from, installing it, the event log
 */
#ifndef ELFLOAD_PAGER_INT_H
#define ELFLOAD_PAGER_INT_H

#include <linux/userfaultfd.h>

#include <elfload/pager.h>

#define MAX_BATCH 16

/* Planned VMA @vma, now at [start, end), which was planned at @planned. */
struct piece {
	uint64_t start;
	uint64_t end;
	uint64_t planned;
	int vma;
};

/* Page contents the pager keeps: clock's cleared pages, dirty evictions. */
struct saved_page {
	uint64_t page;
	unsigned char *bytes;
};

/* A followed process: its userfaultfd and where its pieces are. */
struct followed_process {
	int fd;
	uint32_t process;
	bool dead;
	size_t npieces;
	struct piece *pieces;
	/* Pages its parent had given up under --frames, as they were. */
	size_t ninherited;
	struct saved_page *inherited;
};

struct mapped_file {
	const unsigned char *base;
	uint64_t size;
};

struct frames;

struct elfload_pager {
	const struct elfload_program *prog;
	struct elfload_pager_opts opts;
	uint64_t page_size;
	size_t nvmas;
	struct elfload_paged_vma vmas[ELFLOAD_PLAN_MAX_VMAS];
	struct mapped_file files[3];	/* by enum elfload_owner */
	struct elfload_image *images[3];	/* parsed from files[], for sections */
	unsigned char *bounce;
	size_t nprocs;
	struct followed_process *procs;
	size_t nev, cap_ev;
	struct elfload_event *ev;
	uint64_t seq, dups, t0;
	uint32_t nprocesses;
	struct frames *frames;		/* --frames (frames.c), or NULL */
	/* The fork watch (forkwatch.c): its seccomp listener, or -1; set
	 * once a fork ended demand paging. */
	int watch_fd;
	bool forked;
};

/* pager.c: where a page comes from, installing it, the event log. */
int pager_init(struct elfload_pager *p, const struct elfload_program *prog,
	       const struct elfload_pager_opts *opts);
void pager_fini(struct elfload_pager *p);
uint64_t pager_now_ns(void);
struct elfload_event *pager_new_event(struct elfload_pager *p,
				      enum elfload_event_kind kind,
				      const struct followed_process *proc);
struct piece *pager_find_piece(struct followed_process *proc, uint64_t addr);
const void *pager_page_bytes(struct elfload_pager *p,
			     const struct elfload_paged_vma *v, uint64_t page);
int pager_install(struct elfload_pager *p, struct followed_process *proc,
		  uint64_t addr, uint64_t planned,
		  const struct elfload_paged_vma *v, bool wake,
		  enum elfload_served *how);
int pager_copy(struct elfload_pager *p, struct followed_process *proc,
	       uint64_t addr, const void *bytes);
void pager_wake(struct followed_process *proc, uint64_t page, uint64_t len);
/* The fault's event (NULL when out of memory), for the caller to add to. */
struct elfload_event *pager_log_fault(struct elfload_pager *p,
				      struct followed_process *proc,
				      const struct uffd_msg *m, uint64_t addr,
				      const struct piece *piece,
				      enum elfload_served how, uint64_t t_start);

#endif
