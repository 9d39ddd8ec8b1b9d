/* SPDX-License-Identifier: MIT */
/* elfload pagesim --sweep: the faults of every frame count, and its chart. */
#ifndef ELFLOAD_CLI_PAGESIM_SVG_H
#define ELFLOAD_CLI_PAGESIM_SVG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

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
