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
