// SPDX-License-Identifier: MIT
/*
 * Unit tests of the decoding of an initial stack image
 * (lib/stackview.c, elfload_stack_decode): a fixed image built by
 * elfload_stack_build() from fixed inputs is decoded from the top down
 * into its parts, every byte once, with the strings each pointer points
 * at and the auxv values named; 4-byte big-endian words decode the same;
 * a cut table is refused and a pointer outside the image is said to be.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <elfload/arch.h>
#include <elfload/diag.h>
#include <elfload/stack.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define X86_64 elfload_arch_for(2, 62)
#define TOP 0x7ffffffff000ull
#define BUFSIZE 4096

static const unsigned char random_bytes[16] = {
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
};

static char *const fixed_argv[] = { "./prog", "one", NULL };
static char *const fixed_envp[] = { "HOME=/root", NULL };

/* A fixed image: 2 args, 1 env string, platform, a short auxv. */
struct fixed {
	unsigned char buf[BUFSIZE];
	struct elfload_stack_image img;
	struct elfload_stack_entry *e;
	size_t n;
};

static void build_fixed(struct fixed *f, const struct elfload_arch *arch,
			uint64_t top, const char *platform)
{
	struct elfload_auxv auxv[] = {
		{ ELFLOAD_AT_PAGESZ, 4096 },
		{ ELFLOAD_AT_BASE, 0 },
		{ ELFLOAD_AT_ENTRY, 0x401000 },
		{ ELFLOAD_AT_UID, 1000 },
		{ ELFLOAD_AT_RANDOM, 0 },
		{ ELFLOAD_AT_EXECFN, 0 },
		{ ELFLOAD_AT_PLATFORM, 0 },
	};
	struct elfload_stack_input in = {
		.arch = arch, .top = top, .execfn = "./prog",
		.argv = fixed_argv, .envp = fixed_envp, .platform = platform,
		.random = random_bytes, .auxv = auxv,
		.nauxv = ARRAY_LEN(auxv) - !platform,
	};
	struct elfload_diag d;

	assert_int_equal(elfload_stack_build(&in, f->buf, BUFSIZE, &f->img, &d),
			 0);
	assert_int_equal(elfload_stack_decode(arch,
					      f->buf + BUFSIZE - f->img.size,
					      f->img.size, top, &f->e, &f->n,
					      &d), 0);
}

/* The entries tile [sp, top) from the top down, each byte once. */
static void assert_tiled(const struct fixed *f, uint64_t top)
{
	uint64_t above = top;
	size_t i;

	for (i = 0; i < f->n; i++) {
		assert_int_equal(f->e[i].addr + f->e[i].size, above);
		assert_int_equal(f->e[i].offset, top - f->e[i].addr);
		above = f->e[i].addr;
	}
	assert_int_equal(above, f->img.sp);
}

/* The first entry of @kind with @index, or fail. */
static const struct elfload_stack_entry *find(const struct fixed *f,
					      enum elfload_stack_kind kind,
					      size_t index)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->e[i].kind == kind && f->e[i].index == index)
			return &f->e[i];
	fail_msg("no entry of kind %d index %zu", kind, index);
	return NULL;
}

static void fixed_image_from_the_top(void **state)
{
	static const enum elfload_stack_kind order[] = {
		ELFLOAD_STACK_END, ELFLOAD_STACK_EXECFN,
		ELFLOAD_STACK_ENV_STRING, ELFLOAD_STACK_ARG_STRING,
		ELFLOAD_STACK_ARG_STRING, ELFLOAD_STACK_PADDING,
		ELFLOAD_STACK_PLATFORM, ELFLOAD_STACK_RANDOM,
	};
	struct fixed *f = calloc(1, sizeof(*f));
	size_t i;

	(void)state;
	build_fixed(f, X86_64, TOP, "x86_64");
	assert_tiled(f, TOP);
	for (i = 0; i < ARRAY_LEN(order); i++)
		assert_int_equal(f->e[i].kind, order[i]);
	assert_int_equal(f->e[0].addr, TOP - 8);
	assert_string_equal(f->e[1].string, "./prog");
	assert_int_equal(f->e[1].addr, f->img.execfn_addr);
	assert_string_equal(f->e[2].string, "HOME=/root");
	assert_int_equal(f->e[3].index, 1);
	assert_string_equal(f->e[3].string, "one");
	assert_int_equal(f->e[4].addr, f->img.arg_start);
	assert_string_equal(f->e[6].string, "x86_64");
	assert_int_equal(f->e[7].addr, f->img.random_addr);
	assert_int_equal(f->e[7].size, 16);
	/* Below: padding to 16, 8 auxv pairs, envp[2], argv[3], argc. */
	assert_int_equal(f->e[f->n - 1].kind, ELFLOAD_STACK_ARGC);
	assert_int_equal(f->e[f->n - 1].value, 2);
	assert_int_equal(f->e[f->n - 1].addr, f->img.sp);
	assert_string_equal(f->e[f->n - 1].meaning,
			    "argc = 2 (the initial stack pointer)");
	free(f->e);
	free(f);
}

