// SPDX-License-Identifier: MIT
/*
 * Unit tests of the initial stack builder (lib/stack.c) against the
 * layout of the kernel's execve (fs/exec.c, fs/binfmt_elf.c
 * create_elf_tables; see /work/notes/kernel-facts.md, section 3a).
 *
 * Two layouts were taken from real processes on Linux 6.18 under
 * `setarch -R` and are reproduced byte for byte; the rest is checked
 * against the kernel's rules: strings packed below 8 zero bytes, the
 * platform string and the random bytes below the 16-byte aligned end of
 * the strings, then auxv, envp, argv and argc with sp 16-byte aligned.
 *
 * Buffers are allocated with exactly the size the builder is told, so
 * that AddressSanitizer catches any write outside them.
 */
#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <elfload/arch.h>
#include <elfload/diag.h>
#include <elfload/stack.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* The stack of an x86-64 program (ELFCLASS64, EM_X86_64). */
#define X86_64 elfload_arch_for(2, 62)
#define TOP 0x7ffffffff000ull	/* STACK_TOP without randomization */
#define BUFSIZE 16384

/* The auxv types of a 6.18 x86-64 process, in the kernel's order (3b). */
static const uint64_t kernel_auxv_types[] = {
	33, 51, 16, 6, 17, 3, 4, 5, 7, 8, 9, 11, 12, 13, 14, 23,
	ELFLOAD_AT_RANDOM, 26, ELFLOAD_AT_EXECFN, ELFLOAD_AT_PLATFORM, 27, 28,
};

#define NAUXV ARRAY_LEN(kernel_auxv_types)

static const unsigned char random_bytes[16] = {
	0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
	0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xf0, 0x0f,
};

/* Fill @auxv with the kernel's types and recognisable values. */
static void make_auxv(struct elfload_auxv *auxv, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		auxv[i].type = kernel_auxv_types[i % NAUXV];
		auxv[i].value = 0x1000 * (i + 1) + auxv[i].type;
	}
}

/*
 * A built stack: the buffer, which stands for the BUFSIZE bytes below
 * @top, and what the builder said about it.
 */
struct stack {
	unsigned char *buf;
	size_t size;
	uint64_t top;
	struct elfload_stack_image img;
	struct elfload_diag d;
	struct elfload_auxv auxv[64];
};

static int setup(void **state)
{
	struct stack *s = calloc(1, sizeof(*s));

	if (!s)
		return -1;
	s->size = BUFSIZE;
	s->buf = malloc(s->size);
	*state = s;
	return s->buf ? 0 : -1;
}

static int teardown(void **state)
{
	struct stack *s = *state;

	if (s)
		free(s->buf);
	free(s);
	return 0;
}

static int build(struct stack *s, const struct elfload_stack_input *in)
{
	s->top = in->top;
	return elfload_stack_build(in, s->buf, s->size, &s->img, &s->d);
}

/* The byte of the buffer at stack address @addr. */
static const unsigned char *at(const struct stack *s, uint64_t addr)
{
	assert_true(addr < s->top && s->top - addr <= s->size);
	return s->buf + s->size - (s->top - addr);
}

static uint64_t word(const struct stack *s, uint64_t addr)
{
	uint64_t v;

	memcpy(&v, at(s, addr), sizeof(v));
	return v;
}

static const char *str(const struct stack *s, uint64_t addr)
{
	const char *p = (const char *)at(s, addr);

	assert_non_null(memchr(p, '\0', (size_t)(s->top - addr)));
	return p;
}

static bool all_zero(const struct stack *s, uint64_t from, uint64_t to)
{
	for (; from < to; from++)
		if (*at(s, from))
			return false;
	return true;
}

static size_t count(char *const *v)
{
	size_t n = 0;

	while (v && v[n])
		n++;
	return n;
}

static uint64_t strings_len(char *const *v)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; v && v[i]; i++)
		n += strlen(v[i]) + 1;
	return n;
}

/* ---- the kernel's layout, computed from its rules (3a) --------------- */

struct layout {
	uint64_t execfn, env_start, arg_start, aligned, platform, random;
	uint64_t auxv, sp;
	size_t argc, envc;
};

/*
 * Where create_elf_tables puts everything for @in, with execve's "" for
 * an empty argv (argc 0 becomes 1).
 */
static void kernel_layout(const struct elfload_stack_input *in,
			  struct layout *l)
{
	uint64_t p = in->top - 8, items;

