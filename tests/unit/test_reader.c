// SPDX-License-Identifier: MIT
/*
 * Unit tests of the ELF reader (lib/reader.c, lib/notes.c, lib/file.c):
 * header and table decoding in both classes and byte orders, extended
 * numbering, section names, PT_INTERP, notes, DT_FLAGS_1, bounds checks,
 * every truncation of a small image, and opening files of every kind.
 *
 * Every input is built here with elfbuild.h.  Images are parsed from heap
 * copies of exactly their size, so that any read past the end is caught
 * by AddressSanitizer in the ASan build.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include <elfload/diag.h>
#include <elfload/image.h>

#include "elfbuild.h"

/* Fail, showing the message, unless @msg contains @needle. */
#define assert_msg_has(msg, needle)                                        \
	do {                                                               \
		if (!strstr((msg), (needle)))                              \
			fail_msg("\"%s\" does not contain \"%s\"", (msg),  \
				 (needle));                                \
	} while (0)

/* The four kinds of ELF file; tests marked VARIANTS run once for each. */
struct variant {
	int cls;
	bool be;
};

static struct variant v32le = { ELFLOAD_ELFCLASS32, false };
static struct variant v32be = { ELFLOAD_ELFCLASS32, true };
static struct variant v64le = { ELFLOAD_ELFCLASS64, false };
static struct variant v64be = { ELFLOAD_ELFCLASS64, true };

#define VARIANT_TEST(f, v, tag) { #f " " tag, f, NULL, free_live, &v }
#define VARIANTS(f)                                                        \
	VARIANT_TEST(f, v32le, "(ELF32 LSB)"),                             \
	VARIANT_TEST(f, v32be, "(ELF32 MSB)"),                             \
	VARIANT_TEST(f, v64le, "(ELF64 LSB)"),                             \
	VARIANT_TEST(f, v64be, "(ELF64 MSB)")

/*
 * Everything a test allocates is kept here and freed by its teardown, so
 * that a failed assertion (which leaves the test by longjmp) leaks
 * nothing and LeakSanitizer reports only the library's own leaks.
 */
struct live {
	void *p;
	bool is_image;
};

static struct live live[16];

static void *keep(void *p, bool is_image)
{
	size_t i;

	for (i = 0; p && i < sizeof(live) / sizeof(live[0]); i++) {
		if (!live[i].p) {
			live[i] = (struct live){ p, is_image };
			return p;
		}
	}
	if (p)
		fail_msg("too many live allocations");
	return p;
}

static void release(struct live *l)
{
	if (l->is_image)
		elfload_image_free(l->p);
	else
		free(l->p);
	l->p = NULL;
}

/* Free @p, which keep() recorded. */
static void drop(void *p)
{
	size_t i;

	for (i = 0; p && i < sizeof(live) / sizeof(live[0]); i++) {
		if (live[i].p == p) {
			release(&live[i]);
			return;
		}
	}
}

static int free_live(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(live) / sizeof(live[0]); i++)
		if (live[i].p)
			release(&live[i]);
	return 0;
}

/* @x cut to the width of an address in @v's class. */
static uint64_t fit(const struct variant *v, uint64_t x)
{
	return v->cls == ELFLOAD_ELFCLASS64 ? x : (uint32_t)x;
}

/* The largest address or offset @v's class can hold. */
static uint64_t word_max(const struct variant *v)
{
	return fit(v, UINT64_MAX);
}

/* A heap copy of exactly @n bytes (ASan guards its end). */
static unsigned char *exact_copy(const void *p, size_t n)
{
	unsigned char *c = keep(malloc(n ? n : 1), false);

	assert_non_null(c);
	memcpy(c, p, n);
	return c;
}

static struct elfload_image *parse_ok(const void *p, size_t n)
{
	struct elfload_image *img = NULL;
	struct elfload_diag d;
	int ret = elfload_image_parse(p, n, "test", 0, &img, &d);

	keep(img, true);
	if (ret)
		fail_msg("parse failed (%d): %s", ret, d.msg);
	assert_int_equal(d.err, 0);
	assert_non_null(img);
	return img;
}

/* The first warning about @field, or NULL. */
static const struct elfload_diag *find_warning(const struct elfload_image *img,
					       const char *field)
{
	unsigned i;

	for (i = 0; i < img->nwarnings; i++)
		if (img->warnings[i].field &&
		    !strcmp(img->warnings[i].field, field))
			return &img->warnings[i];
	return NULL;
}

/* ---- a small, complete image --------------------------------------------- */

/*
 * ELF header, 4 program headers, 5 section headers, .shstrtab, .interp,
 * a build-id note and .dynamic, in that file order.  The table offsets
 * are recorded so that the truncation test knows what each prefix holds.
 */
struct small {
	size_t size;
	uint64_t phend;		/* end of the program header table */
	uint64_t shend;		/* end of the section header table */
	uint64_t str, str_end;
	uint64_t interp, interp_end;
	uint64_t note, note_end;
	uint64_t dyn, dyn_end;
	uint64_t flags_end;	/* end of the DT_FLAGS_1 entry */
};

#define SMALL_PHNUM 4
#define SMALL_SHNUM 5
#define SMALL_SHSTRNDX 4
#define SMALL_FLAGS_1 (ELFLOAD_DF_1_NOW | ELFLOAD_DF_1_PIE)
#define SMALL_BASE 0x400000

/* Names at 1, 9, 28 and 37; sizeof() counts the final NUL. */
static const char small_strtab[] =
	"\0.interp\0.note.gnu.build-id\0.dynamic\0.shstrtab";
static const char small_interp[] = "/lib/ld-elfload.so.1";
static const unsigned char small_id[20] = {
	0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05,
	0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0xff,
};
static const char small_id_hex[] = "deadbeef000102030405060708090a0b0c0d0eff";

static uint64_t align_to(uint64_t x, uint64_t a)
{
	return (x + a - 1) & ~(a - 1);
}

static void small_data(struct elfbuild *b, struct small *s)
{
	uint64_t w = b->cls == ELFLOAD_ELFCLASS64 ? 8 : 4;

	s->str_end = s->str + sizeof(small_strtab);
	eb_bytes(b, s->str, small_strtab, sizeof(small_strtab));
	s->interp = s->str_end;
	s->interp_end = s->interp + sizeof(small_interp);
	eb_bytes(b, s->interp, small_interp, sizeof(small_interp));
	s->note = align_to(s->interp_end, 4);
	s->note_end = eb_note(b, s->note, ELFLOAD_NT_GNU_BUILD_ID, "GNU", 4, small_id,
			      sizeof(small_id), 4);
	s->dyn = align_to(s->note_end, w);
	eb_dyn(b, s->dyn, 0, ELFLOAD_DT_DEBUG, 0);
	eb_dyn(b, s->dyn, 1, ELFLOAD_DT_FLAGS_1, SMALL_FLAGS_1);
	eb_dyn(b, s->dyn, 2, ELFLOAD_DT_NULL, 0);
	s->flags_end = s->dyn + 2 * 2 * w;
	s->dyn_end = s->dyn + 3 * 2 * w;
}

static void small_tables(struct elfbuild *b, const struct small *s)
{
	uint64_t w = b->cls == ELFLOAD_ELFCLASS64 ? 8 : 4;
	struct elfload_phdr ph[SMALL_PHNUM] = {
		{ .type = ELFLOAD_PT_INTERP, .flags = ELFLOAD_PF_R, .offset = s->interp,
		  .vaddr = SMALL_BASE + s->interp,
		  .filesz = sizeof(small_interp),
		  .memsz = sizeof(small_interp), .align = 1 },
		{ .type = ELFLOAD_PT_LOAD, .flags = ELFLOAD_PF_R | ELFLOAD_PF_X,
		  .vaddr = SMALL_BASE,
		  .filesz = s->dyn_end, .memsz = s->dyn_end, .align = 0x1000 },
		{ .type = ELFLOAD_PT_NOTE, .flags = ELFLOAD_PF_R, .offset = s->note,
		  .vaddr = SMALL_BASE + s->note,
		  .filesz = s->note_end - s->note,
		  .memsz = s->note_end - s->note, .align = 4 },
		{ .type = ELFLOAD_PT_DYNAMIC, .flags = ELFLOAD_PF_R | ELFLOAD_PF_W,
		  .offset = s->dyn,
		  .vaddr = SMALL_BASE + s->dyn, .filesz = s->dyn_end - s->dyn,
		  .memsz = s->dyn_end - s->dyn, .align = w },
	};
	struct elfload_shdr sh[SMALL_SHNUM] = {
		{ 0 },
		{ .name = 1, .type = ELFLOAD_SHT_PROGBITS, .flags = ELFLOAD_SHF_ALLOC,
		  .addr = ph[0].vaddr, .offset = s->interp,
		  .size = ph[0].filesz, .addralign = 1 },
		{ .name = 9, .type = ELFLOAD_SHT_NOTE, .flags = ELFLOAD_SHF_ALLOC,
		  .addr = ph[2].vaddr, .offset = s->note,
		  .size = ph[2].filesz, .addralign = 4 },
		{ .name = 28, .type = ELFLOAD_SHT_DYNAMIC,
		  .flags = ELFLOAD_SHF_ALLOC | ELFLOAD_SHF_WRITE, .addr = ph[3].vaddr,
		  .offset = s->dyn, .size = ph[3].filesz, .addralign = w,
		  .entsize = 2 * w },
		{ .name = 37, .type = ELFLOAD_SHT_STRTAB, .offset = s->str,
		  .size = sizeof(small_strtab), .addralign = 1 },
	};

	eb_phdrs(b, eb_ehdr_size(b->cls), ph, SMALL_PHNUM);
	eb_shdrs(b, s->phend, sh, SMALL_SHNUM);
	b->eh.type = ELFLOAD_ET_DYN;
	b->eh.entry = SMALL_BASE + s->str;
	b->eh.shstrndx = SMALL_SHSTRNDX;
}

static void build_small(struct elfbuild *b, unsigned char *buf, size_t cap,
			const struct variant *v, struct small *s)
{
	memset(s, 0, sizeof(*s));
	eb_init(b, buf, cap, v->cls, v->be);
	s->phend = eb_ehdr_size(v->cls) + SMALL_PHNUM * eb_phdr_size(v->cls);
	s->shend = s->phend + SMALL_SHNUM * eb_shdr_size(v->cls);
	s->str = s->shend;
	small_data(b, s);
	small_tables(b, s);
	s->size = eb_finish(b);
}

/* What a parsed small image (possibly a full one) must show. */
static void check_small_full(const struct elfload_image *img)
{
	char id[2 * 64 + 1];
	const char *path;
	size_t len;
	struct elfload_diag d;

	assert_int_equal(img->phnum, SMALL_PHNUM);
	assert_int_equal(img->shnum, SMALL_SHNUM);
	assert_non_null(img->phdrs);
	assert_non_null(img->shdrs);
	assert_int_equal(img->phdr_diag.err, 0);
	assert_int_equal(img->shdr_diag.err, 0);
	assert_int_equal(img->nwarnings, 0);
	assert_string_equal(elfload_section_name(img, 1), ".interp");
	assert_string_equal(elfload_section_name(img, 2),
			    ".note.gnu.build-id");
	assert_string_equal(elfload_section_name(img, 3), ".dynamic");
	assert_string_equal(elfload_section_name(img, 4), ".shstrtab");
	assert_int_equal(elfload_image_interp(img, &path, &len, &d), 0);
	assert_string_equal(path, small_interp);
	assert_int_equal(len, strlen(small_interp));
	assert_int_equal(elfload_image_build_id(img, id, sizeof(id)), 20);
	assert_string_equal(id, small_id_hex);
	assert_int_equal(elfload_image_dt_flags_1(img), SMALL_FLAGS_1);
	assert_int_equal(elfload_image_find_phdr(img, ELFLOAD_PT_DYNAMIC), 3);
}

