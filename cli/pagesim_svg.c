// SPDX-License-Identifier: MIT
/*
 * elfload pagesim --svg: the sweep as an SVG line chart, written by
 * hand: frames on x, page faults on y (from 0), one polyline with
 * markers per policy, a legend.  A point with more faults than the one
 * before it (one frame fewer: Belady's anomaly) gets a ring, except for
 * rand, whose ups and downs are chance.
 *
 * Lines that coincide stay visible: each policy is drawn thinner than
 * the one before it and with its own dash pattern.
 */
#include <inttypes.h>

#include "cli.h"
#include "pagesim_svg.h"

#define WIDTH 780
#define HEIGHT 440
#define PLOT_LEFT 70.0
#define PLOT_RIGHT 550.0
#define PLOT_TOP 60.0
#define PLOT_BOTTOM 380.0

struct policy_style {
	const char *color;
	double width;
	const char *dash;	/* NULL: solid */
	double marker;		/* radius */
};

/* Indexed by enum elfload_pagesim_policy: fifo, lru, opt, clock, rand. */
static const struct policy_style styles[ELFLOAD_PAGESIM_NPOLICIES] = {
	{ "#d62728", 6.0, NULL, 5.0 },
	{ "#1f77b4", 4.5, "10 5", 4.0 },
	{ "#2ca02c", 3.0, NULL, 3.5 },
	{ "#ff7f0e", 2.0, "4 3", 2.5 },
	{ "#9467bd", 1.5, "1 3", 2.0 },
};

/* The data range shown on each axis, and the tick spacing. */
struct axes {
	double xmin, xmax;	/* frames */
	double ymax;		/* faults; y starts at 0 */
	uint64_t xstep, ystep;
};

/* 1, 2, 5, 10, 20, 50...: the first step giving at most @ticks ticks. */
static uint64_t tick_step(uint64_t range, uint64_t ticks)
{
	static const uint64_t mult[] = { 1, 2, 5 };
	uint64_t base = 1;

	for (;;) {
		for (int i = 0; i < 3; i++)
			if (range / (base * mult[i]) < ticks)
				return base * mult[i];
		if (base > UINT64_MAX / 100)
			return base * 10;
		base *= 10;
	}
}

static void find_axes(const struct sweep *s, struct axes *a)
{
	uint64_t top = 1, f;
	size_t frames, k;

	for (frames = s->lo; frames <= s->hi; frames++) {
		for (k = 0; k < s->npolicies; k++) {
			f = sweep_faults(s, frames, k);
			top = f > top ? f : top;
		}
		if (frames == s->hi)
			break;
	}
	a->ystep = tick_step(top, 8);
	a->ymax = (double)((top + a->ystep - 1) / a->ystep * a->ystep);
	a->xstep = tick_step(s->hi - s->lo, 12);
	/* Room on each side, so that markers clear the y axis. */
	a->xmin = (double)s->lo - 0.5 - (double)(s->hi - s->lo) * 0.03;
	a->xmax = (double)s->hi + 0.5 + (double)(s->hi - s->lo) * 0.03;
}

static double x_of(const struct axes *a, double frames)
{
	return PLOT_LEFT + (frames - a->xmin) / (a->xmax - a->xmin) *
				   (PLOT_RIGHT - PLOT_LEFT);
}

static double y_of(const struct axes *a, double faults)
{
	return PLOT_BOTTOM - faults / a->ymax * (PLOT_BOTTOM - PLOT_TOP);
}

/* The first multiple of the x step inside the x range (and >= 0). */
static uint64_t first_x_tick(const struct axes *a)
{
	uint64_t v = 0;

	if (a->xmin > 0)
		v = (uint64_t)a->xmin + 1;
	return (v + a->xstep - 1) / a->xstep * a->xstep;
}

static void draw_axes(FILE *f, const struct axes *a)
{
	uint64_t v;

	fprintf(f, "<g class=\"grid\" stroke=\"#dddddd\" stroke-width=\"1\">\n");
	for (v = a->ystep; (double)v <= a->ymax; v += a->ystep)
		fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
			   "y2=\"%.1f\"/>\n",
			PLOT_LEFT, y_of(a, (double)v), PLOT_RIGHT,
			y_of(a, (double)v));
	fprintf(f, "</g>\n<g class=\"axes\" stroke=\"#000000\" "
		   "stroke-width=\"1\">\n"
		   "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n"
		   "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
		PLOT_LEFT, PLOT_BOTTOM, PLOT_RIGHT, PLOT_BOTTOM, PLOT_LEFT,
		PLOT_TOP, PLOT_LEFT, PLOT_BOTTOM);
	for (v = 0; (double)v <= a->ymax; v += a->ystep)
		fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
			   "y2=\"%.1f\"/>\n",
			PLOT_LEFT - 5, y_of(a, (double)v), PLOT_LEFT,
			y_of(a, (double)v));
	for (v = first_x_tick(a); (double)v <= a->xmax; v += a->xstep)
		fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
			   "y2=\"%.1f\"/>\n",
			x_of(a, (double)v), PLOT_BOTTOM, x_of(a, (double)v),
			PLOT_BOTTOM + 5);
	fprintf(f, "</g>\n");
}

