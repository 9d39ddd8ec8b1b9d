// SPDX-License-Identifier: MIT
/*
 * What each VMA of a plan is for: the role a picture labels it with,
 * from what the planner recorded (kind, owner, protection, name), never
 * from the text of /proc/PID/maps.
 */
#include <string.h>

#include <elfload/plan.h>

#include "internal.h"

static const char *const role_names[] = {
	[ELFLOAD_ROLE_TEXT] = "text",
	[ELFLOAD_ROLE_RODATA] = "rodata",
	[ELFLOAD_ROLE_DATA] = "data",
	[ELFLOAD_ROLE_BSS] = "bss",
	[ELFLOAD_ROLE_HEAP] = "heap",
	[ELFLOAD_ROLE_STACK] = "stack",
	[ELFLOAD_ROLE_VDSO] = "vdso",
	[ELFLOAD_ROLE_VVAR] = "vvar",
	[ELFLOAD_ROLE_VSYSCALL] = "vsyscall",
	[ELFLOAD_ROLE_INTERP] = "interpreter",
	[ELFLOAD_ROLE_SPECIAL] = "special",
	[ELFLOAD_ROLE_GAP] = "gap",
	[ELFLOAD_ROLE_KERNEL] = "kernel",
};

const char *elfload_vma_role_name(enum elfload_vma_role role)
{
	if ((unsigned)role >= ARRAY_SIZE(role_names))
		return NULL;
	return role_names[role];
}

/* A kernel-provided mapping, by the name the kernel gives it. */
static enum elfload_vma_role special_role(const struct elfload_vma *vma)
{
	if (!vma->name)
		return ELFLOAD_ROLE_SPECIAL;
	if (!strcmp(vma->name, "[vdso]"))
		return ELFLOAD_ROLE_VDSO;
	if (!strncmp(vma->name, "[vvar", 5))
		return ELFLOAD_ROLE_VVAR;
	return ELFLOAD_ROLE_SPECIAL;
}

enum elfload_vma_role elfload_vma_role(const struct elfload_plan *plan,
				       const struct elfload_vma *vma)
{
	if (vma->owner == ELFLOAD_OWNER_INTERP)
		return ELFLOAD_ROLE_INTERP;
	switch (vma->kind) {
	case ELFLOAD_VMA_STACK:
		return ELFLOAD_ROLE_STACK;
	case ELFLOAD_VMA_SPECIAL:
		return special_role(vma);
	case ELFLOAD_VMA_VSYSCALL:
		return ELFLOAD_ROLE_VSYSCALL;
	case ELFLOAD_VMA_BSS:
		if (plan->brk > plan->start_brk && vma->start >= plan->start_brk &&
		    vma->end <= plan->brk)
			return ELFLOAD_ROLE_HEAP;
		return ELFLOAD_ROLE_BSS;
	case ELFLOAD_VMA_SEGMENT:
		break;
	}
	if (vma->prot & ELFLOAD_PROT_EXEC)
		return ELFLOAD_ROLE_TEXT;
	if (vma->prot & ELFLOAD_PROT_WRITE)
		return ELFLOAD_ROLE_DATA;
	return ELFLOAD_ROLE_RODATA;
}
