/* SPDX-License-Identifier: MIT */
/* The fault trace of run --demand (docs/trace.md) and its summary. */
#ifndef ELFLOAD_CLI_TRACE_H
#define ELFLOAD_CLI_TRACE_H

#include <stdio.h>

#include <elfload/pager.h>

/* A whole trace in memory: what the pager recorded, or a file read back. */
struct trace {
	const char *prog;
	size_t nvmas;
	struct elfload_paged_vma *vmas;
	size_t nev;
	struct elfload_event *ev;
	uint64_t duplicates;
	char **strings;		/* owned copies of names read from a file */
	size_t nstrings;
	bool owned;		/* vmas and ev were allocated by trace_read */
};

enum trace_format { TRACE_TEXT, TRACE_JSON };

int trace_write(FILE *f, const struct trace *t, enum trace_format fmt);

/* Read a trace written by trace_write(); 0 or -errno / -EINVAL. */
int trace_read(FILE *f, struct trace *t, char *err, size_t errsize);

void trace_free(struct trace *t);

/* The summary: faults per VMA and per section, pages touched, time. */
void trace_summary(FILE *f, const struct trace *t);

#endif
