/* SPDX-License-Identifier: MIT */
/*
 * Demand paging in user space: a pager that fills the pages of a loaded
 * program's segments when the program first touches them, through
 * userfaultfd, and records every fault.  The pager runs in another
 * process than the program; elfload_demand_start() (demand.h) sets both
 * up, so most callers need only the accessors below:
 *
 *	parent (pager)                     child (the program)
 *	                                   elfload_uffd_open()
 *	        <--- the userfaultfd (SCM_RIGHTS) ---
 *	elfload_pager_new(prog)
 *	elfload_pager_add_uffd()
 *	        ------------- ready ------------->
 *	elfload_pager_run(pidfd)           elfload_exec_program(prog, ...,
 *	                                     ELFLOAD_EXEC_DEMAND, uffd)
 *	                                   ... runs, faults ...
 *	elfload_pager_events(), _vmas(), _duplicates(), _stuck()
 *	elfload_pager_free()
 *
 * The pager never touches the program's memory except through
 * UFFDIO_COPY / UFFDIO_ZEROPAGE (and, with frames, process_vm_readv()
 * and the program's evictor thread), and shares no lock with it.
 */
#ifndef ELFLOAD_PAGER_H
#define ELFLOAD_PAGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <elfload/diag.h>
#include <elfload/program.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A userfaultfd for this process, and what it can do. */
struct elfload_uffd {
	int fd;
	bool user_mode_only;	/* faults in the kernel are not served */
	bool follow_fork;	/* UFFD_FEATURE_EVENT_FORK granted */
	uint64_t features;
};

/*
 * Open a userfaultfd for this process (close-on-exec; the loader keeps
 * it until its segments are registered).  Full mode when permitted, else
 * UFFD_USER_MODE_ONLY; -ENOSYS, -EPERM... when neither is available.
 */
int elfload_uffd_open(struct elfload_uffd *u, struct elfload_diag *d);

/* A segment VMA the pager manages, at its planned address. */
struct elfload_paged_vma {
	uint64_t start;
	uint64_t end;
	int prot;		/* ELFLOAD_PROT_* */
	bool file;		/* file-backed part of a PT_LOAD, else bss */
	uint64_t offset;	/* file offset of start (file only) */
	int owner;		/* enum elfload_owner */
	int phdr;		/* PT_LOAD index in the owner's table */
	const char *path;	/* the owner's file */
};

enum elfload_event_kind {
	ELFLOAD_EV_FAULT,	/* a page fault, served */
	ELFLOAD_EV_FORK,	/* a followed process forked */
	ELFLOAD_EV_REMAP,	/* mremap moved managed pages */
	ELFLOAD_EV_UNMAP,	/* munmap removed managed pages */
	ELFLOAD_EV_REMOVE,	/* madvise(DONTNEED) dropped pages */
	ELFLOAD_EV_EVICT,	/* --frames: a page given up */
	/*
	 * The fork watch (elfload_pager_watch_forks()): the program is about
	 * to fork; @to pages were filled and its segments unregistered
	 * first, so demand paging ends here.  @tid forks, by system call
	 * @addr (UINT64_MAX: one of another ABI, taken for a fork).
	 */
	ELFLOAD_EV_FORKFILL,
};

enum elfload_served {
	ELFLOAD_SERVED_FILE,	/* read from the file (UFFDIO_COPY) */
	ELFLOAD_SERVED_ZERO,	/* bss: the zero page (UFFDIO_ZEROPAGE) */
	ELFLOAD_SERVED_AROUND,	/* a neighbour brought in by fault-around */
	ELFLOAD_SERVED_SOFT,	/* kept by the pager, made present again */
	ELFLOAD_SERVED_RESTORE,	/* a dirty page saved at eviction */
};

struct elfload_event {
	enum elfload_event_kind kind;
	uint64_t seq;		/* 1, 2, ... over all events */
	uint64_t t_ns;		/* since elfload_pager_new() */
	uint64_t serve_ns;	/* time spent serving (faults) */
	uint32_t tid;		/* faulting thread (faults) */
	uint32_t process;	/* 0 the program, then forked children */
	uint64_t addr;		/* faulting address, or start of the range */
	uint64_t page;		/* faulting page, or end of the range */
	uint64_t to;		/* REMAP: new address; FORK: child process */
	int vma;		/* index in elfload_pager_vmas(), or -1 */
	uint64_t offset;	/* file offset of the page, or UINT64_MAX */
	bool write;
	bool dirty;		/* EVICT: written since loaded: saved */
	bool kept;		/* EVICT: reference bit cleared (clock) */
	enum elfload_served served;
	const char *section;	/* section at @addr, or NULL */
	/*
	 * --frames: the frame (0..frames-1) the page got (FAULT) or left
	 * (EVICT); -1 without a frame limit.
	 */
	int frame;
};

struct elfload_pager_opts {
	/* Serve the aligned window of this many bytes around each fault
	 * (the kernel's fault_around_bytes), 0 for one page per fault. */
	uint64_t fault_around;
	/*
	 * Limited frames: at most @frames pages of the program's own
	 * segments resident (0: no limit), replaced by @policy; pages are
	 * dropped by the program's evictor thread (ELFLOAD_EXEC_EVICTOR) on
	 * @evictor_fd (the pager owns it once made), and read with
	 * process_vm_readv() from @pid.
	 */
	unsigned frames;
	enum elfload_policy_kind { ELFLOAD_FRAMES_FIFO, ELFLOAD_FRAMES_CLOCK }
		policy;
	int evictor_fd;
	int pid;
};

/* With frames: the fault that showed too few frames. */
struct elfload_pager_stuck {
	uint64_t pc;		/* the instruction that cannot complete */
	uint32_t tid;
	unsigned pages;		/* distinct pages it faulted on */
};

struct elfload_pager;

/* A pager for @prog's planned segments; @prog must stay open. */
struct elfload_pager *elfload_pager_new(const struct elfload_program *prog,
					const struct elfload_pager_opts *opts,
					struct elfload_diag *d);

/* Serve the faults of the process that opened @uffd (ownership moves). */
int elfload_pager_add_uffd(struct elfload_pager *p, int uffd,
			   struct elfload_diag *d);

/*
 * Without UFFD_FEATURE_EVENT_FORK: watch for forks on @listener, the
 * seccomp listener of the program's fork-watch filter (ownership
 * moves).  At the first fork the pager fills every page not yet filled
 * and unregisters the segments before the call goes on
 * (ELFLOAD_EV_FORKFILL); later ones go on at once.
 */
int elfload_pager_watch_forks(struct elfload_pager *p, int listener,
			      struct elfload_diag *d);

/*
 * Serve faults until @pidfd (the program's pidfd) says it has exited.
 * Returns 0, or -errno when serving became impossible.
 */
int elfload_pager_run(struct elfload_pager *p, int pidfd,
		      struct elfload_diag *d);

const struct elfload_paged_vma *elfload_pager_vmas(const struct elfload_pager *p,
						   size_t *n);
const struct elfload_event *elfload_pager_events(const struct elfload_pager *p,
						 size_t *n);

/* Faults answered EEXIST (served already by another thread's event). */
uint64_t elfload_pager_duplicates(const struct elfload_pager *p);

/* With frames: the instruction that could not complete, or NULL. */
const struct elfload_pager_stuck *
elfload_pager_stuck(const struct elfload_pager *p);

void elfload_pager_free(struct elfload_pager *p);

#ifdef __cplusplus
}
#endif

#endif