	l->argc = count(in->argv);
	l->envc = count(in->envp);
	p -= strlen(in->execfn) + 1;
	l->execfn = p;
	p -= strings_len(in->envp);
	l->env_start = p;
	p -= strings_len(in->argv);
	if (!l->argc) {
		p -= 1;
		l->argc = 1;
	}
	l->arg_start = p;
	p = (p - in->align_jitter) & ~15ull;
	l->aligned = p;
	if (in->platform)
		p -= strlen(in->platform) + 1;
	l->platform = in->platform ? p : 0;
	p -= 16;
	l->random = p;
	p -= 8 * 2 * (in->nauxv + 1);
	items = (l->argc + 1) + (l->envc + 1) + 1;
	l->sp = (p - 8 * items) & ~15ull;
	l->auxv = l->sp + 8 * items;
}

/* The auxv as written: the input's, with the three addresses filled in. */
static bool check_auxv(const struct stack *s,
		       const struct elfload_stack_input *in,
		       const struct layout *l)
{
	uint64_t a = l->auxv;
	size_t i;

	for (i = 0; i < in->nauxv; i++, a += 16) {
		uint64_t want = in->auxv[i].value;

		if (in->auxv[i].type == ELFLOAD_AT_EXECFN)
			want = l->execfn;
		else if (in->auxv[i].type == ELFLOAD_AT_RANDOM)
			want = l->random;
		else if (in->auxv[i].type == ELFLOAD_AT_PLATFORM)
			want = l->platform;
		if (word(s, a) != in->auxv[i].type || word(s, a + 8) != want) {
			print_error("auxv %zu: got %" PRIu64 "=%#" PRIx64
				    ", want %" PRIu64 "=%#" PRIx64 "\n", i,
				    word(s, a), word(s, a + 8),
				    in->auxv[i].type, want);
			return false;
		}
	}
	/* AT_NULL, then padding up to the random bytes. */
	return word(s, a) == ELFLOAD_AT_NULL && word(s, a + 8) == 0 &&
	       a + 16 <= l->random && l->random - (a + 16) < 16 &&
	       all_zero(s, a + 16, l->random);
}

/* argc, argv[], NULL, envp[], NULL, each pointer at its string. */
static bool check_vectors(const struct stack *s,
			  const struct elfload_stack_input *in,
			  const struct layout *l)
{
	uint64_t a = l->sp + 8, p = l->arg_start;
	size_t i;

	if (word(s, l->sp) != l->argc)
		return false;
	for (i = 0; i < l->argc; i++, a += 8) {
		const char *want = in->argv && in->argv[0] ? in->argv[i] : "";

		if (word(s, a) != p || strcmp(str(s, p), want))
			return false;
		p += strlen(want) + 1;
	}
	if (word(s, a) != 0 || p != l->env_start)
		return false;
	for (i = 0, a += 8; i < l->envc; i++, a += 8) {
		if (word(s, a) != p || strcmp(str(s, p), in->envp[i]))
			return false;
		p += strlen(in->envp[i]) + 1;
	}
	return word(s, a) == 0 && p == l->execfn && a + 8 == l->auxv;
}

/* Everything the builder wrote and said, against kernel_layout(). */
static bool check_stack(const struct stack *s,
			const struct elfload_stack_input *in)
{
	const struct elfload_stack_image *img = &s->img;
	struct layout l;

	kernel_layout(in, &l);
	if (img->sp != l.sp || img->size != in->top - l.sp ||
	    img->sp % 16 || img->arg_start != l.arg_start ||
	    img->arg_end != l.env_start || img->env_start != l.env_start ||
	    img->env_end != l.execfn || img->execfn_addr != l.execfn ||
	    img->random_addr != l.random || img->platform_addr != l.platform ||
	    img->auxv_addr != l.auxv || img->auxv_words != 2 * (in->nauxv + 1))
		return false;
	if (!all_zero(s, in->top - 8, in->top) ||
	    strcmp(str(s, l.execfn), in->execfn) ||
	    memcmp(at(s, l.random), in->random, 16))
		return false;
	if (in->platform && strcmp(str(s, l.platform), in->platform))
		return false;
	/* Nothing between the platform string (or random) and the strings. */
	if (!all_zero(s, in->platform ? l.aligned : l.random + 16,
		      l.arg_start))
		return false;
	return check_auxv(s, in, &l) && check_vectors(s, in, &l);
}

