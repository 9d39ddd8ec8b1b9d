// SPDX-License-Identifier: MIT
/*
 * elfload report --html FILE [--trace T] PROG [ARGS...]: one HTML page,
 * self-contained and offline (no external resource, one inline script):
 * the ELF header, the program and section header tables (sortable), the
 * address-space picture of maps --svg, the initial stack as elfload
 * stack builds it, and with --trace the demand-paging summary and the
 * page frames over time.  VMAs and sections are linked both ways
 * (report_assets.c).  Everything is drawn from the library's model.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "frames_svg.h"
#include "maps.h"
#include "report.h"
#include "stack.h"
#include "svg.h"
#include "trace.h"

extern char **environ;

static const char report_help[] =
	"Usage: elfload report --html FILE [--trace TRACE] PROG [ARGS...]\n"
	"Write one self-contained HTML page about PROG (no network, no\n"
	"external scripts): its ELF header, program and section headers\n"
	"(sortable tables), the address-space picture of 'maps --svg', the\n"
	"initial stack of 'elfload stack'; with a trace of 'run --demand',\n"
	"the demand-paging summary and the page frames over time.  Hover or\n"
	"click a VMA to see its sections, a section to see its VMAs.\n\n"
	"  --html FILE    the page to write\n"
	"  --trace TRACE  a trace of 'elfload run --demand --trace TRACE'\n"
	"  --help         show this help\n";

struct report_opts {
	const char *html;
	const char *trace;
	char path[PATH_MAX];
	char **argv;
};

static int parse_report_opts(int argc, char **argv, struct report_opts *o)
{
	static const struct option longopts[] = {
		{ "html", required_argument, NULL, 'o' },
		{ "trace", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	options_begin();
	while ((c = getopt_long(argc, argv, "+:", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': o->html = optarg; break;
		case 't': o->trace = optarg; break;
		case 'h':
			fputs(report_help, stdout);
			return EXIT_OK;
		default:
			return option_error("report", c, argv);
		}
	}
	if (!o->html)
		return usage_error("report", "missing --html FILE");
	return program_operands("report", argc, argv, o->path,
				sizeof(o->path), &o->argv);
}

/* ---- tables ----------------------------------------------------------- */

static void th_row(FILE *f, const char *const *heads)
{
	fputs("<thead><tr>", f);
	for (; *heads; heads++)
		fprintf(f, "<th>%s</th>", *heads);
	fputs("</tr></thead>\n<tbody>\n", f);
}

static void td(FILE *f, const char *s)
{
	fputs("<td>", f);
	svg_escape(f, s ? s : "");
	fputs("</td>", f);
}

static void td_hex(FILE *f, uint64_t v)
{
	fprintf(f, "<td class=\"num\">0x%" PRIx64 "</td>", v);
}

static void td_num(FILE *f, uint64_t v)
{
	fprintf(f, "<td class=\"num\">%" PRIu64 "</td>", v);
}

static void kv(FILE *f, const char *key, const char *value)
{
	fprintf(f, "<tr><td>%s</td>", key);
	td(f, value);
	fputs("</tr>\n", f);
}

static void kv_hex(FILE *f, const char *key, uint64_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "0x%" PRIx64, v);
	kv(f, key, buf);
}

static void header_table(FILE *f, const struct elfload_program *prog)
{
	static const char *const heads[] = { "field", "value", NULL };
	const struct elfload_image *img = elfload_program_exe(prog);
	const struct elfload_plan *plan = elfload_program_plan(prog);
	const struct elfload_ehdr *eh = &img->ehdr;
	char buf[ELFLOAD_NAME_MAX], id[2 * 64 + 1];

	fputs("<section id=\"headers\"><h2>ELF header</h2>\n"
	      "<table class=\"sortable\">", f);
	th_row(f, heads);
	kv(f, "class", elfload_class_name(eh->ident[4], buf, sizeof(buf)));
	kv(f, "data", elfload_data_name(eh->ident[5], buf, sizeof(buf)));
	kv(f, "type", elfload_file_type_name(img, buf, sizeof(buf)));
	kv(f, "machine", elfload_machine_name(eh->machine, buf, sizeof(buf)));
	kv_hex(f, "entry point", eh->entry);
	kv_hex(f, "program headers at", eh->phoff);
	kv_hex(f, "section headers at", eh->shoff);
	kv_hex(f, "flags", eh->flags);
	kv_hex(f, "program headers", img->phnum);
	kv_hex(f, "section headers", img->shnum);
	kv(f, "interpreter", elfload_program_interp_name(prog));
	kv(f, "build ID", elfload_image_build_id(img, id, sizeof(id)) ? id :
								     NULL);
	kv_hex(f, "load bias (planned)", plan->exe.bias);
	kv_hex(f, "first instruction (planned)", plan->entry);
	kv_hex(f, "brk (planned)", plan->start_brk);
	kv_hex(f, "stack top (planned)", plan->stack_top);
	fputs("</tbody></table></section>\n", f);
}

