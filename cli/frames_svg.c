// SPDX-License-Identifier: MIT
/*
 * Page frames over time (see frames_svg.h): the model made from a trace
 * or filled by a simulation, and its one writer.
 *
 * The picture: a row per virtual page, labelled VPi with its address and
 * section when known; a column per reference.  While a page is resident
 * a bar in its frame's colour runs along its row, labelled PPj; a fault
 * is a red-edged cell naming the frame it filled, a hit a dot, an
 * eviction a cross on the victim's row in the column of the fault that
 * needed its frame, a write-back a "W" beside it (and clock's cleared
 * reference bit a small ring).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "frames_svg.h"
#include "svg.h"

#define LEFT 230.0
#define TOP 90.0
#define ROW_H 18.0
#define MAX_CELL 28.0
#define MIN_CELL 5.0
#define PLOT_W 900.0

/* The frames' colours, PP0, PP1, ... (cycled). */
static const char *const frame_fill[] = {
	"#a6cee3", "#b2df8a", "#fdbf6f", "#cab2d6",
	"#ffff99", "#fb9a99", "#8dd3c7", "#d9d9d9",
};
#define NFILLS (sizeof(frame_fill) / sizeof(frame_fill[0]))

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int frames_set_rows(struct frames_pic *p, const uint64_t *pages, size_t n)
{
	uint64_t *sorted = reallocarray(NULL, n ? n : 1, sizeof(*sorted));
	size_t i, k = 0;

	if (!sorted)
		return -ENOMEM;
	memcpy(sorted, pages, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_u64);
	p->rows = calloc(n ? n : 1, sizeof(*p->rows));
	if (!p->rows) {
		free(sorted);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++)
		if (!k || sorted[i] != p->rows[k - 1].page)
			p->rows[k++].page = sorted[i];
	p->nrows = k;
	free(sorted);
	return 0;
}