static void print_image(const char *what, const struct elfload_stack_image *i)
{
	print_error("%s: sp %#" PRIx64 " size %zu arg %#" PRIx64 "-%#" PRIx64
		    " env %#" PRIx64 "-%#" PRIx64 " auxv %#" PRIx64 "/%zu"
		    " execfn %#" PRIx64 " random %#" PRIx64 " platform %#"
		    PRIx64 "\n", what, i->sp, i->size, i->arg_start,
		    i->arg_end, i->env_start, i->env_end, i->auxv_addr,
		    i->auxv_words, i->execfn_addr, i->random_addr,
		    i->platform_addr);
}

/* ---- layouts seen in real processes ----------------------------------- */

/*
 * `env -i A=1 BB=22 setarch -R ./stk x y`, static, 23 auxv pairs
 * (kernel-facts 3a, verified).
 */
static void kernel_example(void **state)
{
	static char *const argv[] = { "./stk", "x", "y", NULL };
	static char *const envp[] = { "A=1", "BB=22", NULL };
	struct stack *s = *state;
	struct elfload_stack_input in = {
		.arch = X86_64,
		.top = TOP, .execfn = "./stk", .argv = argv, .envp = envp,
		.platform = "x86_64", .random = random_bytes,
		.auxv = s->auxv, .nauxv = NAUXV,
	};
	const struct elfload_stack_image *img = &s->img;
	uint64_t a;
	size_t i;

	make_auxv(s->auxv, NAUXV);
	assert_int_equal(build(s, &in), 0);
	assert_int_equal(img->execfn_addr, 0x7fffffffeff2);
	assert_int_equal(img->arg_start, 0x7fffffffefde);
	assert_int_equal(img->platform_addr, 0x7fffffffefc9);
	assert_int_equal(img->random_addr, 0x7fffffffefb9);
	assert_int_equal(img->auxv_addr + 8 * img->auxv_words,
			 0x7fffffffefb0);
	assert_int_equal(img->sp, 0x7fffffffee00);
	assert_int_equal(img->size, 0x200);
	assert_int_equal(img->auxv_words, 46);
	assert_int_equal(img->auxv_addr, 0x7fffffffee40);
	assert_int_equal(img->arg_end, 0x7fffffffefe8);
	assert_int_equal(img->env_start, 0x7fffffffefe8);
	assert_int_equal(img->env_end, 0x7fffffffeff2);

	/* The 8 zero bytes at the top, then the strings. */
	assert_true(all_zero(s, 0x7fffffffeff8, TOP));
	assert_string_equal(str(s, 0x7fffffffeff2), "./stk");
	assert_memory_equal(at(s, 0x7fffffffefde),
			    "./stk\0x\0y\0A=1\0BB=22\0./stk\0\0\0\0\0\0\0\0\0",
			    TOP - 0x7fffffffefde);
	assert_true(all_zero(s, 0x7fffffffefd0, 0x7fffffffefde));
	assert_memory_equal(at(s, 0x7fffffffefc9), "x86_64", 7);
	assert_memory_equal(at(s, 0x7fffffffefb9), random_bytes, 16);
	assert_true(all_zero(s, 0x7fffffffefb0, 0x7fffffffefb9));

	/* argc, argv, envp. */
	assert_int_equal(word(s, 0x7fffffffee00), 3);
	assert_int_equal(word(s, 0x7fffffffee08), 0x7fffffffefde);
	assert_int_equal(word(s, 0x7fffffffee10), 0x7fffffffefe4);
	assert_int_equal(word(s, 0x7fffffffee18), 0x7fffffffefe6);
	assert_int_equal(word(s, 0x7fffffffee20), 0);
	assert_int_equal(word(s, 0x7fffffffee28), 0x7fffffffefe8);
	assert_int_equal(word(s, 0x7fffffffee30), 0x7fffffffefec);
	assert_int_equal(word(s, 0x7fffffffee38), 0);

	/* auxv, in order, three values filled in, AT_NULL last. */
	for (i = 0, a = 0x7fffffffee40; i < NAUXV; i++, a += 16) {
		uint64_t v = s->auxv[i].value;

		if (s->auxv[i].type == ELFLOAD_AT_EXECFN)
			v = 0x7fffffffeff2;
		else if (s->auxv[i].type == ELFLOAD_AT_RANDOM)
			v = 0x7fffffffefb9;
		else if (s->auxv[i].type == ELFLOAD_AT_PLATFORM)
			v = 0x7fffffffefc9;
		assert_int_equal(word(s, a), s->auxv[i].type);
		assert_int_equal(word(s, a + 8), v);
	}
	assert_int_equal(word(s, a), ELFLOAD_AT_NULL);
	assert_int_equal(word(s, a + 8), 0);
	assert_int_equal(a + 16, 0x7fffffffefb0);
	assert_true(check_stack(s, &in));
}

