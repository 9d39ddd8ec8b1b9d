// SPDX-License-Identifier: MIT
/* The table of described architectures, and the generic defaults. */
#include <string.h>

#include <elfload/arch.h>

#include "internal.h"

extern const struct elfload_arch arch_x86_64;
extern const struct elfload_arch arch_ia32;

/* One line per lib/arch/<arch>/arch.c. */
static const struct elfload_arch *const arches[] = {
	&arch_x86_64,
	&arch_ia32,
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

const struct elfload_arch_special *
elfload_arch_special(const struct elfload_arch *arch, const char *name)
{
	size_t i;

	for (i = 0; i < arch->nspecials; i++)
		if (!strcmp(arch->specials[i].name, name))
			return &arch->specials[i];
	return NULL;
}
