// SPDX-License-Identifier: MIT
/*
 * Where an address of a planned process lies: which image and load bias
 * own a VMA, and which sections hold its addresses.  One rule for the
 * pager's fault log, `maps --explain` and the trace.
 */
#include <elfload/program.h>

#include "program_int.h"


/*
 * Does section @s take addresses in a VMA of @kind?  As readelf has it,
 * .tbss (TLS and NOBITS) takes no address space outside PT_TLS: its
 * addresses belong to whatever follows it.  File pages hold PROGBITS and
 * the NOBITS start that shares their last page; anonymous pages hold
 * NOBITS only.
 */
static bool section_takes(const struct elfload_shdr *s,
			  enum elfload_vma_kind kind)
{
	if (!(s->flags & ELFLOAD_SHF_ALLOC) || !s->size)
		return false;
	if ((s->flags & ELFLOAD_SHF_TLS) && s->type == ELFLOAD_SHT_NOBITS)
		return false;
	if (kind == ELFLOAD_VMA_BSS)
		return s->type == ELFLOAD_SHT_NOBITS;
	return kind == ELFLOAD_VMA_SEGMENT;
}

/* Does @s meet the @len link-time addresses from @start?  Overflow-safe. */
static bool section_meets(const struct elfload_shdr *s, uint64_t start,
			  uint64_t len)
{
	return start >= s->addr ? start - s->addr < s->size :
				  s->addr - start < len;
}

const char *elfload_image_section_at(const struct elfload_image *img,
				     enum elfload_vma_kind kind, uint64_t vaddr)
{
	size_t i;

	for (i = 1; img && img->shdrs && i < img->shnum; i++)
		if (section_takes(&img->shdrs[i], kind) &&
		    section_meets(&img->shdrs[i], vaddr, 1))
			return elfload_section_name(img, i);
	return NULL;
}

const struct elfload_image *
elfload_program_vma_image(const struct elfload_program *prog,
			  const struct elfload_vma *vma, uint64_t *bias)
{
	if (vma->owner == ELFLOAD_OWNER_EXE) {
		*bias = prog->plan.exe.bias;
		return prog->exe;
	}
	if (vma->owner == ELFLOAD_OWNER_INTERP) {
		*bias = prog->plan.interp.bias;
		return prog->interp;
	}
	return NULL;
}

void elfload_program_vma_sections(const struct elfload_program *prog,
				  const struct elfload_vma *vma,
				  void (*fn)(const char *name, void *arg),
				  void *arg)
{
	uint64_t bias = 0;
	const struct elfload_image *img = elfload_program_vma_image(prog, vma,
								    &bias);
	size_t i;

	for (i = 1; img && img->shdrs && i < img->shnum; i++) {
		const char *name = elfload_section_name(img, i);

		if (name && section_takes(&img->shdrs[i], vma->kind) &&
		    section_meets(&img->shdrs[i], vma->start - bias,
				  vma->end - vma->start))
			fn(name, arg);
	}
}
