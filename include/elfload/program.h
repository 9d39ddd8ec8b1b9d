/* SPDX-License-Identifier: MIT */
/*
 * A program ready to load: the executable and its interpreter opened,
 * read, checked the way execve checks them, and planned.  This is the
 * common front half of `elfload maps` and `elfload run`.
 */
#ifndef ELFLOAD_PROGRAM_H
#define ELFLOAD_PROGRAM_H

#include <limits.h>

#include <elfload/diag.h>
#include <elfload/image.h>
#include <elfload/plan.h>

#ifdef __cplusplus
extern "C" {
#endif

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

/* Options for elfload_program_open(). */
struct elfload_program_opts {
	bool randomize;		/* plan a randomized layout ... */
	uint64_t seed;		/* ... from this seed */
	/* or reproduce the random draws seen in a real process */
	const struct elfload_observed *observed;
	/* read only the headers loading needs (no section headers) */
	bool headers_only;
	/* the host's layout, when already known (else elfload_layout_host()) */
	bool have_host;
	struct elfload_layout host;
};

/*
 * A set-ID executable is always planned randomized, as the kernel always
 * randomizes it.
 *
 * Open @path and its interpreter, check both as the kernel does and plan
 * the address space for @argv and @envp.  Errors carry the errno class
 * execve would give (-ENOENT, -EACCES, -ENOEXEC, -ELIBBAD, -EIO) or
 * -EINVAL for a file the kernel would only kill after its point of no
 * return.  @prog must be freed with elfload_program_close() on success.
 */
int elfload_program_open(struct elfload_program *prog, const char *path,
			 char *const argv[], char *const envp[],
			 const struct elfload_program_opts *opts,
			 struct elfload_diag *d);

/* The same for an executable already open on @fd, named @name. */
int elfload_program_open_fd(struct elfload_program *prog, int fd,
			    const char *name, char *const argv[],
			    char *const envp[],
			    const struct elfload_program_opts *opts,
			    struct elfload_diag *d);

void elfload_program_close(struct elfload_program *prog);

#ifdef __cplusplus
}
#endif

#endif
