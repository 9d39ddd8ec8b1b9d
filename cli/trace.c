// SPDX-License-Identifier: MIT
/*
 * The fault trace of "run --demand" (format: docs/trace.md), written as
 * text or JSON Lines, read back by "elfload faults" and, its fault events,
 * by "elfload pagesim"; and summarised.
 */
#include <errno.h>
#include <limits.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "trace.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const char *const kind_words[] = {
	[ELFLOAD_EV_FAULT] = "fault", [ELFLOAD_EV_FORK] = "fork",
	[ELFLOAD_EV_REMAP] = "remap", [ELFLOAD_EV_UNMAP] = "unmap",
	[ELFLOAD_EV_REMOVE] = "remove", [ELFLOAD_EV_EVICT] = "evict",
	[ELFLOAD_EV_FORKFILL] = "forkfill",
};
static const char *const served_words[] = {
	[ELFLOAD_SERVED_FILE] = "file", [ELFLOAD_SERVED_ZERO] = "zero",
	[ELFLOAD_SERVED_AROUND] = "around", [ELFLOAD_SERVED_SOFT] = "soft",
	[ELFLOAD_SERVED_RESTORE] = "restore",
};

static const char text_magic[] = "# elfload trace ";

/* ---- writing ---------------------------------------------------------- */

static void prot_text(int prot, char out[4])
{
	out[0] = prot & ELFLOAD_PROT_READ ? 'r' : '-';
	out[1] = prot & ELFLOAD_PROT_WRITE ? 'w' : '-';
	out[2] = prot & ELFLOAD_PROT_EXEC ? 'x' : '-';
	out[3] = '\0';
}

/* A value without spaces: '%' and bytes <= ' ' become %XX. */
static void put_word(FILE *f, const char *s)
{
	if (!s || !*s) {
		fputc('-', f);
		return;
	}
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == '%' || *s == '"' ||
		    *s == '\\')
			fprintf(f, "%%%02X", (unsigned char)*s);
		else
			fputc(*s, f);
}

/*
 * One line of fields: text "word key=value ...", or a JSON object
 * {"event":"word","key":"value",...} written by cli/json.c.
 */
struct out {
	FILE *f;
	enum trace_format fmt;
	struct json j;
};

/* The separator and key before a value the caller writes to o->f. */
static void field_key(struct out *o, const char *key)
{
	if (o->fmt == TRACE_JSON)
		json_key(&o->j, key);
	else
		fprintf(o->f, " %s=", key);
}

static void field_str(struct out *o, const char *key, const char *v)
{
	field_key(o, key);
	if (o->fmt == TRACE_JSON)
		fputc('"', o->f);
	put_word(o->f, v);	/* escapes '"' and '\\' too: valid JSON */
	if (o->fmt == TRACE_JSON)
		fputc('"', o->f);
}

static void field_hex(struct out *o, const char *key, uint64_t v)
{
	if (o->fmt == TRACE_JSON)
		json_hex(&o->j, key, v);
	else
		fprintf(o->f, " %s=0x%" PRIx64, key, v);
}

static void field_u64(struct out *o, const char *key, uint64_t v)
{
	if (o->fmt == TRACE_JSON)
		json_u64(&o->j, key, v);
	else
		fprintf(o->f, " %s=%" PRIu64, key, v);
}

static void field_i64(struct out *o, const char *key, int64_t v)
{
	if (o->fmt == TRACE_JSON)
		json_i64(&o->j, key, v);
	else
		fprintf(o->f, " %s=%" PRId64, key, v);
}

static void line_begin(struct out *o, const char *word)
{
	if (o->fmt == TRACE_JSON) {
		json_init(&o->j, o->f);
		json_begin_object(&o->j, NULL);
		field_str(o, "event", word);
	} else {
		fputs(word, o->f);
	}
}

static void line_end(struct out *o)
{
	if (o->fmt == TRACE_JSON) {
		json_end_object(&o->j);
		json_finish(&o->j);
	} else {
		fputc('\n', o->f);
	}
}

