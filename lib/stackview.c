// SPDX-License-Identifier: MIT
/*
 * Decoding an initial stack image (see stack.h): from the stack pointer
 * up, argc, argv[], envp[] and the auxv pairs; then what their pointers
 * point at (the strings, the platform string, the random bytes) and the
 * padding between, described from the top down.  Pure.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <elfload/elf.h>
#include <elfload/stack.h>

#include "internal.h"

/*
 * The auxv types the kernel passes, named as in
 * include/uapi/linux/auxvec.h, with what a value means and whether it
 * reads best in hex (addresses, bit masks) or in decimal.
 */
static const struct {
	uint64_t type;
	const char *name;
	bool hex;
	const char *what;
} auxv_names[] = {
	{ ELFLOAD_AT_NULL, "AT_NULL", false, NULL },
	{ ELFLOAD_AT_IGNORE, "AT_IGNORE", true, NULL },
	{ ELFLOAD_AT_EXECFD, "AT_EXECFD", false, "the program's descriptor" },
	{ ELFLOAD_AT_PHDR, "AT_PHDR", true, "the program headers" },
	{ ELFLOAD_AT_PHENT, "AT_PHENT", false, "bytes per program header" },
	{ ELFLOAD_AT_PHNUM, "AT_PHNUM", false, "program headers" },
	{ ELFLOAD_AT_PAGESZ, "AT_PAGESZ", false, "bytes per page" },
	{ ELFLOAD_AT_BASE, "AT_BASE", true, "the interpreter's base" },
	{ ELFLOAD_AT_FLAGS, "AT_FLAGS", true, NULL },
	{ ELFLOAD_AT_ENTRY, "AT_ENTRY", true, "the program's entry point" },
	{ ELFLOAD_AT_NOTELF, "AT_NOTELF", false, NULL },
	{ ELFLOAD_AT_UID, "AT_UID", false, "real user ID" },
	{ ELFLOAD_AT_EUID, "AT_EUID", false, "effective user ID" },
	{ ELFLOAD_AT_GID, "AT_GID", false, "real group ID" },
	{ ELFLOAD_AT_EGID, "AT_EGID", false, "effective group ID" },
	{ ELFLOAD_AT_PLATFORM, "AT_PLATFORM", true, NULL },
	{ ELFLOAD_AT_HWCAP, "AT_HWCAP", true, "hardware capabilities" },
	{ ELFLOAD_AT_CLKTCK, "AT_CLKTCK", false, "clock ticks per second" },
	{ ELFLOAD_AT_SECURE, "AT_SECURE", false, NULL },
	{ ELFLOAD_AT_BASE_PLATFORM, "AT_BASE_PLATFORM", true, NULL },
	{ ELFLOAD_AT_RANDOM, "AT_RANDOM", true, "the 16 random bytes" },
	{ ELFLOAD_AT_HWCAP2, "AT_HWCAP2", true, "more hardware capabilities" },
	{ ELFLOAD_AT_RSEQ_FEATURE_SIZE, "AT_RSEQ_FEATURE_SIZE", false,
	  "bytes of rseq features" },
	{ ELFLOAD_AT_RSEQ_ALIGN, "AT_RSEQ_ALIGN", false,
	  "alignment of the rseq area" },
	{ ELFLOAD_AT_HWCAP3, "AT_HWCAP3", true, "more hardware capabilities" },
	{ ELFLOAD_AT_HWCAP4, "AT_HWCAP4", true, "more hardware capabilities" },
	{ ELFLOAD_AT_EXECFN, "AT_EXECFN", true, NULL },
	{ ELFLOAD_AT_SYSINFO, "AT_SYSINFO", true, "the vsyscall entry" },
	{ ELFLOAD_AT_SYSINFO_EHDR, "AT_SYSINFO_EHDR", true,
	  "the vDSO's ELF header" },
	{ ELFLOAD_AT_MINSIGSTKSZ, "AT_MINSIGSTKSZ", false,
	  "bytes a signal frame needs" },
};

/* The row of @type in auxv_names, or NULL. */
static int auxv_row(uint64_t type)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(auxv_names); i++)
		if (auxv_names[i].type == type)
			return (int)i;
	return -1;
}

const char *elfload_auxv_name(uint64_t type)
{
	int row = auxv_row(type);

	return row < 0 ? NULL : auxv_names[row].name;
}