/*
 * execve("./dump", { NULL }, { NULL }) under ADDR_NO_RANDOMIZE, 23 auxv
 * pairs, read back by the program itself on Linux 6.18: execve pushes
 * an empty argv[0] (fs/exec.c, "When argv is empty, add an empty
 * string"), so argc is 1 and argv[0] is the "" just below execfn.
 */
static void kernel_empty_argv(void **state)
{
	static char *const argv[] = { NULL };
	static char *const envp[] = { NULL };
	struct stack *s = *state;
	struct elfload_stack_input in = {
		.arch = X86_64,
		.top = TOP, .execfn = "./dump", .argv = argv, .envp = envp,
		.platform = "x86_64", .random = random_bytes,
		.auxv = s->auxv, .nauxv = NAUXV,
	};
	const struct elfload_stack_image *img = &s->img;

	make_auxv(s->auxv, NAUXV);
	assert_int_equal(build(s, &in), 0);
	assert_int_equal(img->execfn_addr, 0x7fffffffeff1);
	assert_int_equal(img->random_addr, 0x7fffffffefd9);
	assert_int_equal(img->platform_addr, 0x7fffffffefe9);
	assert_int_equal(img->auxv_addr + 8 * img->auxv_words,
			 0x7fffffffefd0);
	assert_int_equal(img->sp, 0x7fffffffee40);
	assert_int_equal(word(s, img->sp), 1);
	assert_int_equal(word(s, img->sp + 8), 0x7fffffffeff0);
	assert_string_equal(str(s, 0x7fffffffeff0), "");
	assert_int_equal(word(s, img->sp + 16), 0);
	assert_int_equal(word(s, img->sp + 24), 0);
	assert_int_equal(img->auxv_addr, 0x7fffffffee60);
	assert_int_equal(img->arg_start, 0x7fffffffeff0);
	assert_int_equal(img->arg_end, 0x7fffffffeff1);
	assert_int_equal(img->env_start, 0x7fffffffeff1);
	assert_int_equal(img->env_end, 0x7fffffffeff1);
	assert_true(check_stack(s, &in));
}

/* A NULL argv is an empty one (execve counts nothing). */
static void null_argv(void **state)
{
	static char *const envp[] = { "HOME=/", NULL };
	struct stack *s = *state;
	struct elfload_stack_input in = {
		.arch = X86_64,
		.top = TOP, .execfn = "/bin/x", .argv = NULL, .envp = envp,
		.platform = "x86_64", .random = random_bytes,
		.auxv = s->auxv, .nauxv = NAUXV,
	};

	make_auxv(s->auxv, NAUXV);
	assert_int_equal(build(s, &in), 0);
	assert_int_equal(word(s, s->img.sp), 1);
	assert_string_equal(str(s, word(s, s->img.sp + 8)), "");
	assert_true(check_stack(s, &in));
}

/*
 * The bytes execve copies before it sizes the stack: execfn, envp and
 * argv strings with their NULs, plus the "" it adds for an empty argv.
 */
static void strings_size(void **state)
{
	static char *const argv[] = { "./stk", "x", "y", NULL };
	static char *const envp[] = { "A=1", "BB=22", NULL };
	static char *const none[] = { NULL };
	static char *const empty_strings[] = { "", "", NULL };

	(void)state;
	assert_int_equal(elfload_stack_strings_size("./stk", argv, envp),
			 6 + 10 + 10);
	assert_int_equal(elfload_stack_strings_size("./stk", argv, NULL), 16);
	assert_int_equal(elfload_stack_strings_size("./stk", argv, none), 16);
	assert_int_equal(elfload_stack_strings_size("", empty_strings, none),
			 3);
	assert_int_equal(elfload_stack_strings_size("./dump", none, none),
			 7 + 1);
	assert_int_equal(elfload_stack_strings_size("./dump", NULL, envp),
			 7 + 10 + 1);
}