static void small_image_is_sane(void **state)
{
	const struct variant *v = *state;
	unsigned char buf[1024];
	struct elfbuild b;
	struct small s;
	struct elfload_image *img;
	unsigned char *copy;

	build_small(&b, buf, sizeof(buf), v, &s);
	copy = exact_copy(buf, s.size);
	img = parse_ok(copy, s.size);
	check_small_full(img);
	drop(img);
	drop(copy);
}

/* ---- truncation ---------------------------------------------------------- */

/* The parse of the first @n bytes failed: was it for the right reason? */
static void check_short_header(int ret, const struct elfload_diag *d,
			       size_t n)
{
	assert_int_equal(ret, -ENOEXEC);
	assert_int_equal(d->err, -ENOEXEC);
	if (n < ELFLOAD_SELFMAG) {
		assert_msg_has(d->msg, "not an ELF file");
		return;
	}
	assert_msg_has(d->msg, "ELF header");
	assert_msg_has(d->msg, "truncated");
}

static void check_prefix_tables(const struct elfload_image *img,
				const struct small *s, size_t n)
{
	if (n < s->phend) {
		assert_null(img->phdrs);
		assert_int_equal(img->phdr_diag.err, -ENOEXEC);
		assert_string_equal(img->phdr_diag.field, "e_phoff");
		assert_msg_has(img->phdr_diag.msg, "program header table");
	} else {
		assert_non_null(img->phdrs);
		assert_int_equal(img->phdr_diag.err, 0);
	}
	if (n < s->shend) {
		assert_null(img->shdrs);
		assert_int_equal(img->shdr_diag.err, -ENOEXEC);
		assert_string_equal(img->shdr_diag.field, "e_shoff");
		assert_msg_has(img->shdr_diag.msg, "section header table");
	} else {
		assert_non_null(img->shdrs);
		assert_int_equal(img->shdr_diag.err, 0);
	}
}

static void check_prefix_names(const struct elfload_image *img,
			       const struct small *s, size_t n)
{
	const struct elfload_diag *w;

	if (n < s->shend)
		return;
	if (n >= s->str_end) {
		assert_non_null(img->shstrtab);
		assert_string_equal(elfload_section_name(img, 3), ".dynamic");
		return;
	}
	/* The table is there but its string table is cut: no names. */
	assert_null(img->shstrtab);
	assert_null(elfload_section_name(img, 3));
	w = find_warning(img, "sh_offset");
	assert_non_null(w);
	assert_int_equal(w->index, SMALL_SHSTRNDX);
	assert_msg_has(w->msg, "string table");
}

static void check_prefix_contents(const struct elfload_image *img,
				  const struct small *s, size_t n)
{
	char id[2 * 64 + 1];
	const char *path;
	size_t len;
	struct elfload_diag d;
	uint64_t want;
	int ret = elfload_image_interp(img, &path, &len, &d);

	if (n < s->phend) {
		assert_int_equal(ret, -ENOENT);
	} else if (n < s->interp_end) {
		assert_int_equal(ret, -ENOEXEC);
		assert_int_equal(d.err, -ENOEXEC);
		assert_msg_has(d.msg, "PT_INTERP");
	} else {
		assert_int_equal(ret, 0);
		assert_string_equal(path, small_interp);
	}
	assert_int_equal(elfload_image_build_id(img, id, sizeof(id)),
			 n >= s->note_end ? 20 : 0);
	/* The dynamic walk stops at the last whole entry present. */
	want = n >= s->phend && n >= s->flags_end ? SMALL_FLAGS_1 : 0;
	assert_int_equal(elfload_image_dt_flags_1(img), want);
}

/*
 * Parse every prefix of a valid image.  Parsing fails exactly when the
 * ELF header is incomplete; after that each table and each piece of
 * data is usable exactly when all of it is present.
 */
static void every_prefix(void **state)
{
	const struct variant *v = *state;
	size_t ehsz = eb_ehdr_size(v->cls);
	unsigned char buf[1024];
	struct elfbuild b;
	struct small s;
	size_t n;

	build_small(&b, buf, sizeof(buf), v, &s);
	for (n = 0; n <= s.size; n++) {
		unsigned char *copy = exact_copy(buf, n);
		struct elfload_image *img = NULL;
		struct elfload_diag d;
		int ret = elfload_image_parse(copy, n, "prefix", 0, &img, &d);

		keep(img, true);
		if (n < ehsz) {
			check_short_header(ret, &d, n);
			assert_null(img);
			drop(copy);
			continue;
		}
		if (ret)
			fail_msg("prefix %zu: %s", n, d.msg);
		assert_int_equal(img->size, n);
		assert_int_equal(img->elfclass, v->cls);
		assert_int_equal(img->ehdr.shnum, SMALL_SHNUM);
		check_prefix_tables(img, &s, n);
		check_prefix_names(img, &s, n);
		check_prefix_contents(img, &s, n);
		if (n == s.size)
			check_small_full(img);
		drop(img);
		drop(copy);
	}
}

/* ---- ELF header ---------------------------------------------------------- */

/* Every header field holds distinct bytes, so a swapped byte shows. */
static void ehdr_fields(void **state)
{
	const struct variant *v = *state;
	unsigned char buf[256];
	struct elfbuild b;
	struct elfload_image *img;
	size_t n;

	eb_init(&b, buf, sizeof(buf), v->cls, v->be);
	b.eh.ident[ELFLOAD_EI_OSABI] = ELFLOAD_ELFOSABI_GNU;
	b.eh.ident[ELFLOAD_EI_ABIVERSION] = 7;
	b.eh.type = 0xfe01;
	b.eh.machine = 0x1234;
	b.eh.version = 0x11223344;
	b.eh.entry = fit(v, 0x0102030405060708);
	b.eh.phoff = fit(v, 0x1112131415161718);
	b.eh.shoff = fit(v, 0x2122232425262728);
	b.eh.flags = 0x89abcdef;
	b.eh.ehsize = 0x3132;
	b.eh.phentsize = 0x4142;
	b.eh.phnum = 0x5152;
	b.eh.shentsize = 0x6162;
	b.eh.shnum = 0x7172;
	b.eh.shstrndx = 0x0102;
	n = eb_finish(&b);
	assert_int_equal(n, eb_ehdr_size(v->cls));

	img = parse_ok(buf, n);
	assert_int_equal(img->elfclass, v->cls);
	assert_int_equal(img->big_endian, v->be);
	assert_memory_equal(img->ehdr.ident, b.eh.ident, ELFLOAD_EI_NIDENT);
	assert_int_equal(img->ehdr.type, 0xfe01);
	assert_int_equal(img->ehdr.machine, 0x1234);
	assert_int_equal(img->ehdr.version, 0x11223344);
	assert_int_equal(img->ehdr.entry, b.eh.entry);
	assert_int_equal(img->ehdr.phoff, b.eh.phoff);
	assert_int_equal(img->ehdr.shoff, b.eh.shoff);
	assert_int_equal(img->ehdr.flags, 0x89abcdef);
	assert_int_equal(img->ehdr.ehsize, 0x3132);
	assert_int_equal(img->ehdr.phentsize, 0x4142);
	assert_int_equal(img->ehdr.phnum, 0x5152);
	assert_int_equal(img->ehdr.shentsize, 0x6162);
	assert_int_equal(img->ehdr.shnum, 0x7172);
	assert_int_equal(img->ehdr.shstrndx, 0x0102);
	assert_ptr_equal(img->bytes, buf);
	assert_int_equal(img->size, n);
	assert_string_equal(img->name, "test");
	assert_null(img->owned);
	/* Both tables lie far outside this 52/64-byte file. */
	assert_null(img->phdrs);
	assert_null(img->shdrs);
	assert_int_equal(img->phdr_diag.err, -ENOEXEC);
	assert_int_equal(img->shdr_diag.err, -ENOEXEC);
	drop(img);
}

/* A bare ELF header: no tables, and no complaint about their absence. */
static void no_tables(void **state)
{
	const struct variant *v = *state;
	unsigned char buf[256];
	struct elfbuild b;
	struct elfload_image *img;
	size_t n;

	eb_init(&b, buf, sizeof(buf), v->cls, v->be);
	/*
	 * Section headers counted without an offset; program headers
	 * counted at offset 0, which readelf and the kernel read there
	 * like any offset: past the end of this file (the header only).
	 */
	b.eh.phnum = 3;
	b.eh.shnum = 4;
	b.eh.shstrndx = 2;
	n = eb_finish(&b);
	img = parse_ok(buf, n);
	assert_int_equal(img->phnum, 3);
	assert_int_equal(img->shnum, 0);
	assert_null(img->phdrs);
	assert_null(img->shdrs);
	assert_int_equal(img->phdr_diag.err, -ENOEXEC);
	assert_msg_has(img->phdr_diag.msg, "past the end");
	assert_int_equal(img->shdr_diag.err, 0);
	assert_null(img->shstrtab);
	assert_null(elfload_section_name(img, 0));
	assert_int_equal(elfload_image_find_phdr(img, ELFLOAD_PT_LOAD), -1);
	assert_int_equal(elfload_image_dt_flags_1(img), 0);
	drop(img);
}

/* e_phoff 0: the table is read over the ELF header, as the kernel does. */
static void phdrs_at_offset_zero(void **state)
{
	const struct variant *v = *state;
	unsigned char buf[256];
	struct elfbuild b;
	struct elfload_image *img;
	size_t n;

	eb_init(&b, buf, sizeof(buf), v->cls, v->be);
	b.eh.phnum = 2;
	b.len = 2 * eb_phdr_size(v->cls);
	n = eb_finish(&b);
	img = parse_ok(buf, n);
	assert_non_null(img->phdrs);
	assert_int_equal(img->phdr_diag.err, 0);
	/* Entry 0's p_type is the ELF magic, read in the file's order. */
	assert_int_equal(img->phdrs[0].type, v->be ? 0x7f454c46 : 0x464c457f);
	drop(img);
}

struct bad_ident {
	const char *what;
	size_t len;		/* bytes of @bytes to parse */
	unsigned char bytes[64];
	const char *field;	/* expected d.field, or NULL */
	const char *needle;	/* expected in d.msg */
};

#define ID(c, d) { 0x7f, 'E', 'L', 'F', c, d, 1 }

