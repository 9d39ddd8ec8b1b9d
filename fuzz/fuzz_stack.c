// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the initial-stack builder, elfload_stack_build().
 *
 * The input gives the stack top, the buffer size, the alignment jitter,
 * the strings (execfn, platform, argv, envp), the random bytes and the
 * auxiliary vector.  The buffer is a heap block of exactly the size the
 * builder is told, filled with a pattern, so that AddressSanitizer sees
 * any write outside it and the target sees any write outside the image.
 * A built stack is read back the way a new process reads it and must
 * hold exactly what went in; it must also be the same image with an
 * exactly-sized buffer, and must not fit in one byte less.  Decoded
 * (elfload_stack_decode), it must give back argc and the strings, its
 * parts covering every byte once; the input itself, decoded as an image,
 * must be refused cleanly or be covered the same way.
 */
#include <errno.h>

#include <elfload/stack.h>

#include "fuzz.h"

#define MAX_STRINGS 48
#define MAX_STRLEN 300
#define MAX_AUXV 40
#define PATTERN 0xa5

/* Everything the input describes, with storage for its strings. */
struct stack_case {
	struct elfload_stack_input in;
	size_t bufsize;
	char execfn[MAX_STRLEN + 1];
	char platform[MAX_STRLEN + 1];
	char strings[2 * MAX_STRINGS][MAX_STRLEN + 1];
	char *argv[MAX_STRINGS + 1];
	char *envp[MAX_STRINGS + 1];
	unsigned char random[16];
	struct elfload_auxv auxv[MAX_AUXV];
};

static uint64_t auxv_type(struct fuzz_bytes *b)
{
	static const uint64_t types[] = {
		ELFLOAD_AT_EXECFN, ELFLOAD_AT_RANDOM, ELFLOAD_AT_PLATFORM,
		33, 16, 6, 17, 3, 4, 5, 7, 8, 9, 11, 12, 13, 14, 23, 26,
	};
	uint8_t sel = fuzz_u8(b);

	if (sel < 0xf0)
		return types[sel % (sizeof(types) / sizeof(types[0]))];
	return fuzz_number(b);
}

/* A NULL-terminated vector of @n strings from the input, in @store. */
static void make_vector(struct fuzz_bytes *b, char **v, size_t n,
			char (*store)[MAX_STRLEN + 1])
{
	size_t i;

	for (i = 0; i < n; i++)
		v[i] = (char *)fuzz_string(b, store[i], MAX_STRLEN);
	v[n] = NULL;
}

static void make_case(struct fuzz_bytes *b, struct stack_case *c)
{
	struct elfload_stack_input *in = &c->in;
	uint8_t flags = fuzz_u8(b);
	size_t argc = fuzz_u8(b) % (MAX_STRINGS + 1);
	size_t envc = fuzz_u8(b) % (MAX_STRINGS + 1), i;

	memset(in, 0, sizeof(*in));
	in->top = flags & 1 ? fuzz_number(b) : 0x7ffffffff000ull -
							 0x1000 * fuzz_u8(b);
	c->bufsize = fuzz_uint(b, 2);
	in->arch = elfload_arch_for(2, 62);	/* x86-64 */
	in->align_jitter = fuzz_uint(b, 2) % in->arch->stack_jitter;
	for (i = 0; i < sizeof(c->random); i++)
		c->random[i] = fuzz_u8(b);
	in->random = c->random;
	in->nauxv = fuzz_u8(b) % (MAX_AUXV + 1);
	for (i = 0; i < in->nauxv; i++) {
		c->auxv[i].type = auxv_type(b);
		c->auxv[i].value = fuzz_number(b);
	}
	in->auxv = c->auxv;
	in->execfn = fuzz_string(b, c->execfn, MAX_STRLEN);
	if (flags & 2)
		in->platform = fuzz_string(b, c->platform, MAX_STRLEN);
	make_vector(b, c->argv, argc, c->strings);
	make_vector(b, c->envp, envc, c->strings + MAX_STRINGS);
	in->argv = flags & 4 ? NULL : c->argv;
	in->envp = flags & 8 ? NULL : c->envp;
}

/* The built image, as a process would read it from its stack. */
struct view {
	const unsigned char *buf;	/* byte at address top - size .. */
	uint64_t top;
	size_t size;
};

static const unsigned char *at(const struct view *v, uint64_t addr,
			       uint64_t len)
{
	FUZZ_CHECK(addr <= v->top && v->top - addr <= v->size &&
			   len <= v->top - addr,
		   "address %#llx+%llu outside the image [%#llx, %#llx)",
		   (unsigned long long)addr, (unsigned long long)len,
		   (unsigned long long)(v->top - v->size),
		   (unsigned long long)v->top);
	return v->buf + v->size - (v->top - addr);
}

static uint64_t word(const struct view *v, uint64_t addr)
{
	uint64_t w;

	memcpy(&w, at(v, addr, 8), 8);
	return w;
}

static void check_string(const struct view *v, uint64_t addr, const char *s,
			 const char *what)
{
	size_t len = strlen(s) + 1;

	FUZZ_CHECK(!memcmp(at(v, addr, len), s, len), "%s differs", what);
}