/* ---- the rules, over many shapes -------------------------------------- */

static char *const words[] = {
	"", "a", "bc", "def", "ghij", "klmno", "pqrstuv", "wxyz0123",
	"456789abcdefghi", "jklmnopqrstuvwxyz",
};

/* A vector of @n strings from words[], starting at @first. */
static void make_vector(char **v, size_t n, size_t first)
{
	size_t i;

	for (i = 0; i < n; i++)
		v[i] = words[(first + i) % ARRAY_LEN(words)];
	v[n] = NULL;
}

/*
 * Every argc/envc/auxv count, platform and string length mix: sp is
 * always 16-byte aligned, the padding (0..15) sits between the end of
 * auxv and the random bytes, and each address is the kernel's.
 */
static void alignment(void **state)
{
	static const size_t nauxv[] = { 0, 1, 2, NAUXV };
	static const char *const execfns[] = { "/", "./a.out" };
	static const char *const platforms[] = {
		NULL, "", "i", "i6", "i68", "i686", "arm64", "x86_64",
		"aarch64",
	};
	struct stack *s = *state;
	char *argv[12], *envp[12];
	struct elfload_stack_input in = {
		.arch = X86_64,
		.top = TOP, .argv = argv, .envp = envp,
		.random = random_bytes, .auxv = s->auxv,
	};
	size_t n = 7 * 8 * ARRAY_LEN(nauxv) * ARRAY_LEN(execfns) *
		   ARRAY_LEN(platforms), i;
	uint64_t seen = 0;

	make_auxv(s->auxv, NAUXV);
	for (i = 0; i < n; i++) {
		/* Mixed-radix digits of i: one shape per value. */
		size_t argc = 1 + i % 7, envc = i / 7 % 8;
		size_t k = i / 56 % ARRAY_LEN(nauxv);
		size_t e = i / 56 / ARRAY_LEN(nauxv) % ARRAY_LEN(execfns);
		size_t p = i / 56 / ARRAY_LEN(nauxv) / ARRAY_LEN(execfns);

		make_vector(argv, argc, argc + e + p);
		make_vector(envp, envc, 3 * envc + k);
		in.execfn = execfns[e];
		in.platform = platforms[p];
		in.nauxv = nauxv[k];
		assert_int_equal(build(s, &in), 0);
		if (!check_stack(s, &in)) {
			print_image("alignment", &s->img);
			fail_msg("argc %zu envc %zu nauxv %zu execfn %s "
				 "platform %s", argc, envc, in.nauxv,
				 in.execfn, in.platform ? in.platform : "-");
		}
		seen |= 1ull << (s->img.random_addr -
				 (s->img.auxv_addr + 8 * s->img.auxv_words));
	}
	/* The table met every padding length from 0 to 15. */
	assert_int_equal(seen, 0xffff);
}

/*
 * arch_align_stack(): the jitter is subtracted from the end of the
 * strings before aligning; the strings stay, everything below moves.
 */
static void jitter(void **state)
{
	static const uint64_t jitters[] = {
		0, 1, 2, 13, 14, 15, 16, 17, 100, 4095, 4096, 8190, 8191,
	};
	static char *const argv[] = { "./stk", "x", "y", NULL };
	static char *const envp[] = { "A=1", "BB=22", NULL };
	struct stack *s = *state;
	struct elfload_stack_input in = {
		.arch = X86_64,
		.top = TOP, .execfn = "./stk", .argv = argv, .envp = envp,
		.platform = "x86_64", .random = random_bytes,
		.auxv = s->auxv, .nauxv = NAUXV,
	};
	uint64_t aligned;
	size_t i;

	make_auxv(s->auxv, NAUXV);
	for (i = 0; i < ARRAY_LEN(jitters); i++) {
		in.align_jitter = jitters[i];
		aligned = (0x7fffffffefde - jitters[i]) & ~15ull;
		assert_int_equal(build(s, &in), 0);
		assert_int_equal(s->img.arg_start, 0x7fffffffefde);
		assert_int_equal(s->img.execfn_addr, 0x7fffffffeff2);
		assert_int_equal(s->img.platform_addr, aligned - 7);
		assert_int_equal(s->img.random_addr, aligned - 7 - 16);
		assert_int_equal(s->img.sp,
				 (aligned - 23 - 8 * 46 - 8 * 8) & ~15ull);
		if (!check_stack(s, &in)) {
			print_image("jitter", &s->img);
			fail_msg("jitter %" PRIu64, jitters[i]);
		}
	}
}

