/* SPDX-License-Identifier: MIT */
/*
 * The inside of struct elfload_program, for the library only: callers
 * see an opaque handle and the accessors of program.h.
 */
#ifndef ELFLOAD_PROGRAM_INT_H
#define ELFLOAD_PROGRAM_INT_H

#include <limits.h>

#include <elfload/program.h>

struct elfload_program {
	const char *execfn;		/* the path as given (AT_EXECFN) */
	int exe_fd;
	int interp_fd;			/* -1 without PT_INTERP */
	struct elfload_image *exe;
	struct elfload_image *interp;
	struct elfload_file_id exe_id;
	struct elfload_file_id interp_id;
	char exe_path[PATH_MAX];
	char interp_path[PATH_MAX];
	const char *interp_name;	/* PT_INTERP as written */
	char **argv;			/* argv rewritten for #!, or NULL */
	struct elfload_layout layout;
	struct elfload_plan_input input;
	struct elfload_plan plan;
};

#endif