static const struct bad_ident bad_idents[] = {
	{ "empty", 0, { 0 }, "e_ident", "not an ELF file" },
	{ "shell script", 9, "#!/bin/sh", "e_ident", "script" },
	{ "zeros", 64, { 0 }, "e_ident", "not an ELF file" },
	{ "lowercase magic", 64, { 0x7f, 'e', 'l', 'f', 2, 1, 1 }, "e_ident",
	  "not an ELF file" },
	{ "magic only", 4, ID(2, 1), "e_ident", "truncated" },
	{ "15 bytes", 15, ID(2, 1), "e_ident", "truncated" },
	{ "ELF32 header cut", 51, ID(1, 1), NULL, "truncated: 51 of 52" },
	{ "unknown class, ELF32 header cut", 51, ID(0, 1), NULL,
	  "truncated: 51 of 52" },
	{ "ELF64 header cut", 63, ID(2, 2), NULL, "truncated: 63 of 64" },
	{ "ELF64 in ELF32 size", 52, ID(2, 1), NULL, "truncated: 52 of 64" },
};

static void bad_ident_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_idents) / sizeof(bad_idents[0]); i++) {
		const struct bad_ident *t = &bad_idents[i];
		unsigned char *copy = exact_copy(t->bytes, t->len);
		struct elfload_image *img = NULL;
		struct elfload_diag d;
		int ret = elfload_image_parse(copy, t->len, t->what, 0, &img,
					      &d);

		keep(img, true);
		drop(copy);
		if (ret != -ENOEXEC || d.err != -ENOEXEC)
			fail_msg("%s: ret %d err %d", t->what, ret, d.err);
		assert_null(img);
		if (t->field)
			assert_string_equal(d.field, t->field);
		if (!strstr(d.msg, t->needle))
			fail_msg("%s: \"%s\" lacks \"%s\"", t->what, d.msg,
				 t->needle);
	}
}

/*
 * An unknown EI_CLASS reads as ELF32 and an unknown EI_DATA as little
 * endian, each with a warning naming the field (image.h, as readelf).
 */
struct odd_ident {
	const char *what;
	unsigned char cls, data;	/* as written in e_ident */
	int want_cls;
	bool want_be;
	bool class_warning, data_warning;
};

static const struct odd_ident odd_idents[] = {
	{ "ELFCLASSNONE", ELFLOAD_ELFCLASSNONE, ELFLOAD_ELFDATA2LSB, ELFLOAD_ELFCLASS32, false, true,
	  false },
	{ "class 3, MSB", 3, ELFLOAD_ELFDATA2MSB, ELFLOAD_ELFCLASS32, true, true, false },
	{ "class 0xff", 0xff, ELFLOAD_ELFDATA2LSB, ELFLOAD_ELFCLASS32, false, true, false },
	{ "ELFDATANONE, ELF64", ELFLOAD_ELFCLASS64, ELFLOAD_ELFDATANONE, ELFLOAD_ELFCLASS64, false,
	  false, true },
	{ "data 3, ELF32", ELFLOAD_ELFCLASS32, 3, ELFLOAD_ELFCLASS32, false, false, true },
	{ "both unknown", 0, 0, ELFLOAD_ELFCLASS32, false, true, true },
};

static void odd_ident_table(void **state)
{
	const struct elfload_phdr ph[1] = { { .type = ELFLOAD_PT_LOAD,
					      .vaddr = 0x12345678 } };
	unsigned char buf[512];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(odd_idents) / sizeof(odd_idents[0]); i++) {
		const struct odd_ident *t = &odd_idents[i];
		const struct elfload_diag *w;
		struct elfbuild b;
		struct elfload_image *img;

		/* Lay the file out the way it is expected to be read. */
		eb_init(&b, buf, sizeof(buf), t->want_cls, t->want_be);
		b.eh.ident[ELFLOAD_EI_CLASS] = t->cls;
		b.eh.ident[ELFLOAD_EI_DATA] = t->data;
		eb_phdrs(&b, 0x40, ph, 1);
		img = parse_ok(buf, eb_finish(&b));
		if (img->elfclass != t->want_cls ||
		    img->big_endian != t->want_be)
			fail_msg("%s: read as class %d, %s", t->what,
				 img->elfclass,
				 img->big_endian ? "MSB" : "LSB");
		assert_int_equal(img->ehdr.ident[ELFLOAD_EI_CLASS], t->cls);
		assert_int_equal(img->ehdr.ident[ELFLOAD_EI_DATA], t->data);
		assert_non_null(img->phdrs);
		assert_int_equal(img->phdrs[0].vaddr, 0x12345678);
		w = find_warning(img, "EI_CLASS");
		if (!w != !t->class_warning)
			fail_msg("%s: EI_CLASS warning %s", t->what,
				 w ? "given" : "missing");
		if (w) {
			assert_int_equal(w->value, t->cls);
			assert_msg_has(w->msg, "EI_CLASS");
		}
		w = find_warning(img, "EI_DATA");
		if (!w != !t->data_warning)
			fail_msg("%s: EI_DATA warning %s", t->what,
				 w ? "given" : "missing");
		if (w) {
			assert_int_equal(w->value, t->data);
			assert_msg_has(w->msg, "EI_DATA");
		}
		drop(img);
	}
}

/* ELFLOAD_IMAGE_COPY: the image must not depend on the caller's bytes. */
static void parse_copy(void **state)
{
	const struct variant *v = *state;
	unsigned char buf[1024];
	struct elfbuild b;
	struct small s;
	struct elfload_image *img = NULL;
	struct elfload_diag d;

	build_small(&b, buf, sizeof(buf), v, &s);
	assert_int_equal(elfload_image_parse(buf, s.size, "copy",
					     ELFLOAD_IMAGE_COPY, &img, &d), 0);
	keep(img, true);
	assert_non_null(img->owned);
	assert_ptr_equal(img->bytes, img->owned);
	assert_ptr_not_equal(img->bytes, buf);
	memset(buf, 0xa5, sizeof(buf));
	check_small_full(img);
	drop(img);
}

/* ---- program headers ----------------------------------------------------- */

static void phdr_decode(void **state)
{
	const struct variant *v = *state;
	const struct elfload_phdr ph[2] = {
		{ .type = ELFLOAD_PT_LOAD, .flags = ELFLOAD_PF_R | ELFLOAD_PF_X,
		  .offset = fit(v, 0x1122334455667788),
		  .vaddr = fit(v, 0x0102030405060708),
		  .paddr = fit(v, 0x1020304050607080),
		  .filesz = fit(v, 0x0a0b0c0d0e0f1011),
		  .memsz = fit(v, 0x1a1b1c1d1e1f2021),
		  .align = fit(v, 0x2122232425262728) },
		{ .type = 0x6474e551, .flags = 0x0badcafe,
		  .offset = fit(v, 0x3132333435363738),
		  .vaddr = fit(v, 0x4142434445464748),
		  .paddr = fit(v, 0x5152535455565758),
		  .filesz = fit(v, 0x6162636465666768),
		  .memsz = fit(v, 0x7172737475767778),
		  .align = fit(v, 0x8182838485868788) },
	};
	unsigned char buf[512];
	struct elfbuild b;
	struct elfload_image *img;
	size_t i;

	eb_init(&b, buf, sizeof(buf), v->cls, v->be);
	eb_phdrs(&b, 0x80, ph, 2);
	img = parse_ok(buf, eb_finish(&b));
	assert_int_equal(img->phnum, 2);
	assert_non_null(img->phdrs);
	assert_int_equal(img->nwarnings, 0);
	for (i = 0; i < 2; i++) {
		const struct elfload_phdr *p = &img->phdrs[i];

		assert_int_equal(p->type, ph[i].type);
		assert_int_equal(p->flags, ph[i].flags);
		assert_int_equal(p->offset, ph[i].offset);
		assert_int_equal(p->vaddr, ph[i].vaddr);
		assert_int_equal(p->paddr, ph[i].paddr);
		assert_int_equal(p->filesz, ph[i].filesz);
		assert_int_equal(p->memsz, ph[i].memsz);
		assert_int_equal(p->align, ph[i].align);
	}
	assert_int_equal(elfload_image_find_phdr(img, 0x6474e551), 1);
	assert_int_equal(elfload_image_find_phdr(img, ELFLOAD_PT_LOAD), 0);
	assert_int_equal(elfload_image_find_phdr(img, ELFLOAD_PT_INTERP), -1);
	drop(img);
}

/* Entries wider than the class's Phdr are read at e_phentsize strides. */
static void phdr_wide_entries(void **state)
{
	const struct variant *v = *state;
	const struct elfload_phdr ph[3] = {
		{ .type = ELFLOAD_PT_PHDR, .vaddr = 0x1000 },
		{ .type = ELFLOAD_PT_LOAD, .vaddr = 0x2000 },
		{ .type = ELFLOAD_PT_NOTE, .vaddr = 0x3000 },
	};
	unsigned char buf[512];
	struct elfbuild b;
	struct elfload_image *img;
	const struct elfload_diag *w;
	size_t i, min = eb_phdr_size(v->cls);

	eb_init(&b, buf, sizeof(buf), v->cls, v->be);
	b.eh.phentsize = (uint16_t)(min + 8);
	/* Poison the padding: it must never be read as a header. */
	memset(buf + 0x40, 0xee, 3 * (min + 8));
	eb_phdrs(&b, 0x40, ph, 3);
	/* The table includes the last entry's padding. */
	b.len = 0x40 + 3 * (min + 8);
	img = parse_ok(buf, eb_finish(&b));
	assert_non_null(img->phdrs);
	for (i = 0; i < 3; i++) {
		assert_int_equal(img->phdrs[i].type, ph[i].type);
		assert_int_equal(img->phdrs[i].vaddr, ph[i].vaddr);
	}
	w = find_warning(img, "e_phentsize");
	assert_non_null(w);
	assert_int_equal(w->value, min + 8);
	assert_int_equal(w->limit, min);
	drop(img);
}

/* Entries narrower than the class's Phdr are refused, with a reason. */
static void phdr_narrow_entries(void **state)
{
	const struct variant *v = *state;
	const struct elfload_phdr ph[1] = { { .type = ELFLOAD_PT_LOAD } };
	unsigned char buf[512];
	struct elfbuild b;
	struct elfload_image *img;

	eb_init(&b, buf, sizeof(buf), v->cls, v->be);
	b.eh.phentsize = (uint16_t)(eb_phdr_size(v->cls) - 1);
	eb_phdrs(&b, 0x40, ph, 1);
	b.len = 0x200;
	img = parse_ok(buf, eb_finish(&b));
	assert_null(img->phdrs);
	assert_int_equal(img->phdr_diag.err, -ENOEXEC);
	assert_int_equal(img->phdr_diag.value, eb_phdr_size(v->cls) - 1);
	assert_int_equal(img->phdr_diag.limit, eb_phdr_size(v->cls));
	assert_msg_has(img->phdr_diag.msg, "program header table entry size");
	drop(img);
}

struct table_case {
	const char *what;
	uint64_t off;		/* e_phoff / e_shoff */
	uint16_t num;		/* e_phnum / e_shnum */
};

