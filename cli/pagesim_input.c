// SPDX-License-Identifier: MIT
/*
 * elfload pagesim's input: a plain page reference string (what elfload
 * refs writes, or one typed by hand), or the fault trace of elfload run
 * --demand (docs/trace.md), text or JSON Lines.  The first line that is
 * not blank decides: "# elfload trace N" starts a text trace, a JSON
 * object with an "event" member a JSON trace; anything else is a plain
 * string.  Traces are read by cli/trace.c, the one reader of the format;
 * only their fault events count, as page / the header's page size.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pagesim_input.h"
#include "trace.h"

/* References room for at first; doubled as needed. */
#define FIRST_CAPACITY 1024

enum input_kind { INPUT_PLAIN, INPUT_TRACE_TEXT, INPUT_TRACE_JSON };

/* A reader's state: where it is, for the messages; a trace's header. */
struct reader {
	const char *name;
	unsigned long line;
	struct refstring *rs;
	struct trace header;	/* its page size divides the addresses */
};

/* "elfload: NAME: line N: ...", one line; returns the exit code. */
static int line_error(const struct reader *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int line_error(const struct reader *r, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: %s: line %lu: ", progname, r->name, r->line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_BAD_ELF;
}

/* Room for one more reference (and its trace details, for a trace). */
static bool grow(struct refstring *rs, bool trace)
{
	size_t cap = rs->cap ? rs->cap * 2 : FIRST_CAPACITY;
	uint64_t *p = reallocarray(rs->pages, cap, sizeof(*p));
	unsigned char *w;
	uint16_t *s;

	if (!p)
		return false;
	rs->pages = p;
	if (trace) {
		w = realloc(rs->writes, cap);
		if (!w)
			return false;
		rs->writes = w;
		s = reallocarray(rs->section, cap, sizeof(*s));
		if (!s)
			return false;
		rs->section = s;
	}
	rs->cap = cap;
	return true;
}

static int push_page(const struct reader *r, uint64_t page)
{
	struct refstring *rs = r->rs;

	if (rs->n == rs->cap && !grow(rs, r->header.page_size && rs->page_size)) {
		report(r->name, "out of memory after %zu references", rs->n);
		return EXIT_SYSTEM;
	}
	rs->pages[rs->n++] = page;
	return EXIT_OK;
}

/* The index of section @name in rs->sections, added if new; 0 for none. */
static int section_index(struct refstring *rs, const char *name)
{
	char **grown;
	size_t i;

	if (!name || !strcmp(name, "-"))
		return 0;
	for (i = 1; i < rs->nsections; i++)
		if (!strcmp(rs->sections[i], name))
			return (int)i;
	if (rs->nsections == UINT16_MAX)
		return 0;	/* more names than a trace has: not named */
	grown = reallocarray(rs->sections, rs->nsections ? rs->nsections + 1 :
							  2,
			     sizeof(*grown));
	if (!grown)
		return -1;
	rs->sections = grown;
	if (!rs->nsections)
		rs->sections[rs->nsections++] = NULL;
	if (!(rs->sections[rs->nsections] = strdup(name)))
		return -1;
	return (int)rs->nsections++;
}

void refstring_free(struct refstring *rs)
{
	size_t i;

	for (i = 1; i < rs->nsections; i++)
		free(rs->sections[i]);
	free(rs->sections);
	free(rs->pages);
	free(rs->writes);
	free(rs->section);
	memset(rs, 0, sizeof(*rs));
}

/* A page number: decimal, or hexadecimal after 0x; false otherwise. */
static bool parse_number(const char *s, size_t len, uint64_t *out)
{
	unsigned base = 10;
	uint64_t v = 0;
	size_t i = 0;

	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i == len)
		return false;
	for (; i < len; i++) {
		unsigned d;

		if (s[i] >= '0' && s[i] <= '9')
			d = (unsigned)(s[i] - '0');
		else if (base == 16 && s[i] >= 'a' && s[i] <= 'f')
			d = (unsigned)(s[i] - 'a' + 10);
		else if (base == 16 && s[i] >= 'A' && s[i] <= 'F')
			d = (unsigned)(s[i] - 'A' + 10);
		else
			return false;
		if (__builtin_mul_overflow(v, base, &v) ||
		    __builtin_add_overflow(v, d, &v))
			return false;
	}
	*out = v;
	return true;
}

