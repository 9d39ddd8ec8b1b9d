/* SPDX-License-Identifier: MIT */
/* The initial process stack (System V ABI), as the kernel builds it. */
#ifndef ELFLOAD_STACK_H
#define ELFLOAD_STACK_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Bytes of strings the kernel copies to the top of a new stack: @execfn
 * and every string of @envp and @argv (NULL-terminated arrays), each with
 * its NUL.  This sizes the stack VMA (struct elfload_layout.stack_strings).
 */
uint64_t elfload_stack_strings_size(const char *execfn,
				    char *const argv[], char *const envp[]);

#ifdef __cplusplus
}
#endif

#endif
