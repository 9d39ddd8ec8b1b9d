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
};

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