/* Without a platform string the random bytes end at the aligned p. */
static void no_platform(void **state)
{
	static char *const argv[] = { "./stk", "x", "y", NULL };
	static char *const envp[] = { "A=1", "BB=22", NULL };
	static const uint64_t types[] = { 6, ELFLOAD_AT_RANDOM,
					  ELFLOAD_AT_EXECFN };
	struct stack *s = *state;
	struct elfload_stack_input in = {
		.arch = X86_64,
		.top = TOP, .execfn = "./stk", .argv = argv, .envp = envp,
		.random = random_bytes, .auxv = s->auxv,
		.nauxv = ARRAY_LEN(types),
	};
	size_t i;

	for (i = 0; i < ARRAY_LEN(types); i++) {
		s->auxv[i].type = types[i];
		s->auxv[i].value = 0x1234 + i;
	}
	assert_int_equal(build(s, &in), 0);
	assert_int_equal(s->img.platform_addr, 0);
	assert_int_equal(s->img.random_addr, 0x7fffffffefd0 - 16);
	assert_true(all_zero(s, 0x7fffffffefd0, 0x7fffffffefde));
	/* 4 pairs, 8 words of vectors: (0x...efc0 - 64 - 64) & ~15. */
	assert_int_equal(s->img.sp, 0x7fffffffef40);
	assert_int_equal(word(s, s->img.auxv_addr + 8), 0x1234);
	assert_int_equal(word(s, s->img.auxv_addr + 24), 0x7fffffffefc0);
	assert_int_equal(word(s, s->img.auxv_addr + 40), 0x7fffffffeff2);
	assert_true(check_stack(s, &in));
}

/* A NULL envp is an empty one: env_start == env_end == execfn. */
static void null_envp(void **state)
{
	static char *const argv[] = { "prog", "-v", NULL };
	static char *const none[] = { NULL };
	struct stack *s = *state;
	struct elfload_stack_input in = {
		.arch = X86_64,
		.top = TOP, .execfn = "/bin/prog", .argv = argv, .envp = NULL,
		.platform = "x86_64", .random = random_bytes,
		.auxv = s->auxv, .nauxv = NAUXV,
	};
	struct elfload_stack_image first;

	make_auxv(s->auxv, NAUXV);
	assert_int_equal(build(s, &in), 0);
	assert_true(check_stack(s, &in));
	assert_int_equal(s->img.env_start, s->img.execfn_addr);
	assert_int_equal(s->img.env_end, s->img.execfn_addr);
	assert_int_equal(s->img.arg_end, s->img.execfn_addr);
	assert_int_equal(s->img.arg_start, s->img.execfn_addr - 8);
	/* argc, argv[0], argv[1], NULL, NULL (no envp), then auxv. */
	assert_int_equal(word(s, s->img.sp + 24), 0);
	assert_int_equal(word(s, s->img.sp + 32), 0);
	assert_int_equal(s->img.auxv_addr, s->img.sp + 40);
	first = s->img;
	in.envp = none;
	assert_int_equal(build(s, &in), 0);
	assert_memory_equal(&first, &s->img, sizeof(first));
}

/* Values of other auxv types pass through; a list may be empty. */
static void auxv_values(void **state)
{
	static char *const argv[] = { "p", NULL };
	struct stack *s = *state;
	struct elfload_stack_input in = {
		.arch = X86_64,
		.top = TOP, .execfn = "p", .argv = argv, .platform = "x86_64",
		.random = random_bytes, .auxv = s->auxv,
	};

	assert_int_equal(build(s, &in), 0);
	assert_int_equal(s->img.auxv_words, 2);
	assert_int_equal(word(s, s->img.auxv_addr), ELFLOAD_AT_NULL);
	assert_int_equal(word(s, s->img.auxv_addr + 8), 0);
	assert_true(check_stack(s, &in));

	/* Types repeated, unknown types, big values. */
	s->auxv[0] = (struct elfload_auxv){ 0xdeadbeef, UINT64_MAX };
	s->auxv[1] = (struct elfload_auxv){ ELFLOAD_AT_EXECFN, 1 };
	s->auxv[2] = (struct elfload_auxv){ ELFLOAD_AT_EXECFN, 2 };
	s->auxv[3] = (struct elfload_auxv){ 6, 4096 };
	in.nauxv = 4;
	assert_int_equal(build(s, &in), 0);
	assert_int_equal(word(s, s->img.auxv_addr + 8), UINT64_MAX);
	assert_int_equal(word(s, s->img.auxv_addr + 24),
			 s->img.execfn_addr);
	assert_int_equal(word(s, s->img.auxv_addr + 40),
			 s->img.execfn_addr);
	assert_int_equal(word(s, s->img.auxv_addr + 56), 4096);
	assert_true(check_stack(s, &in));
}