static void segment_table(FILE *f, const struct elfload_program *prog)
{
	static const char *const heads[] = {
		"#", "type", "offset", "vaddr", "filesz", "memsz", "flags",
		"align", "pages", "lost to rounding", NULL,
	};
	const struct elfload_image *img = elfload_program_exe(prog);
	uint64_t page = elfload_program_layout(prog)->page_size;
	struct elfload_segment_pages sp;
	char buf[ELFLOAD_NAME_MAX];
	size_t i;

	fputs("<section id=\"segments\"><h2>Program headers</h2>\n"
	      "<table class=\"sortable\">", f);
	th_row(f, heads);
	for (i = 0; i < img->phnum; i++) {
		const struct elfload_phdr *ph = &img->phdrs[i];
		bool load = ph->type == ELFLOAD_PT_LOAD &&
			    elfload_segment_pages(ph, page, &sp);

		fprintf(f, "<tr data-phdr=\"%zu\">", i);
		td_num(f, i);
		td(f, elfload_segment_type_name(img, ph->type, buf,
						sizeof(buf)));
		td_hex(f, ph->offset);
		td_hex(f, ph->vaddr);
		td_hex(f, ph->filesz);
		td_hex(f, ph->memsz);
		td(f, elfload_segment_flags_string(ph->flags, buf, sizeof(buf)));
		td_hex(f, ph->align);
		if (load) {
			td_num(f, sp.pages);
			td_num(f, sp.head + sp.tail);
		} else {
			td(f, "");
			td(f, "");
		}
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table></section>\n", f);
}

static void section_table(FILE *f, const struct elfload_program *prog)
{
	static const char *const heads[] = {
		"#", "name", "type", "flags", "address", "offset", "size", NULL,
	};
	const struct elfload_image *img = elfload_program_exe(prog);
	char buf[ELFLOAD_NAME_MAX];
	size_t i;

	fputs("<section id=\"sections\"><h2>Section headers</h2>\n"
	      "<p>Hover or click a row: the VMAs holding the section light "
	      "up in the picture below.</p>\n<table class=\"sortable\">", f);
	th_row(f, heads);
	for (i = 1; img->shdrs && i < img->shnum; i++) {
		const struct elfload_shdr *s = &img->shdrs[i];
		const char *name = elfload_section_name(img, i);

		fprintf(f, "<tr data-index=\"%zu\" data-section=\"", i);
		svg_escape(f, name ? name : "");
		fputs("\">", f);
		td_num(f, i);
		td(f, name);
		td(f, elfload_section_type_name(img, s->type, buf, sizeof(buf)));
		td(f, elfload_section_flags_string(img, s->flags, buf,
						   sizeof(buf)));
		td_hex(f, s->addr);
		td_hex(f, s->offset);
		td_hex(f, s->size);
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table></section>\n", f);
}

/* ---- the initial stack ---------------------------------------------- */

#define STACK_ROW_H 18.0

static void stack_picture(FILE *f, const struct elfload_initial_stack *s)
{
	double h = STACK_ROW_H * (double)s->nentries + 70;
	char box[48];
	size_t i;

	svg_begin(f, "stack", 1000, h, false);
	fprintf(f, "<text x=\"20\" y=\"24\" font-size=\"14\">top 0x%" PRIx64
		   ", initial sp 0x%" PRIx64 " (%zu bytes), %u-byte words; "
		   "highest address first</text>\n",
		s->top, s->img.sp, s->img.size, s->arch->word_size);
	for (i = 0; i < s->nentries; i++) {
		const struct elfload_stack_entry *e = &s->entries[i];
		double y = 40 + STACK_ROW_H * (double)i;

		stack_box_text(e, box, sizeof(box));
		fprintf(f, "<g class=\"stackentry\" data-kind=\"%s\" "
			   "data-addr=\"0x%" PRIx64 "\">"
			   "<text x=\"20\" y=\"%.1f\" font-family=\"monospace\" "
			   "font-size=\"11\">0x%" PRIx64 "</text>"
			   "<rect x=\"160\" y=\"%.1f\" width=\"300\" "
			   "height=\"%.1f\" fill=\"%s\" stroke=\"#333333\"/>"
			   "<text x=\"166\" y=\"%.1f\" font-family=\"monospace\" "
			   "font-size=\"11\">",
			elfload_stack_kind_name(e->kind), e->addr, y + 13,
			e->addr, y, STACK_ROW_H,
			e->kind == ELFLOAD_STACK_AUXV ? "#d9d9f3" :
			e->kind == ELFLOAD_STACK_PADDING ? "#eeeeee" :
			e->kind == ELFLOAD_STACK_ARGC ? "#fee08b" : "#ffffff",
			y + 13);
		svg_escape(f, box);
		fprintf(f, "</text><text x=\"470\" y=\"%.1f\" font-size=\"11\">",
			y + 13);
		svg_escape(f, e->meaning);
		fputs("</text></g>\n", f);
	}
	fprintf(f, "<text x=\"160\" y=\"%.1f\" font-size=\"11\">^ sp = 0x%"
		   PRIx64 "</text>\n</svg>\n",
		40 + STACK_ROW_H * (double)s->nentries + 16, s->img.sp);
}

static void stack_section(FILE *f, const struct report_opts *o,
			  const struct elfload_program *prog)
{
	struct elfload_initial_stack *s;
	struct elfload_diag d;

	fputs("<section id=\"stack\"><h2>Initial stack</h2>\n", f);
	if (elfload_program_stack(prog, elfload_program_argv(prog, o->argv),
				  environ, NULL, &s, &d) < 0) {
		fputs("<p>Not built: ", f);
		svg_escape(f, d.msg);
		fputs("</p></section>\n", f);
		return;
	}
	fputs("<p>As <code>elfload stack</code> builds it (the random bytes "
	      "drawn afresh).</p>\n<div class=\"pic\">", f);
	stack_picture(f, s);
	fputs("</div></section>\n", f);
	elfload_initial_stack_free(s);
}

/* ---- demand paging ---------------------------------------------------- */

static int read_trace(const char *path, struct trace *t)
{
	char err[128];
	FILE *f = fopen(path, "re");
	int ret;

	trace_init(t);
	if (!f) {
		report(path, "%s", strerror(errno));
		return EXIT_SYSTEM;
	}
	ret = trace_read(f, t, err, sizeof(err));
	fclose(f);
	if (ret) {
		report(path, "%s", err);
		return ret == -ENOMEM ? EXIT_SYSTEM : EXIT_BAD_ELF;
	}
	return EXIT_OK;
}

static int paging_section(FILE *f, const struct trace *t)
{
	struct frames_pic p;
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);

	if (!m || frames_from_trace(&p, t, false)) {
		if (m)
			fclose(m);
		free(text);
		frames_free(&p);
		return -ENOMEM;
	}
	trace_summary(m, t);
	fclose(m);
	fputs("<section id=\"paging\"><h2>Demand paging</h2>\n<pre>", f);
	svg_escape(f, text ? text : "");
	snprintf(p.subtitle, sizeof(p.subtitle),
		 "%zu faults of process 0 on %zu pages, recorded by elfload "
		 "run --demand", p.total_cols, p.nrows);
	fputs("</pre>\n<div class=\"pic\">", f);
	write_frames_svg(f, &p, false);
	fputs("</div></section>\n", f);
	frames_free(&p);
	free(text);
	return 0;
}

/* ---- the page --------------------------------------------------------- */

static int write_page(FILE *f, const struct report_opts *o,
		      const struct elfload_program *prog,
		      const struct trace *t)
{
	const char *path = elfload_program_exe_path(prog);
	int ret;

	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	      "<title>elfload report: ", f);
	svg_escape(f, path);
	fprintf(f, "</title>\n<style>\n%s</style></head>\n<body>\n"
		   "<h1>", report_style);
	svg_escape(f, path);
	fputs("</h1>\n<p>Made by <code>elfload report</code> from the plan of "
	      "its first instruction (no randomization, as under <code>"
	      "setarch -R</code>).</p>\n<nav><a href=\"#headers\">header</a>"
	      "<a href=\"#segments\">segments</a><a href=\"#sections\">"
	      "sections</a><a href=\"#maps\">address space</a><a href=\""
	      "#stack\">stack</a>", f);
	if (t)
		fputs("<a href=\"#paging\">demand paging</a>", f);
	fputs("</nav>\n", f);
	header_table(f, prog);
	segment_table(f, prog);
	section_table(f, prog);
	fputs("<section id=\"maps\"><h2>Address space</h2>\n"
	      "<div class=\"pic\">", f);
	ret = write_maps_svg(f, prog, false);
	fputs("</div></section>\n", f);
	stack_section(f, o, prog);
	if (ret == EXIT_OK && t && paging_section(f, t) < 0) {
		report(o->trace, "out of memory");
		ret = EXIT_SYSTEM;
	}
	fprintf(f, "<script>\n%s</script>\n</body></html>\n", report_script);
	return ret;
}

int cmd_report(int argc, char **argv)
{
	struct elfload_program_opts popts = { 0 };
	struct elfload_program *prog;
	struct report_opts o;
	struct trace t;
	struct elfload_diag d;
	FILE *f;
	int ret = parse_report_opts(argc, argv, &o);

	if (ret >= 0)
		return ret;
	if (o.trace && (ret = read_trace(o.trace, &t)) != EXIT_OK) {
		trace_free(&t);
		return ret;
	}
	ret = elfload_program_open(o.path, o.argv, environ, &popts, &prog, &d);
	if (ret < 0) {
		report_program_error(o.path, &d);
		if (o.trace)
			trace_free(&t);
		return exit_code_for(ret);
	}
	f = svg_open(o.html);
	ret = f ? svg_close(f, o.html, write_page(f, &o, prog,
						   o.trace ? &t : NULL)) :
		  EXIT_SYSTEM;
	elfload_program_close(prog);
	if (o.trace)
		trace_free(&t);
	return ret;
}