static size_t count(char *const *vec)
{
	size_t n = 0;

	while (vec && vec[n])
		n++;
	return n;
}

/* argv[] or envp[] at @a: pointers to the strings, packed from @s. */
static uint64_t check_vector(const struct view *v, uint64_t a, uint64_t s,
			     char *const *vec, size_t n, const char *what)
{
	size_t i;

	for (i = 0; i < n; i++, a += 8) {
		FUZZ_CHECK(word(v, a) == s, "%s[%zu] points to %#llx", what, i,
			   (unsigned long long)word(v, a));
		check_string(v, s, vec[i], what);
		s += strlen(vec[i]) + 1;
	}
	FUZZ_CHECK(word(v, a) == 0, "%s not NULL-terminated", what);
	return a + 8;
}

static void check_auxv(const struct view *v,
		       const struct elfload_stack_input *in,
		       const struct elfload_stack_image *img)
{
	uint64_t a = img->auxv_addr, want;
	size_t i;

	FUZZ_CHECK(img->auxv_words == 2 * (in->nauxv + 1), "%zu auxv words",
		   img->auxv_words);
	for (i = 0; i < in->nauxv; i++, a += 16) {
		want = in->auxv[i].value;
		if (in->auxv[i].type == ELFLOAD_AT_EXECFN)
			want = img->execfn_addr;
		else if (in->auxv[i].type == ELFLOAD_AT_RANDOM)
			want = img->random_addr;
		else if (in->auxv[i].type == ELFLOAD_AT_PLATFORM)
			want = img->platform_addr;
		FUZZ_CHECK(word(v, a) == in->auxv[i].type &&
				   word(v, a + 8) == want,
			   "auxv entry %zu", i);
	}
	FUZZ_CHECK(word(v, a) == ELFLOAD_AT_NULL && word(v, a + 8) == 0,
		   "auxv not ended by AT_NULL");
}

/* The order of create_elf_tables, top down, and the alignment of sp. */
static void check_layout(const struct elfload_stack_input *in,
			 const struct elfload_stack_image *img, size_t room)
{
	uint64_t strings = elfload_stack_strings_size(in->execfn, in->argv,
						      in->envp);

	FUZZ_CHECK(img->sp % 16 == 0, "sp %#llx", (unsigned long long)img->sp);
	FUZZ_CHECK(img->size && img->size <= room && img->sp < in->top &&
			   in->top - img->sp == img->size,
		   "size %zu of %zu, sp %#llx", img->size, room,
		   (unsigned long long)img->sp);
	FUZZ_CHECK(img->execfn_addr == in->top - 8 - strlen(in->execfn) - 1 &&
			   img->env_end == img->execfn_addr &&
			   img->arg_end == img->env_start &&
			   img->arg_start <= img->arg_end &&
			   img->env_start <= img->env_end &&
			   img->arg_start == in->top - 8 - strings,
		   "string area");
	FUZZ_CHECK(img->random_addr < img->arg_start &&
			   (!in->platform ||
			    (img->random_addr + 16 <= img->platform_addr &&
			     img->platform_addr < img->arg_start)) &&
			   (in->platform || !img->platform_addr),
		   "random bytes or platform misplaced");
	FUZZ_CHECK(img->auxv_addr > img->sp &&
			   img->auxv_addr + 8 * img->auxv_words <=
				   img->random_addr,
		   "auxv misplaced");
}

static void check_image(const struct stack_case *c, const unsigned char *buf,
			size_t room, const struct elfload_stack_image *img)
{
	const struct elfload_stack_input *in = &c->in;
	static char *const empty[] = { "", NULL };
	char *const *argv = in->argv && in->argv[0] ? in->argv : empty;
	struct view v = { buf + c->bufsize - img->size, in->top, img->size };
	uint64_t a = img->sp + 8;
	size_t i;

	check_layout(in, img, room);
	for (i = 0; i < c->bufsize - img->size; i++)
		FUZZ_CHECK(buf[i] == PATTERN,
			   "byte %zu below the image written", i);
	FUZZ_CHECK(!memcmp(at(&v, in->top - 8, 8), "\0\0\0\0\0\0\0\0", 8),
		   "top 8 bytes not zero");
	FUZZ_CHECK(word(&v, img->sp) == count(argv), "argc %llu",
		   (unsigned long long)word(&v, img->sp));
	a = check_vector(&v, a, img->arg_start, argv, count(argv), "argv");
	a = check_vector(&v, a, img->env_start, in->envp, count(in->envp),
			 "envp");
	FUZZ_CHECK(a == img->auxv_addr, "auxv at %#llx, not %#llx",
		   (unsigned long long)img->auxv_addr, (unsigned long long)a);
	check_auxv(&v, in, img);
	check_string(&v, img->execfn_addr, in->execfn, "execfn");
	FUZZ_CHECK(!memcmp(at(&v, img->random_addr, 16), in->random, 16),
		   "random bytes differ");
	if (in->platform)
		check_string(&v, img->platform_addr, in->platform, "platform");
}