const char *elfload_stack_kind_name(enum elfload_stack_kind kind)
{
	static const char *const names[] = {
		[ELFLOAD_STACK_END] = "end",
		[ELFLOAD_STACK_EXECFN] = "execfn",
		[ELFLOAD_STACK_ENV_STRING] = "env_string",
		[ELFLOAD_STACK_ARG_STRING] = "arg_string",
		[ELFLOAD_STACK_PLATFORM] = "platform",
		[ELFLOAD_STACK_RANDOM] = "random",
		[ELFLOAD_STACK_PADDING] = "padding",
		[ELFLOAD_STACK_AUXV] = "auxv",
		[ELFLOAD_STACK_ENVP] = "envp",
		[ELFLOAD_STACK_ARGV] = "argv",
		[ELFLOAD_STACK_ARGC] = "argc",
	};

	return (unsigned)kind < ARRAY_SIZE(names) ? names[kind] : "unknown";
}

/* The image being decoded, and the entries found so far. */
struct decoder {
	const struct elfload_arch *arch;
	const unsigned char *bytes;
	size_t size;
	uint64_t top, sp;
	uint64_t tables_end;	/* above argc, argv, envp and auxv */
	struct elfload_stack_entry *e;
	size_t n, cap;
	bool nomem;
};

/* The word at @addr, or false when it is not inside the image. */
static bool word_at(const struct decoder *k, uint64_t addr, uint64_t *v)
{
	unsigned w = k->arch->word_size, i;
	const unsigned char *p;

	if (addr < k->sp || !range_ok(addr - k->sp, w, k->size))
		return false;
	p = k->bytes + (addr - k->sp);
	for (*v = 0, i = 0; i < w; i++)
		*v |= (uint64_t)p[k->arch->big_endian ? i : w - 1 - i]
		      << (8 * (w - 1 - i));
	return true;
}

/* The NUL-terminated string at @addr inside the image, or NULL. */
static const char *string_at(const struct decoder *k, uint64_t addr)
{
	const char *s;

	if (addr < k->sp || addr - k->sp >= k->size)
		return NULL;
	s = (const char *)k->bytes + (addr - k->sp);
	return memchr(s, '\0', k->size - (addr - k->sp)) ? s : NULL;
}

static struct elfload_stack_entry *add(struct decoder *k, uint64_t addr,
				       uint64_t size,
				       enum elfload_stack_kind kind,
				       size_t index)
{
	struct elfload_stack_entry *e;

	if (k->n == k->cap) {
		size_t cap = k->cap ? 2 * k->cap : 64;

		e = realloc(k->e, cap * sizeof(*e));
		if (!e) {
			k->nomem = true;
			return NULL;
		}
		k->e = e;
		k->cap = cap;
	}
	e = &k->e[k->n++];
	memset(e, 0, sizeof(*e));
	e->addr = addr;
	e->offset = k->top - addr;
	e->size = size;
	e->kind = kind;
	e->index = index;
	return e;
}

static void say(struct elfload_stack_entry *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void say(struct elfload_stack_entry *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->meaning, sizeof(e->meaning), fmt, ap);
	va_end(ap);
}

/* A pointer to a string: "argv[1] -> "abc"", the string recorded. */
static void describe_pointer(struct decoder *k, struct elfload_stack_entry *e,
			     const char *what)
{
	e->string = string_at(k, e->value);
	if (!e->value)
		say(e, "%s[%zu] = NULL", what, e->index);
	else if (e->string)
		say(e, "%s[%zu] -> \"%.60s\"", what, e->index, e->string);
	else
		say(e, "%s[%zu] -> %#" PRIx64 " (outside the stack)", what,
		    e->index, e->value);
}

