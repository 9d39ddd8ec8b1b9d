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

/*
 * How a PT_LOAD fills its pages, at its own addresses (no load bias):
 * [start, end) the page-rounded range; @head bytes of its first page
 * before p_vaddr, then @file bytes from the file, @zero bytes zero-filled
 * (p_memsz - p_filesz: the bss), and @tail bytes after p_vaddr + p_memsz
 * to the end of the last page.  @head + @tail is what page rounding
 * loses.  @file_end is the first page boundary at or after the file part.
 */
struct elfload_segment_pages {
	uint64_t start;
	uint64_t end;
	uint64_t head;
	uint64_t file;
	uint64_t zero;
	uint64_t tail;
	uint64_t file_end;
	uint64_t pages;
};

/*
 * Fill @sp for @ph.  Returns false when the range wraps, p_filesz exceeds
 * p_memsz or @pagesz is not a power of two.
 */
bool elfload_segment_pages(const struct elfload_phdr *ph, uint64_t pagesz,
			   struct elfload_segment_pages *sp);

#ifdef __cplusplus
}
#endif

#endif
