// SPDX-License-Identifier: MIT
/*
 * Section-to-segment mapping, by the rule GNU readelf prints under
 * "Section to Segment mapping" (binutils' strict rule with VMA checks):
 *
 *  - TLS sections go only in PT_TLS, PT_LOAD and PT_GNU_RELRO; PT_TLS
 *    holds only TLS sections; PT_PHDR holds none;
 *  - segments that describe memory (PT_LOAD, PT_DYNAMIC, PT_GNU_*) hold
 *    only SHF_ALLOC sections;
 *  - a section with file contents must lie within the segment's file
 *    range, an SHF_ALLOC one within its memory range, and an empty one
 *    must not sit at the very end (unless the segment is empty too);
 *  - empty sections at the start or end of PT_DYNAMIC/PT_NOTE don't count;
 *  - .tbss (TLS and NOBITS) is listed only in PT_TLS.
 *
 * The arithmetic is unsigned 64-bit and wraps exactly as readelf's does.
 */
#include "internal.h"

static bool is_tls(const struct elfload_shdr *s)
{
	return s->flags & ELFLOAD_SHF_TLS;
}

static bool is_alloc(const struct elfload_shdr *s)
{
	return s->flags & ELFLOAD_SHF_ALLOC;
}

static bool is_nobits(const struct elfload_shdr *s)
{
	return s->type == ELFLOAD_SHT_NOBITS;
}

/* .tbss takes neither file nor memory space outside PT_TLS. */
static bool tbss_special(const struct elfload_shdr *s,
			 const struct elfload_phdr *p)
{
	return is_tls(s) && is_nobits(s) && p->type != ELFLOAD_PT_TLS;
}

static bool memory_segment(uint32_t type)
{
	switch (type) {
	case ELFLOAD_PT_LOAD:
	case ELFLOAD_PT_DYNAMIC:
	case ELFLOAD_PT_GNU_EH_FRAME:
	case ELFLOAD_PT_GNU_STACK:
	case ELFLOAD_PT_GNU_RELRO:
	case ELFLOAD_PT_GNU_SFRAME:
		return true;
	}
	return type >= ELFLOAD_PT_GNU_MBIND_LO && type <= ELFLOAD_PT_GNU_MBIND_HI;
}

static bool tls_fits(const struct elfload_shdr *s,
		     const struct elfload_phdr *p)
{
	if (is_tls(s))
		return p->type == ELFLOAD_PT_TLS || p->type == ELFLOAD_PT_GNU_RELRO ||
		       p->type == ELFLOAD_PT_LOAD;
	return p->type != ELFLOAD_PT_TLS && p->type != ELFLOAD_PT_PHDR;
}

/* [start, start + size) within [base, base + len), strictly. */
static bool inside(uint64_t start, uint64_t size, uint64_t base, uint64_t len)
{
	return start >= base && start - base <= len - 1 &&
	       start - base + size <= len;
}

/* Empty sections don't belong at the edges of PT_DYNAMIC or PT_NOTE. */
static bool edge_ok(const struct elfload_shdr *s, const struct elfload_phdr *p)
{
	if (p->type != ELFLOAD_PT_DYNAMIC && p->type != ELFLOAD_PT_NOTE)
		return true;
	if (s->size != 0 || p->memsz == 0)
		return true;
	if (!is_nobits(s) && !(s->offset > p->offset &&
			       s->offset - p->offset < p->filesz))
		return false;
	return !is_alloc(s) ||
	       (s->addr > p->vaddr && s->addr - p->vaddr < p->memsz);
}

bool elfload_section_in_segment(const struct elfload_shdr *s,
				const struct elfload_phdr *p)
{
	/* readelf skips .tbss outside PT_TLS, so its size is s->size here. */
	uint64_t size = s->size;

	if (tbss_special(s, p) || !tls_fits(s, p))
		return false;
	if (!is_alloc(s) && memory_segment(p->type))
		return false;
	if (!is_nobits(s) && !inside(s->offset, size, p->offset, p->filesz))
		return false;
	if (is_alloc(s) && !inside(s->addr, size, p->vaddr, p->memsz))
		return false;
	return edge_ok(s, p);
}