/* A lower, randomized top: the same layout, shifted. */
static void other_top(void **state)
{
	static char *const argv[] = { "./stk", "x", "y", NULL };
	static char *const envp[] = { "A=1", "BB=22", NULL };
	const uint64_t shift = 0x123456000;
	struct stack *s = *state;
	struct elfload_stack_input in = {
		.arch = X86_64,
		.top = TOP - shift, .execfn = "./stk", .argv = argv,
		.envp = envp, .platform = "x86_64", .random = random_bytes,
		.auxv = s->auxv, .nauxv = NAUXV,
	};

	make_auxv(s->auxv, NAUXV);
	assert_int_equal(build(s, &in), 0);
	assert_int_equal(s->img.sp, 0x7fffffffee00 - shift);
	assert_int_equal(s->img.random_addr, 0x7fffffffefb9 - shift);
	assert_true(check_stack(s, &in));
}

/*
 * A top below the buffer's size: the buffer still ends at top, so the
 * image is its last bytes (found by fuzz/fuzz_stack.c: it was written at
 * the buffer's start).
 */
static void top_below_buffer(void **state)
{
	static char *const argv[] = { "./stk", "x", NULL };
	struct stack *s = *state;
	struct elfload_stack_input in = {
		.arch = X86_64,
		.top = 0x1000, .execfn = "./stk", .argv = argv,
		.platform = "x86_64", .random = random_bytes,
		.auxv = s->auxv, .nauxv = NAUXV,
	};

	make_auxv(s->auxv, NAUXV);
	memset(s->buf, 0xa5, s->size);
	assert_int_equal(build(s, &in), 0);
	assert_true(check_stack(s, &in));
	assert_int_equal(s->buf[s->size - s->img.size - 1], 0xa5);
}

/* ---- a stack that does not fit ---------------------------------------- */

/*
 * Every buffer smaller than the image fails with -E2BIG; the exact size
 * works and gives the same image.  Each buffer is a heap block of
 * exactly that size, so ASan sees any write outside it.
 */
static void too_big(void **state)
{
	static char *const argv[] = { "./stk", "x", "y", NULL };
	static char *const envp[] = { "A=1", "BB=22", NULL };
	static const uint64_t jitters[] = { 0, 4000 };
	struct stack *s = *state;
	struct elfload_stack_input in = {
		.arch = X86_64,
		.top = TOP, .execfn = "./stk", .argv = argv, .envp = envp,
		.platform = "x86_64", .random = random_bytes,
		.auxv = s->auxv, .nauxv = NAUXV,
	};
	struct elfload_stack_image img;
	struct elfload_diag d;
	size_t need, size, j;
	unsigned char *buf;

	make_auxv(s->auxv, NAUXV);
	for (j = 0; j < ARRAY_LEN(jitters); j++) {
		in.align_jitter = jitters[j];
		assert_int_equal(build(s, &in), 0);
		need = s->img.size;
		for (size = 0; size <= need; size++) {
			buf = malloc(size ? size : 1);
			assert_non_null(buf);
			memset(&d, 0, sizeof(d));
			if (elfload_stack_build(&in, buf, size, &img, &d) !=
			    (size < need ? -E2BIG : 0)) {
				free(buf);
				fail_msg("size %zu of %zu", size, need);
			}
			if (size < need) {
				free(buf);
				if (d.err != -E2BIG || !d.msg[0])
					fail_msg("size %zu: diag", size);
				continue;
			}
			assert_int_equal(img.sp, s->img.sp);
			if (memcmp(buf, s->buf + s->size - need, need)) {
				free(buf);
				fail_msg("exact buffer: different image");
			}
			free(buf);
		}
	}
}

