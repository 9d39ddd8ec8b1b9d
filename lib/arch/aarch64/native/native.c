// SPDX-License-Identifier: MIT
/* Built only on an arm64 host: the architecture the loader runs here. */
#include "loader.h"

extern const struct elfload_arch arch_aarch64;

const struct elfload_arch *loader_arch_native(void)
{
	return &arch_aarch64;
}