static void write_vma(struct out *o, size_t i, const struct elfload_paged_vma *v)
{
	char prot[4];

	prot_text(v->prot, prot);
	line_begin(o, "vma");
	field_u64(o, "index", i);
	field_hex(o, "start", v->start);
	field_hex(o, "end", v->end);
	field_str(o, "prot", prot);
	if (v->file)
		field_hex(o, "off", v->offset);
	else
		field_str(o, "off", "-");
	field_str(o, "file", v->path);
	field_i64(o, "seg", v->phdr);
	field_str(o, "kind", v->owner == ELFLOAD_OWNER_INTERP ? "interp" :
							      "exe");
	field_str(o, "backing", v->file ? "file" : "bss");
	line_end(o);
}

static void write_times(struct out *o, const struct elfload_event *e)
{
	field_key(o, "t_us");
	fprintf(o->f, "%.1f", (double)e->t_ns / 1e3);
	field_u64(o, "process", e->process);
}

static void write_fault(struct out *o, const struct elfload_event *e)
{
	field_u64(o, "tid", e->tid);
	field_hex(o, "addr", e->addr);
	field_hex(o, "page", e->page);
	field_i64(o, "vma", e->vma);
	field_str(o, "section", e->section);
	if (e->offset != UINT64_MAX)
		field_hex(o, "off", e->offset);
	else
		field_str(o, "off", "-");
	field_str(o, "access", e->write ? "write" : "read");
	field_str(o, "served", served_words[e->served]);
	field_u64(o, "serve_ns", e->serve_ns);
	if (e->frame >= 0)
		field_i64(o, "frame", e->frame);
}

static void write_event(struct out *o, const struct elfload_event *e)
{
	line_begin(o, kind_words[e->kind]);
	field_u64(o, "seq", e->seq);
	write_times(o, e);
	if (e->kind == ELFLOAD_EV_FAULT) {
		write_fault(o, e);
	} else if (e->kind == ELFLOAD_EV_FORK) {
		field_u64(o, "child", e->to);
	} else if (e->kind == ELFLOAD_EV_FORKFILL) {
		field_u64(o, "tid", e->tid);
		if (e->addr != UINT64_MAX)
			field_u64(o, "syscall", e->addr);
		else
			field_str(o, "syscall", "-");
		field_u64(o, "filled", e->to);
		field_u64(o, "serve_ns", e->serve_ns);
	} else if (e->kind == ELFLOAD_EV_EVICT) {
		field_hex(o, "page", e->page);
		field_i64(o, "vma", e->vma);
		field_u64(o, "dirty", e->dirty);
		field_u64(o, "kept", e->kept);
		if (e->frame >= 0)
			field_i64(o, "frame", e->frame);
	} else {
		field_hex(o, "start", e->addr);
		field_hex(o, "end", e->page);
		if (e->kind == ELFLOAD_EV_REMAP)
			field_hex(o, "to", e->to);
	}
	line_end(o);
}

/* The header: version, program, page size, architecture. */
static void write_header(struct out *o, const struct trace *t)
{
	if (o->fmt == TRACE_TEXT) {
		fprintf(o->f, "%s%d\n# prog ", text_magic, TRACE_VERSION);
		put_word(o->f, t->prog);
		fprintf(o->f, "\n# page_size %" PRIu64 "\n# arch ",
			t->page_size);
		put_word(o->f, t->arch);
		fputc('\n', o->f);
		return;
	}
	line_begin(o, "trace");
	field_u64(o, "version", TRACE_VERSION);
	field_str(o, "prog", t->prog);
	field_u64(o, "page_size", t->page_size);
	field_str(o, "arch", t->arch);
	line_end(o);
}

int trace_write(FILE *f, const struct trace *t, enum trace_format fmt)
{
	struct out o = { .f = f, .fmt = fmt };
	size_t i;

	write_header(&o, t);
	for (i = 0; i < t->nvmas; i++)
		write_vma(&o, i, &t->vmas[i]);
	for (i = 0; i < t->nev; i++)
		write_event(&o, &t->ev[i]);
	line_begin(&o, "summary");
	field_u64(&o, "duplicates", t->duplicates);
	line_end(&o);
	return fflush(f) || ferror(f) ? -EIO : 0;
}

/* ---- reading one line ------------------------------------------------- */

