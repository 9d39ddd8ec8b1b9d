/* SPDX-License-Identifier: MIT */
/*
 * Page frames over time: one row per virtual page (VP0, VP1, ... in
 * address order), one column per reference, the frame (PP0 ... PPn-1)
 * each page occupies while it is resident, and the faults, hits,
 * evictions and write-backs.  Made from a simulation (pagesim) or from a
 * trace of run --demand (faults, report), drawn by one writer.
 */
#ifndef ELFLOAD_CLI_FRAMES_SVG_H
#define ELFLOAD_CLI_FRAMES_SVG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "trace.h"

/* Columns and rows drawn at most; a longer run is drawn from its start. */
#define FRAMES_MAX_COLS 2000
#define FRAMES_MAX_ROWS 1000

struct fp_row {
	uint64_t page;		/* the page number */
	const char *section;	/* NULL when unknown */
};

struct fp_col {
	size_t row;		/* the page referenced */
	bool hit;
	bool write;
	int frame;		/* the frame it is in now, -1 unknown */
	uint64_t seq;		/* the trace's event number, or the index */
};

/* Something that happened to a page before column @col's reference. */
struct fp_mark {
	size_t col, row;
	bool cleared;		/* clock: only its reference bit cleared */
	bool writeback;		/* it was written: saved before it went */
	int frame;
};

struct frames_pic {
	char title[200];
	char subtitle[200];
	/*
	 * A trace's page size: row i is VPi, at address page * page_size.
	 * 0 for a plain reference string: its page numbers are the VPs.
	 */
	uint64_t page_size;
	unsigned nframes;	/* 0: no limit */
	size_t nrows, ncols, nmarks;
	size_t total_cols;	/* references in all, drawn or not */
	struct fp_row *rows;	/* sorted by page */
	struct fp_col *cols;
	struct fp_mark *marks;	/* in column order */
	size_t cap_cols, cap_marks;
	bool all_cols;		/* keep every column (a listing) */
};

/* The row of @page, or -1 (rows sorted by page). */
long frames_row_of(const struct frames_pic *p, uint64_t page);

/*
 * Rows for the distinct values of @pages[0..n), sorted; 0 or -ENOMEM.
 * Their sections are NULL.
 */
int frames_set_rows(struct frames_pic *p, const uint64_t *pages, size_t n);

/* Add a column / a mark (beyond the limit only counted). */
int frames_add_col(struct frames_pic *p, const struct fp_col *c);
int frames_add_mark(struct frames_pic *p, const struct fp_mark *m);

/*
 * The picture of the faults of process 0 in trace @t (a column per
 * fault, its evictions before it); with @all_cols every fault is kept,
 * else the first FRAMES_MAX_COLS.  0 or -ENOMEM.
 */
int frames_from_trace(struct frames_pic *p, const struct trace *t,
		      bool all_cols);

void frames_free(struct frames_pic *p);

/* Draw @p: an .svg file with @standalone, else an inline <svg>. */
void write_frames_svg(FILE *f, const struct frames_pic *p, bool standalone);

/* "VP3", the name of row @row. */
const char *frames_vp_name(const struct frames_pic *p, size_t row,
			   char buf[32]);

#endif