long frames_row_of(const struct frames_pic *p, uint64_t page)
{
	size_t lo = 0, hi = p->nrows;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (p->rows[mid].page == page)
			return (long)mid;
		if (p->rows[mid].page < page)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Columns kept: FRAMES_MAX_COLS for a picture, all for a listing. */
static size_t col_limit(const struct frames_pic *p)
{
	return p->all_cols ? SIZE_MAX : FRAMES_MAX_COLS;
}

int frames_add_col(struct frames_pic *p, const struct fp_col *c)
{
	p->total_cols++;
	if (p->ncols == col_limit(p))
		return 0;
	if (p->ncols == p->cap_cols) {
		size_t cap = p->cap_cols ? 2 * p->cap_cols : 256;
		struct fp_col *grown = reallocarray(p->cols, cap,
						    sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		p->cols = grown;
		p->cap_cols = cap;
	}
	p->cols[p->ncols++] = *c;
	return 0;
}

int frames_add_mark(struct frames_pic *p, const struct fp_mark *m)
{
	if (m->col >= col_limit(p))
		return 0;
	if (p->nmarks == p->cap_marks) {
		size_t cap = p->cap_marks ? 2 * p->cap_marks : 64;
		struct fp_mark *grown = reallocarray(p->marks, cap,
						     sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		p->marks = grown;
		p->cap_marks = cap;
	}
	p->marks[p->nmarks++] = *m;
	return 0;
}

void frames_free(struct frames_pic *p)
{
	free(p->rows);
	free(p->cols);
	free(p->marks);
	memset(p, 0, sizeof(*p));
}

const char *frames_vp_name(const struct frames_pic *p, size_t row,
			   char buf[32])
{
	if (p->page_size)
		snprintf(buf, 32, "VP%zu", row);
	else
		snprintf(buf, 32, "VP%" PRIu64, p->rows[row].page);
	return buf;
}

/* ---- from a trace ---------------------------------------------------- */

static bool counted(const struct elfload_event *e, enum elfload_event_kind k)
{
	return e->kind == k && e->process == 0;
}

static int trace_rows(struct frames_pic *p, const struct trace *t)
{
	uint64_t *pages = reallocarray(NULL, t->nev ? t->nev : 1,
				       sizeof(*pages));
	size_t i, n = 0;
	int ret;

	if (!pages)
		return -ENOMEM;
	for (i = 0; i < t->nev; i++)
		if (counted(&t->ev[i], ELFLOAD_EV_FAULT))
			pages[n++] = t->ev[i].page / t->page_size;
	ret = frames_set_rows(p, pages, n);
	free(pages);
	if (ret)
		return ret;
	/* Each page's section: where its first fault was. */
	for (i = 0; i < t->nev; i++) {
		const struct elfload_event *e = &t->ev[i];
		long r = counted(e, ELFLOAD_EV_FAULT) ?
				 frames_row_of(p, e->page / t->page_size) : -1;

		if (r >= 0 && !p->rows[r].section && e->section &&
		    strcmp(e->section, "-"))
			p->rows[r].section = e->section;
	}
	return 0;
}

int frames_from_trace(struct frames_pic *p, const struct trace *t,
		      bool all_cols)
{
	unsigned top = 0;
	size_t i;
	int ret;

	memset(p, 0, sizeof(*p));
	p->all_cols = all_cols;
	p->page_size = t->page_size;
	ret = trace_rows(p, t);
	for (i = 0; ret == 0 && i < t->nev; i++) {
		const struct elfload_event *e = &t->ev[i];
		long r = frames_row_of(p, e->page / t->page_size);

		if (r < 0)
			continue;
		if (e->frame >= 0 && (unsigned)e->frame >= top)
			top = (unsigned)e->frame + 1;
		if (counted(e, ELFLOAD_EV_FAULT)) {
			struct fp_col c = { (size_t)r, false, e->write,
					    e->frame, e->seq };

			ret = frames_add_col(p, &c);
		} else if (counted(e, ELFLOAD_EV_EVICT)) {
			struct fp_mark m = { p->total_cols, (size_t)r, e->kept,
					     e->dirty && !e->kept, e->frame };

			ret = frames_add_mark(p, &m);
		}
	}
	p->nframes = top;
	snprintf(p->title, sizeof(p->title), "Page frames of %s over time",
		 t->prog ? t->prog : "a trace");
	return ret;
}

/* ---- the writer ------------------------------------------------------ */

struct geometry {
	double cell;		/* a column's width */
	double width, height;
};

static double col_x(const struct geometry *g, size_t col)
{
	return LEFT + g->cell * (double)col;
}

static double row_y(size_t row)
{
	return TOP + ROW_H * (double)row;
}

static void draw_rows(FILE *f, const struct frames_pic *p,
		      const struct geometry *g)
{
	char name[32];
	size_t r;

	fputs("<g class=\"rows\" font-size=\"11\">\n", f);
	for (r = 0; r < p->nrows && r < FRAMES_MAX_ROWS; r++) {
		fprintf(f, "<g class=\"vp\" data-row=\"%zu\" data-page=\"",
			r);
		if (p->page_size)
			fprintf(f, "0x%" PRIx64, p->rows[r].page * p->page_size);
		else
			fprintf(f, "%" PRIu64, p->rows[r].page);
		fputc('"', f);
		if (p->rows[r].section) {
			fputs(" data-section=\"", f);
			svg_escape(f, p->rows[r].section);
			fputc('"', f);
		}
		fputc('>', f);
		/* Every other row shaded (the background is white). */
		if (r % 2)
			fprintf(f, "<rect x=\"0\" y=\"%.1f\" width=\"%.1f\" "
				   "height=\"%.1f\" fill=\"#f7f7f7\"/>",
				row_y(r), g->width, ROW_H);
		fprintf(f, "<text x=\"8\" y=\"%.1f\"><tspan "
			   "font-weight=\"bold\">%s</tspan>",
			row_y(r) + 13, frames_vp_name(p, r, name));
		if (p->page_size)
			fprintf(f, " 0x%" PRIx64,
				p->rows[r].page * p->page_size);
		if (p->rows[r].section) {
			fputc(' ', f);
			svg_escape(f, p->rows[r].section);
		}
		fputs("</text></g>\n", f);
	}
	fputs("</g>\n", f);
}

static void draw_bar(FILE *f, const struct geometry *g, size_t row,
		     size_t from, size_t to, int frame)
{
	double x = col_x(g, from), w = g->cell * (double)(to - from);

	fprintf(f, "<g class=\"resident\" data-row=\"%zu\" data-frame=\"%d\">"
		   "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
		   "fill=\"%s\"/>",
		row, frame, x, row_y(row) + 2, w, ROW_H - 4,
		frame >= 0 ? frame_fill[(unsigned)frame % NFILLS] : "#c6dbef");
	if (frame >= 0 && w >= 40)
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" "
			   "fill=\"#333333\">PP%d</text>",
			x + g->cell + 2, row_y(row) + 12, frame);
	fputs("</g>\n", f);
}

/* The bars: from each fault of a page to the eviction that ends it. */
static void draw_resident(FILE *f, const struct frames_pic *p,
			  const struct geometry *g)
{
	size_t *from = calloc(p->nrows + 1, sizeof(*from));
	int *frame = calloc(p->nrows + 1, sizeof(*frame));
	bool *in = calloc(p->nrows + 1, sizeof(*in));
	size_t c, m = 0, r;

	if (!from || !frame || !in)
		goto free_all;
	for (c = 0; c < p->ncols; c++) {
		const struct fp_col *col = &p->cols[c];

		for (; m < p->nmarks && p->marks[m].col <= c; m++) {
			r = p->marks[m].row;
			if (in[r] && !p->marks[m].cleared &&
			    r < FRAMES_MAX_ROWS) {
				draw_bar(f, g, r, from[r], c, frame[r]);
				in[r] = false;
			}
		}
		if (!col->hit && !in[col->row]) {
			in[col->row] = true;
			from[col->row] = c;
			frame[col->row] = col->frame;
		}
	}
	for (r = 0; r < p->nrows && r < FRAMES_MAX_ROWS; r++)
		if (in[r])
			draw_bar(f, g, r, from[r], p->ncols, frame[r]);
free_all:
	free(from);
	free(frame);
	free(in);
}

static void draw_cols(FILE *f, const struct frames_pic *p,
		      const struct geometry *g)
{
	char name[32];
	size_t c;

	fputs("<g class=\"cells\" fill=\"none\" stroke=\"#d62728\" "
	      "stroke-width=\"1.5\">\n", f);
	for (c = 0; c < p->ncols; c++) {
		const struct fp_col *col = &p->cols[c];
		double x = col_x(g, c), y = row_y(col->row);

		if (col->row >= FRAMES_MAX_ROWS)
			continue;
		frames_vp_name(p, col->row, name);
		if (col->hit) {
			fprintf(f, "<circle class=\"hit\" data-col=\"%zu\" "
				   "cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" "
				   "fill=\"#333333\" stroke=\"none\"><title>%zu: %s hit"
				   "</title></circle>\n",
				c, x + g->cell / 2, y + ROW_H / 2, c, name);
			continue;
		}
		fprintf(f, "<g class=\"fault\" data-seq=\"%" PRIu64 "\" "
			   "data-page=\"", col->seq);
		if (p->page_size)
			fprintf(f, "0x%" PRIx64, p->rows[col->row].page *
							 p->page_size);
		else
			fprintf(f, "%" PRIu64, p->rows[col->row].page);
		fprintf(f, "\" data-frame=\"%d\"><title>%s %" PRIu64 ": %s "
			   "%s",
			col->frame, p->page_size ? "fault" : "reference",
			col->seq, name, col->write ? "write" : "read");
		if (col->frame >= 0)
			fprintf(f, ", into PP%d", col->frame);
		/* The cells' style is their parent's (draw_cols). */
		fprintf(f, "</title><rect x=\"%.1f\" y=\"%.1f\" "
			   "width=\"%.1f\" height=\"%.1f\"/>",
			x + 0.5, y + 1, g->cell - 1, ROW_H - 2);
		if (col->frame >= 0 && g->cell >= 20)
			fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#000000\" "
				   "stroke=\"none\" font-size=\"8\" "
				   "text-anchor=\"middle\">PP%d</text>",
				x + g->cell / 2, y + 12, col->frame);
		fputs("</g>\n", f);
	}
	fputs("</g>\n", f);
}

static void draw_marks(FILE *f, const struct frames_pic *p,
		       const struct geometry *g)
{
	char name[32];
	size_t i;

	for (i = 0; i < p->nmarks; i++) {
		const struct fp_mark *m = &p->marks[i];
		double x = col_x(g, m->col), y = row_y(m->row) + ROW_H / 2;

		if (m->row >= FRAMES_MAX_ROWS || m->col >= p->ncols)
			continue;
		frames_vp_name(p, m->row, name);
		if (m->cleared) {
			fprintf(f, "<circle class=\"cleared\" cx=\"%.1f\" "
				   "cy=\"%.1f\" r=\"3\" fill=\"none\" "
				   "stroke=\"#555555\"><title>%s: reference "
				   "bit cleared</title></circle>\n",
				x, y, name);
			continue;
		}
		fprintf(f, "<g class=\"evict\" data-row=\"%zu\" data-col=\"%zu\" "
			   "data-frame=\"%d\"><title>%s evicted from PP%d"
			   "%s</title><path d=\"M%.1f %.1f L%.1f %.1f M%.1f %.1f "
			   "L%.1f %.1f\" stroke=\"#000000\" stroke-width=\"1.5\"/>"
			   "</g>\n",
			m->row, m->col, m->frame, name, m->frame,
			m->writeback ? ", written back" : "", x - 4, y - 4,
			x + 4, y + 4, x - 4, y + 4, x + 4, y - 4);
		if (m->writeback)
			fprintf(f, "<text class=\"writeback\" data-row=\"%zu\" "
				   "x=\"%.1f\" y=\"%.1f\" font-size=\"9\" "
				   "font-weight=\"bold\" fill=\"#d62728\">W"
				   "<title>%s written back</title></text>\n",
				m->row, x + 5, y - 2, name);
	}
}

static void draw_axis(FILE *f, const struct frames_pic *p,
		      const struct geometry *g)
{
	size_t step = 1, c;

	while (g->cell * (double)step < 24)
		step *= 2;
	fprintf(f, "<g class=\"axis\" font-size=\"9\" fill=\"#555555\" "
		   "text-anchor=\"middle\">\n");
	for (c = 0; c < p->ncols; c += step)
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">%zu</text>\n",
			col_x(g, c) + g->cell / 2, TOP - 6, c);
	fprintf(f, "</g>\n<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">%s"
		   "</text>\n",
		LEFT, TOP - 22, p->page_size ? "faults, in order" :
						"references, in order");
}

