// SPDX-License-Identifier: MIT
/* Page arithmetic of loadable segments. */
#include <elfload/extent.h>

#include "internal.h"

bool elfload_segment_extent(const struct elfload_phdr *ph, uint64_t pagesz,
			    struct elfload_extent *ext)
{
	uint64_t end;

	if (!is_power_of_2(pagesz) || !add_ok(ph->vaddr, ph->memsz, &end) ||
	    !align_up_ok(end, pagesz, &ext->end))
		return false;
	ext->start = ph->vaddr & ~(pagesz - 1);
	return true;
}

bool elfload_segment_pages(const struct elfload_phdr *ph, uint64_t pagesz,
			   struct elfload_segment_pages *sp)
{
	struct elfload_extent ext;

	if (ph->filesz > ph->memsz || !elfload_segment_extent(ph, pagesz, &ext))
		return false;
	sp->start = ext.start;
	sp->end = ext.end;
	sp->head = ph->vaddr - ext.start;
	sp->file = ph->filesz;
	sp->zero = ph->memsz - ph->filesz;
	sp->tail = ext.end - (ph->vaddr + ph->memsz);
	/* Cannot wrap: vaddr + filesz <= vaddr + memsz <= ext.end. */
	sp->file_end = (ph->vaddr + ph->filesz + pagesz - 1) & ~(pagesz - 1);
	sp->pages = (ext.end - ext.start) / pagesz;
	return true;
}
