// SPDX-License-Identifier: MIT
/* The initial process stack; see stack.h. */
#include <string.h>

#include <elfload/stack.h>

uint64_t elfload_stack_strings_size(const char *execfn,
				    char *const argv[], char *const envp[])
{
	uint64_t n = strlen(execfn) + 1;
	size_t i;

	for (i = 0; argv && argv[i]; i++)
		n += strlen(argv[i]) + 1;
	for (i = 0; envp && envp[i]; i++)
		n += strlen(envp[i]) + 1;
	return n;
}