static void draw_legend(FILE *f, const struct frames_pic *p, double y)
{
	unsigned j;

	fprintf(f, "<g class=\"legend\" font-size=\"11\">\n"
		   "<rect x=\"20\" y=\"%.1f\" width=\"14\" height=\"14\" "
		   "fill=\"none\" stroke=\"#d62728\" stroke-width=\"1.5\"/>"
		   "<text x=\"40\" y=\"%.1f\">fault</text>\n"
		   "<circle cx=\"107\" cy=\"%.1f\" r=\"2.5\" fill=\"#333333\"/>"
		   "<text x=\"115\" y=\"%.1f\">hit</text>\n"
		   "<path d=\"M163 %.1f L171 %.1f M163 %.1f L171 %.1f\" "
		   "stroke=\"#000000\" stroke-width=\"1.5\"/>"
		   "<text x=\"177\" y=\"%.1f\">evicted</text>\n"
		   "<text x=\"240\" y=\"%.1f\" font-weight=\"bold\" "
		   "fill=\"#d62728\">W</text><text x=\"254\" y=\"%.1f\">"
		   "written back</text>\n",
		y, y + 11, y + 7, y + 11, y + 3, y + 11, y + 11, y + 3, y + 11,
		y + 11, y + 11);
	for (j = 0; j < p->nframes && j < 64; j++)
		fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" "
			   "height=\"14\" fill=\"%s\"/><text x=\"%.1f\" "
			   "y=\"%.1f\">PP%u</text>\n",
			350.0 + 60 * (j % 12), y + 22.0 * (j / 12),
			frame_fill[j % NFILLS], 368.0 + 60 * (j % 12),
			y + 11 + 22.0 * (j / 12), j);
	fputs("</g>\n", f);
}

