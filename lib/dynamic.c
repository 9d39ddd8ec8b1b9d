// SPDX-License-Identifier: MIT
/*
 * The dynamic segment (PT_DYNAMIC): its DT_FLAGS_1 entry, which says
 * whether an ET_DYN file is a position-independent executable.  The walk
 * is bounded by the bytes present in the file.
 */
#include <elfload/elf.h>

#include "internal.h"

/* The size of one dynamic entry in the image's class. */
static uint64_t dyn_size(const struct elfload_image *img)
{
	return img->elfclass == ELFLOAD_ELFCLASS64 ?
		       sizeof(struct elfload_elf64_dyn) :
		       sizeof(struct elfload_elf32_dyn);
}

uint64_t elfload_image_dt_flags_1(const struct elfload_image *img)
{
	const struct elfload_phdr *ph;
	const unsigned char *p;
	uint64_t ent = dyn_size(img);
	uint64_t i, n;
	long idx = elfload_image_find_phdr(img, ELFLOAD_PT_DYNAMIC);

	if (idx < 0)
		return 0;
	ph = &img->phdrs[idx];
	/* Bound the walk by the bytes present, not by p_filesz alone. */
	n = ph->offset < img->size ?
		    (ph->filesz < img->size - ph->offset ?
			     ph->filesz : img->size - ph->offset) / ent :
		    0;
	p = img->bytes + (n ? ph->offset : 0);
	for (i = 0; i < n; i++, p += ent) {
		uint64_t tag = ent == 16 ? elfload_get64(img, p) :
					   elfload_get32(img, p);
		uint64_t val = ent == 16 ? elfload_get64(img, p + 8) :
					   elfload_get32(img, p + 4);

		if (tag == ELFLOAD_DT_NULL)
			break;
		if (tag == ELFLOAD_DT_FLAGS_1)
			return val;
	}
	return 0;
}
