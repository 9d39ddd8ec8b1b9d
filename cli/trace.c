// SPDX-License-Identifier: MIT
/*
 * The fault trace of "run --demand" (format: docs/trace.md), written as
 * text or JSON Lines, read back by "elfload faults", and summarised.
 */
#include <errno.h>
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
};
static const char *const served_words[] = {
	[ELFLOAD_SERVED_FILE] = "file", [ELFLOAD_SERVED_ZERO] = "zero",
	[ELFLOAD_SERVED_AROUND] = "around", [ELFLOAD_SERVED_SOFT] = "soft",
	[ELFLOAD_SERVED_RESTORE] = "restore",
};

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

/* One field: text "key=value", JSON "key":"value" (or a bare number). */
struct out {
	FILE *f;
	enum trace_format fmt;
	bool first;
};

static void field_begin(struct out *o, const char *key)
{
	if (o->fmt == TRACE_JSON)
		fprintf(o->f, "%s\"%s\":", o->first ? "" : ",", key);
	else
		fprintf(o->f, " %s=", key);
	o->first = false;
}

static void field_str(struct out *o, const char *key, const char *v)
{
	field_begin(o, key);
	if (o->fmt == TRACE_JSON)
		fputc('"', o->f);
	put_word(o->f, v);
	if (o->fmt == TRACE_JSON)
		fputc('"', o->f);
}

static void field_hex(struct out *o, const char *key, uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%" PRIx64, v);
	field_str(o, key, buf);
}

static void field_u64(struct out *o, const char *key, uint64_t v)
{
	field_begin(o, key);
	fprintf(o->f, "%" PRIu64, v);
}

static void field_i64(struct out *o, const char *key, int64_t v)
{
	field_begin(o, key);
	fprintf(o->f, "%" PRId64, v);
}

static void line_begin(struct out *o, const char *word)
{
	o->first = true;
	if (o->fmt == TRACE_JSON) {
		fputc('{', o->f);
		field_str(o, "event", word);
	} else {
		fputs(word, o->f);
	}
}

static void line_end(struct out *o)
{
	fputs(o->fmt == TRACE_JSON ? "}\n" : "\n", o->f);
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
	char t[32];

	snprintf(t, sizeof(t), "%.1f", (double)e->t_ns / 1e3);
	field_begin(o, "t_us");
	fputs(t, o->f);
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
	} else if (e->kind == ELFLOAD_EV_EVICT) {
		field_hex(o, "page", e->page);
		field_i64(o, "vma", e->vma);
		field_u64(o, "dirty", e->dirty);
		field_u64(o, "kept", e->kept);
	} else {
		field_hex(o, "start", e->addr);
		field_hex(o, "end", e->page);
		if (e->kind == ELFLOAD_EV_REMAP)
			field_hex(o, "to", e->to);
	}
	line_end(o);
}

int trace_write(FILE *f, const struct trace *t, enum trace_format fmt)
{
	struct out o = { f, fmt, true };
	size_t i;

	if (fmt == TRACE_TEXT) {
		fputs("# elfload trace 1\n# prog ", f);
		put_word(f, t->prog);
		fputc('\n', f);
	} else {
		line_begin(&o, "trace");
		field_u64(&o, "version", 1);
		field_str(&o, "prog", t->prog);
		line_end(&o);
	}
	for (i = 0; i < t->nvmas; i++)
		write_vma(&o, i, &t->vmas[i]);
	for (i = 0; i < t->nev; i++)
		write_event(&o, &t->ev[i]);
	line_begin(&o, "summary");
	field_u64(&o, "duplicates", t->duplicates);
	line_end(&o);
	return fflush(f) || ferror(f) ? -EIO : 0;
}

/* ---- reading ---------------------------------------------------------- */

#define MAX_FIELDS 24

struct fields {
	size_t n;
	char *key[MAX_FIELDS];
	char *val[MAX_FIELDS];
};

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

static bool add_field(struct fields *fl, char *k, char *v)
{
	if (fl->n >= MAX_FIELDS)
		return false;
	unescape(v);
	fl->key[fl->n] = k;
	fl->val[fl->n++] = v;
	return true;
}

/* "word k=v k=v": the word becomes the field "event". */
static bool split_text(char *line, struct fields *fl)
{
	char *save = NULL, *tok = strtok_r(line, " \n", &save);

	if (!tok || !add_field(fl, "event", tok))
		return false;
	while ((tok = strtok_r(NULL, " \n", &save))) {
		char *eq = strchr(tok, '=');

		if (!eq)
			return false;
		*eq = '\0';
		if (!add_field(fl, tok, eq + 1))
			return false;
	}
	return true;
}

/* A flat JSON object of strings and numbers (what trace_write makes). */
static bool split_json(char *p, struct fields *fl)
{
	p++;
	for (;;) {
		char *k, *v;

		while (*p == ' ' || *p == ',')
			p++;
		if (*p == '}')
			return true;
		if (*p != '"' || !(k = ++p, p = strchr(p, '"')))
			return false;
		*p++ = '\0';
		if (*p++ != ':')
			return false;
		if (*p == '"') {
			v = ++p;
			if (!(p = strchr(p, '"')))
				return false;
			*p++ = '\0';
		} else {
			v = p;
			p += strcspn(p, ",}");
			if (!*p)
				return false;
			if (*p == '}') {
				*p = '\0';
				return add_field(fl, k, v);
			}
			*p++ = '\0';
		}
		if (!add_field(fl, k, v))
			return false;
	}
}