/* Program header tables that do not fit, each for its own reason. */
static void phdr_table_out_of_file(void **state)
{
	const struct variant *v = *state;
	const struct table_case cases[] = {
		{ "one byte short", 0x40, 3 },
		{ "starts near the end", 0x100, 1 },
		{ "starts past the end", 0x1000, 1 },
		{ "offset wraps", word_max(v) - 7, 1 },
		{ "offset is the maximum", word_max(v), 1 },
		{ "PN_XNUM without sections", 0x40, ELFLOAD_PN_XNUM },
	};
	unsigned char buf[0x200];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct elfbuild b;
		struct elfload_image *img;
		unsigned char *copy;
		size_t n;

		eb_init(&b, buf, sizeof(buf), v->cls, v->be);
		b.eh.phoff = cases[i].off;
		b.eh.phnum = cases[i].num;
		/* The first case: the file ends one byte into entry 3. */
		b.len = 0x40 + 3 * eb_phdr_size(v->cls) - 1;
		n = eb_finish(&b);
		copy = exact_copy(buf, n);
		img = parse_ok(copy, n);
		if (img->phdrs || img->phdr_diag.err != -ENOEXEC)
			fail_msg("%s: table accepted", cases[i].what);
		assert_string_equal(img->phdr_diag.structure,
				    "program header table");
		assert_string_equal(img->phdr_diag.field, "e_phoff");
		assert_int_equal(img->phdr_diag.value, cases[i].off);
		assert_msg_has(img->phdr_diag.msg, "program header table");
		assert_msg_has(img->phdr_diag.msg, "past the end");
		drop(img);
		drop(copy);
	}
}

/* ---- section headers ----------------------------------------------------- */

static void shdr_decode(void **state)
{
	const struct variant *v = *state;
	const struct elfload_shdr sh[3] = {
		{ 0 },
		{ .name = 0x01020304, .type = 0x11121314,
		  .flags = fit(v, 0x2122232425262728),
		  .addr = fit(v, 0x3132333435363738),
		  .offset = fit(v, 0x4142434445464748),
		  .size = fit(v, 0x5152535455565758),
		  .link = 0x61626364, .info = 0x71727374,
		  .addralign = fit(v, 0x8182838485868788),
		  .entsize = fit(v, 0x9192939495969798) },
		{ .name = 0xa1a2a3a4, .type = ELFLOAD_SHT_NOBITS,
		  .flags = ELFLOAD_SHF_ALLOC | ELFLOAD_SHF_WRITE | ELFLOAD_SHF_TLS,
		  .addr = fit(v, 0xb1b2b3b4b5b6b7b8),
		  .offset = fit(v, 0xc1c2c3c4c5c6c7c8),
		  .size = fit(v, 0xd1d2d3d4d5d6d7d8),
		  .link = 0xe1e2e3e4, .info = 0xf1f2f3f4,
		  .addralign = 64, .entsize = 0 },
	};
	unsigned char buf[512];
	struct elfbuild b;
	struct elfload_image *img;
	size_t i;

	eb_init(&b, buf, sizeof(buf), v->cls, v->be);
	eb_shdrs(&b, 0x80, sh, 3);
	img = parse_ok(buf, eb_finish(&b));
	assert_int_equal(img->shnum, 3);
	assert_non_null(img->shdrs);
	assert_int_equal(img->shdr_diag.err, 0);
	for (i = 0; i < 3; i++) {
		const struct elfload_shdr *s = &img->shdrs[i];

		assert_int_equal(s->name, sh[i].name);
		assert_int_equal(s->type, sh[i].type);
		assert_int_equal(s->flags, sh[i].flags);
		assert_int_equal(s->addr, sh[i].addr);
		assert_int_equal(s->offset, sh[i].offset);
		assert_int_equal(s->size, sh[i].size);
		assert_int_equal(s->link, sh[i].link);
		assert_int_equal(s->info, sh[i].info);
		assert_int_equal(s->addralign, sh[i].addralign);
		assert_int_equal(s->entsize, sh[i].entsize);
	}
	/* e_shstrndx is 0 (SHN_UNDEF): no names, and no warning either. */
	assert_null(img->shstrtab);
	assert_null(elfload_section_name(img, 1));
	assert_int_equal(img->nwarnings, 0);
	drop(img);
}

static void shdr_narrow_entries(void **state)
{
	const struct variant *v = *state;
	const struct elfload_shdr sh[2] = { { 0 }, { .type = ELFLOAD_SHT_PROGBITS } };
	unsigned char buf[512];
	struct elfbuild b;
	struct elfload_image *img;

	eb_init(&b, buf, sizeof(buf), v->cls, v->be);
	b.eh.shentsize = 10;
	eb_shdrs(&b, 0x40, sh, 2);
	b.len = 0x200;
	img = parse_ok(buf, eb_finish(&b));
	assert_null(img->shdrs);
	assert_int_equal(img->shdr_diag.err, -ENOEXEC);
	assert_int_equal(img->shdr_diag.value, 10);
	assert_msg_has(img->shdr_diag.msg, "section header table entry size");
	drop(img);
}

static void shdr_table_out_of_file(void **state)
{
	const struct variant *v = *state;
	const struct table_case cases[] = {
		{ "one byte short", 0x40, 3 },
		{ "starts past the end", 0x1000, 1 },
		{ "offset wraps", word_max(v) - 7, 2 },
	};
	unsigned char buf[0x200];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct elfbuild b;
		struct elfload_image *img;
		unsigned char *copy;
		size_t n;

		eb_init(&b, buf, sizeof(buf), v->cls, v->be);
		b.eh.shoff = cases[i].off;
		b.eh.shnum = cases[i].num;
		b.len = 0x40 + 3 * eb_shdr_size(v->cls) - 1;
		n = eb_finish(&b);
		copy = exact_copy(buf, n);
		img = parse_ok(copy, n);
		if (img->shdrs || img->shdr_diag.err != -ENOEXEC)
			fail_msg("%s: table accepted", cases[i].what);
		assert_string_equal(img->shdr_diag.field, "e_shoff");
		assert_msg_has(img->shdr_diag.msg, "section header table");
		assert_null(elfload_section_name(img, 0));
		drop(img);
		drop(copy);
	}
}

/* ---- extended numbering -------------------------------------------------- */

/*
 * An image for the extended-numbering tests: @nph program headers at
 * 0x40, three sections (null, .text, .shstrtab) after them, and section
 * 0 holding sh_size = 3, sh_link = 2, sh_info = @nph.
 */
static size_t build_extended(struct elfbuild *b, unsigned char *buf,
			     size_t cap, const struct variant *v, size_t nph)
{
	static const char strtab[] = "\0.text\0.shstrtab";
	struct elfload_phdr ph[4];
	uint64_t shoff = 0x40 + nph * eb_phdr_size(v->cls);
	uint64_t str = shoff + 3 * eb_shdr_size(v->cls);
	struct elfload_shdr sh[3] = {
		{ .size = 3, .link = 2, .info = (uint32_t)nph },
		{ .name = 1, .type = ELFLOAD_SHT_PROGBITS },
		{ .name = 7, .type = ELFLOAD_SHT_STRTAB, .offset = str,
		  .size = sizeof(strtab) },
	};
	size_t i;

	assert_true(nph <= 4);
	for (i = 0; i < nph; i++)
		ph[i] = (struct elfload_phdr){ .type = ELFLOAD_PT_LOAD,
					       .vaddr = 0x1000 * (i + 1) };
	eb_init(b, buf, cap, v->cls, v->be);
	eb_phdrs(b, 0x40, ph, nph);
	eb_shdrs(b, shoff, sh, 3);
	eb_bytes(b, str, strtab, sizeof(strtab));
	b->eh.shstrndx = 2;
	return eb_finish(b);
}

/* PN_XNUM, e_shnum == 0 and SHN_XINDEX all followed to section 0. */
static void extended_numbering(void **state)
{
	const struct variant *v = *state;
	unsigned char buf[1024];
	struct elfbuild b;
	struct elfload_image *img;
	size_t i;

	build_extended(&b, buf, sizeof(buf), v, 4);
	b.eh.phnum = ELFLOAD_PN_XNUM;
	b.eh.shnum = 0;
	b.eh.shstrndx = ELFLOAD_SHN_XINDEX;
	img = parse_ok(buf, eb_finish(&b));
	assert_int_equal(img->ehdr.phnum, ELFLOAD_PN_XNUM);
	assert_int_equal(img->ehdr.shnum, 0);
	assert_int_equal(img->ehdr.shstrndx, ELFLOAD_SHN_XINDEX);
	assert_int_equal(img->phnum, 4);
	assert_int_equal(img->shnum, 3);
	assert_int_equal(img->shstrndx, 2);
	assert_non_null(img->phdrs);
	for (i = 0; i < 4; i++)
		assert_int_equal(img->phdrs[i].vaddr, 0x1000 * (i + 1));
	assert_string_equal(elfload_section_name(img, 1), ".text");
	assert_string_equal(elfload_section_name(img, 2), ".shstrtab");
	assert_int_equal(img->nwarnings, 0);
	drop(img);
}

/* Each escape alone, and section 0's values ignored without one. */
struct xnum_case {
	const char *what;
	uint16_t phnum, shnum, shstrndx;	/* as in the ELF header */
	size_t want_phnum, want_shnum, want_shstrndx;
};

static const struct xnum_case xnum_cases[] = {
	{ "none", 2, 3, 2, 2, 3, 2 },
	{ "PN_XNUM only", ELFLOAD_PN_XNUM, 3, 2, 2, 3, 2 },
	{ "e_shnum 0 only", 2, 0, 2, 2, 3, 2 },
	{ "SHN_XINDEX only", 2, 3, ELFLOAD_SHN_XINDEX, 2, 3, 2 },
	{ "fewer phdrs than section 0 says", 1, 3, 2, 1, 3, 2 },
	{ "fewer sections than section 0 says", 2, 2, 1, 2, 2, 1 },
};

static void extended_numbering_each(void **state)
{
	const struct variant *v = *state;
	unsigned char buf[1024];
	size_t i;

	for (i = 0; i < sizeof(xnum_cases) / sizeof(xnum_cases[0]); i++) {
		const struct xnum_case *t = &xnum_cases[i];
		struct elfbuild b;
		struct elfload_image *img;

		build_extended(&b, buf, sizeof(buf), v, 2);
		b.eh.phnum = t->phnum;
		b.eh.shnum = t->shnum;
		b.eh.shstrndx = t->shstrndx;
		img = parse_ok(buf, eb_finish(&b));
		if (img->phnum != t->want_phnum ||
		    img->shnum != t->want_shnum ||
		    img->shstrndx != t->want_shstrndx)
			fail_msg("%s: phnum %zu shnum %zu shstrndx %zu",
				 t->what, img->phnum, img->shnum,
				 img->shstrndx);
		assert_non_null(img->phdrs);
		assert_non_null(img->shdrs);
		drop(img);
	}
}

/*
 * e_shnum == 0 with a count in section 0 so large that count * entsize
 * wraps (ELF64) or far exceeds the file (ELF32): the table is refused.
 */
static void extended_shnum_huge(void **state)
{
	const struct variant *v = *state;
	unsigned char buf[1024];
	struct elfbuild b;
	struct elfload_image *img;
	struct elfload_shdr sh0 = { .size = word_max(v) / 16 + 1 };

	build_extended(&b, buf, sizeof(buf), v, 1);
	eb_shdr(&b, b.eh.shoff, &sh0);
	b.eh.shnum = 0;
	img = parse_ok(buf, eb_finish(&b));
	assert_int_equal(img->shnum, sh0.size);
	assert_null(img->shdrs);
	assert_int_equal(img->shdr_diag.err, -ENOEXEC);
	assert_msg_has(img->shdr_diag.msg, "section header table");
	assert_null(elfload_section_name(img, 1));
	/* The program headers do not depend on the section headers. */
	assert_non_null(img->phdrs);
	drop(img);
}

