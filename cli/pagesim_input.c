// SPDX-License-Identifier: MIT
/*
 * elfload pagesim's input: a plain page reference string (what elfload
 * refs writes, or one typed by hand), or the fault trace of elfload run
 * --demand (docs/trace.md), text or JSON Lines.  The first line that is
 * not blank decides: "# elfload trace N" starts a text trace, a JSON
 * object with an "event" member a JSON trace; anything else is a plain
 * string.  In a trace only the fault events count, as page / 4096.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pagesim.h"

#define TRACE_PAGE_SIZE 4096

enum input_kind { INPUT_PLAIN, INPUT_TRACE_TEXT, INPUT_TRACE_JSON };

/* A reader's state: where it is, for the messages. */
struct reader {
	const char *name;
	unsigned long line;
	struct refstring *rs;
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

/* @len bytes of @s for a message: at most 40, without control bytes. */
static const char *shown(const char *s, size_t len, char buf[48])
{
	size_t i, n = len > 40 ? 40 : len;

	for (i = 0; i < n; i++)
		buf[i] = (unsigned char)s[i] < 0x20 ? '?' : s[i];
	strcpy(buf + n, len > n ? "..." : "");
	return buf;
}

static int push_page(const struct reader *r, uint64_t page)
{
	struct refstring *rs = r->rs;

	if (rs->n == rs->cap) {
		size_t cap = rs->cap ? rs->cap * 2 : 4096;
		uint64_t *p = reallocarray(rs->pages, cap, sizeof(*p));

		if (!p) {
			report(r->name, "out of memory after %zu references",
			       rs->n);
			return EXIT_SYSTEM;
		}
		rs->pages = p;
		rs->cap = cap;
	}
	rs->pages[rs->n++] = page;
	return EXIT_OK;
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
					  shown(s + start, i - start, buf));
		ret = push_page(r, page);
		if (ret)
			return ret;
	}
}

/* ---- text traces: "fault ... page=0x... ..." ------------------------ */

static int trace_text_line(const struct reader *r, const char *s, size_t len)
{
	size_t i, start;
	uint64_t page;
	char buf[48];

	if (len < 6 || memcmp(s, "fault", 5) || (s[5] != ' ' && s[5] != '\t'))
		return EXIT_OK;	/* a comment, or an event we do not need */
	for (i = 5; i < len;) {
		while (i < len && is_separator(s[i]))
			i++;
		start = i;
		while (i < len && !is_separator(s[i]))
			i++;
		if (i - start > 5 && !memcmp(s + start, "page=", 5)) {
			if (!parse_number(s + start + 5, i - start - 5, &page))
				return line_error(r, "fault event: '%s' is not "
						  "a page address",
						  shown(s + start, i - start,
							buf));
			return push_page(r, page / TRACE_PAGE_SIZE);
		}
	}
	return line_error(r, "fault event without page=");
}

/* ---- JSON Lines traces: flat objects -------------------------------- */

/* A cursor over one line of JSON. */
struct json_in {
	const char *s;
	size_t len, i;
};

static void json_ws(struct json_in *j)
{
	while (j->i < j->len && (j->s[j->i] == ' ' || j->s[j->i] == '\t' ||
				 j->s[j->i] == '\r' || j->s[j->i] == '\n'))
		j->i++;
}

/* A string: sets [*start, *end) to its raw contents. */
static bool json_string(struct json_in *j, size_t *start, size_t *end)
{
	if (j->i >= j->len || j->s[j->i] != '"')
		return false;
	*start = ++j->i;
	while (j->i < j->len && j->s[j->i] != '"')
		j->i += j->s[j->i] == '\\' ? 2 : 1;
	if (j->i >= j->len)
		return false;
	*end = j->i++;
	return true;
}

/* Any value; nested objects and arrays are skipped whole. */
static bool json_value(struct json_in *j, size_t *start, size_t *end)
{
	size_t depth = 0, a, b;

	if (j->i < j->len && j->s[j->i] == '"')
		return json_string(j, start, end);
	*start = j->i;
	while (j->i < j->len) {
		char c = j->s[j->i];

		if (c == '"') {
			if (!json_string(j, &a, &b))
				return false;
			continue;
		}
		if (c == '{' || c == '[')
			depth++;
		else if ((c == '}' || c == ']') && depth)
			depth--;
		else if (!depth && (c == ',' || c == '}' || c == ' ' ||
				    c == '\t' || c == '\r' || c == '\n'))
			break;
		j->i++;
	}
	*end = j->i;
	return !depth && *end > *start;
}

/* The members of a JSON trace event that pagesim uses. */
struct json_event {
	bool has_event, has_page, has_version;
	size_t event_start, event_end, page_start, page_end;
	size_t version_start, version_end;
};

