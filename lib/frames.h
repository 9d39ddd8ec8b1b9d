/* SPDX-License-Identifier: MIT */
/*
 * --frames: the frame table and page replacement (frames.c), driven by
 * the pager's loop (pager_loop.c); uses only pager.c's primitives.
 */
#ifndef ELFLOAD_FRAMES_H
#define ELFLOAD_FRAMES_H

#include "pager_int.h"

/* frames_fault(): the program was stopped, there is nothing to serve. */
#define FRAMES_STOPPED 1

/* The frame limit of @o for process 0 (the caller checks o->frames). */
struct frames *frames_new(const struct elfload_pager_opts *o,
			  uint64_t page_size, unsigned max_insn_pages);
void frames_free(struct frames *fr);

/* Is the limit in force (the evictor still held)?  False for NULL. */
bool frames_limited(const struct frames *fr);

/*
 * Serve a fault of process 0 within the limit, evicting if needed.
 * Returns what pager_install() does (@how says how, @frame which frame
 * the page is in), or FRAMES_STOPPED.
 */
int frames_fault(struct elfload_pager *p, struct followed_process *proc,
		 const struct uffd_msg *m, const struct piece *piece,
		 uint64_t page, enum elfload_served *how, int *frame);

/* A fork: the child gets the pages its parent had given up. */
void frames_fork(struct elfload_pager *p,
		 const struct followed_process *parent,
		 struct followed_process *child);

/*
 * Serve a child's fault from what it inherited: what pager_copy()
 * returns, or 1 when @page is not among the inherited pages.
 */
int frames_inherited_fault(struct elfload_pager *p,
			   struct followed_process *proc, uint64_t page);

/*
 * A fork the pager cannot follow (the fork watch): put back every page
 * the pager keeps for process @proc, and end the limit.  Returns the
 * number of pages put back.
 */
unsigned frames_end(struct elfload_pager *p, struct followed_process *proc);

/* A message read while waiting for the evictor, in order; false at the end. */
bool frames_next_pending(struct frames *fr, struct uffd_msg *m);

/* If the program's main thread has exited, let the evictor go. */
void frames_check_evictor(struct frames *fr);

#endif