/*
 * e_shnum == 0 and e_shoff != 0 say "the count is in section 0".  When
 * section 0 cannot be read, a section header table is announced but
 * unreadable: that must be reported (image.h: shdr_diag says why a table
 * is unreadable, err == 0 only for one that is simply absent; readelf
 * warns too), in shdr_diag or at least as a warning.
 */
static void extended_shnum_unreadable(void **state)
{
	const struct variant *v = *state;
	unsigned char buf[1024];
	struct elfbuild b;
	struct elfload_image *img;
	bool reported;

	build_extended(&b, buf, sizeof(buf), v, 1);
	b.eh.shnum = 0;
	b.eh.shoff = 0x10000;
	img = parse_ok(buf, eb_finish(&b));
	assert_null(img->shdrs);
	assert_int_equal(img->shnum, 0);
	assert_non_null(img->phdrs);
	reported = img->shdr_diag.err < 0 || find_warning(img, "e_shoff") ||
		   find_warning(img, "e_shnum");
	if (!reported)
		fail_msg("e_shoff %#" PRIx64 " with e_shnum 0: not reported",
			 b.eh.shoff);
	if (img->shdr_diag.err < 0)
		assert_msg_has(img->shdr_diag.msg, "section header");
	drop(img);
}

/* ---- section names ------------------------------------------------------- */

struct name_case {
	uint32_t sh_name;
	const char *want;	/* NULL: no name */
};

static void check_names(const struct elfload_image *img,
			const struct name_case *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *got = elfload_section_name(img, i);

		if (!c[i].want && got)
			fail_msg("section %zu (sh_name %u): \"%s\", want none",
				 i, c[i].sh_name, got);
		if (c[i].want && (!got || strcmp(got, c[i].want)))
			fail_msg("section %zu (sh_name %u): %s, want \"%s\"",
				 i, c[i].sh_name, got ? got : "(none)",
				 c[i].want);
	}
}

/* Build sections named by @c, the last being the string table @str. */
static size_t build_named(struct elfbuild *b, unsigned char *buf, size_t cap,
			  const struct variant *v, const struct name_case *c,
			  size_t n, const char *str, size_t strsz)
{
	struct elfload_shdr sh[8] = { { 0 } };
	uint64_t shoff = 0x40;
	uint64_t stroff = shoff + n * eb_shdr_size(v->cls);
	size_t i;

	assert_true(n <= 8);
	for (i = 0; i < n; i++) {
		sh[i].name = c[i].sh_name;
		sh[i].type = ELFLOAD_SHT_PROGBITS;
	}
	sh[n - 1].type = ELFLOAD_SHT_STRTAB;
	sh[n - 1].offset = stroff;
	sh[n - 1].size = strsz;
	eb_init(b, buf, cap, v->cls, v->be);
	eb_shdrs(b, shoff, sh, n);
	eb_bytes(b, stroff, str, strsz);
	b->eh.shstrndx = (uint16_t)(n - 1);
	return eb_finish(b);
}

static void section_names(void **state)
{
	const struct variant *v = *state;
	/* 0 "", 1 ".text", 7 ".data", 13 ".shstrtab"; size 23. */
	static const char str[] = "\0.text\0.data\0.shstrtab";
	const struct name_case c[] = {
		{ 0, "" },
		{ 1, ".text" },
		{ 3, "ext" },			/* inside another name */
		{ 22, "" },			/* the final NUL */
		{ 23, NULL },			/* exactly the size */
		{ 24, NULL },			/* past it */
		{ 0xffffffff, NULL },		/* far past it */
		{ 13, ".shstrtab" },
	};
	unsigned char buf[1024];
	struct elfbuild b;
	struct elfload_image *img;
	unsigned char *copy;
	size_t n;

	n = build_named(&b, buf, sizeof(buf), v, c, 8, str, sizeof(str));
	copy = exact_copy(buf, n);
	img = parse_ok(copy, n);
	assert_int_equal(img->shstrtab_size, sizeof(str));
	check_names(img, c, 8);
	assert_null(elfload_section_name(img, 8));
	assert_null(elfload_section_name(img, SIZE_MAX));
	drop(img);
	drop(copy);
}

/*
 * The string table ends inside a name, with no NUL.  As in readelf, the
 * name still reads up to the end of the table, but an sh_name at or
 * past the table's size names nothing.
 */
static void section_names_unterminated(void **state)
{
	const struct variant *v = *state;
	/* The file ends right after ".dat", with no NUL: 11 bytes. */
	static const char str[] = { 0, '.', 't', 'e', 'x', 't', 0,
				    '.', 'd', 'a', 't' };
	const struct name_case c[] = {
		{ 0, "" },
		{ 1, ".text" },
		{ 7, ".dat" },
		{ 10, "t" },
		{ 6, "" },
		{ 11, NULL },			/* exactly the size */
		{ 12, NULL },
	};
	unsigned char buf[1024];
	struct elfbuild b;
	struct elfload_image *img;
	unsigned char *copy;
	size_t n;

	n = build_named(&b, buf, sizeof(buf), v, c, 7, str, sizeof(str));
	copy = exact_copy(buf, n);
	img = parse_ok(copy, n);
	assert_non_null(img->shstrtab);
	check_names(img, c, 7);
	drop(img);
	drop(copy);
}

/* A string table of size 0 names nothing. */
static void section_names_empty_strtab(void **state)
{
	const struct variant *v = *state;
	const struct name_case c[] = { { 0, NULL }, { 0, NULL } };
	unsigned char buf[1024];
	struct elfbuild b;
	struct elfload_image *img;

	img = parse_ok(buf, build_named(&b, buf, sizeof(buf), v, c, 2, "", 0));
	check_names(img, c, 2);
	drop(img);
}

/* e_shstrndx out of range: a warning, and no names. */
static void shstrndx_out_of_range(void **state)
{
	const struct variant *v = *state;
	static const char str[] = "\0.text";
	const struct name_case c[] = { { 0, NULL }, { 1, NULL } };
	unsigned char buf[1024];
	struct elfbuild b;
	struct elfload_image *img;
	const struct elfload_diag *w;

	build_named(&b, buf, sizeof(buf), v, c, 2, str, sizeof(str));
	b.eh.shstrndx = 2;
	img = parse_ok(buf, eb_finish(&b));
	assert_non_null(img->shdrs);
	assert_null(img->shstrtab);
	check_names(img, c, 2);
	w = find_warning(img, "e_shstrndx");
	assert_non_null(w);
	assert_int_equal(w->err, 0);
	assert_int_equal(w->value, 2);
	assert_int_equal(w->limit, 2);
	assert_msg_has(w->msg, "e_shstrndx");
	drop(img);
}

/* A string table past the end of the file, or of type SHT_NOBITS. */
static void shstrtab_unusable(void **state)
{
	const struct variant *v = *state;
	static const char str[] = "\0.text\0.shstrtab";
	const struct name_case c[] = { { 0, NULL }, { 1, NULL }, { 7, NULL } };
	unsigned char buf[1024];
	struct elfbuild b;
	struct elfload_image *img;
	const struct elfload_diag *w;
	uint64_t off;
	int i;

	for (i = 0; i < 3; i++) {
		struct elfload_shdr sh;
		size_t n;

		n = build_named(&b, buf, sizeof(buf), v, c, 3, str,
				sizeof(str));
		off = b.eh.shoff + 2 * eb_shdr_size(v->cls);
		sh = (struct elfload_shdr){ .name = 7, .type = ELFLOAD_SHT_STRTAB,
					    .offset = n - sizeof(str),
					    .size = sizeof(str) };
		if (i == 0)
			sh.size++;		/* one byte past the end */
		else if (i == 1)
			sh.offset = word_max(v);	/* wraps */
		else
			sh.type = ELFLOAD_SHT_NOBITS;	/* no bytes in the file */
		eb_shdr(&b, off, &sh);
		img = parse_ok(buf, eb_finish(&b));
		assert_null(img->shstrtab);
		check_names(img, c, 3);
		w = find_warning(img, "sh_offset");
		if (!w)
			fail_msg("case %d: no warning", i);
		assert_string_equal(w->structure, "section header");
		assert_int_equal(w->index, 2);
		assert_msg_has(w->msg, "string table");
		drop(img);
	}
}

/* ---- PT_INTERP ----------------------------------------------------------- */

struct interp_case {
	const char *what;
	const char *bytes;	/* written at 0x100 */
	size_t nbytes;
	uint64_t offset, filesz;
	int ret;
	const char *want;	/* path, or a text expected in d.msg */
	const char *field;	/* d.field on failure */
};

static void interp_cases(void **state)
{
	const struct variant *v = *state;
	const struct interp_case cases[] = {
		{ "plain", "/lib/ld.so.1", 13, 0x100, 13, 0, "/lib/ld.so.1",
		  NULL },
		{ "NUL inside", "/a\0bc", 6, 0x100, 6, 0, "/a", NULL },
		{ "empty path", "", 1, 0x100, 1, 0, "", NULL },
		{ "no NUL", "/lib/ld.so", 10, 0x100, 10, -ENOEXEC,
		  "NUL-terminated", "p_filesz" },
		{ "NUL just past p_filesz", "/lib/ld.so", 11, 0x100, 10,
		  -ENOEXEC, "NUL-terminated", "p_filesz" },
		{ "p_filesz 0", "/x", 3, 0x100, 0, -ENOEXEC,
		  "NUL-terminated", "p_filesz" },
		{ "one byte past the end", "/x", 3, 0x100, 4, -ENOEXEC,
		  "PT_INTERP", "p_offset" },
		{ "offset past the end", "/x", 3, 0x1000, 1, -ENOEXEC,
		  "past the end", "p_offset" },
		{ "offset + filesz wraps", "/x", 3, 0x100, word_max(v),
		  -ENOEXEC, "past the end", "p_offset" },
		{ "offset at the maximum", "/x", 3, word_max(v), 2, -ENOEXEC,
		  "past the end", "p_offset" },
	};
	unsigned char buf[512];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct interp_case *t = &cases[i];
		struct elfload_phdr ph[2] = {
			{ .type = ELFLOAD_PT_LOAD },
			{ .type = ELFLOAD_PT_INTERP, .offset = t->offset,
			  .filesz = t->filesz },
		};
		struct elfbuild b;
		struct elfload_image *img;
		struct elfload_diag d;
		const char *path = NULL;
		size_t len = 0, n;
		unsigned char *copy;
		int ret;

		eb_init(&b, buf, sizeof(buf), v->cls, v->be);
		eb_phdrs(&b, 0x40, ph, 2);
		eb_bytes(&b, 0x100, t->bytes, t->nbytes);
		n = eb_finish(&b);
		copy = exact_copy(buf, n);
		img = parse_ok(copy, n);
		elfload_diag_clear(&d);
		ret = elfload_image_interp(img, &path, &len, &d);
		if (ret != t->ret)
			fail_msg("%s: ret %d, want %d (%s)", t->what, ret,
				 t->ret, d.msg);
		if (!ret) {
			assert_ptr_equal(path, copy + 0x100);
			assert_string_equal(path, t->want);
			assert_int_equal(len, strlen(t->want));
		} else {
			assert_int_equal(d.err, ret);
			assert_string_equal(d.structure, "program header");
			assert_int_equal(d.index, 1);
			assert_string_equal(d.field, t->field);
			assert_msg_has(d.msg, t->want);
		}
		drop(img);
		drop(copy);
	}
}

