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
 * Build the initial stack into @buf, which stands for the @bufsize bytes
 * just below in->top: on success the image occupies the last img->size
 * bytes of @buf.  Pure: no system calls.  Returns 0, or -E2BIG when the
 * image does not fit (with @d filled).
 */
int elfload_stack_build(const struct elfload_stack_input *in, void *buf,
			size_t bufsize, struct elfload_stack_image *img,
			struct elfload_diag *d);

#ifdef __cplusplus
}
#endif

#endif
