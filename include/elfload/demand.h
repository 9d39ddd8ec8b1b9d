/* SPDX-License-Identifier: MIT */
/*
 * Running a program demand-paged: the process protocol around the pager
 * (pager.h).  The pager is the parent process, the program the child: a
 * separate process, since stage 2 of the loader unmaps all of the
 * loader, and a process cannot touch the program's memory or share a
 * lock with it.
 *
 *	elfload_demand_start(prog, &o, &dm, &d)       forks
 *	parent (pager)                                 child (the program)
 *	  returns ELFLOAD_DEMAND_PAGER                   opens a userfaultfd;
 *	                                                 without EVENT_FORK
 *	                                                 installs the fork watch
 *	    <--- the userfaultfd, the watch (SCM_RIGHTS)
 *	  pager, pidfd ready; dm.user_mode_only,
 *	  dm.watch_forks, dm.eager say what the
 *	  kernel granted
 *	    ------------------------- ready ---------->  returns 0 with dm.uffd,
 *	elfload_demand_serve(&dm, &d)                     dm.evictor_fd,
 *	  serves faults until the program exits,          dm.exec_flags
 *	  waits for it: dm.status, dm.pager            elfload_exec_program(
 *	elfload_demand_free(&dm)                         prog, ..., uffd, flags)
 */
#ifndef ELFLOAD_DEMAND_H
#define ELFLOAD_DEMAND_H

#include <stdbool.h>
#include <stdint.h>

#include <elfload/diag.h>
#include <elfload/pager.h>
#include <elfload/program.h>

#ifdef __cplusplus
extern "C" {
#endif

/* elfload_demand_start(): this process is the pager. */
#define ELFLOAD_DEMAND_PAGER 1

struct elfload_demand_opts {
	uint64_t fault_around;		/* as elfload_pager_opts */
	unsigned frames;		/* 0: no limit; else with an evictor */
	enum elfload_policy_kind policy;
};

struct elfload_demand {
	/* In the program (elfload_demand_start() returned 0): */
	int uffd;		/* for elfload_exec_opts.uffd, or -1 */
	int evictor_fd;		/* for elfload_exec_opts.evictor_fd, or -1 */
	unsigned exec_flags;	/* ELFLOAD_EXEC_DEMAND... to add, or 0 */

	/* In the pager (it returned ELFLOAD_DEMAND_PAGER): */
	int pid;		/* the program */
	/* The program handed over its userfaultfd and the pager is set up;
	 * false when the child failed before loading (it says why). */
	bool serving;
	/* Faults the kernel takes are not served (no CAP_SYS_PTRACE):
	 * the program's writable segments are loaded eagerly. */
	bool user_mode_only;
	/*
	 * Forks cannot be followed (UFFD_FEATURE_EVENT_FORK needs
	 * CAP_SYS_PTRACE): a seccomp filter in the program (no_new_privs
	 * set) stops each fork until the pager has filled every page and
	 * unregistered the segments; demand paging ends at the first fork.
	 */
	bool watch_forks;
	/*
	 * @refused_by ("userfaultfd" or "seccomp") refused with -errno
	 * @refused: the program runs plainly, every page loaded before it
	 * starts, there is no pager (@serving is false).
	 */
	bool eager;
	int refused;
	const char *refused_by;
	struct elfload_pager *pager;	/* when serving: faults, events */
	bool exited;		/* waited for: @status is its wait status */
	int status;

	/* Private to the library. */
	int pidfd;
	void (*saved_sigint)(int), (*saved_sigquit)(int);
};

/*
 * Fork the pager and the program @prog (open, planned; both sides use
 * the same plan).  Flushes stdio first, so buffered output is not
 * written twice.
 *
 * In the child: 0 with @dm's program fields filled, to be passed to
 * elfload_exec_program() (no flags and no descriptor when refused: a
 * plain run); its parent-death signal is SIGKILL (without its pager it
 * would hang on its next fault).  Without CAP_SYS_PTRACE the child has
 * no_new_privs set and the fork watch's seccomp filter installed.  -errno and @d when it
 * cannot be demand-paged (-EPIPE: the pager is gone); the caller ends
 * the child.
 *
 * In the parent: ELFLOAD_DEMAND_PAGER with @dm's pager fields filled; call
 * elfload_demand_serve().  From here until that returns the process
 * ignores SIGINT and SIGQUIT (the program decides what they do; the
 * pager must outlive it to report), and its limit of open files is
 * raised to the hard limit (each followed fork costs a descriptor).
 * -errno and @d when no child was started.
 */
int elfload_demand_start(struct elfload_program *prog,
			 const struct elfload_demand_opts *o,
			 struct elfload_demand *dm, struct elfload_diag *d);

/*
 * In the pager: serve the program's faults until it exits, then wait
 * for it (dm->exited, dm->status).  Returns 0, or -errno and @d when
 * serving became impossible or the program could not be waited for.
 */
int elfload_demand_serve(struct elfload_demand *dm, struct elfload_diag *d);

/* Free the pager and close what @dm holds. */
void elfload_demand_free(struct elfload_demand *dm);

#ifdef __cplusplus
}
#endif

#endif