const char *trace_excerpt(const char *s, size_t len, char buf[48])
{
	size_t i, n = len > 40 ? 40 : len;

	for (i = 0; i < n; i++)
		buf[i] = (unsigned char)s[i] < 0x20 ? '?' : s[i];
	strcpy(buf + n, len > n ? "..." : "");
	return buf;
}

/* Undo put_word(): %XX back to bytes, in place. */
static void unescape(char *s)
{
	char *w = s;

	for (; *s; s++) {
		unsigned x;

		if (*s == '%' && sscanf(s + 1, "%2x", &x) == 1) {
			*w++ = (char)x;
			s += 2;
		} else {
			*w++ = *s;
		}
	}
	*w = '\0';
}

static bool add_field(struct trace_fields *fl, char *k, char *v)
{
	if (fl->n >= TRACE_MAX_FIELDS)
		return false;
	fl->key[fl->n] = k;
	fl->val[fl->n++] = v;
	return true;
}

const char *trace_field(const struct trace_fields *fl, const char *key)
{
	size_t i;

	for (i = 0; i < fl->n; i++)
		if (!strcmp(fl->key[i], key))
			return fl->val[i];
	return NULL;
}

/* "word k=v k=v": the word becomes the field "event". */
static int split_text(char *line, struct trace_fields *fl, char *err,
		      size_t errsize)
{
	char *save = NULL, *tok = strtok_r(line, " \t", &save);
	char buf[48];

	if (!tok || !add_field(fl, "event", tok))
		return -EINVAL;
	while ((tok = strtok_r(NULL, " \t", &save))) {
		char *eq = strchr(tok, '=');

		if (!eq) {
			snprintf(err, errsize, "'%s' is not key=value",
				 trace_excerpt(tok, strlen(tok), buf));
			return -EINVAL;
		}
		*eq = '\0';
		if (!add_field(fl, tok, eq + 1)) {
			snprintf(err, errsize, "more than %d fields",
				 TRACE_MAX_FIELDS);
			return -EINVAL;
		}
	}
	return 0;
}

/* A cursor over one line of JSON. */
struct json_in {
	char *s;
	size_t len, i;
};

static void json_ws(struct json_in *j)
{
	while (j->i < j->len && (j->s[j->i] == ' ' || j->s[j->i] == '\t' ||
				 j->s[j->i] == '\r' || j->s[j->i] == '\n'))
		j->i++;
}

/* A string: [*start, *end) its raw contents (escapes left as they are). */
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

/* Any value, as its raw text; nested objects and arrays are kept whole. */
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

/* The ranges of one member, cut into strings once the object is read. */
struct json_member {
	size_t key, key_end, val, val_end;
};

/* One flat JSON object; false when the line is not one. */
static bool json_members(struct json_in *j, struct json_member *m, size_t *n)
{
	*n = 0;
	json_ws(j);
	if (j->i >= j->len || j->s[j->i++] != '{')
		return false;
	json_ws(j);
	if (j->i < j->len && j->s[j->i] == '}')
		return ++j->i, true;
	for (;;) {
		struct json_member *p = &m[*n < TRACE_MAX_FIELDS ? *n : 0];

		json_ws(j);
		if (!json_string(j, &p->key, &p->key_end))
			return false;
		json_ws(j);
		if (j->i >= j->len || j->s[j->i++] != ':')
			return false;
		json_ws(j);
		if (!json_value(j, &p->val, &p->val_end))
			return false;
		if (++*n > TRACE_MAX_FIELDS)
			return false;
		json_ws(j);
		if (j->i < j->len && j->s[j->i] == ',') {
			j->i++;
			continue;
		}
		return j->i < j->len && j->s[j->i++] == '}';
	}
}

/* {"event":"word","k":v,...}: the members become fields, "event" first. */
static int split_json(char *line, struct trace_fields *fl, char *err,
		      size_t errsize)
{
	struct json_member m[TRACE_MAX_FIELDS];
	struct json_in j = { line, strlen(line), 0 };
	size_t n, i;
	char buf[48];

	if (!json_members(&j, m, &n)) {
		snprintf(err, errsize, "'%s' is not a JSON object",
			 trace_excerpt(line, j.len, buf));
		return -EINVAL;
	}
	for (i = 0; i < n; i++) {
		line[m[i].key_end] = '\0';
		line[m[i].val_end] = '\0';
	}
	/* The event word only as a string; then the other members. */
	for (i = 0; i < n; i++)
		if (!strcmp(line + m[i].key, "event") && m[i].val &&
		    line[m[i].val - 1] == '"')
			add_field(fl, line + m[i].key, line + m[i].val);
	for (i = 0; i < n; i++)
		if (strcmp(line + m[i].key, "event"))
			add_field(fl, line + m[i].key, line + m[i].val);
	return 0;
}

