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

#define PT_LOAD_V 1
#define PT_DYNAMIC_V 2
#define PT_NOTE_V 4
#define PT_PHDR_V 6
#define PT_TLS_V 7
#define PT_GNU_EH_FRAME_V 0x6474e550
#define PT_GNU_STACK_V 0x6474e551
#define PT_GNU_RELRO_V 0x6474e552
#define PT_GNU_SFRAME_V 0x6474e554
#define PT_GNU_MBIND_LO_V 0x6474e555
#define PT_GNU_MBIND_HI_V (PT_GNU_MBIND_LO_V + 4096 - 1)
#define SHT_NOBITS_V 8
#define SHF_ALLOC_V 0x2
#define SHF_TLS_V 0x400

static bool is_tls(const struct elfload_shdr *s)
{
	return s->flags & SHF_TLS_V;
}

static bool is_alloc(const struct elfload_shdr *s)
{
	return s->flags & SHF_ALLOC_V;
}

static bool is_nobits(const struct elfload_shdr *s)
{
	return s->type == SHT_NOBITS_V;
}

/* .tbss takes neither file nor memory space outside PT_TLS. */
static bool tbss_special(const struct elfload_shdr *s,
			 const struct elfload_phdr *p)
{
	return is_tls(s) && is_nobits(s) && p->type != PT_TLS_V;
}

static bool memory_segment(uint32_t type)
{
	switch (type) {
	case PT_LOAD_V:
	case PT_DYNAMIC_V:
	case PT_GNU_EH_FRAME_V:
	case PT_GNU_STACK_V:
	case PT_GNU_RELRO_V:
	case PT_GNU_SFRAME_V:
		return true;
	}
	return type >= PT_GNU_MBIND_LO_V && type <= PT_GNU_MBIND_HI_V;
}

static bool tls_fits(const struct elfload_shdr *s,
		     const struct elfload_phdr *p)
{
	if (is_tls(s))
		return p->type == PT_TLS_V || p->type == PT_GNU_RELRO_V ||
		       p->type == PT_LOAD_V;
	return p->type != PT_TLS_V && p->type != PT_PHDR_V;
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
	if (p->type != PT_DYNAMIC_V && p->type != PT_NOTE_V)
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
