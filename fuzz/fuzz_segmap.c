// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the section-to-segment mapper, elfload_section_in_segment().
 *
 * Each input is used twice: as an ELF file, whose every section and
 * segment pair is tried, and as a stream of numbers that make up section
 * and segment headers directly (fields near each other's, so that the
 * edges of the ranges are hit).  Every answer is checked against
 *
 *  - the type rules of readelf's mapping, which need no arithmetic;
 *  - the same rule written as interval containment in exact (128-bit)
 *    arithmetic, wherever no 64-bit sum wraps (where one does, elfload
 *    wraps as readelf does and only the next check applies);
 *  - shift invariance: moving a section and its segment by the same
 *    amount, without wrapping, changes nothing.
 */
#include <elfload/elf.h>
#include <elfload/image.h>

#include "fuzz.h"

#define GNU_MBIND_FIRST ELFLOAD_PT_GNU_MBIND_LO
#define GNU_MBIND_LAST ELFLOAD_PT_GNU_MBIND_HI

#define MAX_FILE_PAIRS 4096
#define MAX_MADE_PAIRS 64

typedef unsigned __int128 u128;

static bool memory_type(uint32_t t)
{
	return t == ELFLOAD_PT_LOAD || t == ELFLOAD_PT_DYNAMIC ||
	       t == ELFLOAD_PT_GNU_EH_FRAME ||
	       t == ELFLOAD_PT_GNU_STACK || t == ELFLOAD_PT_GNU_RELRO ||
	       t == ELFLOAD_PT_GNU_SFRAME ||
	       (t >= GNU_MBIND_FIRST && t <= GNU_MBIND_LAST);
}

/* The rules on types and flags alone: may @s be listed in @p at all? */
static bool types_allow(const struct elfload_shdr *s,
			const struct elfload_phdr *p)
{
	bool tls = s->flags & ELFLOAD_SHF_TLS, alloc = s->flags & ELFLOAD_SHF_ALLOC;

	if (tls && s->type == ELFLOAD_SHT_NOBITS && p->type != ELFLOAD_PT_TLS)
		return false;	/* .tbss only in PT_TLS */
	if (tls && p->type != ELFLOAD_PT_TLS && p->type != ELFLOAD_PT_LOAD &&
	    p->type != ELFLOAD_PT_GNU_RELRO)
		return false;
	if (!tls && (p->type == ELFLOAD_PT_TLS || p->type == ELFLOAD_PT_PHDR))
		return false;
	return alloc || !memory_type(p->type);
}

/*
 * [start, start + size) inside the segment range [base, base + len), the
 * readelf way: an empty range may sit at the start of an empty segment
 * but not at the end of a non-empty one.
 */
static bool contained(u128 start, u128 size, u128 base, u128 len)
{
	if (start < base || start + size > base + len)
		return false;
	return len ? start < base + len : start == base;
}

/* Strictly inside: an empty section away from both edges. */
static bool interior(u128 start, u128 base, u128 len)
{
	return start > base && start < base + len;
}

/* Does (start - base) + size wrap in 64 bits, for start >= base? */
static bool sum_wraps(uint64_t start, uint64_t size, uint64_t base)
{
	return start >= base && (u128)(start - base) + size > UINT64_MAX;
}

/* Does a 64-bit sum the mapping rule depends on wrap for this pair? */
static bool rule_wraps(const struct elfload_shdr *s,
		       const struct elfload_phdr *p)
{
	return (s->type != ELFLOAD_SHT_NOBITS &&
		sum_wraps(s->offset, s->size, p->offset)) ||
	       ((s->flags & ELFLOAD_SHF_ALLOC) &&
		sum_wraps(s->addr, s->size, p->vaddr));
}

/* The mapping rule in exact arithmetic (valid when nothing wraps). */
static bool expected(const struct elfload_shdr *s,
		     const struct elfload_phdr *p)
{
	bool nobits = s->type == ELFLOAD_SHT_NOBITS;
	bool alloc = s->flags & ELFLOAD_SHF_ALLOC;

	if (!types_allow(s, p))
		return false;
	if (!nobits && !contained(s->offset, s->size, p->offset, p->filesz))
		return false;
	if (alloc && !contained(s->addr, s->size, p->vaddr, p->memsz))
		return false;
	if ((p->type != ELFLOAD_PT_DYNAMIC && p->type != ELFLOAD_PT_NOTE) || s->size ||
	    !p->memsz)
		return true;
	return (nobits || interior(s->offset, p->offset, p->filesz)) &&
	       (!alloc || interior(s->addr, p->vaddr, p->memsz));
}

/* Move a pair by @d bytes of file and @m bytes of memory, if neither wraps. */
static bool shifted(const struct elfload_shdr *s,
		    const struct elfload_phdr *p, uint64_t d, uint64_t m,
		    struct elfload_shdr *s2, struct elfload_phdr *p2)
{
	*s2 = *s;
	*p2 = *p;
	if (s->offset > UINT64_MAX - d || p->offset > UINT64_MAX - d ||
	    s->addr > UINT64_MAX - m || p->vaddr > UINT64_MAX - m)
		return false;
	s2->offset += d;
	p2->offset += d;
	s2->addr += m;
	p2->vaddr += m;
	return true;
}

