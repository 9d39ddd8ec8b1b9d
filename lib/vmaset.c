// SPDX-License-Identifier: MIT
/* The planner's simulated address space; see vmaset.h. */
#include <errno.h>
#include <string.h>

#include "internal.h"
#include "vmaset.h"

bool vmaset_busy(const struct elfload_plan *plan, uint64_t start, uint64_t end)
{
	size_t i;

	for (i = 0; i < plan->nvmas; i++)
		if (plan->vmas[i].start < end && start < plan->vmas[i].end)
			return true;
	return false;
}

static int insert_at(struct elfload_plan *plan, size_t pos,
		     const struct elfload_vma *vma)
{
	if (plan->nvmas >= ELFLOAD_PLAN_MAX_VMAS)
		return -ENOMEM;
	memmove(&plan->vmas[pos + 1], &plan->vmas[pos],
		(plan->nvmas - pos) * sizeof(plan->vmas[0]));
	plan->vmas[pos] = *vma;
	plan->nvmas++;
	return 0;
}

static void delete_at(struct elfload_plan *plan, size_t pos)
{
	memmove(&plan->vmas[pos], &plan->vmas[pos + 1],
		(plan->nvmas - pos - 1) * sizeof(plan->vmas[0]));
	plan->nvmas--;
}

/* Cut @v so that it starts at @start, moving its file offset along. */
static void trim_front(struct elfload_vma *v, uint64_t start)
{
	if (v->kind == ELFLOAD_VMA_SEGMENT)
		v->offset += start - v->start;
	v->start = start;
}

int vmaset_remove(struct elfload_plan *plan, uint64_t start, uint64_t end)
{
	size_t i = 0;

	while (i < plan->nvmas) {
		struct elfload_vma *v = &plan->vmas[i];

		if (v->end <= start || v->start >= end) {
			i++;
			continue;
		}
		if (v->start < start && v->end > end) {
			/* Split: keep the head here, the tail after it. */
			struct elfload_vma tail = *v;

			trim_front(&tail, end);
			v->end = start;
			return insert_at(plan, i + 1, &tail);
		}
		if (v->start < start) {
			v->end = start;
			i++;
		} else if (v->end > end) {
			trim_front(v, end);
			i++;
		} else {
			delete_at(plan, i);
		}
	}
	return 0;
}

int vmaset_insert(struct elfload_plan *plan, const struct elfload_vma *vma)
{
	size_t pos = 0;
	int ret = vmaset_remove(plan, vma->start, vma->end);

	if (ret)
		return ret;
	while (pos < plan->nvmas && plan->vmas[pos].start < vma->start)
		pos++;
	return insert_at(plan, pos, vma);
}

/* Lowest address a new mapping may end at below @v (stack guard gap). */
static uint64_t gap_below(const struct elfload_vma *v, uint64_t guard)
{
	if (v->kind != ELFLOAD_VMA_STACK)
		return v->start;
	return v->start > guard ? v->start - guard : 0;
}

int vmaset_find_topdown(const struct elfload_plan *plan, uint64_t len,
			uint64_t low, uint64_t high, uint64_t guard,
			uint64_t *addr)
{
	uint64_t top = high;
	size_t i = plan->nvmas;

	/* Walk the VMAs from the highest, lowering the candidate. */
	while (top >= len && top - len >= low) {
		uint64_t cand = top - len;
		bool moved = false;

		while (i > 0 && plan->vmas[i - 1].start >= top)
			i--;
		if (i > 0 && plan->vmas[i - 1].end > cand) {
			top = gap_below(&plan->vmas[i - 1], guard);
			moved = true;
		} else if (i < plan->nvmas &&
			   gap_below(&plan->vmas[i], guard) < top) {
			top = gap_below(&plan->vmas[i], guard);
			moved = true;
		}
		if (!moved) {
			*addr = cand;
			return 0;
		}
	}
	return -ENOMEM;
}

int vmaset_find_bottomup(const struct elfload_plan *plan, uint64_t len,
			 uint64_t low, uint64_t high, uint64_t guard,
			 uint64_t *addr)
{
	uint64_t cand = low;
	size_t i;

	/* Walk the VMAs from the lowest, raising the candidate past each. */
	for (i = 0; i < plan->nvmas; i++) {
		const struct elfload_vma *v = &plan->vmas[i];

		if (v->end <= cand)
			continue;
		if (cand <= UINT64_MAX - len && cand + len <= gap_below(v, guard))
			break;
		cand = v->end;
	}
	if (cand > high || len > high - cand)
		return -ENOMEM;
	*addr = cand;
	return 0;
}
