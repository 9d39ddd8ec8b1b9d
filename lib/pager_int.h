/* SPDX-License-Identifier: MIT */
/* The pager's insides, shared by pager.c and frames.c. */
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

/* One followed process: its userfaultfd and where its pieces are. */
struct uctx {
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

/* A resident page under --frames (clock: @present false = bit clear). */
struct frame {
	uint64_t page;
	bool ref;
	bool present;
};

struct elfload_pager {
	const struct elfload_program *prog;
	struct elfload_pager_opts opts;
	uint64_t page_size;
	size_t nvmas;
	struct elfload_paged_vma vmas[ELFLOAD_PLAN_MAX_VMAS];
	struct mapped_file files[3];	/* by enum elfload_owner */
	struct elfload_image *images[3];	/* parsed from files[], for sections */
	unsigned char *bounce;
	size_t nctx;
	struct uctx *ctx;
	size_t nev, cap_ev;
	struct elfload_event *ev;
	uint64_t seq, dups, t0;
	uint32_t nprocesses;
	/* --frames, for process 0 */
	struct frame *frames;
	unsigned char *victim;		/* a victim's bytes (bounce is busy) */
	size_t nused, hand;
	struct saved_page *saved;
	size_t nsaved;
	struct uffd_msg *pending;	/* read while waiting for the evictor */
	size_t npending;
	uint64_t last_pc;
	uint32_t last_tid;
	unsigned same_pc;
	unsigned nstreak;
	uint64_t streak[6];	/* addresses faulted at last_pc */
	uint64_t evicted[8];	/* the last pages taken away, a ring */
	unsigned nevicted;
	struct elfload_pager_stuck stuck;
};

uint64_t pager_now_ns(void);
struct elfload_event *pager_new_event(struct elfload_pager *p,
				      enum elfload_event_kind kind,
				      const struct uctx *c);
struct piece *pager_find_piece(struct uctx *c, uint64_t addr);
const void *pager_page_bytes(struct elfload_pager *p,
			     const struct elfload_paged_vma *v, uint64_t page);
int pager_install(struct elfload_pager *p, struct uctx *c, uint64_t addr,
		  uint64_t planned, const struct elfload_paged_vma *v,
		  bool wake, enum elfload_served *how);
void pager_log_fault(struct elfload_pager *p, struct uctx *c,
		     const struct uffd_msg *m, uint64_t addr,
		     const struct piece *pc, enum elfload_served how,
		     uint64_t t_start);
void pager_wake(struct uctx *c, uint64_t page, uint64_t len);
/* Install @bytes at @addr with UFFDIO_COPY (waking the fault). */
int pager_copy(struct elfload_pager *p, struct uctx *c, uint64_t addr,
	       const void *bytes);

/* frames.c: serve a fault of process 0 within the frame limit. */
void frames_fault(struct elfload_pager *p, struct uctx *c,
		  const struct uffd_msg *m, struct piece *pc, uint64_t page);
void frames_free(struct elfload_pager *p);
/* A fork: the child gets the pages its parent had given up. */
void frames_fork(struct elfload_pager *p, const struct uctx *parent,
		 struct uctx *child);
/* Serve a child's fault from what it inherited; false if not there. */
bool frames_inherited_fault(struct elfload_pager *p, struct uctx *c,
			    const struct uffd_msg *m, struct piece *pc,
			    uint64_t page);

#endif