static void draw_tick_labels(FILE *f, const struct axes *a)
{
	uint64_t v;

	fprintf(f, "<g class=\"ticks\" text-anchor=\"end\">\n");
	for (v = 0; (double)v <= a->ymax; v += a->ystep)
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">%" PRIu64 "</text>\n",
			PLOT_LEFT - 8, y_of(a, (double)v) + 4, v);
	fprintf(f, "</g>\n<g class=\"ticks\" text-anchor=\"middle\">\n");
	for (v = first_x_tick(a); (double)v <= a->xmax; v += a->xstep)
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">%" PRIu64 "</text>\n",
			x_of(a, (double)v), PLOT_BOTTOM + 20, v);
	fprintf(f, "</g>\n"
		   "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">"
		   "frames</text>\n"
		   "<text transform=\"translate(%.1f %.1f) rotate(-90)\" "
		   "text-anchor=\"middle\">page faults</text>\n",
		(PLOT_LEFT + PLOT_RIGHT) / 2, PLOT_BOTTOM + 45, PLOT_LEFT - 45,
		(PLOT_TOP + PLOT_BOTTOM) / 2);
}

static void stroke_style(FILE *f, const struct policy_style *st)
{
	fprintf(f, "stroke=\"%s\" stroke-width=\"%.1f\"", st->color,
		st->width);
	if (st->dash)
		fprintf(f, " stroke-dasharray=\"%s\"", st->dash);
}

static void draw_policy(FILE *f, const struct sweep *s, const struct axes *a,
			size_t k)
{
	const char *name = elfload_pagesim_policy_name(s->policies[k]);
	const struct policy_style *st = &styles[s->policies[k]];
	size_t frames;

	fprintf(f, "<g class=\"policy\" data-policy=\"%s\">\n<title>%s</title>\n"
		   "<polyline data-policy=\"%s\" fill=\"none\" "
		   "stroke-linejoin=\"round\" ",
		name, name, name);
	stroke_style(f, st);
	fprintf(f, " points=\"");
	for (frames = s->lo; frames <= s->hi; frames++) {
		fprintf(f, "%s%.1f,%.1f", frames > s->lo ? " " : "",
			x_of(a, (double)frames),
			y_of(a, (double)sweep_faults(s, frames, k)));
		if (frames == s->hi)
			break;
	}
	fprintf(f, "\"/>\n");
	for (frames = s->lo; frames <= s->hi; frames++) {
		uint64_t v = sweep_faults(s, frames, k);
		double x = x_of(a, (double)frames), y = y_of(a, (double)v);

		fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" "
			   "fill=\"%s\"/>\n",
			x, y, st->marker, st->color);
		if (frames > s->lo && v > sweep_faults(s, frames - 1, k) &&
		    s->policies[k] != ELFLOAD_PAGESIM_RAND)
			fprintf(f, "<circle class=\"anomaly\" cx=\"%.1f\" "
				   "cy=\"%.1f\" r=\"11\" fill=\"none\" "
				   "stroke=\"%s\" stroke-width=\"1.5\"/>\n",
				x, y, st->color);
		if (frames == s->hi)
			break;
	}
	fprintf(f, "</g>\n");
}

static void draw_legend(FILE *f, const struct sweep *s)
{
	double x = PLOT_RIGHT + 25, y = PLOT_TOP + 10;
	size_t k;

	fprintf(f, "<g class=\"legend\">\n");
	for (k = 0; k < s->npolicies; k++, y += 24) {
		const struct policy_style *st = &styles[s->policies[k]];

		fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
			   "y2=\"%.1f\" ",
			x, y, x + 36, y);
		stroke_style(f, st);
		fprintf(f, "/>\n<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" "
			   "fill=\"%s\"/>\n"
			   "<text x=\"%.1f\" y=\"%.1f\">%s</text>\n",
			x + 18, y, st->marker, st->color, x + 46, y + 4,
			elfload_pagesim_policy_name(s->policies[k]));
	}
	fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"11\" fill=\"none\" "
		   "stroke=\"#555555\" stroke-width=\"1.5\"/>\n"
		   "<text x=\"%.1f\" y=\"%.1f\">more faults with</text>\n"
		   "<text x=\"%.1f\" y=\"%.1f\">one frame more</text>\n"
		   "<text x=\"%.1f\" y=\"%.1f\">(Belady's anomaly)</text>\n"
		   "</g>\n",
		x + 18, y + 8, x + 36, y + 4, x + 36, y + 18, x + 36, y + 32);
}

void write_sweep_svg(FILE *f, const struct sweep *s)
{
	struct axes a;
	size_t k;

	find_axes(s, &a);
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		   "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
		   "height=\"%d\" viewBox=\"0 0 %d %d\" "
		   "font-family=\"sans-serif\" font-size=\"13\">\n"
		   "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n"
		   "<text x=\"%.1f\" y=\"26\" text-anchor=\"middle\" "
		   "font-size=\"16\">Page faults by number of frames</text>\n"
		   "<text x=\"%.1f\" y=\"44\" text-anchor=\"middle\" "
		   "fill=\"#555555\">%zu references, %zu distinct pages"
		   "</text>\n",
		WIDTH, HEIGHT, WIDTH, HEIGHT, WIDTH, HEIGHT,
		(PLOT_LEFT + PLOT_RIGHT) / 2, (PLOT_LEFT + PLOT_RIGHT) / 2,
		s->references, s->distinct);
	draw_axes(f, &a);
	draw_tick_labels(f, &a);
	for (k = 0; k < s->npolicies; k++)
		draw_policy(f, s, &a, k);
	draw_legend(f, s);
	fprintf(f, "</svg>\n");
}