static bool is_separator(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' ||
	       c == '\v' || c == '\f';
}

/* ---- plain reference strings --------------------------------------- */

static int plain_line(const struct reader *r, const char *s, size_t len)
{
	size_t i = 0, start;
	uint64_t page;
	char buf[48];
	int ret;

	for (;;) {
		while (i < len && is_separator(s[i]))
			i++;
		if (i == len || s[i] == '#')
			return EXIT_OK;
		start = i;
		while (i < len && !is_separator(s[i]) && s[i] != '#')
			i++;
		if (!parse_number(s + start, i - start, &page))
			return line_error(r, "'%s' is not a page number",
					  trace_excerpt(s + start, i - start, buf));
		ret = push_page(r, page);
		if (ret)
			return ret;
	}
}

/* ---- traces of run --demand: their fault events, read by trace.c ---- */

static int trace_line(struct reader *r, enum trace_format fmt, char *s)
{
	struct trace_fields fl;
	const char *event, *v;
	char err[128], buf[48];
	uint64_t page;
	int sec, ret;

	if (trace_parse_line(&r->header, s, fmt, &fl, err, sizeof(err)))
		return line_error(r, "%s", err);
	event = trace_field(&fl, "event");
	if (!event || strcmp(event, "fault"))
		return EXIT_OK;	/* a header, a comment, another event */
	v = trace_field(&fl, "page");
	if (!v)
		return line_error(r, "%s", fmt == TRACE_TEXT ?
				  "fault event without page=" :
				  "fault event without \"page\"");
	if (!parse_number(v, strlen(v), &page))
		return line_error(r, "fault event: '%s' is not a page address",
				  trace_excerpt(v, strlen(v), buf));
	r->rs->page_size = r->header.page_size;
	sec = section_index(r->rs, trace_field(&fl, "section"));
	if (sec < 0) {
		report(r->name, "out of memory");
		return EXIT_SYSTEM;
	}
	ret = push_page(r, page / r->header.page_size);
	if (ret == EXIT_OK) {
		v = trace_field(&fl, "access");
		r->rs->writes[r->rs->n - 1] = v && !strcmp(v, "write");
		r->rs->section[r->rs->n - 1] = (uint16_t)sec;
	}
	return ret;
}

/* ---- telling them apart, and the line loop ------------------------- */

static bool is_blank(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!is_separator(s[i]) || s[i] == ',')
			return false;
	return true;
}

/* The first line that is not blank decides what the input is. */
static enum input_kind input_kind(const char *s)
{
	switch (trace_format_of(s, false)) {
	case TRACE_TEXT:
		return INPUT_TRACE_TEXT;
	case TRACE_JSON:
		return INPUT_TRACE_JSON;
	default:
		return INPUT_PLAIN;
	}
}

static int read_line(struct reader *r, enum input_kind kind, char *s,
		     size_t len)
{
	switch (kind) {
	case INPUT_TRACE_TEXT:
		return trace_line(r, TRACE_TEXT, s);
	case INPUT_TRACE_JSON:
		return trace_line(r, TRACE_JSON, s);
	default:
		return plain_line(r, s, len);
	}
}

int read_refstring(FILE *f, const char *name, struct refstring *rs)
{
	struct reader r = { .name = name, .rs = rs };
	enum input_kind kind = INPUT_PLAIN;
	bool decided = false;
	char *line = NULL;
	size_t size = 0;
	ssize_t len;
	int ret = EXIT_OK, err;

	trace_init(&r.header);
	while (ret == EXIT_OK && (len = getline(&line, &size, f)) >= 0) {
		r.line++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		line[len] = '\0';
		if (!decided && !is_blank(line, (size_t)len)) {
			kind = input_kind(line);
			decided = true;
		}
		ret = read_line(&r, kind, line, (size_t)len);
	}
	err = errno;
	free(line);
	trace_free(&r.header);
	if (ret == EXIT_OK && !feof(f)) {	/* a read error, or ENOMEM */
		report(name, "%s", strerror(err));
		ret = exit_code_for(-err);
	}
	if (ret == EXIT_OK && rs->n == 0) {
		report(name, kind == INPUT_PLAIN ? "no page references" :
						   "no fault events in the trace");
		ret = EXIT_BAD_ELF;
	}
	return ret;
}
