/* SPDX-License-Identifier: MIT */
/*
 * Page arithmetic of loadable segments.  The page size is always a
 * parameter (a power of two), never assumed.
 */
#ifndef ELFLOAD_EXTENT_H
#define ELFLOAD_EXTENT_H

#include <stdbool.h>
#include <stdint.h>

#include <elfload/image.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The page-rounded range [start, end) a PT_LOAD occupies at its p_vaddr. */
struct elfload_extent {
	uint64_t start;
	uint64_t end;
};

/*
 * Page-rounded extent of @ph at its own addresses (no load bias):
 * start = p_vaddr rounded down, end = p_vaddr + p_memsz rounded up.
 * Returns false when the range wraps around the address space.
 */
bool elfload_segment_extent(const struct elfload_phdr *ph, uint64_t pagesz,
			    struct elfload_extent *ext);

#ifdef __cplusplus
}
#endif

#endif