/* The value of an auxv pair, in words: what it is or points at. */
static void describe_auxv(struct decoder *k, struct elfload_stack_entry *e)
{
	int row = auxv_row(e->type);
	uint64_t v = e->value;
	char name[32];

	if (row < 0)
		snprintf(name, sizeof(name), "AT_%" PRIu64, e->type);
	else
		snprintf(name, sizeof(name), "%s", auxv_names[row].name);
	if (e->type == ELFLOAD_AT_EXECFN || e->type == ELFLOAD_AT_PLATFORM ||
	    e->type == ELFLOAD_AT_BASE_PLATFORM) {
		e->string = string_at(k, v);
		if (e->string)
			say(e, "%s %#" PRIx64 " -> \"%.60s\"", name, v,
			    e->string);
		else
			say(e, "%s %#" PRIx64 " (outside the stack)", name, v);
	} else if (e->type == ELFLOAD_AT_NULL)
		say(e, "AT_NULL: end of the auxiliary vector");
	else if (e->type == ELFLOAD_AT_BASE && !v)
		say(e, "AT_BASE 0: no interpreter");
	else if (e->type == ELFLOAD_AT_FLAGS)
		say(e, "AT_FLAGS %#" PRIx64 ": %s", v, !v ? "no flags" :
		    v == 1 ? "preserve-argv0" : "unknown flags");
	else if (e->type == ELFLOAD_AT_SECURE)
		say(e, "AT_SECURE %" PRIu64 ": %s", v,
		    v ? "secure mode (set-ID or capabilities)" :
			"not in secure mode");
	else if (row < 0 || !auxv_names[row].what)
		say(e, "%s %#" PRIx64, name, v);
	else
		say(e, auxv_names[row].hex ? "%s %#" PRIx64 ": %s" :
					     "%s %" PRIu64 ": %s",
		    name, v, auxv_names[row].what);
}

/* A NULL-terminated array of string pointers from @a; the address after. */
static uint64_t decode_array(struct decoder *k, uint64_t a, bool bounded,
			     uint64_t count, enum elfload_stack_kind kind,
			     const char *what)
{
	const unsigned w = k->arch->word_size;
	struct elfload_stack_entry *e;
	uint64_t v;
	size_t i;

	for (i = 0; word_at(k, a, &v); i++, a += w) {
		e = add(k, a, w, kind, i);
		if (!e)
			return 0;
		e->value = v;
		describe_pointer(k, e, what);
		if (bounded ? i == count : !v)
			return a + w;
	}
	return 0;
}

/* The auxv pairs from @a up to AT_NULL; the address after, 0 if cut. */
static uint64_t decode_auxv(struct decoder *k, uint64_t a)
{
	const unsigned w = k->arch->word_size;
	struct elfload_stack_entry *e;
	uint64_t type, v;
	size_t i;

	for (i = 0; word_at(k, a, &type) && word_at(k, a + w, &v);
	     i++, a += 2 * w) {
		e = add(k, a, 2 * w, ELFLOAD_STACK_AUXV, i);
		if (!e)
			return 0;
		e->type = type;
		e->value = v;
		describe_auxv(k, e);
		if (type == ELFLOAD_AT_NULL)
			return a + 2 * w;
	}
	return 0;
}

/* A string or block pointed at from the tables, found at @addr. */
static void add_object(struct decoder *k, uint64_t addr, uint64_t size,
		       enum elfload_stack_kind kind, size_t index)
{
	struct elfload_stack_entry *e;
	const char *s = string_at(k, addr);

	/* Only above the tables: a pointer into them points at no object. */
	if (addr < k->tables_end || !range_ok(addr - k->sp, size, k->size))
		return;
	e = add(k, addr, size, kind, index);
	if (!e)
		return;
	if (kind == ELFLOAD_STACK_RANDOM) {
		say(e, "AT_RANDOM: 16 random bytes");
		return;
	}
	if (kind == ELFLOAD_STACK_END) {
		if (size == k->arch->word_size)
			say(e, "end marker (a zero word)");
		else	/* the 64-bit kernel's pointer above ia32 words */
			say(e, "end marker (%" PRIu64 " zero bytes)", size);
		return;
	}
	e->string = s;
	if (kind == ELFLOAD_STACK_ARG_STRING || kind == ELFLOAD_STACK_ENV_STRING)
		say(e, "%s[%zu] \"%.60s\"",
		    kind == ELFLOAD_STACK_ARG_STRING ? "argv" : "envp", index, s);
	else
		say(e, "%s \"%.60s\"", kind == ELFLOAD_STACK_EXECFN ?
					   "AT_EXECFN" : "AT_PLATFORM", s);
}