int trace_format_of(const char *line, bool need_header)
{
	struct trace_fields fl = { 0 };
	char err[8], *copy;
	const char *event;
	int fmt = -1;

	if (!strncmp(line, text_magic, sizeof(text_magic) - 1))
		return TRACE_TEXT;
	copy = strdup(line);
	if (copy && !split_json(copy, &fl, err, sizeof(err)) &&
	    (event = trace_field(&fl, "event")) &&
	    (!need_header || !strcmp(event, "trace")))
		fmt = TRACE_JSON;
	free(copy);
	return fmt;
}

/* Keep a copy of a name; the trace owns it. */
static const char *keep_string(struct trace *t, const char *s)
{
	char **grown;

	if (!s || !strcmp(s, "-"))
		return NULL;
	grown = realloc(t->strings, (t->nstrings + 1) * sizeof(*grown));
	if (!grown)
		return NULL;
	t->strings = grown;
	return t->strings[t->nstrings++] = strdup(s);
}

static int bad_version(const char *v, char *err, size_t errsize)
{
	char buf[48];

	snprintf(err, errsize, "trace format '%s' is not supported (only %d "
		 "is)", trace_excerpt(v, strlen(v), buf), TRACE_VERSION);
	return -EINVAL;
}

static int set_page_size(struct trace *t, const char *v, char *err,
			 size_t errsize)
{
	char *end, buf[48];
	unsigned long long ps = strtoull(v, &end, 0);

	if (*end || ps == 0 || (ps & (ps - 1))) {
		snprintf(err, errsize, "page size '%s' is not a power of two",
			 trace_excerpt(v, strlen(v), buf));
		return -EINVAL;
	}
	t->page_size = ps;
	return 0;
}

/* "# elfload trace 1", "# prog P", "# page_size N", "# arch A", comments. */
static int text_header(struct trace *t, char *line, char *err, size_t errsize)
{
	char version[8];

	snprintf(version, sizeof(version), "%d", TRACE_VERSION);
	if (!strncmp(line, text_magic, sizeof(text_magic) - 1))
		return strcmp(line + sizeof(text_magic) - 1, version) ?
			       bad_version(line + sizeof(text_magic) - 1, err,
					   errsize) : 0;
	if (!strncmp(line, "# prog ", 7)) {
		unescape(line + 7);
		t->prog = keep_string(t, line + 7);
	} else if (!strncmp(line, "# page_size ", 12)) {
		return set_page_size(t, line + 12, err, errsize);
	} else if (!strncmp(line, "# arch ", 7)) {
		unescape(line + 7);
		t->arch = keep_string(t, line + 7);
	}
	return 0;
}

/* {"event":"trace","version":1,"prog":...,"page_size":N,"arch":...} */
static int json_header(struct trace *t, const struct trace_fields *fl,
		       char *err, size_t errsize)
{
	const char *version = trace_field(fl, "version");
	const char *ps = trace_field(fl, "page_size");
	char want[8];

	snprintf(want, sizeof(want), "%d", TRACE_VERSION);
	if (version && strcmp(version, want))
		return bad_version(version, err, errsize);
	if (trace_field(fl, "prog"))
		t->prog = keep_string(t, trace_field(fl, "prog"));
	if (trace_field(fl, "arch"))
		t->arch = keep_string(t, trace_field(fl, "arch"));
	return ps ? set_page_size(t, ps, err, errsize) : 0;
}

int trace_parse_line(struct trace *t, char *line, enum trace_format fmt,
		     struct trace_fields *fl, char *err, size_t errsize)
{
	size_t len = strlen(line), i;
	const char *event;
	int ret;

