// SPDX-License-Identifier: MIT
/* Built only on an x86-64 host: the architecture the loader runs here. */
#include "loader.h"

extern const struct elfload_arch arch_x86_64;

const struct elfload_arch *loader_arch_native(void)
{
	return &arch_x86_64;
}
