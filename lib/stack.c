// SPDX-License-Identifier: MIT
/* The initial process stack, as create_elf_tables builds it; see stack.h. */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <string.h>

#include <elfload/stack.h>

#include "internal.h"

/* With no arguments the kernel passes one empty argv[0] (fs/exec.c). */
static char *const empty_argv[] = { "", NULL };

static char *const *kernel_argv(char *const *argv)
{
	return argv && argv[0] ? argv : empty_argv;
}

uint64_t elfload_stack_strings_size(const char *execfn,
				    char *const argv[], char *const envp[])
{
	uint64_t n = strlen(execfn) + 1;
	size_t i;

	argv = kernel_argv(argv);
	for (i = 0; argv && argv[i]; i++)
		n += strlen(argv[i]) + 1;
	for (i = 0; envp && envp[i]; i++)
		n += strlen(envp[i]) + 1;
	return n;
}

/*
 * fs/exec.c's limits on what execve copies: at most 1/4 of the stack
 * rlimit or 3/4 of _STK_LIM for the strings and their pointers, but
 * never less than ARG_MAX; each string (with its NUL) at most
 * MAX_ARG_STRLEN, 32 pages.  The kernel counts pointers in its own word,
 * 8 bytes on a 64-bit kernel whatever the program's class.
 */
#define KERNEL_STK_LIM (8ull << 20)
#define KERNEL_ARG_MAX (128ull << 10)
#define KERNEL_ARG_STRLEN_PAGES 32
#define KERNEL_WORD 8

static uint64_t arg_limit(uint64_t stack_rlimit)
{
	uint64_t limit = KERNEL_STK_LIM / 4 * 3;

	if (stack_rlimit / 4 < limit)
		limit = stack_rlimit / 4;
	return limit > KERNEL_ARG_MAX ? limit : KERNEL_ARG_MAX;
}

/*
 * Count @v's strings into *@n and their bytes into *@bytes; false (with
 * *@too_long) when one is longer than @max_len.
 */
static bool count_strings(char *const *v, uint64_t max_len, uint64_t *n,
			  uint64_t *bytes, uint64_t *too_long)
{
	size_t i;

	for (i = 0; v && v[i]; i++) {
		uint64_t len = strlen(v[i]) + 1;

		if (len > max_len) {
			*too_long = len;
			return false;
		}
		*bytes += len;
		(*n)++;
	}
	return true;
}

int elfload_stack_args_check(const char *execfn, char *const argv[],
			     char *const envp[], uint64_t stack_rlimit,
			     uint64_t page_size, struct elfload_diag *d)
{
	uint64_t max_len = KERNEL_ARG_STRLEN_PAGES * page_size;
	uint64_t limit = arg_limit(stack_rlimit), nargs = 0, nenv = 0;
	uint64_t bytes = strlen(execfn) + 1, too_long = 0, ptrs;

	if (bytes > max_len ||
	    !count_strings(kernel_argv(argv), max_len, &nargs, &bytes,
			   &too_long) ||
	    !count_strings(envp, max_len, &nenv, &bytes, &too_long))
		return elfload_diag_set(d, -E2BIG, "arguments", -1, "length",
					too_long ? too_long : bytes, max_len,
					"an argument or environment string of "
					"%" PRIu64 " bytes is longer than the "
					"kernel allows (%" PRIu64 ")",
					too_long ? too_long : bytes, max_len);
	ptrs = (nargs + nenv) * KERNEL_WORD;
	if (ptrs >= limit || bytes > limit - ptrs)
		return elfload_diag_set(d, -E2BIG, "arguments", -1, "size",
					bytes + ptrs, limit,
					"%" PRIu64 " bytes of arguments and "
					"environment (strings and pointers) are "
					"more than the kernel allows (%" PRIu64
					", from the stack limit)",
					bytes + ptrs, limit);
	return 0;
}

/* A cursor moving down from the top of the stack, over the buffer. */
struct stack_writer {
	const struct elfload_arch *arch;
	unsigned char *buf;
	size_t bufsize;
	uint64_t top;
	uint64_t p;		/* current lowest address */
	bool overflow;
};

static unsigned char *at(struct stack_writer *w, uint64_t addr)
{
	return w->buf + w->bufsize - (w->top - addr);
}

/* Move down @len bytes; false (and overflow) when the buffer ends. */
static bool reserve(struct stack_writer *w, uint64_t len)
{
	if (w->overflow || len > w->p - (w->top - w->bufsize)) {
		w->overflow = true;
		return false;
	}
	w->p -= len;
	/* Gaps and padding read as zero; only the image's bytes are touched. */
	memset(at(w, w->p), 0, len);
	return true;
}

static void push_bytes(struct stack_writer *w, const void *src, size_t len)
{
	if (reserve(w, len))
		memcpy(at(w, w->p), src, len);
}

