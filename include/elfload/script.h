/* SPDX-License-Identifier: MIT */
/*
 * "#!" scripts, parsed exactly as the kernel's binfmt_script does from the
 * first 256 bytes of the file.
 */
#ifndef ELFLOAD_SCRIPT_H
#define ELFLOAD_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ELFLOAD_BINPRM_BUF_SIZE 256
#define ELFLOAD_MAX_SCRIPT_DEPTH 5	/* the 6th rewrite gives ELOOP */

struct elfload_script {
	char buf[ELFLOAD_BINPRM_BUF_SIZE + 1];
	const char *name;	/* interpreter path, inside buf */
	const char *arg;	/* its one optional argument, or NULL */
};

/*
 * Parse the first @len bytes of a file (@len may exceed the buffer; only
 * 256 bytes count).  Returns 0, or -ENOEXEC when this is not a script or
 * names no interpreter (or a truncated one).
 */
int elfload_script_parse(const void *head, size_t len,
			 struct elfload_script *s);

#ifdef __cplusplus
}
#endif

#endif
