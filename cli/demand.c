// SPDX-License-Identifier: MIT
/*
 * run --demand: present what the library's demand-paging protocol
 * (elfload/demand.h) does.  The parent becomes the pager: it says which
 * mode the kernel granted, writes the trace and summary when the program
 * has exited, and exits as it did.  The child returns to cmd_run() to
 * load the program.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <elfload/demand.h>

#include "cli.h"
#include "demand.h"

/* Say once, before the program runs, what the kernel did not grant. */
static void say_mode(const struct elfload_demand *dm)
{
	if (dm->eager)
		report(NULL, "--demand: %s refused here (%s): every page is "
			     "loaded before the program starts, there are no "
			     "faults to show",
		       dm->refused_by, strerror(-dm->refused));
	else if (dm->watch_forks)
		report(NULL, "--demand: without CAP_SYS_PTRACE: writable "
			     "segments are loaded eagerly (user-mode-only "
			     "userfaultfd), and a fork fills every page first "
			     "(seccomp, no_new_privs): faults are shown until "
			     "the first fork");
	else if (dm->user_mode_only)
		report(NULL, "--demand: userfaultfd in user-mode-only (no "
			     "CAP_SYS_PTRACE): writable segments are loaded "
			     "eagerly");
}

/* Write the trace (--trace) and the summary (unless --quiet). */
static void finish(struct elfload_pager *pager,
		   const struct elfload_program *prog,
		   const struct demand_opts *o)
{
	const struct elfload_layout *lay = elfload_program_layout(prog);
	struct trace t = { .prog = elfload_program_exe_path(prog),
			   .page_size = lay->page_size,
			   .arch = lay->arch->name };
	FILE *f;

	t.vmas = (struct elfload_paged_vma *)elfload_pager_vmas(pager,
								 &t.nvmas);
	t.ev = (struct elfload_event *)elfload_pager_events(pager, &t.nev);
	t.duplicates = elfload_pager_duplicates(pager);
	if (!t.nev)
		return;		/* the program never started */
	if (o->trace) {
		f = fopen(o->trace, "we");
		if (!f || trace_write(f, &t, o->format) < 0)
			report(o->trace, "cannot write the trace: %s",
			       strerror(errno));
		if (f)
			fclose(f);
	}
	if (!o->quiet)
		trace_summary(stderr, &t);
}

/* With --frames: say that the program was stopped, and why. */
static void say_stuck(const struct elfload_pager *pager,
		      const struct demand_opts *o)
{
	const struct elfload_pager_stuck *s = elfload_pager_stuck(pager);

	if (s)
		report(NULL, "--frames %u: too few frames: the instruction at "
			     "%#" PRIx64 " (thread %u) keeps faulting on %u "
			     "addresses in the segments, more than %u frames "
			     "hold; the program was stopped",
		       o->frames, s->pc, s->tid, s->pages, o->frames);
}

/* In the parent: serve, present, and exit as the program did. */
static __attribute__((noreturn)) void present_pager(
	const struct elfload_program *prog, const struct demand_opts *o,
	struct elfload_demand *dm)
{
	struct elfload_diag d;

	if (dm->serving || dm->eager)
		say_mode(dm);
	if (elfload_demand_serve(dm, &d))
		report(NULL, "--demand: %s", d.msg);
	if (dm->serving) {
		finish(dm->pager, prog, o);
		say_stuck(dm->pager, o);
	}
	elfload_demand_free(dm);
	if (!dm->exited)
		exit(EXIT_SYSTEM);
	exit_like(dm->status);
}

int demand_start(struct elfload_program *prog, const struct demand_opts *o,
		 int *uffd, int *evictor_fd, unsigned *exec_flags,
		 struct elfload_diag *d)
{
	const struct elfload_demand_opts dopts = {
		.fault_around = o->fault_around,
		.frames = o->frames,
		.policy = (enum elfload_policy_kind)o->policy,
	};
	struct elfload_demand dm;
	int ret = elfload_demand_start(prog, &dopts, &dm, d);

	if (ret == ELFLOAD_DEMAND_PAGER)
		present_pager(prog, o, &dm);
	if (ret == -EPIPE) {	/* the pager is gone: say which option */
		char msg[sizeof(d->msg)];

		memcpy(msg, d->msg, sizeof(msg));
		snprintf(d->msg, sizeof(d->msg), "--demand: %.200s", msg);
	}
	if (ret)
		return ret;
	*uffd = dm.uffd;
	*evictor_fd = dm.evictor_fd;
	*exec_flags = dm.exec_flags;
	return 0;
}
