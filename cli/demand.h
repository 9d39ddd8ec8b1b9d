/* SPDX-License-Identifier: MIT */
/* run --demand: the pager process, presented (see demand.c). */
#ifndef ELFLOAD_CLI_DEMAND_H
#define ELFLOAD_CLI_DEMAND_H

#include <elfload/elfload.h>

#include "trace.h"

struct demand_opts {
	const char *trace;		/* --trace FILE, or NULL */
	enum trace_format format;	/* --trace-format */
	uint64_t fault_around;		/* --fault-around BYTES */
	bool quiet;			/* no summary on stderr */
	unsigned frames;		/* --frames N, 0 for no limit */
	int policy;			/* --policy (enum elfload_policy_kind) */
};

/*
 * elfload_demand_start(): the parent becomes the pager of @prog, presents
 * it and never returns: it exits as the program does.  The child returns
 * 0 with the userfaultfd, evictor socket and exec flags to load @prog
 * with, or -errno and @d.
 */
int demand_start(struct elfload_program *prog, const struct demand_opts *o,
		 int *uffd, int *evictor_fd, unsigned *exec_flags,
		 struct elfload_diag *d);

#endif