/* One word of the architecture's size and byte order at @addr. */
static void put_word(struct stack_writer *w, uint64_t addr, uint64_t v)
{
	unsigned char *dst = at(w, addr);
	unsigned n = w->arch->word_size, i;

	for (i = 0; i < n; i++)
		dst[w->arch->big_endian ? n - 1 - i : i] =
			(unsigned char)(v >> (8 * i));
}

static size_t count(char *const *v)
{
	size_t n = 0;

	while (v && v[n])
		n++;
	return n;
}

/* Copy the strings of @v downward, last first, so v[0] ends up lowest. */
static void push_strings(struct stack_writer *w, char *const *v, size_t n)
{
	while (n-- > 0)
		push_bytes(w, v[n], strlen(v[n]) + 1);
}

/* argc, argv[], NULL, envp[], NULL, auxv: the table at the final sp. */
static void write_tables(struct stack_writer *w,
			 const struct elfload_stack_input *in,
			 struct elfload_stack_image *img, size_t argc,
			 size_t envc)
{
	const uint64_t word = w->arch->word_size;
	uint64_t a = img->sp, s;
	size_t i;

	put_word(w, a, argc);
	a += word;
	for (i = 0, s = img->arg_start; i < argc; i++, a += word) {
		put_word(w, a, s);
		s += strlen(in->argv[i]) + 1;
	}
	put_word(w, a, 0);
	a += word;
	for (i = 0, s = img->env_start; i < envc; i++, a += word) {
		put_word(w, a, s);
		s += strlen(in->envp[i]) + 1;
	}
	put_word(w, a, 0);
	a += word;
	img->auxv_addr = a;
	for (i = 0; i < in->nauxv; i++, a += 2 * word) {
		uint64_t v = in->auxv[i].value;

		if (in->auxv[i].type == ELFLOAD_AT_EXECFN)
			v = img->execfn_addr;
		else if (in->auxv[i].type == ELFLOAD_AT_RANDOM)
			v = img->random_addr;
		else if (in->auxv[i].type == ELFLOAD_AT_PLATFORM)
			v = img->platform_addr;
		put_word(w, a, in->auxv[i].type);
		put_word(w, a + word, v);
	}
	put_word(w, a, ELFLOAD_AT_NULL);
	put_word(w, a + word, 0);
}

int elfload_stack_build(const struct elfload_stack_input *in, void *buf,
			size_t bufsize, struct elfload_stack_image *img,
			struct elfload_diag *d)
{
	struct elfload_stack_input kin = *in;
	struct stack_writer w = { .arch = in->arch, .buf = buf,
				  .bufsize = bufsize, .top = in->top,
				  .p = in->top };
	const uint64_t word = in->arch->word_size;
	const uint64_t align = in->arch->stack_align;
	size_t argc, envc = count(in->envp);
	uint64_t words, sp;

	kin.argv = kernel_argv(in->argv);
	in = &kin;
	argc = count(in->argv);
	elfload_diag_clear(d);
	memset(img, 0, sizeof(*img));
	/* No address lies below 0: only the buffer's last @top bytes count. */
	if (bufsize > in->top) {
		w.buf += bufsize - in->top;
		w.bufsize = bufsize = (size_t)in->top;
	}
	reserve(&w, elfload_arch_stack_end_marker(in->arch));
	push_bytes(&w, in->execfn, strlen(in->execfn) + 1);
	img->execfn_addr = w.p;
	push_strings(&w, in->envp, envc);
	img->env_start = w.p;
	push_strings(&w, in->argv, argc);
	img->arg_start = w.p;
	img->arg_end = img->env_start;
	img->env_end = img->execfn_addr;
	/* arch_align_stack(): the random jitter, then the alignment. */
	if (!reserve(&w, (w.p - ((w.p - in->align_jitter) & ~(align - 1)))))
		goto too_big;
	if (in->platform) {
		push_bytes(&w, in->platform, strlen(in->platform) + 1);
		img->platform_addr = w.p;
	}
	push_bytes(&w, in->random, 16);
	img->random_addr = w.p;
	img->auxv_words = 2 * (in->nauxv + 1);
	words = img->auxv_words + (argc + 1) + (envc + 1) + 1;
	sp = (w.p - word * words) & ~(align - 1);
	if (w.overflow || !reserve(&w, w.p - sp))
		goto too_big;
	img->sp = sp;
	img->size = (size_t)(in->top - sp);
	write_tables(&w, in, img, argc, envc);
	return 0;

too_big:
	return elfload_diag_set(d, -E2BIG, "initial stack", -1, NULL, bufsize,
				bufsize, "arguments and environment do not fit "
				"in %zu bytes", bufsize);
}
