// SPDX-License-Identifier: MIT
/*
 * elfload pagesim: run a page reference string through N page frames
 * under the replacement policies of lib/pagesim.c and count the faults;
 * optionally every reference (--verbose), or the faults for a range of
 * frame counts (--sweep) as a table and an SVG chart (--svg).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pagesim_input.h"
#include "pagesim_svg.h"
#include "frames_svg.h"
#include "svg.h"

#define DEFAULT_SEED 1
/* --verbose lists free frames one by one up to this many. */
#define SHOWN_FREE_FRAMES 16

static const char pagesim_help[] =
	"Usage: elfload pagesim [OPTIONS] [FILE|-]\n"
	"Simulate page replacement on a page reference string: the page\n"
	"faults of each policy with N page frames.\n\n"
	"FILE holds page numbers, decimal or 0x hex, separated by white\n"
	"space and/or commas; '#' starts a comment (the output of\n"
	"'elfload refs' is such a file).  A fault trace of 'elfload run\n"
	"--demand' (first line '# elfload trace 1', or JSON Lines) is\n"
	"recognized: its fault events count, page address / the page\n"
	"size its header names (4096 in older traces).  Without FILE, or\n"
	"with -, standard input is read.\n\n"
	"  --frames N     N page frames (N >= 1)\n"
	"  --policy P     fifo, lru, opt, clock or rand; default: all five\n"
	"  --seed S       seed of the rand policy (default 1)\n"
	"  --verbose      one line per reference before the summary: index,\n"
	"                 page, hit or miss, the frames PP0, PP1, ... after\n"
	"                 it (clock: '*' a set reference bit, '>' the hand),\n"
	"                 the evicted page; needs --policy.  Pages are named\n"
	"                 VPn: page number n of a plain string; for a trace,\n"
	"                 the n-th distinct page in address order\n"
	"  --pages        first list the pages: VPn, with the address and\n"
	"                 section of a trace's pages\n"
	"  --sweep A..B   faults for every frame count from A to B, one\n"
	"                 column per policy (only --policy's if given),\n"
	"                 instead of --frames\n"
	"  --svg FILE     with --sweep: also draw it as an SVG line chart;\n"
	"                 with --frames and --policy: draw the page frames\n"
	"                 over time (a row per page, a column per reference,\n"
	"                 faults, evictions and write-backs)\n"
	"  --help         show this help\n\n"
	"opt evicts the page used farthest ahead (of pages never used\n"
	"again, the one in the lowest frame); clock gives a loaded page a\n"
	"set reference bit.  See elfload(1).\n";

struct pagesim_opts {
	size_t frames;
	int policy;		/* -1: every policy */
	uint64_t seed;
	bool verbose;
	bool pages;
	bool sweep;
	size_t lo, hi;
	const char *svg;
	const char *file;	/* NULL: standard input */
};

/* A frame count: a decimal number >= 1. */
static bool parse_frames(const char *s, size_t *out)
{
	unsigned long long v;
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || v == 0 || v > SIZE_MAX)
		return false;
	*out = (size_t)v;
	return *end == '\0';
}

static bool parse_sweep(const char *s, size_t *lo, size_t *hi)
{
	const char *dots = strstr(s, "..");
	char first[32];

	if (!dots || (size_t)(dots - s) >= sizeof(first))
		return false;
	memcpy(first, s, (size_t)(dots - s));
	first[dots - s] = '\0';
	return parse_frames(first, lo) && parse_frames(dots + 2, hi) &&
	       *lo <= *hi;
}

static int parse_option(int c, struct pagesim_opts *o)
{
	char *end;

	switch (c) {
	case 'f':
		if (!parse_frames(optarg, &o->frames))
			return usage_error("pagesim", "bad frame count '%s' "
					   "(a number >= 1)", optarg);
		break;
	case 'p':
		o->policy = elfload_pagesim_policy_parse(optarg);
		if (o->policy < 0)
			return usage_error("pagesim", "unknown policy '%s' "
					   "(fifo, lru, opt, clock, rand)",
					   optarg);
		break;
	case 's':
		errno = 0;
		o->seed = strtoull(optarg, &end, 0);
		if (errno || *end || *optarg < '0' || *optarg > '9')
			return usage_error("pagesim", "bad seed '%s'", optarg);
		break;
	case 'v':
		o->verbose = true;
		break;
	case 'P':
		o->pages = true;
		break;
	case 'w':
		o->sweep = true;
		if (!parse_sweep(optarg, &o->lo, &o->hi))
			return usage_error("pagesim", "bad range '%s' "
					   "(A..B, 1 <= A <= B)", optarg);
		break;
	case 'g':
		o->svg = optarg;
		break;
	}
	return -1;
}