	fl->n = 0;
	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		line[--len] = '\0';
	if (line[0] == '#')
		return fmt == TRACE_TEXT ? text_header(t, line, err, errsize) : 0;
	if (strspn(line, " \t") == len)
		return 0;	/* a blank line */
	snprintf(err, errsize, "malformed event");
	ret = fmt == TRACE_JSON ? split_json(line, fl, err, errsize) :
				  split_text(line, fl, err, errsize);
	if (ret)
		return ret;
	for (i = 0; i < fl->n; i++)
		unescape(fl->val[i]);
	event = trace_field(fl, "event");
	if (event && !strcmp(event, "trace")) {
		ret = json_header(t, fl, err, errsize);
		fl->n = 0;
	}
	return ret;
}

void trace_init(struct trace *t)
{
	memset(t, 0, sizeof(*t));
	t->page_size = TRACE_OLD_PAGE_SIZE;
	t->arch = TRACE_OLD_ARCH;
}

/* ---- reading a whole trace -------------------------------------------- */

static uint64_t get_num(const struct trace_fields *fl, const char *key,
			uint64_t dflt)
{
	const char *v = trace_field(fl, key);

	if (!v || !strcmp(v, "-"))
		return dflt;
	return strtoull(v, NULL, 0);
}

static bool is(const struct trace_fields *fl, const char *key, const char *w)
{
	const char *v = trace_field(fl, key);

	return v && !strcmp(v, w);
}

static int word_index(const char *const *words, size_t n, const char *w)
{
	size_t i;

	for (i = 0; w && i < n; i++)
		if (words[i] && !strcmp(words[i], w))
			return (int)i;
	return -1;
}