/* Long strings: nothing fits, or everything but the tables. */
static void too_big_strings(void **state)
{
	static char arg[BUFSIZE];
	static char *const argv[] = { arg, NULL };
	struct stack *s = *state;
	struct elfload_stack_input in = {
		.arch = X86_64,
		.top = TOP, .execfn = "x", .argv = argv,
		.platform = "x86_64", .random = random_bytes,
		.auxv = s->auxv, .nauxv = NAUXV,
	};

	make_auxv(s->auxv, NAUXV);
	/* 8 zero bytes, "x" and the argument: BUFSIZE + 10 bytes. */
	memset(arg, 'a', BUFSIZE - 1);
	arg[BUFSIZE - 1] = '\0';
	assert_int_equal(build(s, &in), -E2BIG);
	assert_int_equal(s->d.err, -E2BIG);
	/* The strings fit with 100 bytes to spare; auxv alone is 368. */
	arg[BUFSIZE - 8 - 2 - 1 - 100] = '\0';
	assert_int_equal(build(s, &in), -E2BIG);
	assert_int_equal(s->d.err, -E2BIG);
	/* With room for everything it works. */
	arg[BUFSIZE - 8 - 2 - 1 - 1000] = '\0';
	assert_int_equal(build(s, &in), 0);
	assert_true(check_stack(s, &in));
}

/* The big-endian 4-byte word at stack address @addr. */
static uint32_t be32_at(const struct stack *s, uint64_t addr)
{
	const unsigned char *b = at(s, addr);

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	       (uint32_t)b[2] << 8 | b[3];
}

/*
 * A 32-bit big-endian architecture: every word of the tables is 4 bytes
 * in its byte order, and the zero word at the top is 4 bytes too.
 */
static void four_byte_words(void **state)
{
	static const struct elfload_arch be32 = {
		.name = "be32", .elfclass = 1, .big_endian = true,
		.word_size = 4, .stack_align = 16,
	};
	static char *const argv[] = { "a", "bc", NULL };
	static char *const envp[] = { "E=1", NULL };
	const uint64_t top = 0xc0000000ull;
	struct stack *s = *state;
	struct elfload_auxv auxv[] = { { 6, 0x1000 }, { ELFLOAD_AT_RANDOM, 0 } };
	struct elfload_stack_input in = {
		.arch = &be32, .top = top, .execfn = "a", .argv = argv,
		.envp = envp, .random = random_bytes, .auxv = auxv,
		.nauxv = ARRAY_LEN(auxv),
	};
	uint64_t sp;

	assert_int_equal(build(s, &in), 0);
	assert_int_equal(s->img.execfn_addr, top - 4 - 2);
	assert_int_equal(s->img.env_start, top - 4 - 2 - 4);
	assert_int_equal(s->img.arg_start, top - 4 - 2 - 4 - 5);
	assert_int_equal(s->img.random_addr, top - 16 - 16);
	/* 6 auxv words, argv and NULL, envp and NULL, argc: 48 bytes. */
	sp = s->img.sp;
	assert_int_equal(sp, (top - 32 - 4 * 12) & ~15ull);
	assert_int_equal(s->img.auxv_addr, sp + 24);
	assert_int_equal(be32_at(s, sp), 2);
	assert_int_equal(be32_at(s, sp + 4), s->img.arg_start);
	assert_int_equal(be32_at(s, sp + 8), s->img.arg_start + 2);
	assert_int_equal(be32_at(s, sp + 12), 0);
	assert_int_equal(be32_at(s, sp + 16), s->img.env_start);
	assert_int_equal(be32_at(s, sp + 20), 0);
	assert_int_equal(be32_at(s, sp + 24), 6);
	assert_int_equal(be32_at(s, sp + 28), 0x1000);
	assert_int_equal(be32_at(s, sp + 32), ELFLOAD_AT_RANDOM);
	assert_int_equal(be32_at(s, sp + 36), s->img.random_addr);
	assert_int_equal(be32_at(s, sp + 40), ELFLOAD_AT_NULL);
	assert_int_equal(be32_at(s, sp + 44), 0);
	assert_int_equal(s->img.size, top - sp);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(kernel_example),
		T(kernel_empty_argv),
		T(null_argv),
		T(strings_size),
		T(alignment),
		T(jitter),
		T(no_platform),
		T(null_envp),
		T(auxv_values),
		T(other_top),
		T(top_below_buffer),
		T(too_big),
		T(too_big_strings),
		T(four_byte_words),
	};

	return cmocka_run_group_tests_name("stack", tests, NULL, NULL);
}
