/* SPDX-License-Identifier: MIT */
/*
 * elfload diagnostics: what went wrong, where, and with which values.
 *
 * Library functions never print.  When they fail (or notice an oddity)
 * they fill a struct elfload_diag that names the structure, its index,
 * the field and the offending value against its limit, plus a ready
 * one-line message such as
 *
 *	program header 3: p_filesz 0x2000 > p_memsz 0x1000
 *
 * The message does not include the file name; callers prefix it.
 */
#ifndef ELFLOAD_DIAG_H
#define ELFLOAD_DIAG_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ELFLOAD_DIAG_MSG_MAX 256

struct elfload_diag {
	int err;		/* negative errno class, 0 when none */
	const char *structure;	/* "ELF header", "program header", ... */
	long index;		/* table index, or -1 */
	const char *field;	/* field name, or NULL */
	uint64_t value;		/* offending value */
	uint64_t limit;		/* the limit it broke, when there is one */
	char msg[ELFLOAD_DIAG_MSG_MAX];
};

/* Reset @d to "no problem". */
void elfload_diag_clear(struct elfload_diag *d);

/*
 * Record a problem in @d (which may be NULL) and return @err, so that
 * callers can write "return elfload_diag_set(d, -ENOEXEC, ...)".
 * @index < 0 means "not an indexed structure".  The message is built
 * from "structure [index]: " followed by the printf-style text.
 */
int elfload_diag_set(struct elfload_diag *d, int err, const char *structure,
		     long index, const char *field, uint64_t value,
		     uint64_t limit, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));

#ifdef __cplusplus
}
#endif

#endif
