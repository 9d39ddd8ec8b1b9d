/* SPDX-License-Identifier: MIT */
/*
 * The initial process stack (System V ABI), byte for byte as the Linux
 * kernel builds it (fs/binfmt_elf.c create_elf_tables), from the top:
 *
 *	a zero word, the execfn string, the envp strings, the argv strings,
 *	(stack alignment, minus a random jitter when randomizing),
 *	the platform string, 16 random bytes, padding,
 *	auxv pairs ending with AT_NULL, NULL, envp[], NULL, argv[], argc
 *
 * with the stack pointer, aligned, pointing at argc.  Words, their byte
 * order and the alignment are the architecture's (struct elfload_arch:
 * 8-byte little-endian words and 16-byte alignment on x86-64).
 */
#ifndef ELFLOAD_STACK_H
#define ELFLOAD_STACK_H

#include <stddef.h>
#include <stdint.h>

#include <elfload/arch.h>
#include <elfload/diag.h>
#include <elfload/elf.h>

#ifdef __cplusplus
extern "C" {
#endif

struct elfload_auxv {
	uint64_t type;
	uint64_t value;
};

struct elfload_stack_input {
	const struct elfload_arch *arch; /* word size, byte order, alignment */
	uint64_t top;			/* highest stack address (exclusive) */
	const char *execfn;		/* AT_EXECFN string */
	char *const *argv;		/* NULL-terminated */
	char *const *envp;		/* NULL-terminated, may be NULL */
	const char *platform;		/* AT_PLATFORM string, or NULL */
	const unsigned char *random;	/* the 16 AT_RANDOM bytes */
	uint64_t align_jitter;		/* subtracted before aligning
					   (below arch->stack_jitter) */
	/*
	 * Auxiliary vector in the kernel's order, without AT_NULL.  The
	 * values of AT_EXECFN, AT_RANDOM and AT_PLATFORM are filled in.
	 */
	const struct elfload_auxv *auxv;
	size_t nauxv;
};

struct elfload_stack_image {
	uint64_t sp;			/* initial stack pointer (&argc) */
	size_t size;			/* bytes from sp to top */
	uint64_t arg_start, arg_end;	/* as mm->arg_start, mm->arg_end */
	uint64_t env_start, env_end;
	uint64_t auxv_addr;		/* first auxv pair */
	size_t auxv_words;		/* including the AT_NULL pair */
	uint64_t execfn_addr, random_addr, platform_addr;
};

/*
 * Bytes of strings the kernel copies to the top of a new stack: @execfn
 * and every string of @envp and @argv (NULL-terminated arrays), each with
 * its NUL.  This sizes the stack VMA (struct elfload_layout.stack_strings).
 */
uint64_t elfload_stack_strings_size(const char *execfn,
				    char *const argv[], char *const envp[]);

/*
 * Would execve copy these strings?  The kernel's limits (fs/exec.c):
 * each string with its NUL at most 32 pages of @page_size, and all of
 * them with one kernel word per argv and envp pointer at most 1/4 of
 * @stack_rlimit (or 6 MiB), but never less than 128 KiB.  Pure.  0, or
 * -E2BIG with @d filled, as execve fails.
 */
int elfload_stack_args_check(const char *execfn, char *const argv[],
			     char *const envp[], uint64_t stack_rlimit,
			     uint64_t page_size, struct elfload_diag *d);

/*
 * Build the initial stack into @buf, which stands for the @bufsize bytes
 * just below in->top: on success the image occupies the last img->size
 * bytes of @buf.  Pure: no system calls.  Returns 0, or -E2BIG when the
 * image does not fit (with @d filled).
 */
int elfload_stack_build(const struct elfload_stack_input *in, void *buf,
			size_t bufsize, struct elfload_stack_image *img,
			struct elfload_diag *d);

/*
 * What the kernel draws at random for a new stack: the 16 AT_RANDOM
 * bytes, and the jitter subtracted below the strings before aligning
 * (arch_align_stack; 0 without randomization).
 */
struct elfload_stack_draws {
	unsigned char random[16];
	uint64_t jitter;
};

/* The parts of an initial stack, as elfload_stack_decode() finds them. */
enum elfload_stack_kind {
	ELFLOAD_STACK_END,	/* the zero word at the very top */
	ELFLOAD_STACK_EXECFN,	/* the AT_EXECFN string */
	ELFLOAD_STACK_ENV_STRING,
	ELFLOAD_STACK_ARG_STRING,
	ELFLOAD_STACK_PLATFORM,	/* the AT_PLATFORM string */
	ELFLOAD_STACK_RANDOM,	/* the 16 AT_RANDOM bytes */
	ELFLOAD_STACK_PADDING,	/* alignment (and jitter): zero bytes */
	ELFLOAD_STACK_AUXV,	/* one (type, value) pair, AT_NULL last */
	ELFLOAD_STACK_ENVP,	/* envp[index], the last one NULL */
	ELFLOAD_STACK_ARGV,	/* argv[index], the last one NULL */
	ELFLOAD_STACK_ARGC,	/* at the initial stack pointer */
};

#define ELFLOAD_STACK_MEANING_MAX 112

/* One part of an initial stack. */
struct elfload_stack_entry {
	uint64_t addr;		/* its lowest address */
	uint64_t offset;	/* top - addr */
	uint64_t size;		/* bytes */
	enum elfload_stack_kind kind;
	size_t index;		/* argv[]/envp[]/auxv index, string number */
	uint64_t type;		/* the auxv type (AUXV) */
	uint64_t value;		/* the word: argc, a pointer, the auxv value */
	/*
	 * The string (a string's own bytes, or the one a pointer or an auxv
	 * value points at), inside the decoded bytes; NULL if none.
	 */
	const char *string;
	char meaning[ELFLOAD_STACK_MEANING_MAX]; /* in words, for people */
};

/* The "AT_PHDR" name of an auxv type, or NULL when unknown. */
const char *elfload_auxv_name(uint64_t type);

/* "string", "auxv", ...: the name of @kind, as --json prints it. */
const char *elfload_stack_kind_name(enum elfload_stack_kind kind);

/*
 * Decode the initial stack @bytes: the @size bytes just below @top, the
 * initial stack pointer being @top - @size.  Pure; every read is
 * bounds-checked and a pointer outside the bytes is described as such.
 * On success *@out (malloc'd, free it) holds *@n entries from the top
 * down, covering every byte once, and their strings point into @bytes.
 * Returns 0, -EINVAL for a truncated table, or -ENOMEM.
 */
int elfload_stack_decode(const struct elfload_arch *arch, const void *bytes,
			 size_t size, uint64_t top,
			 struct elfload_stack_entry **out, size_t *n,
			 struct elfload_diag *d);

struct elfload_program;

/* The initial stack of a program, built and decoded. */
struct elfload_initial_stack {
	const struct elfload_arch *arch;
	uint64_t top;			/* highest address (exclusive) */
	struct elfload_stack_image img;	/* sp, size and where things are */
	struct elfload_stack_draws draws; /* the random draws it was built with */
	unsigned char *bytes;		/* img.size bytes; bytes[0] is at sp */
	size_t nentries;
	struct elfload_stack_entry *entries; /* from the top down */
};

/*
 * The initial stack the kernel would build for @prog (opened and planned
 * with elfload_program_open(), its top the plan's) started with @argv
 * and @envp, exactly as elfload's loader builds it: the auxiliary vector
 * is this process's own with the program's entries planned, and, for a
 * set-ID program, the credentials the kernel's exec grants (AT_EUID,
 * AT_EGID, AT_SECURE), which elfload's loader cannot.  @draws NULL
 * draws the random bytes and the jitter as the kernel would; otherwise
 * they are taken from @draws (to reproduce a real process).  Returns 0
 * with *@out set (free it with elfload_initial_stack_free()) or -errno.
 */
int elfload_program_stack(const struct elfload_program *prog,
			  char *const argv[], char *const envp[],
			  const struct elfload_stack_draws *draws,
			  struct elfload_initial_stack **out,
			  struct elfload_diag *d);

/* Free what elfload_program_stack() gave; NULL is allowed. */
void elfload_initial_stack_free(struct elfload_initial_stack *s);

#ifdef __cplusplus
}
#endif

#endif