/* Objects pointed at by the table entries [first, last). */
static void add_pointed(struct decoder *k, size_t first, size_t last)
{
	size_t i;

	for (i = first; i < last && !k->nomem; i++) {
		const struct elfload_stack_entry t = k->e[i];

		if (t.kind == ELFLOAD_STACK_ARGV && t.string)
			add_object(k, t.value, strlen(t.string) + 1,
				   ELFLOAD_STACK_ARG_STRING, t.index);
		else if (t.kind == ELFLOAD_STACK_ENVP && t.string)
			add_object(k, t.value, strlen(t.string) + 1,
				   ELFLOAD_STACK_ENV_STRING, t.index);
		else if (t.kind == ELFLOAD_STACK_AUXV && t.string)
			add_object(k, t.value, strlen(t.string) + 1,
				   t.type == ELFLOAD_AT_EXECFN ?
					   ELFLOAD_STACK_EXECFN :
					   ELFLOAD_STACK_PLATFORM, 0);
		else if (t.kind == ELFLOAD_STACK_AUXV &&
			 t.type == ELFLOAD_AT_RANDOM)
			add_object(k, t.value, 16, ELFLOAD_STACK_RANDOM, 0);
	}
}

static int by_address_down(const void *a, const void *b)
{
	const struct elfload_stack_entry *x = a, *y = b;

	return x->addr < y->addr ? 1 : x->addr > y->addr ? -1 : 0;
}

/*
 * Sort from the top down; drop an object overlapping the one above it;
 * name the bytes no entry covers as padding.
 */
static void fill_gaps(struct decoder *k)
{
	size_t i, n;
	uint64_t above = k->top;

	qsort(k->e, k->n, sizeof(*k->e), by_address_down);
	for (i = 0, n = k->n; i < n && !k->nomem; i++) {
		struct elfload_stack_entry *e = &k->e[i];
		uint64_t gap_start = e->addr + e->size;

		if (gap_start > above) {	/* overlaps: not an object */
			e->size = 0;
			continue;
		}
		if (gap_start < above) {
			struct elfload_stack_entry *p = add(k, gap_start,
				above - gap_start, ELFLOAD_STACK_PADDING, 0);

			if (p)
				say(p, "padding (%" PRIu64 " byte%s)", p->size,
				    p->size == 1 ? "" : "s");
			e = &k->e[i];
		}
		above = e->addr;
	}
	qsort(k->e, k->n, sizeof(*k->e), by_address_down);
	for (i = n = 0; i < k->n; i++)	/* the dropped ones go */
		if (k->e[i].size)
			k->e[n++] = k->e[i];
	k->n = n;
}

int elfload_stack_decode(const struct elfload_arch *arch, const void *bytes,
			 size_t size, uint64_t top,
			 struct elfload_stack_entry **out, size_t *n,
			 struct elfload_diag *d)
{
	struct decoder k = { .arch = arch, .bytes = bytes, .size = size,
			     .top = top, .sp = top - size };
	const unsigned w = arch->word_size;
	struct elfload_stack_entry *e;
	uint64_t argc, a, end = 0;
	size_t tables;

	*out = NULL;
	*n = 0;
	elfload_diag_clear(d);
	if (size > top || !word_at(&k, k.sp, &argc))
		goto truncated;
	e = add(&k, k.sp, w, ELFLOAD_STACK_ARGC, 0);
	if (e) {
		e->value = argc;
		say(e, "argc = %" PRIu64 " (the initial stack pointer)", argc);
	}
	a = decode_array(&k, k.sp + w, true, argc, ELFLOAD_STACK_ARGV, "argv");
	if (a)
		a = decode_array(&k, a, false, 0, ELFLOAD_STACK_ENVP, "envp");
	if (a)
		end = decode_auxv(&k, a);
	if (!end && !k.nomem)
		goto truncated;
	tables = k.n;
	k.tables_end = end;
	add_object(&k, top - elfload_arch_stack_end_marker(arch),
		   elfload_arch_stack_end_marker(arch), ELFLOAD_STACK_END, 0);
	add_pointed(&k, 0, tables);
	fill_gaps(&k);
	if (k.nomem) {
		free(k.e);
		return elfload_diag_set(d, -ENOMEM, "initial stack", -1, NULL,
					0, 0, "out of memory");
	}
	*out = k.e;
	*n = k.n;
	return 0;

truncated:
	free(k.e);
	return elfload_diag_set(d, -EINVAL, "initial stack", -1, NULL, 0, 0,
				"the tables run past the top of the stack");
}