static void interp_absent(void **state)
{
	const struct variant *v = *state;
	const struct elfload_phdr ph[1] = { { .type = ELFLOAD_PT_LOAD } };
	unsigned char buf[512];
	struct elfbuild b;
	struct elfload_image *img;
	struct elfload_diag d;
	const char *path = NULL;
	size_t len = 0;

	eb_init(&b, buf, sizeof(buf), v->cls, v->be);
	eb_phdrs(&b, 0x40, ph, 1);
	img = parse_ok(buf, eb_finish(&b));
	assert_int_equal(elfload_image_interp(img, &path, &len, &d), -ENOENT);
	assert_null(path);
	drop(img);
}

/* ---- notes and build-id -------------------------------------------------- */

/* Two notes at 0x100 aligned to @align; returns the end offset. */
static uint64_t two_notes(struct elfbuild *b, uint64_t align)
{
	static const unsigned char desc[5] = { 1, 2, 3, 4, 5 };
	uint64_t end;

	end = eb_note(b, 0x100, ELFLOAD_NT_GNU_ABI_TAG, "GNU", 4, desc, 4, align);
	return eb_note(b, end, 0x1234, "Go", 3, desc, 5, align);
}

/*
 * Where each part of the two notes is, by the gABI rule: the descriptor
 * and the next note start at multiples of the alignment counted from
 * the start of the note (12 + namesz rounded up, not namesz rounded up).
 */
struct note_layout {
	uint64_t align;
	uint64_t desc1, next1;	/* offsets from the first note */
	uint64_t desc2, end;
};

static const struct note_layout note_layouts[] = {
	{ 4, 16, 20, 20 + 16, 20 + 24 },
	{ 8, 16, 24, 24 + 16, 24 + 24 },
};

static void note_iterate(void **state)
{
	const struct variant *v = *state;
	unsigned char buf[512];
	size_t i;

	for (i = 0; i < 2; i++) {
		const struct note_layout *l = &note_layouts[i];
		struct elfbuild b;
		struct elfload_image *img;
		struct elfload_note n;
		struct elfload_diag d;
		uint64_t cur = 0, end;

		eb_init(&b, buf, sizeof(buf), v->cls, v->be);
		end = two_notes(&b, l->align);
		assert_int_equal(end - 0x100, l->end);
		img = parse_ok(buf, eb_finish(&b));

		elfload_diag_clear(&d);
		if (elfload_note_next(img, 0x100, l->end, l->align, &cur, &n,
				      &d) != 1)
			fail_msg("align %" PRIu64 ": note 1: %s", l->align,
				 d.msg);
		assert_int_equal(n.type, ELFLOAD_NT_GNU_ABI_TAG);
		assert_int_equal(n.namesz, 4);
		assert_string_equal(n.name, "GNU");
		assert_ptr_equal(n.name, buf + 0x10c);
		assert_int_equal(n.descsz, 4);
		assert_ptr_equal(n.desc, buf + 0x100 + l->desc1);
		assert_int_equal(cur, l->next1);

		if (elfload_note_next(img, 0x100, l->end, l->align, &cur, &n,
				      &d) != 1)
			fail_msg("align %" PRIu64 ": note 2: %s", l->align,
				 d.msg);
		assert_int_equal(n.type, 0x1234);
		assert_int_equal(n.namesz, 3);
		assert_string_equal(n.name, "Go");
		assert_ptr_equal(n.name, buf + 0x100 + l->next1 + 12);
		assert_int_equal(n.descsz, 5);
		assert_ptr_equal(n.desc, buf + 0x100 + l->desc2);
		assert_int_equal(n.desc[4], 5);
		assert_int_equal(cur, l->end);

		assert_int_equal(elfload_note_next(img, 0x100, l->end,
						   l->align, &cur, &n, &d), 0);
		drop(img);
	}
}

/*
 * The PT_NOTE of a current x86-64 executable, 8-aligned: a
 * NT_GNU_PROPERTY_TYPE_0 note (desc at +16, 16 bytes, next at +32) and,
 * here, a build-id after it (desc at +48, next at +72).  Written byte by
 * byte so that the layout does not depend on eb_note().
 */
static void note_gnu_property_layout(void **state)
{
	const struct variant *v = *state;
	static const unsigned char prop[16] = { 2, 0x80, 0, 0xc0, 4, 0, 0, 0,
						1, 0, 0, 0, 0, 0, 0, 0 };
	struct elfload_phdr ph[1] = { { .type = ELFLOAD_PT_NOTE, .offset = 0x100,
					.filesz = 72, .memsz = 72,
					.align = 8 } };
	unsigned char buf[512];
	struct elfbuild b;
	struct elfload_image *img;
	struct elfload_note n;
	struct elfload_diag d;
	uint64_t cur = 0;
	char id[2 * 64 + 1];

	eb_init(&b, buf, sizeof(buf), v->cls, v->be);
	eb_put32(&b, 0x100, 4);
	eb_put32(&b, 0x104, sizeof(prop));
	eb_put32(&b, 0x108, ELFLOAD_NT_GNU_PROPERTY_TYPE_0);
	eb_bytes(&b, 0x10c, "GNU", 4);
	eb_bytes(&b, 0x110, prop, sizeof(prop));
	eb_put32(&b, 0x120, 4);
	eb_put32(&b, 0x124, sizeof(small_id));
	eb_put32(&b, 0x128, ELFLOAD_NT_GNU_BUILD_ID);
	eb_bytes(&b, 0x12c, "GNU", 4);
	eb_bytes(&b, 0x130, small_id, sizeof(small_id));
	eb_at(&b, 0x144, 4);	/* padding to 0x148 */
	eb_phdrs(&b, 0x40, ph, 1);
	img = parse_ok(buf, eb_finish(&b));

	elfload_diag_clear(&d);
	if (elfload_note_next(img, 0x100, 72, 8, &cur, &n, &d) != 1)
		fail_msg("property note: %s", d.msg);
	assert_int_equal(n.type, ELFLOAD_NT_GNU_PROPERTY_TYPE_0);
	assert_string_equal(n.name, "GNU");
	assert_int_equal(n.descsz, 16);
	assert_ptr_equal(n.desc, buf + 0x110);
	assert_int_equal(cur, 32);
	if (elfload_note_next(img, 0x100, 72, 8, &cur, &n, &d) != 1)
		fail_msg("build-id note: %s", d.msg);
	assert_int_equal(n.type, ELFLOAD_NT_GNU_BUILD_ID);
	assert_ptr_equal(n.desc, buf + 0x130);
	assert_int_equal(cur, 72);
	assert_int_equal(elfload_note_next(img, 0x100, 72, 8, &cur, &n, &d),
			 0);
	assert_int_equal(elfload_image_build_id(img, id, sizeof(id)), 20);
	assert_string_equal(id, small_id_hex);
	drop(img);
}

/* Alignments other than 8 mean 4 (0 and 1 are common in PT_NOTE). */
static void note_align_default(void **state)
{
	const struct variant *v = *state;
	static const uint64_t aligns[] = { 0, 1, 2, 4, 16 };
	unsigned char buf[512];
	struct elfbuild b;
	struct elfload_image *img;
	uint64_t end;
	size_t i;

	eb_init(&b, buf, sizeof(buf), v->cls, v->be);
	end = two_notes(&b, 4);
	img = parse_ok(buf, eb_finish(&b));
	for (i = 0; i < sizeof(aligns) / sizeof(aligns[0]); i++) {
		struct elfload_note n;
		struct elfload_diag d;
		uint64_t cur = 0;
		int count = 0, ret;

		while ((ret = elfload_note_next(img, 0x100, end - 0x100,
						aligns[i], &cur, &n, &d)) > 0)
			count++;
		if (ret < 0 || count != 2)
			fail_msg("align %" PRIu64 ": %d notes, ret %d",
				 aligns[i], count, ret);
	}
	drop(img);
}

struct bad_note {
	const char *what;
	uint32_t namesz, descsz;
	uint64_t size;		/* of the note area at 0x100 */
	const char *needle;
};

static void note_malformed(void **state)
{
	const struct variant *v = *state;
	const struct bad_note cases[] = {
		{ "header cut", 4, 4, 11, "truncated note header" },
		{ "name cut", 8, 0, 16, "does not fit" },
		{ "desc cut", 4, 8, 23, "does not fit" },
		{ "namesz huge", 0xffffffff, 0, 64, "does not fit" },
		{ "namesz pads past 2^32", 0xfffffffd, 0, 64,
		  "does not fit" },
		{ "descsz huge", 4, 0xffffffff, 64, "does not fit" },
		{ "both huge", 0xfffffff0, 0xfffffff0, 64, "does not fit" },
		{ "area past the end", 4, 4, 0x1000, "past the end" },
	};
	unsigned char buf[0x100 + 64];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct bad_note *t = &cases[i];
		struct elfbuild b;
		struct elfload_image *img;
		struct elfload_note n;
		struct elfload_diag d;
		unsigned char *copy;
		uint64_t cur = 0;
		size_t len;
		int ret;

		eb_init(&b, buf, sizeof(buf), v->cls, v->be);
		eb_put32(&b, 0x100, t->namesz);
		eb_put32(&b, 0x104, t->descsz);
		eb_put32(&b, 0x108, ELFLOAD_NT_GNU_BUILD_ID);
		b.len = sizeof(buf);
		len = eb_finish(&b);
		copy = exact_copy(buf, len);
		img = parse_ok(copy, len);
		elfload_diag_clear(&d);
		ret = elfload_note_next(img, 0x100, t->size, 4, &cur, &n, &d);
		if (ret != -ENOEXEC)
			fail_msg("%s: ret %d", t->what, ret);
		assert_int_equal(d.err, -ENOEXEC);
		assert_msg_has(d.msg, "note");
		assert_msg_has(d.msg, t->needle);
		assert_int_equal(cur, 0);
		drop(img);
		drop(copy);
	}
}

/* A name without its NUL, and an empty name, read as "". */
static void note_odd_names(void **state)
{
	const struct variant *v = *state;
	unsigned char buf[512];
	struct elfbuild b;
	struct elfload_image *img;
	struct elfload_note n;
	struct elfload_diag d;
	uint64_t cur = 0, end;

	eb_init(&b, buf, sizeof(buf), v->cls, v->be);
	end = eb_note(&b, 0x100, 1, "GNUX", 4, NULL, 0, 4);
	end = eb_note(&b, end, 2, NULL, 0, "ab", 2, 4);
	img = parse_ok(buf, eb_finish(&b));
	assert_int_equal(elfload_note_next(img, 0x100, end - 0x100, 4, &cur,
					   &n, &d), 1);
	assert_int_equal(n.namesz, 4);
	assert_string_equal(n.name, "");
	assert_int_equal(elfload_note_next(img, 0x100, end - 0x100, 4, &cur,
					   &n, &d), 1);
	assert_int_equal(n.namesz, 0);
	assert_string_equal(n.name, "");
	assert_int_equal(n.descsz, 2);
	assert_memory_equal(n.desc, "ab", 2);
	assert_int_equal(elfload_note_next(img, 0x100, end - 0x100, 4, &cur,
					   &n, &d), 0);
	drop(img);
}