/* Options that exclude or need each other. */
static int check_options(const struct pagesim_opts *o)
{
	if (o->sweep && o->frames)
		return usage_error("pagesim", "--frames and --sweep exclude "
				   "each other");
	if (!o->sweep && !o->frames)
		return usage_error("pagesim", "missing --frames N "
				   "(or --sweep A..B)");
	if (o->verbose && o->sweep)
		return usage_error("pagesim", "--verbose does not go with "
				   "--sweep");
	if (o->verbose && o->policy < 0)
		return usage_error("pagesim", "--verbose needs --policy");
	if (o->svg && !o->sweep && o->policy < 0)
		return usage_error("pagesim", "--svg needs --sweep, or "
				   "--frames with --policy");
	return -1;
}

static int parse_pagesim_opts(int argc, char **argv, struct pagesim_opts *o)
{
	static const struct option longopts[] = {
		{ "frames", required_argument, NULL, 'f' },
		{ "policy", required_argument, NULL, 'p' },
		{ "seed", required_argument, NULL, 's' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "pages", no_argument, NULL, 'P' },
		{ "sweep", required_argument, NULL, 'w' },
		{ "svg", required_argument, NULL, 'g' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, ret;

	memset(o, 0, sizeof(*o));
	o->policy = -1;
	o->seed = DEFAULT_SEED;
	options_begin();
	/* ':' first: a missing value is ':', an unknown option '?'. */
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		if (c == 'h') {
			fputs(pagesim_help, stdout);
			return EXIT_OK;
		}
		if (c == ':' || c == '?')
			return option_error("pagesim", c, argv);
		ret = parse_option(c, o);
		if (ret >= 0)
			return ret;
	}
	if (optind + 1 < argc)
		return usage_error("pagesim", "unexpected argument '%s'",
				   argv[optind + 1]);
	if (optind < argc && strcmp(argv[optind], "-"))
		o->file = argv[optind];
	return check_options(o);
}

/* ---- --verbose, --pages and the frames picture ---------------------- */

/*
 * What a run with one policy shows step by step: the pages named VPn
 * (@pic's rows), each step printed (--verbose) and/or recorded for the
 * picture (--svg), with the pages written since they were loaded when
 * the input is a trace (its evictions of them are write-backs).
 */
struct steps {
	const struct pagesim_opts *o;
	const struct refstring *rs;
	struct frames_pic pic;
	unsigned char *dirty;	/* per row, for a trace */
	bool draw;
	int err;		/* out of memory while recording */
};

static const char *vp(const struct steps *st, uint64_t page, char buf[32])
{
	long r = frames_row_of(&st->pic, page);

	return r < 0 ? "?" : frames_vp_name(&st->pic, (size_t)r, buf);
}

static void print_frames(const struct steps *st,
			 const struct elfload_pagesim_step *s)
{
	size_t f, free_frames = s->nframes - s->nfilled;
	char name[32];

	for (f = 0; f < s->nfilled; f++)
		printf("%s%s%s%s", f ? " " : "",
		       s->refbits && s->hand == f ? ">" : "",
		       vp(st, s->frames[f], name),
		       s->refbits && s->refbits[f] ? "*" : "");
	if (free_frames > SHOWN_FREE_FRAMES) {
		printf("%s(%zu free)", s->nfilled ? " " : "", free_frames);
		return;
	}
	for (f = s->nfilled; f < s->nframes; f++)
		printf("%s%s-", f ? " " : "",
		       s->refbits && s->hand == f ? ">" : "");
}

static void print_step(const struct steps *st,
		       const struct elfload_pagesim_step *s)
{
	char name[32];

	printf("%7zu %8s  %-6s  PP%-4zu [", s->index, vp(st, s->page, name),
	       s->hit ? "hit" : "miss", s->frame);
	print_frames(st, s);
	if (s->evicted)
		printf("]  %s\n", vp(st, s->victim, name));
	else
		printf("]  -\n");
}

static void record_step(struct steps *st, const struct elfload_pagesim_step *s)
{
	long row = frames_row_of(&st->pic, s->page);
	long victim = s->evicted ? frames_row_of(&st->pic, s->victim) : -1;
	bool write = st->rs->writes && st->rs->writes[s->index];
	struct fp_col c = { (size_t)row, s->hit, write, (int)s->frame,
			    s->index };

	if (row < 0)
		return;
	if (victim >= 0) {
		struct fp_mark m = { st->pic.total_cols, (size_t)victim, false,
				     st->dirty && st->dirty[victim],
				     (int)s->frame };

		if (frames_add_mark(&st->pic, &m))
			st->err = -ENOMEM;
		if (st->dirty)
			st->dirty[victim] = 0;
	}
	if (st->dirty && write)
		st->dirty[row] = 1;
	if (frames_add_col(&st->pic, &c))
		st->err = -ENOMEM;
}

static void on_step(const struct elfload_pagesim_step *s, void *arg)
{
	struct steps *st = arg;

	if (st->o->verbose)
		print_step(st, s);
	if (st->draw)
		record_step(st, s);
}

/* The rows: the distinct pages in order, with a trace's sections. */
static int steps_init(struct steps *st, const struct pagesim_opts *o,
		      const struct refstring *rs)
{
	size_t i;

	memset(st, 0, sizeof(*st));
	st->o = o;
	st->rs = rs;
	st->draw = o->svg && !o->sweep;
	if (frames_set_rows(&st->pic, rs->pages, rs->n))
		return -ENOMEM;
	st->pic.page_size = rs->page_size;
	st->pic.nframes = (unsigned)(o->frames < 64 ? o->frames : 64);
	for (i = 0; rs->section && i < rs->n; i++) {
		long r = frames_row_of(&st->pic, rs->pages[i]);

		if (rs->section[i] && !st->pic.rows[r].section)
			st->pic.rows[r].section = rs->sections[rs->section[i]];
	}
	if (rs->writes && !(st->dirty = calloc(st->pic.nrows + 1, 1)))
		return -ENOMEM;
	return 0;
}

static void steps_free(struct steps *st)
{
	frames_free(&st->pic);
	free(st->dirty);
}

static void print_pages(const struct steps *st)
{
	char name[32];
	size_t r;

	printf("%-8s %-18s %s\n", "page", st->rs->page_size ? "address" :
				  "page number", "section");
	for (r = 0; r < st->pic.nrows; r++) {
		const struct fp_row *row = &st->pic.rows[r];

		printf("%-8s ", frames_vp_name(&st->pic, r, name));
		if (st->rs->page_size)
			printf("%#-18" PRIx64, row->page * st->rs->page_size);
		else
			printf("%-18" PRIu64, row->page);
		printf(" %s\n", row->section ? row->section : "-");
	}
	putchar('\n');
}

/* ---- the summary and the sweep -------------------------------------- */

static size_t digits(uint64_t v)
{
	size_t n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

static void print_header(const struct elfload_pagesim_refs *r,
			 const struct pagesim_opts *o, const int *policies,
			 size_t npolicies)
{
	size_t k;

	printf("references      %zu\ndistinct pages  %zu\n", r->n,
	       r->distinct);
	if (!o->sweep)
		printf("frames          %zu\n", o->frames);
	for (k = 0; k < npolicies; k++)
		if (policies[k] == ELFLOAD_PAGESIM_RAND)
			printf("seed            %" PRIu64 "\n", o->seed);
}

static int simulate(const struct elfload_pagesim_refs *r,
		    const struct pagesim_opts *o, int policy, size_t frames,
		    struct elfload_pagesim_result *res, struct steps *st)
{
	struct elfload_pagesim_config c = {
		.policy = policy, .frames = frames, .seed = o->seed,
		.step = st ? on_step : NULL, .arg = st,
	};
	struct elfload_diag d;
	int ret = elfload_pagesim_run(r, &c, res, &d);

	if (ret < 0) {
		report(NULL, "%s", d.msg);	/* out of memory */
		return EXIT_SYSTEM;
	}
	return EXIT_OK;
}

static int summary(const struct elfload_pagesim_refs *r,
		   const struct pagesim_opts *o, const int *policies,
		   size_t npolicies, struct steps *st)
{
	struct elfload_pagesim_result res[ELFLOAD_PAGESIM_NPOLICIES];
	size_t k, w = digits(r->n) + 2;
	int ret;

	if (o->verbose)
		printf("  index     page  result  frame  frames PP0..PP%zu  "
		       "victim\n", o->frames - 1);
	for (k = 0; k < npolicies; k++) {
		ret = simulate(r, o, policies[k], o->frames, &res[k],
			       st && (o->verbose || st->draw) ? st : NULL);
		if (ret)
			return ret;
	}
	if (o->verbose)
		putchar('\n');
	print_header(r, o, policies, npolicies);
	if (w < 8)
		w = 8;
	printf("\npolicy %*s %*s  hit rate\n", (int)w, "faults", (int)w,
	       "hits");
	for (k = 0; k < npolicies; k++)
		printf("%-6s %*" PRIu64 " %*" PRIu64 "  %7.2f%%\n",
		       elfload_pagesim_policy_name(policies[k]), (int)w,
		       res[k].faults, (int)w, res[k].hits,
		       100.0 * (double)res[k].hits / (double)r->n);
	return EXIT_OK;
}

static int run_sweep(const struct elfload_pagesim_refs *r,
		     const struct pagesim_opts *o, struct sweep *s)
{
	struct elfload_pagesim_result res;
	size_t frames, k;
	int ret;

	s->faults = reallocarray(NULL, s->hi - s->lo + 1,
				 s->npolicies * sizeof(*s->faults));
	if (!s->faults) {
		report(NULL, "out of memory for a sweep of %zu frame counts",
		       s->hi - s->lo + 1);
		return EXIT_SYSTEM;
	}
	for (frames = s->lo; frames <= s->hi; frames++) {
		for (k = 0; k < s->npolicies; k++) {
			uint64_t *f = &s->faults[(frames - s->lo) *
						 s->npolicies + k];

			/* Enough frames for every page: cold faults only. */
			if (frames >= r->distinct) {
				*f = r->distinct;
				continue;
			}
			ret = simulate(r, o, s->policies[k], frames, &res,
				       NULL);
			if (ret)
				return ret;
			*f = res.faults;
		}
		if (frames == SIZE_MAX)
			break;
	}
	return EXIT_OK;
}

static void print_sweep(const struct elfload_pagesim_refs *r,
			const struct pagesim_opts *o, const struct sweep *s)
{
	size_t frames, k, w = digits(r->n) + 2;

	if (w < 7)
		w = 7;
	print_header(r, o, s->policies, s->npolicies);
	printf("\n%6s", "frames");
	for (k = 0; k < s->npolicies; k++)
		printf(" %*s", (int)w,
		       elfload_pagesim_policy_name(s->policies[k]));
	putchar('\n');
	for (frames = s->lo; frames <= s->hi; frames++) {
		printf("%6zu", frames);
		for (k = 0; k < s->npolicies; k++)
			printf(" %*" PRIu64, (int)w,
			       sweep_faults(s, frames, k));
		putchar('\n');
		if (frames == SIZE_MAX)
			break;
	}
}

static int sweep(const struct elfload_pagesim_refs *r,
		 const struct pagesim_opts *o, const int *policies,
		 size_t npolicies)
{
	struct sweep s = { .lo = o->lo, .hi = o->hi, .npolicies = npolicies,
			   .references = r->n, .distinct = r->distinct };
	FILE *svg = NULL;
	int ret;

	memcpy(s.policies, policies, npolicies * sizeof(*policies));
	/* Open the chart first: a failure leaves standard output empty. */
	if (o->svg && !(svg = svg_open(o->svg)))
		return EXIT_SYSTEM;
	ret = run_sweep(r, o, &s);
	if (ret == EXIT_OK) {
		print_sweep(r, o, &s);
		if (svg)
			write_sweep_svg(svg, &s);
	}
	if (svg)
		ret = svg_close(svg, o->svg, ret);
	free(s.faults);
	return ret;
}

/* ---- the command ---------------------------------------------------- */

static int read_input(const struct pagesim_opts *o, struct refstring *rs)
{
	const char *name = o->file ? o->file : "(standard input)";
	FILE *f = o->file ? fopen(o->file, "r") : stdin;
	int ret;

	if (!f) {
		report(name, "%s", strerror(errno));
		return exit_code_for(-errno);
	}
	ret = read_refstring(f, name, rs);
	if (f != stdin)
		fclose(f);
	return ret;
}

/* The summary with the pages named, printed step by step or drawn. */
static int run_steps(const struct elfload_pagesim_refs *r,
		     const struct pagesim_opts *o, const int *policies,
		     size_t npolicies, const struct refstring *rs)
{
	struct steps st;
	FILE *svg = NULL;
	int ret;

	if (steps_init(&st, o, rs)) {
		steps_free(&st);
		report(NULL, "out of memory");
		return EXIT_SYSTEM;
	}
	if (st.draw && !(svg = svg_open(o->svg))) {
		steps_free(&st);
		return EXIT_SYSTEM;
	}
	if (o->pages)
		print_pages(&st);
	if (o->sweep)
		ret = sweep(r, o, policies, npolicies);
	else
		ret = summary(r, o, policies, npolicies, &st);
	if (ret == EXIT_OK && st.err) {
		report(NULL, "out of memory");
		ret = EXIT_SYSTEM;
	}
	if (svg) {
		snprintf(st.pic.title, sizeof(st.pic.title),
			 "Page frames over time: %s with %zu frames",
			 elfload_pagesim_policy_name(o->policy), o->frames);
		snprintf(st.pic.subtitle, sizeof(st.pic.subtitle),
			 "%zu references to %zu pages, simulated (elfload "
			 "pagesim) from %s",
			 rs->n, st.pic.nrows, o->file ? o->file : "standard input");
		if (ret == EXIT_OK)
			write_frames_svg(svg, &st.pic, true);
		ret = svg_close(svg, o->svg, ret);
	}
	steps_free(&st);
	return ret;
}

static int simulate_all(const struct pagesim_opts *o,
			const struct refstring *rs)
{
	int policies[ELFLOAD_PAGESIM_NPOLICIES];
	struct elfload_pagesim_refs r;
	struct elfload_diag d;
	size_t npolicies = 0;
	int ret, p;

	if (elfload_pagesim_refs_init(&r, rs->pages, rs->n, &d) < 0) {
		report(o->file ? o->file : "(standard input)", "%s", d.msg);
		return EXIT_SYSTEM;
	}
	for (p = 0; p < ELFLOAD_PAGESIM_NPOLICIES; p++)
		if (o->policy < 0 || o->policy == p)
			policies[npolicies++] = p;
	if (o->verbose || o->pages || (o->svg && !o->sweep))
		ret = run_steps(&r, o, policies, npolicies, rs);
	else if (o->sweep)
		ret = sweep(&r, o, policies, npolicies);
	else
		ret = summary(&r, o, policies, npolicies, NULL);
	elfload_pagesim_refs_free(&r);
	return ret;
}

int cmd_pagesim(int argc, char **argv)
{
	struct pagesim_opts o;
	struct refstring rs = { 0 };
	int ret = parse_pagesim_opts(argc, argv, &o);

	if (ret >= 0)
		return ret;
	ret = read_input(&o, &rs);
	if (ret == EXIT_OK)
		ret = simulate_all(&o, &rs);
	refstring_free(&rs);
	if (ret == EXIT_OK && fflush(stdout)) {
		report(NULL, "standard output: %s", strerror(errno));
		ret = EXIT_SYSTEM;
	}
	return ret;
}