static const char *get(const struct fields *fl, const char *key)
{
	size_t i;

	for (i = 0; i < fl->n; i++)
		if (!strcmp(fl->key[i], key))
			return fl->val[i];
	return NULL;
}

static uint64_t get_num(const struct fields *fl, const char *key, uint64_t dflt)
{
	const char *v = get(fl, key);

	if (!v || !strcmp(v, "-"))
		return dflt;
	return strtoull(v, NULL, 0);
}

static int word_index(const char *const *words, size_t n, const char *w)
{
	size_t i;

	for (i = 0; w && i < n; i++)
		if (words[i] && !strcmp(words[i], w))
			return (int)i;
	return -1;
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

static int read_vma(struct trace *t, const struct fields *fl)
{
	struct elfload_paged_vma *grown, *v;
	const char *prot = get(fl, "prot");

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
	v->file = get(fl, "backing") && !strcmp(get(fl, "backing"), "file");
	v->offset = get_num(fl, "off", 0);
	v->phdr = (int)get_num(fl, "seg", (uint64_t)-1);
	v->owner = get(fl, "kind") && !strcmp(get(fl, "kind"), "interp") ?
			   ELFLOAD_OWNER_INTERP : ELFLOAD_OWNER_EXE;
	v->path = keep_string(t, get(fl, "file"));
	return v->end > v->start ? 0 : -EINVAL;
}

static int read_event(struct trace *t, const struct fields *fl, int kind)
{
	struct elfload_event *grown, *e;
	int served = word_index(served_words, ARRAY_SIZE(served_words),
				get(fl, "served"));

	grown = realloc(t->ev, (t->nev + 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	t->ev = grown;
	e = &t->ev[t->nev++];
	memset(e, 0, sizeof(*e));
	e->kind = (enum elfload_event_kind)kind;
	e->seq = get_num(fl, "seq", 0);
	e->t_ns = (uint64_t)(strtod(get(fl, "t_us") ? get(fl, "t_us") : "0",
				    NULL) * 1e3);
	e->serve_ns = get_num(fl, "serve_ns", 0);
	e->tid = (uint32_t)get_num(fl, "tid", 0);
	e->process = (uint32_t)get_num(fl, "process", 0);
	e->addr = get_num(fl, kind == ELFLOAD_EV_FAULT ? "addr" :
			      kind == ELFLOAD_EV_EVICT ? "page" : "start", 0);
	e->page = get_num(fl, kind == ELFLOAD_EV_FAULT ||
				      kind == ELFLOAD_EV_EVICT ? "page" : "end", 0);
	e->dirty = get_num(fl, "dirty", 0);
	e->kept = get_num(fl, "kept", 0);
	e->to = get_num(fl, kind == ELFLOAD_EV_FORK ? "child" : "to", 0);
	e->vma = (int)get_num(fl, "vma", (uint64_t)-1);
	e->offset = get_num(fl, "off", UINT64_MAX);
	e->write = get(fl, "access") && !strcmp(get(fl, "access"), "write");
	e->served = served < 0 ? ELFLOAD_SERVED_FILE : (enum elfload_served)served;
	e->section = keep_string(t, get(fl, "section"));
	if (e->vma >= (int)t->nvmas)
		return -EINVAL;
	return 0;
}

static int read_line(struct trace *t, char *line)
{
	struct fields fl = { 0 };
	const char *word;
	int kind;

	if (line[0] == '{' ? !split_json(line, &fl) : !split_text(line, &fl))
		return -EINVAL;
	word = get(&fl, "event");
	if (!strcmp(word, "vma"))
		return read_vma(t, &fl);
	if (!strcmp(word, "summary")) {
		t->duplicates = get_num(&fl, "duplicates", 0);
		return 0;
	}
	if (!strcmp(word, "trace")) {
		t->prog = keep_string(t, get(&fl, "prog"));
		return 0;
	}
	kind = word_index(kind_words, ARRAY_SIZE(kind_words), word);
	return kind < 0 ? 0 : read_event(t, &fl, kind);	/* unknown: skip */
}

int trace_read(FILE *f, struct trace *t, char *err, size_t errsize)
{
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	bool first = true;
	int ret = 0;

	memset(t, 0, sizeof(*t));
	t->owned = true;
	while (getline(&line, &cap, f) > 0) {
		lineno++;
		if (first && strncmp(line, "# elfload trace 1", 17) &&
		    strncmp(line, "{\"event\":\"trace\"", 16)) {
			snprintf(err, errsize, "not an elfload trace");
			ret = -EINVAL;
			break;
		}
		first = false;
		if (!strncmp(line, "# prog ", 7)) {
			line[strcspn(line, "\n")] = '\0';
			unescape(line + 7);
			t->prog = keep_string(t, line + 7);
		}
		if (line[0] == '#' || line[0] == '\n')
			continue;
		ret = read_line(t, line);
		if (ret) {
			snprintf(err, errsize, "line %zu: %s", lineno,
				 ret == -ENOMEM ? "out of memory" :
						  "malformed event");
			break;
		}
	}
	if (!ret && first) {
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
	uint64_t ps = 4096;
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
	uint64_t total = 0;

	if (!scratch)
		return;
	for (i = 0; i < t->nev; i++) {
		const struct elfload_event *e = &t->ev[i];

		forks += e->kind == ELFLOAD_EV_FORK;
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
	fprintf(f, "%s: time serving faults: %.3f ms, median %.2f us per "
		   "fault\n", progname, (double)total / 1e6,
		nf ? (double)scratch[nf / 2] / 1e3 : 0.0);
	summary_vmas(f, t, scratch);
	summary_sections(f, t);
	free(scratch);
}