/* Where a build-id can be, and what is not one. */
struct build_id_case {
	const char *what;
	bool in_phdr;		/* a PT_NOTE covers the notes */
	bool in_shdr;		/* an SHT_NOTE section covers them */
	uint64_t align;
	const char *name;	/* of the build-id note */
	uint32_t namesz;
	uint32_t type;
	size_t want;
};

static const struct build_id_case build_id_cases[] = {
	{ "PT_NOTE", true, false, 4, "GNU", 4, ELFLOAD_NT_GNU_BUILD_ID, 20 },
	{ "PT_NOTE, 8-aligned", true, false, 8, "GNU", 4, ELFLOAD_NT_GNU_BUILD_ID,
	  20 },
	{ "SHT_NOTE only", false, true, 4, "GNU", 4, ELFLOAD_NT_GNU_BUILD_ID, 20 },
	{ "SHT_NOTE, 8-aligned", false, true, 8, "GNU", 4, ELFLOAD_NT_GNU_BUILD_ID,
	  20 },
	{ "no note segment", false, false, 4, "GNU", 4, ELFLOAD_NT_GNU_BUILD_ID, 0 },
	{ "other owner", true, true, 4, "GNX", 4, ELFLOAD_NT_GNU_BUILD_ID, 0 },
	{ "other type", true, true, 4, "GNU", 4, ELFLOAD_NT_GNU_ABI_TAG, 0 },
};

static bool build_id_case_ok(const struct variant *v,
			     const struct build_id_case *t)
{
	struct elfload_phdr ph[2] = { { .type = ELFLOAD_PT_LOAD } };
	struct elfload_shdr sh[2] = { { 0 } };
	unsigned char buf[1024];
	struct elfbuild b;
	struct elfload_image *img;
	char id[2 * 64 + 1];
	uint64_t end;
	size_t got;
	bool ok;

	eb_init(&b, buf, sizeof(buf), v->cls, v->be);
	/* A harmless note first, then the candidate. */
	end = eb_note(&b, 0x200, ELFLOAD_NT_GNU_ABI_TAG, "GNU", 4, "abcd", 4,
		      t->align);
	end = eb_note(&b, end, t->type, t->name, t->namesz, small_id,
		      sizeof(small_id), t->align);
	ph[1] = (struct elfload_phdr){ .type = ELFLOAD_PT_NOTE, .offset = 0x200,
				       .filesz = end - 0x200,
				       .align = t->align };
	sh[1] = (struct elfload_shdr){ .type = ELFLOAD_SHT_NOTE, .offset = 0x200,
				       .size = end - 0x200,
				       .addralign = t->align };
	eb_phdrs(&b, 0x40, ph, t->in_phdr ? 2 : 1);
	if (t->in_shdr)
		eb_shdrs(&b, 0x100, sh, 2);
	img = parse_ok(buf, eb_finish(&b));
	memset(id, 'x', sizeof(id));
	got = elfload_image_build_id(img, id, sizeof(id));
	ok = got == t->want && !strcmp(id, t->want ? small_id_hex : "");
	if (!ok)
		print_error("%s: %zu bytes \"%.*s\", want %zu\n", t->what,
			    got, (int)sizeof(id) - 1, id, t->want);
	drop(img);
	return ok;
}

static void build_id_table(void **state)
{
	const struct variant *v = *state;
	bool ok = true;
	size_t i;

	for (i = 0; i < sizeof(build_id_cases) / sizeof(build_id_cases[0]);
	     i++)
		ok &= build_id_case_ok(v, &build_id_cases[i]);
	if (!ok)
		fail();
}

/* A PT_NOTE past the end of the file does not hide a good SHT_NOTE. */
static void build_id_bad_segment(void **state)
{
	const struct variant *v = *state;
	unsigned char buf[1024];
	struct elfbuild b;
	struct elfload_image *img;
	char id[2 * 64 + 1];
	uint64_t end;
	struct elfload_phdr ph[1];
	struct elfload_shdr sh[2] = { { 0 } };

	eb_init(&b, buf, sizeof(buf), v->cls, v->be);
	end = eb_note(&b, 0x200, ELFLOAD_NT_GNU_BUILD_ID, "GNU", 4, small_id,
		      sizeof(small_id), 4);
	ph[0] = (struct elfload_phdr){ .type = ELFLOAD_PT_NOTE, .offset = 0x200,
				       .filesz = 0x1000, .align = 4 };
	sh[1] = (struct elfload_shdr){ .type = ELFLOAD_SHT_NOTE, .offset = 0x200,
				       .size = end - 0x200, .addralign = 4 };
	eb_phdrs(&b, 0x40, ph, 1);
	eb_shdrs(&b, 0x100, sh, 2);
	img = parse_ok(buf, eb_finish(&b));
	assert_int_equal(elfload_image_build_id(img, id, sizeof(id)), 20);
	assert_string_equal(id, small_id_hex);
	drop(img);
}

/* The longest build-id fills the documented buffer, and no more. */
static void build_id_buffer_bound(void **state)
{
	const struct variant *v = *state;
	unsigned char desc[80];
	unsigned char buf[1024];
	struct elfbuild b;
	struct elfload_image *img;
	struct elfload_phdr ph[1];
	size_t i, got, descsz[] = { 64, 80 };

	for (i = 0; i < sizeof(desc); i++)
		desc[i] = (unsigned char)(0x80 + i);
	for (i = 0; i < 2; i++) {
		/* Exactly the documented size, on the heap: ASan guards it. */
		char *id = keep(malloc(2 * 64 + 1), false);
		uint64_t end;

		assert_non_null(id);
		eb_init(&b, buf, sizeof(buf), v->cls, v->be);
		end = eb_note(&b, 0x100, ELFLOAD_NT_GNU_BUILD_ID, "GNU", 4, desc,
			      (uint32_t)descsz[i], 4);
		ph[0] = (struct elfload_phdr){ .type = ELFLOAD_PT_NOTE,
			.offset = 0x100, .filesz = end - 0x100 };
		eb_phdrs(&b, 0x40, ph, 1);
		img = parse_ok(buf, eb_finish(&b));
		got = elfload_image_build_id(img, id, 2 * 64 + 1);
		assert_int_equal(got, 64);
		assert_int_equal(strlen(id), 128);
		assert_memory_equal(id, "808182", 6);
		assert_memory_equal(id + 126, "bf", 2);
		drop(img);
		drop(id);
	}
}

/* ---- DT_FLAGS_1 ---------------------------------------------------------- */

struct dyn_case {
	const char *what;
	uint64_t tags[4];	/* DT_NULL-padded */
	uint64_t offset;	/* of PT_DYNAMIC; the entries are at 0x100 */
	uint64_t filesz;	/* in entries; ~0 for the class maximum */
	size_t file_end;	/* in entries after 0x100; 0 for all four */
	uint64_t want;
};

#define FLAGS1 (ELFLOAD_DF_1_NOW | ELFLOAD_DF_1_PIE | ELFLOAD_DF_1_NODELETE)

static void dt_flags_1_cases(void **state)
{
	const struct variant *v = *state;
	const struct dyn_case cases[] = {
		{ "found", { ELFLOAD_DT_DEBUG, ELFLOAD_DT_FLAGS_1 }, 0x100, 3, 0, FLAGS1 },
		{ "first", { ELFLOAD_DT_FLAGS_1 }, 0x100, 2, 0, FLAGS1 },
		{ "after DT_NULL", { ELFLOAD_DT_DEBUG, ELFLOAD_DT_NULL, ELFLOAD_DT_FLAGS_1 }, 0x100, 4,
		  0, 0 },
		{ "absent", { ELFLOAD_DT_DEBUG, ELFLOAD_DT_FLAGS }, 0x100, 3, 0, 0 },
		{ "beyond p_filesz", { ELFLOAD_DT_DEBUG, ELFLOAD_DT_FLAGS_1 }, 0x100, 1, 0, 0 },
		{ "p_filesz past EOF, entry present",
		  { ELFLOAD_DT_DEBUG, ELFLOAD_DT_FLAGS_1 }, 0x100, 64, 2, FLAGS1 },
		{ "p_filesz past EOF, entry cut", { ELFLOAD_DT_DEBUG, ELFLOAD_DT_FLAGS_1 },
		  0x100, 64, 1, 0 },
		{ "p_filesz maximum", { ELFLOAD_DT_DEBUG, ELFLOAD_DT_FLAGS_1 }, 0x100, ~0ull,
		  2, FLAGS1 },
		{ "offset past EOF", { ELFLOAD_DT_FLAGS_1 }, 0x10000, 2, 0, 0 },
		{ "offset maximum", { ELFLOAD_DT_FLAGS_1 }, ~0ull, 2, 0, 0 },
	};
	uint64_t ent = v->cls == ELFLOAD_ELFCLASS64 ? 16 : 8;
	unsigned char buf[512];
	size_t i, j;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct dyn_case *t = &cases[i];
		struct elfload_phdr ph[2] = { { .type = ELFLOAD_PT_LOAD } };
		struct elfbuild b;
		struct elfload_image *img;
		unsigned char *copy;
		uint64_t got;
		size_t n;

		ph[1] = (struct elfload_phdr){ .type = ELFLOAD_PT_DYNAMIC,
			.offset = t->offset == ~0ull ? word_max(v) : t->offset,
			.filesz = t->filesz == ~0ull ? word_max(v) :
						       t->filesz * ent };
		eb_init(&b, buf, sizeof(buf), v->cls, v->be);
		eb_phdrs(&b, 0x40, ph, 2);
		for (j = 0; j < 4; j++)
			eb_dyn(&b, 0x100, j, t->tags[j],
			       t->tags[j] == ELFLOAD_DT_FLAGS_1 ? FLAGS1 : 0x55);
		n = eb_finish(&b);
		/* Cut the file one byte into the next entry. */
		if (t->file_end)
			n = 0x100 + t->file_end * ent + ent / 2;
		copy = exact_copy(buf, n);
		img = parse_ok(copy, n);
		got = elfload_image_dt_flags_1(img);
		if (got != t->want)
			fail_msg("%s: %#" PRIx64 ", want %#" PRIx64, t->what,
				 got, t->want);
		drop(img);
		drop(copy);
	}
}

/* ---- bounds and byte order ----------------------------------------------- */

struct bytes_case {
	uint64_t off, len;
	bool ok;
};