static void pointers_and_auxv(void **state)
{
	struct fixed *f = calloc(1, sizeof(*f));
	const struct elfload_stack_entry *e;

	(void)state;
	build_fixed(f, X86_64, TOP, "x86_64");
	e = find(f, ELFLOAD_STACK_ARGV, 0);
	assert_int_equal(e->addr, f->img.sp + 8);
	assert_int_equal(e->value, f->img.arg_start);
	assert_string_equal(e->string, "./prog");
	assert_string_equal(e->meaning, "argv[0] -> \"./prog\"");
	assert_string_equal(find(f, ELFLOAD_STACK_ARGV, 2)->meaning,
			    "argv[2] = NULL");
	assert_string_equal(find(f, ELFLOAD_STACK_ENVP, 0)->string,
			    "HOME=/root");
	assert_string_equal(find(f, ELFLOAD_STACK_ENVP, 1)->meaning,
			    "envp[1] = NULL");
	e = find(f, ELFLOAD_STACK_AUXV, 0);
	assert_int_equal(e->addr, f->img.auxv_addr);
	assert_int_equal(e->size, 16);
	assert_string_equal(e->meaning, "AT_PAGESZ 4096: bytes per page");
	assert_string_equal(find(f, ELFLOAD_STACK_AUXV, 1)->meaning,
			    "AT_BASE 0: no interpreter");
	assert_string_equal(find(f, ELFLOAD_STACK_AUXV, 2)->meaning,
			    "AT_ENTRY 0x401000: the program's entry point");
	assert_string_equal(find(f, ELFLOAD_STACK_AUXV, 3)->meaning,
			    "AT_UID 1000: real user ID");
	assert_string_equal(find(f, ELFLOAD_STACK_AUXV, 5)->string, "./prog");
	assert_string_equal(find(f, ELFLOAD_STACK_AUXV, 6)->string, "x86_64");
	e = find(f, ELFLOAD_STACK_AUXV, 7);
	assert_int_equal(e->type, ELFLOAD_AT_NULL);
	assert_string_equal(elfload_auxv_name(ELFLOAD_AT_SYSINFO_EHDR),
			    "AT_SYSINFO_EHDR");
	assert_null(elfload_auxv_name(1234));
	free(f->e);
	free(f);
}

static void four_byte_big_endian(void **state)
{
	static const struct elfload_arch be32 = {
		.name = "be32", .elfclass = 1, .big_endian = true,
		.word_size = 4, .stack_align = 16,
	};
	struct fixed *f = calloc(1, sizeof(*f));
	const struct elfload_stack_entry *e;

	(void)state;
	build_fixed(f, &be32, 0xc0000000ull, NULL);
	assert_tiled(f, 0xc0000000ull);
	assert_int_equal(f->e[0].size, 4);
	e = find(f, ELFLOAD_STACK_ARGV, 1);
	assert_int_equal(e->addr, f->img.sp + 8);
	assert_int_equal(e->size, 4);
	assert_string_equal(e->string, "one");
	assert_string_equal(find(f, ELFLOAD_STACK_AUXV, 2)->meaning,
			    "AT_ENTRY 0x401000: the program's entry point");
	assert_int_equal(f->e[f->n - 1].value, 2);
	free(f->e);
	free(f);
}

static void cut_table_refused(void **state)
{
	struct fixed *f = calloc(1, sizeof(*f));
	struct elfload_stack_entry *e;
	struct elfload_diag d;
	size_t n;

	(void)state;
	build_fixed(f, X86_64, TOP, "x86_64");
	/* argc claims more arguments than there are words. */
	memset(f->buf + BUFSIZE - f->img.size, 0xff, 8);
	assert_int_equal(elfload_stack_decode(X86_64,
					      f->buf + BUFSIZE - f->img.size,
					      f->img.size, TOP, &e, &n, &d),
			 -EINVAL);
	assert_null(e);
	assert_int_equal(elfload_stack_decode(X86_64, f->buf, 4, TOP, &e, &n,
					      &d), -EINVAL);
	free(f->e);
	free(f);
}

static void pointer_outside(void **state)
{
	struct fixed *f = calloc(1, sizeof(*f));
	unsigned char *argv0;
	struct elfload_stack_entry *e;
	struct elfload_diag d;
	size_t n, i;

	(void)state;
	build_fixed(f, X86_64, TOP, "x86_64");
	argv0 = f->buf + BUFSIZE - f->img.size + 8;
	memset(argv0, 0, 8);
	argv0[0] = 0x10;	/* argv[0] = 0x10 */
	assert_int_equal(elfload_stack_decode(X86_64,
					      f->buf + BUFSIZE - f->img.size,
					      f->img.size, TOP, &e, &n, &d), 0);
	for (i = 0; i < n; i++)
		if (e[i].kind == ELFLOAD_STACK_ARGV && e[i].index == 0)
			assert_string_equal(e[i].meaning,
					    "argv[0] -> 0x10 (outside the stack)");
	/* The string it no longer points at reads as padding. */
	for (i = 0; i < n; i++)
		assert_false(e[i].kind == ELFLOAD_STACK_ARG_STRING &&
			     e[i].index == 0);
	free(e);
	free(f->e);
	free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fixed_image_from_the_top),
		cmocka_unit_test(pointers_and_auxv),
		cmocka_unit_test(four_byte_big_endian),
		cmocka_unit_test(cut_table_refused),
		cmocka_unit_test(pointer_outside),
	};

	return cmocka_run_group_tests_name("stack decode", tests, NULL, NULL);
}
