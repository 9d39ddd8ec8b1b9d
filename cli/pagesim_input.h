/* SPDX-License-Identifier: MIT */
/* elfload pagesim's input: a page reference string, read from a file. */
#ifndef ELFLOAD_CLI_PAGESIM_INPUT_H
#define ELFLOAD_CLI_PAGESIM_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A page reference string, grown as it is read. */
struct refstring {
	uint64_t *pages;
	size_t n;
	size_t cap;
	/*
	 * Read from a trace: its page size (pages[i] * page_size is the
	 * page's address; 0 for a plain string), and per reference whether
	 * it was a write and the section it fell in (an index in
	 * @sections, 0 for none).
	 */
	uint64_t page_size;
	unsigned char *writes;
	uint16_t *section;
	char **sections;	/* [0] is NULL */
	size_t nsections;
};

/* Free what read_refstring() allocated in @rs. */
void refstring_free(struct refstring *rs);

/*
 * Read the references in @f: a plain reference string (page numbers,
 * decimal or 0x hex, separated by white space and/or commas, '#' to the
 * end of the line a comment), or a fault trace of elfload run --demand
 * in either encoding (docs/trace.md), recognized by its first line.
 * Problems are reported as "elfload: NAME: ..." (one line); returns
 * EXIT_OK or the exit code.  An empty string is a problem too.
 */
int read_refstring(FILE *f, const char *name, struct refstring *rs);

#endif
