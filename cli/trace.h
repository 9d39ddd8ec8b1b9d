/* SPDX-License-Identifier: MIT */
/*
 * The fault trace of run --demand (docs/trace.md): its one writer, its one
 * reader (elfload faults reads whole traces, elfload pagesim their fault
 * events, line by line) and its summary.
 */
#ifndef ELFLOAD_CLI_TRACE_H
#define ELFLOAD_CLI_TRACE_H

#include <stdio.h>

#include <elfload/pager.h>

/* The format's version (the first line says it). */
#define TRACE_VERSION 1
/* What a trace whose header names no page size or architecture (one
 * written before the header said them) was recorded with. */
#define TRACE_OLD_PAGE_SIZE 4096
#define TRACE_OLD_ARCH "x86_64"

/* A whole trace in memory: what the pager recorded, or a file read back. */
struct trace {
	const char *prog;
	const char *arch;	/* the program's architecture, "x86_64" */
	uint64_t page_size;	/* the pager's page size; page = addr / it */
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

/* ---- reading line by line (what trace_read is made of) ------------------ */

#define TRACE_MAX_FIELDS 64

/* An event line split into its fields: "event" first, then the others. */
struct trace_fields {
	size_t n;
	char *key[TRACE_MAX_FIELDS];
	char *val[TRACE_MAX_FIELDS];
};

/*
 * The encoding of a trace that starts with @line: TRACE_TEXT for
 * "# elfload trace ...", TRACE_JSON for a JSON object with an "event"
 * member (with @need_header, only {"event":"trace",...}); -1 if neither.
 */
int trace_format_of(const char *line, bool need_header);

/*
 * Read one line of a trace in @fmt (modified in place).  Header lines and
 * comments set @t's prog, page_size and arch and leave @fl empty; an event
 * line is split into @fl ("%XX" undone in values).  0, or -EINVAL with a
 * message in @err: not an object, a field without '=', a version other
 * than TRACE_VERSION, a page size that is not a power of two.
 */
int trace_parse_line(struct trace *t, char *line, enum trace_format fmt,
		     struct trace_fields *fl, char *err, size_t errsize);

/* The value of @key in @fl, or NULL. */
const char *trace_field(const struct trace_fields *fl, const char *key);

/* Start @t for reading: no events, the old page size and architecture. */
void trace_init(struct trace *t);

/* @len bytes of @s for a message: at most 40, control bytes as '?'. */
const char *trace_excerpt(const char *s, size_t len, char buf[48]);

#endif