static void image_bytes_bounds(void **state)
{
	unsigned char buf[256];
	struct elfbuild b;
	struct elfload_image *img;
	unsigned char *copy;
	size_t n, i;

	(void)state;
	eb_init(&b, buf, sizeof(buf), ELFLOAD_ELFCLASS64, false);
	b.len = 100;
	n = eb_finish(&b);
	copy = exact_copy(buf, n);
	img = parse_ok(copy, n);
	{
		const struct bytes_case c[] = {
			{ 0, 0, true },
			{ 0, 100, true },
			{ 99, 1, true },
			{ 100, 0, true },
			{ 50, 50, true },
			{ 0, 101, false },
			{ 100, 1, false },
			{ 101, 0, false },
			{ 50, 51, false },
			{ 1, UINT64_MAX, false },
			{ UINT64_MAX, 1, false },
			{ UINT64_MAX, 0, false },
			{ UINT64_MAX, UINT64_MAX, false },
			{ 99, UINT64_MAX - 98, false },	/* sum wraps */
			{ 1ull << 63, 1ull << 63, false },
		};

		for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
			const void *p = elfload_image_bytes(img, c[i].off,
							    c[i].len);

			if (c[i].ok && p != copy + c[i].off)
				fail_msg("[%#" PRIx64 ", +%#" PRIx64
					 ") refused", c[i].off, c[i].len);
			if (!c[i].ok && p)
				fail_msg("[%#" PRIx64 ", +%#" PRIx64
					 ") accepted", c[i].off, c[i].len);
		}
	}
	drop(img);
	drop(copy);
}

static void byte_order_getters(void **state)
{
	static const unsigned char p[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct elfload_image le = { .big_endian = false };
	struct elfload_image be = { .big_endian = true };

	(void)state;
	assert_int_equal(elfload_get16(&le, p), 0x0201);
	assert_int_equal(elfload_get32(&le, p), 0x04030201);
	assert_int_equal(elfload_get64(&le, p), 0x0807060504030201);
	assert_int_equal(elfload_get16(&be, p), 0x0102);
	assert_int_equal(elfload_get32(&be, p), 0x01020304);
	assert_int_equal(elfload_get64(&be, p), 0x0102030405060708);
	/* The top bit must not sign-extend. */
	assert_int_equal(elfload_get32(&le, "\xff\xff\xff\xff"), 0xffffffff);
	assert_int_equal(elfload_get64(&be, "\x80\0\0\0\0\0\0\x01"),
			 0x8000000000000001);
}

/* ---- files --------------------------------------------------------------- */

static char tmpdir[] = "/tmp/elfload-unit-XXXXXX";

static int files_setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int files_teardown(void **state)
{
	static const char *const names[] = { "elf", "empty", "fifo", "text",
					     "short", "dir" };
	char path[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", tmpdir, names[i]);
		if (unlink(path) < 0)
			rmdir(path);
	}
	return rmdir(tmpdir);
}

static const char *tmp_path(const char *name)
{
	static char path[256];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	return path;
}

static void write_file(const char *path, const void *p, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, p, n), (ssize_t)n);
	assert_int_equal(close(fd), 0);
}

static void on_alarm(int sig)
{
	(void)sig;
}

/*
 * A call that blocks (open or read on a FIFO) would hang the suite.
 * Interrupt it after a few seconds instead: without SA_RESTART the call
 * fails with EINTR, and the test fails on that error code.
 */
static void alarm_on(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	assert_int_equal(sigaction(SIGALRM, &sa, NULL), 0);
	alarm(5);
}

static void alarm_off(void)
{
	alarm(0);
	signal(SIGALRM, SIG_DFL);
}

/* Open @path, which must fail with @err and a message containing @needle. */
static void open_fails(const char *path, int err, const char *needle)
{
	struct elfload_image *img = NULL;
	struct elfload_diag d;
	int ret;

	alarm_on();
	ret = elfload_image_open(path, 0, &img, &d);
	alarm_off();
	keep(img, true);
	if (ret != err)
		fail_msg("%s: ret %d, want %d (%s)", path, ret, err, d.msg);
	assert_int_equal(d.err, err);
	assert_null(img);
	assert_msg_has(d.msg, needle);
}

static void open_elf_file(void **state)
{
	unsigned char buf[1024];
	struct elfbuild b;
	struct small s;
	struct elfload_image *img = NULL;
	struct elfload_diag d;
	const char *path = tmp_path("elf");

	build_small(&b, buf, sizeof(buf), &v64le, &s);
	write_file(path, buf, s.size);
	(void)state;
	assert_int_equal(elfload_image_open(path, 0, &img, &d), 0);
	keep(img, true);
	assert_int_equal(d.err, 0);
	assert_string_equal(img->name, path);
	assert_int_equal(img->size, s.size);
	assert_non_null(img->owned);
	assert_ptr_equal(img->bytes, img->owned);
	assert_memory_equal(img->bytes, buf, s.size);
	check_small_full(img);
	drop(img);
}

static void open_elf_fd(void **state)
{
	unsigned char buf[1024];
	struct elfbuild b;
	struct small s;
	struct elfload_image *img = NULL;
	struct elfload_diag d;
	const char *path = tmp_path("elf");
	int fd;

	(void)state;
	build_small(&b, buf, sizeof(buf), &v32be, &s);
	write_file(path, buf, s.size);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(elfload_image_open_fd(fd, "by-fd", 0, &img, &d), 0);
	keep(img, true);
	close(fd);
	assert_string_equal(img->name, "by-fd");
	assert_int_equal(img->elfclass, ELFLOAD_ELFCLASS32);
	assert_true(img->big_endian);
	check_small_full(img);
	drop(img);
}

/*
 * Reading headers only, from a file whose program header table lies past
 * the first 4 KiB: the PT_INTERP it names is read too (found by
 * fuzz/fuzz_reader.c: the prefix stopped at the end of the table).
 */
static void open_headers_far_table(void **state)
{
	static const char interp[] = "/lib/ld.so";
	static unsigned char buf[0x4000];
	const struct elfload_phdr ph[] = {
		{ .type = ELFLOAD_PT_INTERP, .offset = 0x3800, .filesz = sizeof(interp) },
		{ .type = ELFLOAD_PT_LOAD, .filesz = 0x4000, .memsz = 0x4000,
		  .align = 0x1000, .vaddr = 0x400000, .flags = ELFLOAD_PF_R },
	};
	struct elfload_image *img = NULL;
	struct elfload_diag d;
	struct elfbuild b;
	const char *path = tmp_path("elf"), *name;
	size_t size, len;

	(void)state;
	eb_init(&b, buf, sizeof(buf), ELFLOAD_ELFCLASS64, false);
	eb_phdrs(&b, 0x3000, ph, 2);
	eb_bytes(&b, 0x3800, interp, sizeof(interp));
	eb_at(&b, sizeof(buf) - 1, 1);
	size = eb_finish(&b);
	write_file(path, buf, size);
	assert_int_equal(elfload_image_open(path, ELFLOAD_IMAGE_HEADERS, &img,
					    &d), 0);
	keep(img, true);
	assert_int_equal(img->file_size, size);
	assert_int_equal(img->phnum, 2);
	assert_int_equal(elfload_image_interp(img, &name, &len, &d), 0);
	assert_string_equal(name, interp);
	drop(img);
}

static void open_directory(void **state)
{
	(void)state;
	assert_int_equal(mkdir(tmp_path("dir"), 0755), 0);
	open_fails(tmp_path("dir"), -EISDIR, "directory");
}

static void open_fifo(void **state)
{
	(void)state;
	assert_int_equal(mkfifo(tmp_path("fifo"), 0644), 0);
	open_fails(tmp_path("fifo"), -ENODEV, "FIFO");
}

static void open_pipe_fd(void **state)
{
	struct elfload_image *img = NULL;
	struct elfload_diag d;
	int fds[2], ret;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	alarm_on();
	ret = elfload_image_open_fd(fds[0], "pipe", 0, &img, &d);
	alarm_off();
	keep(img, true);
	close(fds[0]);
	close(fds[1]);
	assert_int_equal(ret, -ENODEV);
	assert_null(img);
	assert_msg_has(d.msg, "FIFO");
}

static void open_empty(void **state)
{
	(void)state;
	write_file(tmp_path("empty"), "", 0);
	open_fails(tmp_path("empty"), -ENOEXEC, "empty");
}

static void open_not_elf(void **state)
{
	static const char text[] = "#!/bin/sh\necho hello\n";

	(void)state;
	write_file(tmp_path("text"), text, sizeof(text) - 1);
	open_fails(tmp_path("text"), -ENOEXEC, "not an ELF file");
}

static void open_short_elf(void **state)
{
	unsigned char buf[256];
	struct elfbuild b;

	(void)state;
	eb_init(&b, buf, sizeof(buf), ELFLOAD_ELFCLASS64, false);
	eb_finish(&b);
	write_file(tmp_path("short"), buf, 40);
	open_fails(tmp_path("short"), -ENOEXEC, "truncated");
}

static void open_missing(void **state)
{
	(void)state;
	open_fails(tmp_path("no-such-file"), -ENOENT, "");
}

int main(void)
{
	const struct CMUnitTest parsing[] = {
		VARIANTS(small_image_is_sane),
		VARIANTS(every_prefix),
		VARIANTS(ehdr_fields),
		VARIANTS(no_tables),
		VARIANTS(phdrs_at_offset_zero),
		cmocka_unit_test_teardown(bad_ident_table, free_live),
		cmocka_unit_test_teardown(odd_ident_table, free_live),
		VARIANTS(parse_copy),
		VARIANTS(phdr_decode),
		VARIANTS(phdr_wide_entries),
		VARIANTS(phdr_narrow_entries),
		VARIANTS(phdr_table_out_of_file),
		VARIANTS(shdr_decode),
		VARIANTS(shdr_narrow_entries),
		VARIANTS(shdr_table_out_of_file),
		VARIANTS(extended_numbering),
		VARIANTS(extended_numbering_each),
		VARIANTS(extended_shnum_huge),
		VARIANTS(extended_shnum_unreadable),
		VARIANTS(section_names),
		VARIANTS(section_names_unterminated),
		VARIANTS(section_names_empty_strtab),
		VARIANTS(shstrndx_out_of_range),
		VARIANTS(shstrtab_unusable),
		VARIANTS(interp_cases),
		VARIANTS(interp_absent),
		VARIANTS(note_iterate),
		VARIANTS(note_gnu_property_layout),
		VARIANTS(note_align_default),
		VARIANTS(note_malformed),
		VARIANTS(note_odd_names),
		VARIANTS(build_id_table),
		VARIANTS(build_id_bad_segment),
		VARIANTS(build_id_buffer_bound),
		VARIANTS(dt_flags_1_cases),
		cmocka_unit_test_teardown(image_bytes_bounds, free_live),
		cmocka_unit_test_teardown(byte_order_getters, free_live),
	};
	const struct CMUnitTest files[] = {
		cmocka_unit_test_teardown(open_elf_file, free_live),
		cmocka_unit_test_teardown(open_elf_fd, free_live),
		cmocka_unit_test_teardown(open_headers_far_table, free_live),
		cmocka_unit_test_teardown(open_directory, free_live),
		cmocka_unit_test_teardown(open_fifo, free_live),
		cmocka_unit_test_teardown(open_pipe_fd, free_live),
		cmocka_unit_test_teardown(open_empty, free_live),
		cmocka_unit_test_teardown(open_not_elf, free_live),
		cmocka_unit_test_teardown(open_short_elf, free_live),
		cmocka_unit_test_teardown(open_missing, free_live),
	};
	int failed;

	failed = cmocka_run_group_tests_name("reader", parsing, NULL, NULL);
	failed += cmocka_run_group_tests_name("files", files, files_setup,
					      files_teardown);
	return failed ? 1 : 0;
}