static bool key_is(const struct json_in *j, size_t a, size_t b,
		   const char *key)
{
	return b - a == strlen(key) && !memcmp(j->s + a, key, b - a);
}

/* Parse one flat JSON object; false when it is not one. */
static bool json_object(struct json_in *j, struct json_event *ev)
{
	size_t ka, kb, va, vb;

	memset(ev, 0, sizeof(*ev));
	json_ws(j);
	if (j->i >= j->len || j->s[j->i++] != '{')
		return false;
	json_ws(j);
	if (j->i < j->len && j->s[j->i] == '}')
		return ++j->i, true;
	for (;;) {
		json_ws(j);
		if (!json_string(j, &ka, &kb))
			return false;
		json_ws(j);
		if (j->i >= j->len || j->s[j->i++] != ':')
			return false;
		json_ws(j);
		if (!json_value(j, &va, &vb))
			return false;
		if (key_is(j, ka, kb, "event")) {
			ev->has_event = j->s[va - 1] == '"';
			ev->event_start = va;
			ev->event_end = vb;
		} else if (key_is(j, ka, kb, "page")) {
			ev->has_page = true;
			ev->page_start = va;
			ev->page_end = vb;
		} else if (key_is(j, ka, kb, "version")) {
			ev->has_version = true;
			ev->version_start = va;
			ev->version_end = vb;
		}
		json_ws(j);
		if (j->i < j->len && j->s[j->i] == ',') {
			j->i++;
			continue;
		}
		return j->i < j->len && j->s[j->i++] == '}';
	}
}

static int trace_json_line(const struct reader *r, const char *s, size_t len)
{
	struct json_in j = { s, len, 0 };
	struct json_event ev;
	uint64_t page;
	char buf[48];

	if (!json_object(&j, &ev))
		return line_error(r, "'%s' is not a JSON object",
				  shown(s, len, buf));
	/* The first line: {"event":"trace","version":1,...} */
	if (ev.has_event && ev.has_version &&
	    key_is(&j, ev.event_start, ev.event_end, "trace") &&
	    !key_is(&j, ev.version_start, ev.version_end, "1"))
		return line_error(r, "trace format '%s' is not supported "
				  "(only 1 is)",
				  shown(s + ev.version_start,
					ev.version_end - ev.version_start,
					buf));
	if (!ev.has_event ||
	    !key_is(&j, ev.event_start, ev.event_end, "fault"))
		return EXIT_OK;
	if (!ev.has_page)
		return line_error(r, "fault event without \"page\"");
	if (!parse_number(s + ev.page_start, ev.page_end - ev.page_start,
			  &page))
		return line_error(r, "fault event: '%s' is not a page address",
				  shown(s + ev.page_start,
					ev.page_end - ev.page_start, buf));
	return push_page(r, page / TRACE_PAGE_SIZE);
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

static int input_kind(const struct reader *r, const char *s, size_t len,
		      enum input_kind *kind)
{
	static const char magic[] = "# elfload trace ";
	const size_t mlen = sizeof(magic) - 1;
	struct json_in j = { s, len, 0 };
	struct json_event ev;
	char buf[48];

	*kind = INPUT_PLAIN;
	while (len && is_separator(s[len - 1]))
		len--;
	if (len >= mlen && !memcmp(s, magic, mlen)) {
		/* The version is the rest of the line: "1". */
		if (len != mlen + 1 || s[mlen] != '1')
			return line_error(r, "trace format '%s' is not "
					  "supported (only 1 is)",
					  shown(s + mlen, len - mlen, buf));
		*kind = INPUT_TRACE_TEXT;
	} else if (json_object(&j, &ev) && ev.has_event) {
		*kind = INPUT_TRACE_JSON;
	}
	return EXIT_OK;
}

static int read_line(const struct reader *r, enum input_kind kind,
		     const char *s, size_t len)
{
	switch (kind) {
	case INPUT_TRACE_TEXT:
		return trace_text_line(r, s, len);
	case INPUT_TRACE_JSON:
		return is_blank(s, len) ? EXIT_OK : trace_json_line(r, s, len);
	default:
		return plain_line(r, s, len);
	}
}

int read_refstring(FILE *f, const char *name, struct refstring *rs)
{
	struct reader r = { name, 0, rs };
	enum input_kind kind = INPUT_PLAIN;
	bool decided = false;
	char *line = NULL;
	size_t size = 0;
	ssize_t len;
	int ret = EXIT_OK, err;

	while (ret == EXIT_OK && (len = getline(&line, &size, f)) >= 0) {
		r.line++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		if (!decided && !is_blank(line, (size_t)len)) {
			ret = input_kind(&r, line, (size_t)len, &kind);
			decided = true;
		}
		if (ret == EXIT_OK)
			ret = read_line(&r, kind, line, (size_t)len);
	}
	err = errno;
	free(line);
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
