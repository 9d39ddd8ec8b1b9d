/* SPDX-License-Identifier: MIT */
/*
 * The kernel oracle: let the kernel exec a program, stop it at its first
 * instruction with ptrace, read what the kernel made of it (its memory
 * map, auxiliary vector and start_brk), and kill it.  What elfload
 * predicts is checked against this.
 *
 * Example:
 *
 *	struct elfload_oracle *o;
 *	struct elfload_diag d;
 *
 *	if (elfload_oracle_run("/bin/true", argv, environ, 0, &o, &d) < 0)
 *		fprintf(stderr, "%s\n", d.msg);
 *	else
 *		fputs(o->maps, stdout);
 *	elfload_oracle_free(o);
 */
#ifndef ELFLOAD_ORACLE_H
#define ELFLOAD_ORACLE_H

#include <stddef.h>
#include <stdint.h>

#include <elfload/diag.h>
#include <elfload/plan.h>
#include <elfload/program.h>
#include <elfload/stack.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Leave address space randomization on (else ADDR_NO_RANDOMIZE). */
#define ELFLOAD_ORACLE_RANDOMIZE 0x1u

/*
 * Also read the stack: the bytes of the [stack] VMA through
 * /proc/PID/mem and the initial stack pointer.
 */
#define ELFLOAD_ORACLE_STACK 0x2u

#define ELFLOAD_ORACLE_MAX_AUXV 64

/*
 * What the kernel made of a program, read while it was stopped at its
 * first instruction.  Allocated by the library, which may add fields at
 * the end (the stack read through /proc/PID/mem, behind a new flag).
 */
struct elfload_oracle {
	char *maps;		/* /proc/PID/maps, NUL-terminated */
	size_t nauxv;		/* entries of auxv, without AT_NULL */
	struct elfload_auxv auxv[ELFLOAD_ORACLE_MAX_AUXV];
	uint64_t start_brk;	/* field 47 of /proc/PID/stat */
	/* With ELFLOAD_ORACLE_STACK: */
	uint64_t stack_start;	/* the [stack] VMA */
	uint64_t stack_end;
	unsigned char *stack;	/* its stack_end - stack_start bytes */
	uint64_t sp;		/* the stack pointer at the first instruction */
};

/*
 * Run @path natively with @argv and @envp (fork, PTRACE_TRACEME, execve;
 * personality ADDR_NO_RANDOMIZE unless @flags has
 * ELFLOAD_ORACLE_RANDOMIZE), read what the kernel made once it stops at
 * its first instruction (with ELFLOAD_ORACLE_STACK its stack too), then
 * kill and reap it.  Returns 0 with *@out
 * set (free it with elfload_oracle_free()), or -errno with *@out NULL:
 * -ENOEXEC when the exec failed, -EFAULT when the program died before
 * its first instruction, -EIO when its map could not be read, or fork's
 * and waitpid's errors.  The calling process must not have SIGCHLD
 * ignored.
 */
int elfload_oracle_run(const char *path, char *const argv[],
		       char *const envp[], unsigned flags,
		       struct elfload_oracle **out, struct elfload_diag *d);

/*
 * The outcome of the kernel's random draws in @o, for elfload_program_replan()
 * of @prog (the same program): the end of [stack], the top of the mmap
 * area, start_brk, and the executable's load bias (AT_ENTRY minus its
 * e_entry).
 */
void elfload_oracle_draws(const struct elfload_oracle *o,
			  const struct elfload_program *prog,
			  struct elfload_observed *obs);

/*
 * The kernel's random draws for the initial stack of @o (run with
 * ELFLOAD_ORACLE_STACK): the 16 bytes at its AT_RANDOM, and the jitter,
 * inferred from where its platform string (or random bytes) ends
 * against @predicted, the same program's stack predicted without jitter
 * (elfload_program_stack()).  0, or -ENOENT when @o lacks them.
 */
int elfload_oracle_stack_draws(const struct elfload_oracle *o,
			       const struct elfload_initial_stack *predicted,
			       struct elfload_stack_draws *draws);

/* Free what elfload_oracle_run() returned; NULL is allowed. */
void elfload_oracle_free(struct elfload_oracle *o);

#ifdef __cplusplus
}
#endif

#endif
