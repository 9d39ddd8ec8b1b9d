/* SPDX-License-Identifier: MIT */
/*
 * A program ready to load: the executable and its interpreter opened,
 * read, checked the way execve checks them, and planned.  This is the
 * common front half of `elfload maps` and `elfload run`.
 */
#ifndef ELFLOAD_PROGRAM_H
#define ELFLOAD_PROGRAM_H

#include <elfload/diag.h>
#include <elfload/image.h>
#include <elfload/plan.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Opaque: allocated by elfload_program_open(), read through the accessors
 * below, freed by elfload_program_close().
 */
struct elfload_program;

/* Options for elfload_program_open(). */
struct elfload_program_opts {
	bool randomize;		/* plan a randomized layout ... */
	uint64_t seed;		/* ... from this seed */
	/* or reproduce these draws seen in a real process (0: draw) */
	struct elfload_observed observed;
	/* read only the headers loading needs (no section headers) */
	bool headers_only;
	/* the host's layout, when already known (else elfload_layout_host()) */
	bool have_host;
	struct elfload_layout host;
	/*
	 * A directory holding another system's files (an arm64 sysroot):
	 * PT_INTERP is looked up under it.  NULL: as the kernel, from /.
	 */
	const char *root;
};

/*
 * A set-ID executable is always planned randomized, as the kernel always
 * randomizes it.
 *
 * Open @path and its interpreter, check both as the kernel does and plan
 * the address space for @argv and @envp.  Errors carry the errno class
 * execve would give (-ENOENT, -EACCES, -ENOEXEC, -ELIBBAD, -EIO) or
 * -EINVAL for a file the kernel would only kill after its point of no
 * return, or -ENOMEM.  On success *@out is a new program, to be freed
 * with elfload_program_close(); on failure *@out is NULL.  @path is
 * borrowed: it must outlive the program (it is its AT_EXECFN).
 */
int elfload_program_open(const char *path, char *const argv[],
			 char *const envp[],
			 const struct elfload_program_opts *opts,
			 struct elfload_program **out, struct elfload_diag *d);

/*
 * The same for an executable already open on @fd, named @name (borrowed
 * as @path above).  The program owns @fd on success only.
 */
int elfload_program_open_fd(int fd, const char *name, char *const argv[],
			    char *const envp[],
			    const struct elfload_program_opts *opts,
			    struct elfload_program **out,
			    struct elfload_diag *d);

/* Close the program's files and free it; NULL is allowed. */
void elfload_program_close(struct elfload_program *prog);

/*
 * Plan @prog again, randomized, reusing the kernel's draws @obs (copied;
 * a zero field is drawn from the seed), as seen in a real process (see
 * elfload_oracle_draws()).  Returns 0 or the planner's error.
 */
int elfload_program_replan(struct elfload_program *prog,
			   const struct elfload_observed *obs,
			   struct elfload_diag *d);

/*
 * What was opened and planned.  Each pointer is owned by @prog and lives
 * as long as it does.
 */
/* The executable (the ELF file at the end of any #! chain). */
const struct elfload_image *elfload_program_exe(const struct elfload_program *prog);
/* Its interpreter, or NULL without PT_INTERP. */
const struct elfload_image *elfload_program_interp(const struct elfload_program *prog);
/* PT_INTERP as written, or NULL. */
const char *elfload_program_interp_name(const struct elfload_program *prog);
/* The path as given to open (AT_EXECFN). */
const char *elfload_program_execfn(const struct elfload_program *prog);
/* The executable's and the interpreter's (or NULL) identity and path. */
const struct elfload_file_id *elfload_program_exe_id(const struct elfload_program *prog);
const struct elfload_file_id *elfload_program_interp_id(const struct elfload_program *prog);
const char *elfload_program_exe_path(const struct elfload_program *prog);
/* The layout planned with, the planner's input, and its plan. */
const struct elfload_layout *elfload_program_layout(const struct elfload_program *prog);
const struct elfload_plan_input *elfload_program_input(const struct elfload_program *prog);
const struct elfload_plan *elfload_program_plan(const struct elfload_program *prog);
/* The argv to start it with: rewritten for #!, else @argv itself. */
char *const *elfload_program_argv(const struct elfload_program *prog,
				  char *const argv[]);

/*
 * The plan as /proc/PID/maps would show it at the first instruction:
 * call @fn with each line (newline included) and its merged VMA.
 */
void elfload_program_maps_lines(const struct elfload_program *prog,
				void (*fn)(const char *line,
					   const struct elfload_vma *vma,
					   void *arg),
				void *arg);

/* The same as one malloc'd string, or NULL with errno ENOMEM. */
char *elfload_program_maps_text(const struct elfload_program *prog);

/*
 * Where an address lies.  The image owning @vma (NULL for the stack and
 * the kernel's mappings), with its load bias in *@bias.
 */
const struct elfload_image *
elfload_program_vma_image(const struct elfload_program *prog,
			  const struct elfload_vma *vma, uint64_t *bias);

/* Call @fn with the name of each section of its image inside @vma. */
void elfload_program_vma_sections(const struct elfload_program *prog,
				  const struct elfload_vma *vma,
				  void (*fn)(const char *name, void *arg),
				  void *arg);

/*
 * The section of @img holding link-time address @vaddr in a VMA of
 * @kind, or NULL.  The rule of both: an allocated, non-empty section;
 * .tbss takes no addresses outside PT_TLS (as readelf has it); file
 * pages hold PROGBITS and the start of a NOBITS section on their last
 * page, anonymous pages NOBITS only.
 */
const char *elfload_image_section_at(const struct elfload_image *img,
				     enum elfload_vma_kind kind, uint64_t vaddr);

#ifdef __cplusplus
}
#endif

#endif
