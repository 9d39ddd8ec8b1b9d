// SPDX-License-Identifier: MIT
/*
 * elfload faults TRACE: the summary of a trace saved by run --demand;
 * --pages: every fault with its page named VPn and its frame PPj; --svg:
 * the page frames over time, drawn from the trace (cli/frames_svg.c).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <string.h>

#include "cli.h"
#include "frames_svg.h"
#include "svg.h"
#include "trace.h"

static const char faults_help[] =
	"Usage: elfload faults [--json | --pages] [--svg FILE] TRACE\n"
	"Print again the summary of a fault trace written by\n"
	"'elfload run --demand --trace TRACE' (text or JSON Lines): faults\n"
	"per VMA and per section, pages touched against pages mapped, time\n"
	"spent serving.  TRACE - reads standard input.\n\n"
	"  --json       write the trace's events as JSON Lines instead\n"
	"  --pages      list the program's pages as VP0, VP1, ... (address\n"
	"               order) with address and section, then every fault:\n"
	"               its page, access, how it was served, the frame PPj it\n"
	"               got under --frames, and the pages evicted for it\n"
	"  --svg FILE   also draw the page frames over time: a row per page,\n"
	"               a column per fault, each page's frame while resident,\n"
	"               evictions and write-backs\n"
	"  --help       show this help\n\n"
	"Exit status: 0 success, 1 not a valid trace, 2 usage error,\n"
	"3 the file cannot be read.\n";

struct faults_opts {
	bool json, pages;
	const char *svg;
	const char *file;
};

static int parse_faults_opts(int argc, char **argv, struct faults_opts *o)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "pages", no_argument, NULL, 'p' },
		{ "svg", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	options_begin();
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': o->json = true; break;
		case 'p': o->pages = true; break;
		case 's': o->svg = optarg; break;
		case 'h':
			fputs(faults_help, stdout);
			return EXIT_OK;
		default:
			return option_error("faults", c, argv);
		}
	}
	if (o->json && o->pages)
		return usage_error("faults", "--json and --pages exclude each "
				   "other");
	if (optind >= argc)
		return usage_error("faults", "missing TRACE");
	if (optind + 1 < argc)
		return usage_error("faults", "unexpected argument '%s'",
				   argv[optind + 1]);
	o->file = argv[optind];
	return -1;
}

/* The pages, then one line per fault with what was evicted for it. */
static void print_pages(const struct frames_pic *p)
{
	char name[32], victim[32];
	size_t r, c, m = 0;

	printf("%-8s %-18s %s\n", "page", "address", "section");
	for (r = 0; r < p->nrows; r++)
		printf("%-8s %#-18" PRIx64 " %s\n", frames_vp_name(p, r, name),
		       p->rows[r].page * p->page_size,
		       p->rows[r].section ? p->rows[r].section : "-");
	printf("\n%8s  %-8s %-6s %-6s %s\n", "seq", "page", "access", "frame",
	       "evicted first");
	for (c = 0; c < p->ncols; c++) {
		const struct fp_col *col = &p->cols[c];
		char frame[16] = "-";

		if (col->frame >= 0)
			snprintf(frame, sizeof(frame), "PP%d", col->frame);
		printf("%8" PRIu64 "  %-8s %-6s %-6s", col->seq,
		       frames_vp_name(p, col->row, name),
		       col->write ? "write" : "read", frame);
		for (; m < p->nmarks && p->marks[m].col <= c; m++)
			printf(" %s%s", frames_vp_name(p, p->marks[m].row,
						       victim),
			       p->marks[m].cleared ? " (bit cleared)" :
			       p->marks[m].writeback ? " (written back)" : "");
		putchar('\n');
	}
	if (p->total_cols > p->ncols)
		printf("(the first %zu of %zu faults)\n", p->ncols,
		       p->total_cols);
}

/* --pages and --svg: the frames model of the trace. */
static int show_frames(const struct faults_opts *o, const struct trace *t)
{
	struct frames_pic p;
	FILE *svg = NULL;
	int ret = EXIT_OK;

	if (o->svg && !(svg = svg_open(o->svg)))
		return EXIT_SYSTEM;
	if (frames_from_trace(&p, t, o->pages)) {
		report(o->file, "out of memory");
		ret = EXIT_SYSTEM;
	} else if (o->pages) {
		print_pages(&p);
	} else if (!o->json) {
		trace_summary(stdout, t);
	}
	if (svg) {
		snprintf(p.subtitle, sizeof(p.subtitle),
			 "%zu faults of process 0 on %zu pages, %s, recorded "
			 "by elfload run --demand", p.total_cols, p.nrows,
			 p.nframes ? "frame-limited" : "no frame limit");
		if (ret == EXIT_OK)
			write_frames_svg(svg, &p, true);
		ret = svg_close(svg, o->svg, ret);
	}
	frames_free(&p);
	return ret;
}

int cmd_faults(int argc, char **argv)
{
	struct faults_opts o;
	struct trace t;
	char err[128];
	FILE *f;
	int ret = parse_faults_opts(argc, argv, &o);

	if (ret >= 0)
		return ret;
	f = strcmp(o.file, "-") ? fopen(o.file, "re") : stdin;
	if (!f) {
		report(o.file, "%s", strerror(errno));
		return EXIT_SYSTEM;
	}
	ret = trace_read(f, &t, err, sizeof(err));
	if (f != stdin)
		fclose(f);
	if (ret) {
		report(o.file, "%s", err);
		trace_free(&t);
		return ret == -ENOMEM ? EXIT_SYSTEM : EXIT_BAD_ELF;
	}
	ret = EXIT_OK;
	if (o.json)
		trace_write(stdout, &t, TRACE_JSON);
	if (o.svg || o.pages)
		ret = show_frames(&o, &t);
	else if (!o.json)
		trace_summary(stdout, &t);
	trace_free(&t);
	return ret;
}
