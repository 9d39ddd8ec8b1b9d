/* SPDX-License-Identifier: MIT */
/* elfload pagesim: its input reader and its SVG chart. */
#ifndef ELFLOAD_CLI_PAGESIM_H
#define ELFLOAD_CLI_PAGESIM_H

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

/* Faults for every frame count lo..hi and every policy simulated. */
struct sweep {
	size_t lo, hi;
	size_t npolicies;
	int policies[8];	/* enum elfload_pagesim_policy */
	uint64_t *faults;	/* [(frames - lo) * npolicies + k] */
	size_t references;
	size_t distinct;
};

static inline uint64_t sweep_faults(const struct sweep *s, size_t frames,
				    size_t k)
{
	return s->faults[(frames - s->lo) * s->npolicies + k];
}

/* Draw @s as an SVG line chart, one polyline per policy. */
void write_sweep_svg(FILE *f, const struct sweep *s);

#endif