static void write_clamped(FILE *f, const struct frames_pic *p, bool standalone)
{
	struct geometry g;
	size_t rows = p->nrows < FRAMES_MAX_ROWS ? p->nrows : FRAMES_MAX_ROWS;

	g.cell = p->ncols ? PLOT_W / (double)p->ncols : MAX_CELL;
	g.cell = g.cell > MAX_CELL ? MAX_CELL : g.cell < MIN_CELL ? MIN_CELL :
								   g.cell;
	g.width = LEFT + g.cell * (double)p->ncols + 20;
	g.width = g.width < 720 ? 720 : g.width;
	g.height = row_y(rows) + 40 + 22.0 * (1 + p->nframes / 12);
	svg_begin(f, "frames", g.width, g.height, standalone);
	fputs("<text class=\"title\" x=\"20\" y=\"26\" font-size=\"16\">", f);
	svg_escape(f, p->title);
	fputs("</text>\n<text x=\"20\" y=\"46\" fill=\"#555555\">", f);
	svg_escape(f, p->subtitle);
	if (p->total_cols > p->ncols)
		fprintf(f, " (the first %zu of %zu)", p->ncols, p->total_cols);
	if (p->nrows > rows)
		fprintf(f, " (the first %zu of %zu pages)", rows, p->nrows);
	fputs("</text>\n", f);
	draw_rows(f, p, &g);
	draw_resident(f, p, &g);
	draw_axis(f, p, &g);
	draw_cols(f, p, &g);
	draw_marks(f, p, &g);
	draw_legend(f, p, row_y(rows) + 18);
	fputs("</svg>\n", f);
}

void write_frames_svg(FILE *f, const struct frames_pic *p, bool standalone)
{
	/* A listing's model may hold more columns than a picture shows. */
	struct frames_pic q = *p;

	if (q.ncols > FRAMES_MAX_COLS)
		q.ncols = FRAMES_MAX_COLS;
	write_clamped(f, &q, standalone);
}
