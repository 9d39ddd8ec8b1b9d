// SPDX-License-Identifier: MIT
/* The table of described architectures, and the generic defaults. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <elfload/arch.h>
#include <elfload/plan.h>

#include "internal.h"

extern const struct elfload_arch arch_x86_64;
extern const struct elfload_arch arch_ia32;
extern const struct elfload_arch arch_aarch64;

/* One line per lib/arch/<arch>/arch.c. */
static const struct elfload_arch *const arches[] = {
	&arch_x86_64,
	&arch_ia32,
	&arch_aarch64,
};

const struct elfload_arch *elfload_arch_for(int elfclass, unsigned machine)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(arches); i++)
		if (arches[i]->elfclass == elfclass &&
		    arches[i]->machine == machine)
			return arches[i];
	return NULL;
}

const struct elfload_arch *elfload_arch_named(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(arches); i++)
		if (!strcmp(arches[i]->name, name))
			return arches[i];
	return NULL;
}

uint64_t elfload_arch_task_size(const struct elfload_arch *arch,
				unsigned long personality)
{
	return arch->task_size_for ? arch->task_size_for(personality) :
				     arch->task_size;
}

unsigned elfload_arch_stack_end_marker(const struct elfload_arch *arch)
{
	return arch->stack_end_marker ? arch->stack_end_marker :
					arch->word_size;
}

uint64_t elfload_arch_et_dyn_base(const struct elfload_arch *arch,
				  unsigned long personality)
{
	return arch->et_dyn_base_for ? arch->et_dyn_base_for(personality) :
				       arch->et_dyn_base;
}

/* TASK_SIZE and ELF_ET_DYN_BASE of @lay: personality, then page size. */
static void layout_limits(const struct elfload_layout *lay,
			  uint64_t *task, uint64_t *base)
{
	*task = elfload_arch_task_size(lay->arch, lay->personality);
	*base = elfload_arch_et_dyn_base(lay->arch, lay->personality);
	if (lay->arch->page_limits && !lay->arch->task_size_for)
		lay->arch->page_limits(lay->page_size, task, base);
}

uint64_t elfload_layout_task_size(const struct elfload_layout *lay)
{
	uint64_t task, base;

	layout_limits(lay, &task, &base);
	return task;
}

uint64_t elfload_layout_et_dyn_base(const struct elfload_layout *lay)
{
	uint64_t task, base;

	layout_limits(lay, &task, &base);
	return base;
}

const struct elfload_arch_special *
elfload_arch_special(const struct elfload_arch *arch, const char *name)
{
	size_t i;

	for (i = 0; i < arch->nspecials; i++)
		if (!strcmp(arch->specials[i].name, name))
			return &arch->specials[i];
	return NULL;
}

int elfload_layout_for_arch(struct elfload_layout *lay,
			    const struct elfload_arch *arch, uint64_t page_size,
			    struct elfload_diag *d)
{
	size_t i;

	elfload_diag_clear(d);
	memset(lay, 0, sizeof(*lay));
	if (!page_size)
		page_size = arch->min_page_size;
	if (page_size & (page_size - 1) || !(page_size & arch->page_sizes))
		return elfload_diag_set(d, -EINVAL, "layout", -1, "page_size",
					page_size, 0, "%s has no %llu-byte pages",
					arch->name,
					(unsigned long long)page_size);
	lay->arch = arch;
	lay->page_size = page_size;
	lay->stack_rlimit = 8ull << 20;
	lay->mmap_min_addr = 65536;
	for (i = 0; i < arch->nspecials && i < ELFLOAD_MAX_SPECIAL; i++) {
		const struct elfload_arch_special *s = &arch->specials[i];
		struct elfload_special *to = &lay->special[lay->nspecial++];

		snprintf(to->name, sizeof(to->name), "%s", s->name);
		unsigned pages = arch->special_pages ? arch->special_pages[i] : 0;

		to->size = pages ? pages * page_size :
			   (s->size + page_size - 1) & ~(page_size - 1);
		to->prot = s->prot;
		to->fixed_start = s->fixed_start;
	}
	return 0;
}