static int read_vma(struct trace *t, const struct trace_fields *fl)
{
	struct elfload_paged_vma *grown, *v;
	const char *prot = trace_field(fl, "prot");

	grown = realloc(t->vmas, (t->nvmas + 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	t->vmas = grown;
	v = &t->vmas[t->nvmas++];
	memset(v, 0, sizeof(*v));
	v->start = get_num(fl, "start", 0);
	v->end = get_num(fl, "end", 0);
	v->prot = prot && strlen(prot) == 3 ?
			  (prot[0] == 'r') | (prot[1] == 'w') << 1 |
				  (prot[2] == 'x') << 2 : 0;
	v->file = is(fl, "backing", "file");
	v->offset = get_num(fl, "off", 0);
	v->phdr = (int)get_num(fl, "seg", (uint64_t)-1);
	v->owner = is(fl, "kind", "interp") ? ELFLOAD_OWNER_INTERP :
					      ELFLOAD_OWNER_EXE;
	v->path = keep_string(t, trace_field(fl, "file"));
	return v->end > v->start ? 0 : -EINVAL;
}

static int read_event(struct trace *t, const struct trace_fields *fl,
		      int kind)
{
	struct elfload_event *grown, *e;
	const char *t_us = trace_field(fl, "t_us");
	uint64_t frame;
	int served = word_index(served_words, ARRAY_SIZE(served_words),
				trace_field(fl, "served"));

	grown = realloc(t->ev, (t->nev + 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	t->ev = grown;
	e = &t->ev[t->nev++];
	memset(e, 0, sizeof(*e));
	e->kind = (enum elfload_event_kind)kind;
	e->seq = get_num(fl, "seq", 0);
	e->t_ns = (uint64_t)(strtod(t_us ? t_us : "0", NULL) * 1e3);
	e->serve_ns = get_num(fl, "serve_ns", 0);
	e->tid = (uint32_t)get_num(fl, "tid", 0);
	e->process = (uint32_t)get_num(fl, "process", 0);
	e->addr = get_num(fl, kind == ELFLOAD_EV_FAULT ? "addr" :
			      kind == ELFLOAD_EV_EVICT ? "page" :
			      kind == ELFLOAD_EV_FORKFILL ? "syscall" : "start",
			  kind == ELFLOAD_EV_FORKFILL ? UINT64_MAX : 0);
	e->page = get_num(fl, kind == ELFLOAD_EV_FAULT ||
				      kind == ELFLOAD_EV_EVICT ? "page" : "end", 0);
	e->dirty = get_num(fl, "dirty", 0);
	e->kept = get_num(fl, "kept", 0);
	e->to = get_num(fl, kind == ELFLOAD_EV_FORK ? "child" :
			    kind == ELFLOAD_EV_FORKFILL ? "filled" : "to", 0);
	e->vma = (int)get_num(fl, "vma", (uint64_t)-1);
	frame = get_num(fl, "frame", UINT64_MAX);
	e->frame = frame <= INT_MAX ? (int)frame : -1;
	e->offset = get_num(fl, "off", UINT64_MAX);
	e->write = is(fl, "access", "write");
	e->served = served < 0 ? ELFLOAD_SERVED_FILE : (enum elfload_served)served;
	e->section = keep_string(t, trace_field(fl, "section"));
	if (e->vma >= (int)t->nvmas || (frame > INT_MAX && frame != UINT64_MAX))
		return -EINVAL;
	return 0;
}

/* One event of a whole trace into @t; unknown keywords are skipped. */
static int read_fields(struct trace *t, const struct trace_fields *fl)
{
	const char *word = trace_field(fl, "event");
	int kind;

	if (!word)
		return 0;
	if (!strcmp(word, "vma"))
		return read_vma(t, fl);
	if (!strcmp(word, "summary")) {
		t->duplicates = get_num(fl, "duplicates", 0);
		return 0;
	}
	kind = word_index(kind_words, ARRAY_SIZE(kind_words), word);
	return kind < 0 ? 0 : read_event(t, fl, kind);
}

int trace_read(FILE *f, struct trace *t, char *err, size_t errsize)
{
	struct trace_fields fl;
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	int fmt = -1, ret = 0;

	trace_init(t);
	t->owned = true;
	while (getline(&line, &cap, f) > 0) {
		lineno++;
		if (fmt < 0 && (fmt = trace_format_of(line, true)) < 0) {
			snprintf(err, errsize, "not an elfload trace");
			ret = -EINVAL;
			break;
		}
		ret = trace_parse_line(t, line, (enum trace_format)fmt, &fl,
				       err, errsize);
		if (!ret) {
			snprintf(err, errsize, "malformed event");
			ret = read_fields(t, &fl);
		}
		if (ret) {
			char why[96];

			snprintf(why, sizeof(why), "%s", ret == -ENOMEM ?
				 "out of memory" : err);
			snprintf(err, errsize, "line %zu: %s", lineno, why);
			break;
		}
	}
	if (!ret && fmt < 0) {
		snprintf(err, errsize, "empty trace");
		ret = -EINVAL;
	}
	free(line);
	return ret;
}

void trace_free(struct trace *t)
{
	size_t i;

	for (i = 0; i < t->nstrings; i++)
		free(t->strings[i]);
	free(t->strings);
	if (t->owned) {
		free(t->vmas);
		free(t->ev);
	}
	memset(t, 0, sizeof(*t));
}

/* ---- the summary ------------------------------------------------------ */

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* How many different values among @n (sorts @v). */
static size_t distinct(uint64_t *v, size_t n)
{
	size_t i, d = 0;

	qsort(v, n, sizeof(*v), cmp_u64);
	for (i = 0; i < n; i++)
		if (!i || v[i] != v[i - 1])
			d++;
	return d;
}

struct section_count {
	const char *name;
	size_t faults;
};

static void count_section(struct section_count *sc, size_t *n, size_t cap,
			  const char *name)
{
	size_t i;

	name = name ? name : "(none)";
	for (i = 0; i < *n; i++)
		if (!strcmp(sc[i].name, name)) {
			sc[i].faults++;
			return;
		}
	if (*n < cap)
		sc[(*n)++] = (struct section_count){ name, 1 };
}

static void summary_vmas(FILE *f, const struct trace *t, uint64_t *scratch)
{
	uint64_t ps = t->page_size ? t->page_size : TRACE_OLD_PAGE_SIZE;
	size_t i, j;

	fprintf(f, "  %3s  %-25s  %-4s %7s %8s %7s  %s\n", "vma", "range",
		"prot", "pages", "touched", "faults", "file");
	for (i = 0; i < t->nvmas; i++) {
		const struct elfload_paged_vma *v = &t->vmas[i];
		size_t n = 0, faults = 0;
		char prot[4];

		for (j = 0; j < t->nev; j++) {
			const struct elfload_event *e = &t->ev[j];

			if (e->kind != ELFLOAD_EV_FAULT || e->vma != (int)i ||
			    e->served == ELFLOAD_SERVED_AROUND)
				continue;
			scratch[n++] = (uint64_t)e->process << 48 ^ e->page;
			faults++;
		}
		prot_text(v->prot, prot);
		fprintf(f, "  %3zu  %012" PRIx64 "-%012" PRIx64 "  %-4s %7" PRIu64
			   " %8zu %7zu  %s (%s %d)\n",
			i, v->start, v->end, prot, (v->end - v->start) / ps,
			distinct(scratch, n), faults, v->path ? v->path : "?",
			v->file ? "phdr" : "bss of phdr", v->phdr);
	}
}

static void summary_sections(FILE *f, const struct trace *t)
{
	struct section_count sc[128];
	size_t n = 0, i;

	for (i = 0; i < t->nev; i++)
		if (t->ev[i].kind == ELFLOAD_EV_FAULT &&
		    t->ev[i].served != ELFLOAD_SERVED_AROUND)
			count_section(sc, &n, ARRAY_SIZE(sc), t->ev[i].section);
	fprintf(f, "  %-24s %7s\n", "section", "faults");
	for (i = 0; i < n; i++)
		fprintf(f, "  %-24s %7zu\n", sc[i].name, sc[i].faults);
}

void trace_summary(FILE *f, const struct trace *t)
{
	uint64_t *scratch = calloc(t->nev + 1, sizeof(*scratch));
	size_t by[ARRAY_SIZE(served_words)] = { 0 }, nf = 0, forks = 0, i;
	size_t evictions = 0, writebacks = 0, cleared = 0;
	const struct elfload_event *fill = NULL;
	uint64_t total = 0;

	if (!scratch)
		return;
	for (i = 0; i < t->nev; i++) {
		const struct elfload_event *e = &t->ev[i];

		forks += e->kind == ELFLOAD_EV_FORK;
		if (e->kind == ELFLOAD_EV_FORKFILL && !fill)
			fill = e;
		if (e->kind == ELFLOAD_EV_EVICT) {
			cleared += e->kept;
			evictions += !e->kept;
			writebacks += !e->kept && e->dirty;
		}
		if (e->kind != ELFLOAD_EV_FAULT)
			continue;
		by[e->served]++;
		total += e->serve_ns;
		scratch[nf++] = e->serve_ns;
	}
	qsort(scratch, nf, sizeof(*scratch), cmp_u64);
	fprintf(f, "%s: demand paging of %s: %zu faults (%zu from the file, "
		   "%zu zero-fill, %zu by fault-around), %" PRIu64
		   " duplicates, %zu process%s\n",
		progname, t->prog ? t->prog : "?", nf, by[ELFLOAD_SERVED_FILE],
		by[ELFLOAD_SERVED_ZERO], by[ELFLOAD_SERVED_AROUND],
		t->duplicates, forks + 1, forks ? "es" : "");
	if (by[ELFLOAD_SERVED_SOFT] || by[ELFLOAD_SERVED_RESTORE] || evictions ||
	    cleared)
		fprintf(f, "%s: frames: %zu hard faults (from the file), %zu "
			   "soft, %zu zero-fill, %zu restored; %zu evictions, "
			   "%zu write-backs, %zu reference bits cleared\n",
			progname, by[ELFLOAD_SERVED_FILE], by[ELFLOAD_SERVED_SOFT],
			by[ELFLOAD_SERVED_ZERO], by[ELFLOAD_SERVED_RESTORE],
			evictions, writebacks, cleared);
	if (fill)
		fprintf(f, "%s: the program forked (thread %u, event %" PRIu64
			   "): %" PRIu64 " pages filled first, no faults "
			   "served after it\n", progname, fill->tid, fill->seq,
			fill->to);
	fprintf(f, "%s: time serving faults: %.3f ms, median %.2f us per "
		   "fault\n", progname, (double)total / 1e6,
		nf ? (double)scratch[nf / 2] / 1e3 : 0.0);
	summary_vmas(f, t, scratch);
	summary_sections(f, t);
	free(scratch);
}
