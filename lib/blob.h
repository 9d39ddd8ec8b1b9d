/* SPDX-License-Identifier: MIT */
/*
 * The loader's blob: one private mapping that holds stage 2's code, the
 * evictor thread's stack, the stage-2 job with the stack image, scratch
 * room to move the vDSO through, and stage 2's own stack, placed where
 * neither the old process nor the plan has anything.
 */
#ifndef ELFLOAD_BLOB_H
#define ELFLOAD_BLOB_H

#include <stdint.h>

#include <elfload/diag.h>

#include "loader.h"
#include "program_int.h"
#include "stage2.h"

#define STAGE2_STACK (64u << 10)
#define STAGE2_SCRATCH (256u << 10)	/* room to move the vDSO through */
#define EVICTOR_STACK (16u << 10)	/* the evictor thread's, after the code */
#define STACK_IMAGE_MAX (8u << 20)

/* The blob: stage-2 code, then the job and stack image, then a stack. */
struct blob {
	uint64_t start;
	uint64_t code_len;
	uint64_t len;
	struct stage2_job *job;
	unsigned char *image;	/* room for the stack image */
	uint64_t image_room;
};

/* Map the blob for @prog and copy stage 2's code into it. */
int blob_map(const struct elfload_program *prog, const struct loader_vmas *now,
	     struct blob *b, struct elfload_diag *d);

/* Where the scratch room for the vDSO moves starts. */
static inline uint64_t blob_scratch(const struct blob *b)
{
	return b->start + b->len - STAGE2_STACK - STAGE2_SCRATCH;
}

#endif