static void check_pair(const struct elfload_shdr *s,
		       const struct elfload_phdr *p, uint64_t d, uint64_t m)
{
	bool got = elfload_section_in_segment(s, p);
	struct elfload_shdr s2;
	struct elfload_phdr p2;

	FUZZ_CHECK(!got || types_allow(s, p),
		   "section type %#x flags %#llx listed in segment type %#x",
		   s->type, (unsigned long long)s->flags, p->type);
	if (!rule_wraps(s, p))
		FUZZ_CHECK(got == expected(s, p),
			   "got %d: section off %#llx addr %#llx size %#llx, "
			   "segment type %#x off %#llx filesz %#llx "
			   "vaddr %#llx memsz %#llx",
			   got, (unsigned long long)s->offset,
			   (unsigned long long)s->addr,
			   (unsigned long long)s->size, p->type,
			   (unsigned long long)p->offset,
			   (unsigned long long)p->filesz,
			   (unsigned long long)p->vaddr,
			   (unsigned long long)p->memsz);
	if (shifted(s, p, d, m, &s2, &p2))
		FUZZ_CHECK(elfload_section_in_segment(&s2, &p2) == got,
			   "shifting by %#llx/%#llx changed the answer",
			   (unsigned long long)d, (unsigned long long)m);
}

/* Every pair of a real file, as `elfload segments` tries them. */
static void file_pairs(const uint8_t *data, size_t size)
{
	struct elfload_image *img;
	size_t i, s, n = 0;

	if (elfload_image_parse(data, size, "fuzz", 0, &img, NULL) < 0)
		return;
	for (i = 0; img->phdrs && i < img->phnum; i++)
		for (s = 0; img->shdrs && s < img->shnum; s++) {
			if (++n > MAX_FILE_PAIRS)
				goto out;
			check_pair(&img->shdrs[s], &img->phdrs[i], 0x1000 * n,
				   n);
		}
out:
	elfload_image_free(img);
}

/* A value near @base (either side), or anywhere. */
static uint64_t near(struct fuzz_bytes *b, uint64_t base)
{
	uint8_t how = fuzz_u8(b);
	uint64_t v = fuzz_number(b);

	switch (how & 3) {
	case 0:
		return base + v;
	case 1:
		return base - v;
	case 2:
		return base + (how >> 2);
	default:
		return v;
	}
}

static uint32_t segment_type(struct fuzz_bytes *b)
{
	static const uint32_t types[] = {
		ELFLOAD_PT_LOAD, ELFLOAD_PT_DYNAMIC, ELFLOAD_PT_INTERP,
		ELFLOAD_PT_NOTE, ELFLOAD_PT_PHDR, ELFLOAD_PT_TLS,
		ELFLOAD_PT_GNU_EH_FRAME, ELFLOAD_PT_GNU_STACK,
		ELFLOAD_PT_GNU_RELRO,
		ELFLOAD_PT_GNU_PROPERTY, ELFLOAD_PT_GNU_SFRAME, GNU_MBIND_FIRST,
		GNU_MBIND_LAST, GNU_MBIND_LAST + 1, 0,
	};
	uint8_t sel = fuzz_u8(b);

	if (sel < sizeof(types) / sizeof(types[0]))
		return types[sel];
	return sel < 0xf0 ? types[sel % (sizeof(types) / sizeof(types[0]))] :
			    (uint32_t)fuzz_uint(b, 4);
}

static void make_pair(struct fuzz_bytes *b, struct elfload_shdr *s,
		      struct elfload_phdr *p)
{
	static const uint32_t stypes[] = { ELFLOAD_SHT_PROGBITS, ELFLOAD_SHT_NOBITS,
					   ELFLOAD_SHT_NOTE, ELFLOAD_SHT_DYNAMIC };
	uint8_t fl = fuzz_u8(b), st = fuzz_u8(b);

	memset(s, 0, sizeof(*s));
	memset(p, 0, sizeof(*p));
	p->type = segment_type(b);
	p->offset = fuzz_number(b);
	p->filesz = fuzz_number(b);
	p->vaddr = fuzz_number(b);
	p->memsz = near(b, p->filesz);
	s->type = st < 0xf0 ? stypes[st & 3] : (uint32_t)fuzz_uint(b, 4);
	s->flags = (fl & 1 ? ELFLOAD_SHF_ALLOC : 0) | (fl & 2 ? ELFLOAD_SHF_TLS : 0) |
		   (fl & 4 ? ELFLOAD_SHF_WRITE : 0) | (fl & 8 ? ELFLOAD_SHF_EXECINSTR : 0);
	if (fl & 0x80)
		s->flags = fuzz_uint(b, 8);
	s->offset = near(b, p->offset);
	s->addr = near(b, p->vaddr);
	s->size = near(b, p->filesz);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_bytes b = { data, size };
	struct elfload_shdr s;
	struct elfload_phdr p;
	size_t n;

	file_pairs(data, size);
	for (n = 0; b.n && n < MAX_MADE_PAIRS; n++) {
		uint64_t d, m;

		make_pair(&b, &s, &p);
		d = fuzz_number(&b);
		m = fuzz_number(&b);
		check_pair(&s, &p, d, m);
	}
	return 0;
}