static int build(const struct stack_case *c, size_t bufsize,
		 unsigned char **bufp, struct elfload_stack_image *img)
{
	struct elfload_diag d;
	int ret;

	*bufp = malloc(bufsize ? bufsize : 1);
	if (!*bufp)
		abort();
	memset(*bufp, PATTERN, bufsize);
	memset(&d, 0xff, sizeof(d));
	ret = elfload_stack_build(&c->in, *bufp, bufsize, img, &d);
	fuzz_check_diag(&d, ret, "elfload_stack_build");
	FUZZ_CHECK(ret == 0 || ret == -E2BIG, "returned %d", ret);
	return ret;
}

/* The same image in a buffer of exactly its size; none in one byte less. */
static void check_exact(struct stack_case *c, const unsigned char *buf,
			const struct elfload_stack_image *img)
{
	struct elfload_stack_image img2;
	size_t orig = c->bufsize;
	unsigned char *b2;

	c->bufsize = img->size;
	FUZZ_CHECK(build(c, img->size, &b2, &img2) == 0,
		   "no fit in exactly %zu bytes", img->size);
	FUZZ_CHECK(!memcmp(&img2, img, sizeof(img2)) &&
			   !memcmp(b2, buf + orig - img->size, img->size),
		   "a different image in an exact buffer");
	free(b2);
	FUZZ_CHECK(build(c, img->size - 1, &b2, &img2) == -E2BIG,
		   "fits in %zu bytes, one less than its size", img->size - 1);
	free(b2);
	c->bufsize = orig;
}

/* Decode @size bytes below @top; 0 or -EINVAL; every byte covered once. */
static int decode_tiled(const void *bytes, size_t size, uint64_t top,
			struct elfload_stack_entry **e, size_t *n)
{
	const struct elfload_arch *arch = elfload_arch_for(2, 62);
	struct elfload_diag d;
	uint64_t above = top;
	size_t i;
	int ret;

	memset(&d, 0xff, sizeof(d));
	ret = elfload_stack_decode(arch, bytes, size, top, e, n, &d);
	fuzz_check_diag(&d, ret, "elfload_stack_decode");
	FUZZ_CHECK(ret == 0 || ret == -EINVAL, "decode returned %d", ret);
	for (i = 0; !ret && i < *n; i++) {
		FUZZ_CHECK((*e)[i].size && (*e)[i].addr + (*e)[i].size == above &&
				   (*e)[i].offset == top - (*e)[i].addr,
			   "entry %zu does not follow the one above", i);
		above = (*e)[i].addr;
	}
	FUZZ_CHECK(ret || above == top - size, "the parts end at %#llx",
		   (unsigned long long)above);
	return ret;
}

/* The built image decoded: argc, argv[] and envp[] with their strings. */
static void check_decoded(const struct stack_case *c,
			  const unsigned char *buf,
			  const struct elfload_stack_image *img)
{
	static char *const empty[] = { "", NULL };
	char *const *argv = c->in.argv && c->in.argv[0] ? c->in.argv : empty;
	struct elfload_stack_entry *e;
	size_t n, i, nargs = 0, nenv = 0;

	FUZZ_CHECK(decode_tiled(buf + c->bufsize - img->size, img->size,
				c->in.top, &e, &n) == 0, "a built image refused");
	FUZZ_CHECK(e[n - 1].kind == ELFLOAD_STACK_ARGC &&
			   e[n - 1].value == count(argv), "argc");
	for (i = 0; i < n; i++) {
		if (e[i].kind == ELFLOAD_STACK_ARGV && e[i].index < count(argv))
			FUZZ_CHECK(e[i].string &&
					   !strcmp(e[i].string, argv[e[i].index]),
				   "argv[%zu]", e[i].index);
		if (e[i].kind == ELFLOAD_STACK_ENVP && e[i].value)
			FUZZ_CHECK(e[i].string &&
					   !strcmp(e[i].string,
						   c->in.envp[e[i].index]),
				   "envp[%zu]", e[i].index);
		nargs += e[i].kind == ELFLOAD_STACK_ARGV;
		nenv += e[i].kind == ELFLOAD_STACK_ENVP;
	}
	FUZZ_CHECK(nargs == count(argv) + 1 && nenv == count(c->in.envp) + 1,
		   "%zu argv and %zu envp words", nargs, nenv);
	free(e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct stack_case c;
	struct fuzz_bytes b = { data, size };
	struct elfload_stack_entry *e;
	size_t n;
	struct elfload_stack_image img;
	unsigned char *buf;
	size_t room;

	make_case(&b, &c);
	room = c.bufsize < c.in.top ? c.bufsize : (size_t)c.in.top;
	if (build(&c, c.bufsize, &buf, &img) == 0) {
		check_image(&c, buf, room, &img);
		check_exact(&c, buf, &img);
		check_decoded(&c, buf, &img);
	}
	free(buf);
	if (decode_tiled(data, size, 0x7ffffffff000ull, &e, &n) == 0)
		free(e);
	return 0;
}
