/* SPDX-License-Identifier: MIT */
/*
 * A simulated address space: the planner's list of VMAs, kept sorted, with
 * the kernel's MAP_FIXED replacement and top-down free-area search.
 */
#ifndef ELFLOAD_VMASET_H
#define ELFLOAD_VMASET_H

#include <elfload/plan.h>

/* Is any VMA in @plan overlapping [start, end)? */
bool vmaset_busy(const struct elfload_plan *plan, uint64_t start, uint64_t end);

/*
 * Map @vma, replacing whatever overlaps it (MAP_FIXED semantics).
 * Returns 0 or -ENOMEM when the table is full.
 */
int vmaset_insert(struct elfload_plan *plan, const struct elfload_vma *vma);

/* Unmap [start, end), splitting VMAs that straddle it. */
int vmaset_remove(struct elfload_plan *plan, uint64_t start, uint64_t end);

/*
 * The highest free [addr, addr + len) with addr >= low and
 * addr + len <= high, keeping @guard bytes below a stack VMA free
 * (unmapped_area_topdown).  Returns 0 with *addr set, or -ENOMEM.
 */
int vmaset_find_topdown(const struct elfload_plan *plan, uint64_t len,
			uint64_t low, uint64_t high, uint64_t guard,
			uint64_t *addr);

/*
 * The lowest free [addr, addr + len) with addr >= low and
 * addr + len <= high, keeping @guard bytes below a stack VMA free
 * (unmapped_area, the legacy bottom-up layout).  0 or -ENOMEM.
 */
int vmaset_find_bottomup(const struct elfload_plan *plan, uint64_t len,
			 uint64_t low, uint64_t high, uint64_t guard,
			 uint64_t *addr);

#endif
