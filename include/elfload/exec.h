/* SPDX-License-Identifier: MIT */
/*
 * A user-space execve: load a program into the calling process and jump to
 * it, without the execve system call, so that the program sees what a
 * kernel exec would have given it.
 *
 * The calling process must be single-threaded.  On success the functions
 * do not return: the process is the new program.  Before their point of no
 * return they return -errno with the process untouched: -ENOENT, -EACCES
 * (not a regular file, not executable), -ENOEXEC (not a loadable ELF
 * file), -ELIBBAD (bad interpreter), -ELOOP (#! nesting), -EINVAL (a file
 * the kernel would kill with SIGSEGV after its own point of no return),
 * -E2BIG, -ENOMEM.  A failure after the point of no return prints one
 * line on stderr and ends the process by SIGSEGV, as the kernel does.
 *
 * Example:
 *
 *	char *argv[] = { "ls", "-l", NULL };
 *	int err = elfload_exec("/bin/ls", argv, environ, 0);
 *	fprintf(stderr, "elfload_exec: %s\n", strerror(-err));
 */
#ifndef ELFLOAD_EXEC_H
#define ELFLOAD_EXEC_H

#include <stdint.h>

#include <elfload/diag.h>
#include <elfload/program.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ELFLOAD_EXEC_STOP_AT_ENTRY 0x1u	/* SIGSTOP just before the jump */
/*
 * Demand paging: map the PT_LOAD segments of the program and of its
 * interpreter empty, with their final protections, and register them
 * with the userfaultfd opts->uffd (see pager.h), whose pager fills each
 * page when it is first touched.  No page of a segment is written by
 * the loader (the pager applies the bss zeroing too).
 */
#define ELFLOAD_EXEC_DEMAND 0x2u
/*
 * With ELFLOAD_EXEC_DEMAND: map writable segments as usual instead (for
 * a userfaultfd in user-mode-only, which cannot serve faults the kernel
 * takes on the program's behalf, e.g. read(2) into .bss).
 */
#define ELFLOAD_EXEC_DEMAND_READONLY 0x4u
/*
 * With ELFLOAD_EXEC_DEMAND: leave an evictor thread in the program, which
 * drops pages (madvise MADV_DONTNEED) when the pager asks on the socket
 * opts->evictor_fd.  Its code and stack stay mapped, named
 * [anon:elfload-evictor] where the kernel names anonymous mappings.
 */
#define ELFLOAD_EXEC_EVICTOR 0x8u
/*
 * The caller promises that no signal handler was installed since this
 * process's last execve (true of a command that installs none): execve's
 * reset of caught signals to SIG_DFL is then known to have nothing to do,
 * and the loop over every signal's disposition is skipped.
 */
#define ELFLOAD_EXEC_NO_HANDLERS 0x10u

int elfload_exec(const char *path, char *const argv[], char *const envp[],
		 unsigned flags);
int elfload_exec_fd(int fd, char *const argv[], char *const envp[],
		    unsigned flags);

/* Options of the full interface. */
struct elfload_exec_opts {
	unsigned flags;
	/* Called with one line per loading step (no newline), if set. */
	void (*log)(void *ctx, const char *line);
	void *log_ctx;
	int uffd;	/* with ELFLOAD_EXEC_DEMAND */
	int evictor_fd;	/* with ELFLOAD_EXEC_EVICTOR */
};

/*
 * Carry out the plan of @prog (from elfload_program_open with the same
 * @argv and @envp; pass elfload_program_argv(prog, argv) for a #! script).
 * @prog is consumed: on failure it has been closed.
 */
int elfload_exec_program(struct elfload_program *prog, char *const argv[],
			 char *const envp[],
			 const struct elfload_exec_opts *opts,
			 struct elfload_diag *d);

/*
 * Options for elfload_program_open() that plan the way a kernel exec from
 * this process would: randomized as the kernel decides (personality
 * ADDR_NO_RANDOMIZE, /proc/sys/kernel/randomize_va_space), reusing this
 * process's own mmap base and stack top, the outcome of the kernel's
 * draws at its last exec (held in @opts), a fresh seed, headers only.
 */
void elfload_exec_program_opts(struct elfload_program_opts *opts);

#ifdef __cplusplus
}
#endif

#endif
