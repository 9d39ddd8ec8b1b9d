// SPDX-License-Identifier: MIT
/*
 * elfload maps --svg: the address-space picture of a plan, in three
 * columns.  Left, the executable by file offset: its headers and
 * sections, coloured by flags.  Middle, its PT_LOAD segments with their
 * page rounding: the bytes before p_vaddr in the first page and after
 * p_memsz in the last (lost to rounding), the file part, the zero-filled
 * bss tail.  Right, the virtual address space from 0 (bottom) to the top
 * of the address space: every VMA of the plan (merged as /proc/PID/maps
 * shows them) with its range, permissions and role, the gaps between
 * them compressed and labelled with their size, and the kernel's part
 * above TASK_SIZE.  One arrow goes from each segment to its VMA.
 *
 * Everything comes from the library's model: the image, the plan and the
 * layout it was made with (page size, TASK_SIZE under the personality,
 * the word size), so that another architecture or a 3G/1G split is drawn
 * with no change here.  Elements carry data-* attributes (ranges, roles,
 * section indices) so that a test can read back what was drawn, and the
 * HTML report can link VMAs and sections.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "maps.h"
#include "svg.h"

#define WIDTH 1160.0
#define TOP 80.0
#define FILE_X 20.0
#define FILE_W 250.0
#define SEG_X 330.0
#define SEG_W 260.0
#define SEG_H 62.0
#define VAS_X 700.0
#define VAS_W 440.0
#define PART_MIN_H 15.0
#define PART_EXTRA_H 420.0	/* shared by the parts in proportion */
#define GAP_H 20.0
#define KERNEL_H 46.0

/* What a part of the file holds, for its colour. */
enum part_class { PART_HEADER, PART_CODE, PART_RODATA, PART_DATA,
		  PART_BSS, PART_NONALLOC };

static const char *const part_class_name[] = {
	"header", "code", "rodata", "data", "bss", "nonalloc",
};
static const char *const part_fill[] = {
	"#bdbdbd", "#f4a582", "#92c5de", "#a6dba0", "#e7d4e8", "#eeeeee",
};

/* A range of the file: a header table or a section. */
struct part {
	const char *name;
	uint64_t off, size;	/* size 0 in the file for NOBITS */
	enum part_class cls;
	long shndx;		/* section index, or -1 for a header */
	double y0, y1;
};

/* A range of the address space: a VMA, a gap or the kernel's part. */
struct region {
	uint64_t start, last;	/* inclusive: the top may be 2^64 - 1 */
	long vma;		/* index in pic->vmas, or -1 */
	enum elfload_vma_role role;
	double y0, y1;
};

struct picture {
	const struct elfload_program *prog;
	const struct elfload_image *img;
	const struct elfload_plan *plan;
	uint64_t page, bias, task_size, top_last;
	size_t nvmas;
	struct elfload_vma vmas[ELFLOAD_PLAN_MAX_VMAS];
	size_t nparts;
	struct part *parts;
	size_t nregions;
	struct region regions[2 * ELFLOAD_PLAN_MAX_VMAS + 4];
	double *seg_y;		/* per program header: its box's top, or -1 */
	double height;
};

/* ---- the file column ------------------------------------------------ */

static enum part_class section_class(const struct elfload_shdr *s)
{
	if (!(s->flags & ELFLOAD_SHF_ALLOC))
		return PART_NONALLOC;
	if (s->type == ELFLOAD_SHT_NOBITS)
		return PART_BSS;
	if (s->flags & ELFLOAD_SHF_EXECINSTR)
		return PART_CODE;
	if (s->flags & ELFLOAD_SHF_WRITE)
		return PART_DATA;
	return PART_RODATA;
}

static void add_part(struct picture *pic, const char *name, uint64_t off,
		     uint64_t size, enum part_class cls, long shndx)
{
	pic->parts[pic->nparts++] = (struct part){ name, off, size, cls,
						   shndx, 0, 0 };
}

static int part_cmp(const void *a, const void *b)
{
	const struct part *x = a, *y = b;

	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return x->shndx < y->shndx ? -1 : x->shndx > y->shndx;
}

/* The headers and every section, by offset, with their heights. */
static int collect_parts(struct picture *pic)
{
	const struct elfload_image *img = pic->img;
	const struct elfload_ehdr *eh = &img->ehdr;
	double y = TOP + 30, total = 0;
	size_t i;

	pic->parts = calloc(img->shnum + 3, sizeof(*pic->parts));
	if (!pic->parts)
		return -1;
	add_part(pic, "ELF header", 0, eh->ehsize, PART_HEADER, -1);
	if (img->phdrs)
		add_part(pic, "program headers", eh->phoff,
			 (uint64_t)img->phnum * eh->phentsize, PART_HEADER, -1);
	for (i = 1; img->shdrs && i < img->shnum; i++) {
		const struct elfload_shdr *s = &img->shdrs[i];
		const char *name = elfload_section_name(img, i);

		add_part(pic, name ? name : "(unnamed)", s->offset,
			 s->type == ELFLOAD_SHT_NOBITS ? 0 : s->size,
			 section_class(s), (long)i);
	}
	if (img->shdrs)
		add_part(pic, "section headers", eh->shoff,
			 (uint64_t)img->shnum * eh->shentsize, PART_HEADER, -1);
	qsort(pic->parts, pic->nparts, sizeof(*pic->parts), part_cmp);
	for (i = 0; i < pic->nparts; i++)
		total += (double)pic->parts[i].size;
	for (i = 0; i < pic->nparts; i++) {
		struct part *p = &pic->parts[i];

		p->y0 = y;
		y += PART_MIN_H + (total > 0 ? (double)p->size / total *
						       PART_EXTRA_H : 0);
		p->y1 = y;
	}
	return 0;
}

/* Where file offset @off is drawn in the file column. */
static double y_of_offset(const struct picture *pic, uint64_t off)
{
	double y = TOP + 30;
	size_t i;

	for (i = 0; i < pic->nparts; i++) {
		const struct part *p = &pic->parts[i];

		if (p->size == 0 || p->off > off)
			continue;
		if (off < p->off + p->size)
			return p->y0 + (p->y1 - p->y0) * (double)(off - p->off) /
					       (double)p->size;
		y = p->y1;
	}
	return y;
}

static void draw_part(FILE *f, const struct picture *pic, const struct part *p)
{
	double h = p->y1 - p->y0;

	fprintf(f, "<g class=\"%s %s\"", p->shndx >= 0 ? "section" : "filepart",
		part_class_name[p->cls]);
	if (p->shndx >= 0)
		fprintf(f, " id=\"sec-%ld\" data-index=\"%ld\"", p->shndx,
			p->shndx);
	fputs(" data-name=\"", f);
	svg_escape(f, p->name);
	fprintf(f, "\" data-offset=\"0x%" PRIx64 "\" data-size=\"0x%" PRIx64
		   "\"", p->off, p->size);
	if (p->shndx >= 0)
		fprintf(f, " data-addr=\"0x%" PRIx64 "\"",
			pic->img->shdrs[p->shndx].addr);
	fprintf(f, ">\n<title>");
	svg_escape(f, p->name);
	fprintf(f, ": file offset 0x%" PRIx64 ", 0x%" PRIx64 " bytes</title>\n"
		   "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
		   "fill=\"%s\" stroke=\"#555555\" stroke-width=\"0.5\"%s/>\n"
		   "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\">",
		p->off, p->size, FILE_X, p->y0, FILE_W, h, part_fill[p->cls],
		p->cls == PART_BSS ? " stroke-dasharray=\"3 2\"" : "",
		FILE_X + 4, p->y0 + 11);
	svg_escape(f, p->name);
	fprintf(f, "</text>\n<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" "
		   "text-anchor=\"end\" font-family=\"monospace\">",
		FILE_X + FILE_W - 4, p->y0 + 11);
	if (p->cls == PART_BSS)
		fputs("no file bytes", f);
	else
		fprintf(f, "0x%" PRIx64 " +0x%" PRIx64, p->off, p->size);
	fputs("</text>\n</g>\n", f);
}

/* ---- the address-space column -------------------------------------- */

static void add_region(struct picture *pic, uint64_t start, uint64_t last,
		       long vma, enum elfload_vma_role role)
{
	pic->regions[pic->nregions++] = (struct region){ start, last, vma,
							 role, 0, 0 };
}

/* Unmapped [start, last]: a gap below TASK_SIZE, the kernel's above. */
static void add_unmapped(struct picture *pic, uint64_t start, uint64_t last)
{
	if (start < pic->task_size) {
		uint64_t end = last < pic->task_size ? last : pic->task_size - 1;

		add_region(pic, start, end, -1, ELFLOAD_ROLE_GAP);
		if (end == last)
			return;
		start = pic->task_size;
	}
	add_region(pic, start, last, -1, ELFLOAD_ROLE_KERNEL);
}

static double region_height(const struct picture *pic, const struct region *r)
{
	double extra = 0;
	uint64_t pages;

	if (r->role == ELFLOAD_ROLE_KERNEL)
		return KERNEL_H;
	if (r->vma < 0)
		return GAP_H;
	pages = (r->last - r->start) / pic->page + 1;
	/* Taller by 4 for each doubling of the pages, at most 36. */
	while (pages > 1 && extra < 36) {
		pages /= 2;
		extra += 4;
	}
	return 34 + extra;
}

/* The VMAs, the gaps and the kernel's part, from address 0 up. */
static void collect_regions(struct picture *pic)
{
	uint64_t next = 0;
	double y;
	size_t i;

	for (i = 0; i < pic->nvmas; i++) {
		const struct elfload_vma *v = &pic->vmas[i];

		if (v->start > next)
			add_unmapped(pic, next, v->start - 1);
		add_region(pic, v->start, v->end - 1, (long)i,
			   elfload_vma_role(pic->plan, v));
		next = v->end;
	}
	if (next && next - 1 < pic->top_last)
		add_unmapped(pic, next, pic->top_last);
	y = TOP + 30;
	for (i = pic->nregions; i-- > 0;) {
		struct region *r = &pic->regions[i];

		r->y0 = y;
		y += region_height(pic, r);
		r->y1 = y;
	}
	pic->height = y;
}

static const char *size_of(const struct region *r, char buf[32])
{
	if (r->last == UINT64_MAX)
		return human_size_from_top(r->start, buf);
	return human_size(r->last - r->start + 1, buf);
}

static const char *role_fill(enum elfload_vma_role role)
{
	switch (role) {
	case ELFLOAD_ROLE_TEXT: return part_fill[PART_CODE];
	case ELFLOAD_ROLE_RODATA: return part_fill[PART_RODATA];
	case ELFLOAD_ROLE_DATA: return part_fill[PART_DATA];
	case ELFLOAD_ROLE_BSS:
	case ELFLOAD_ROLE_HEAP: return part_fill[PART_BSS];
	case ELFLOAD_ROLE_STACK: return "#fee08b";
	case ELFLOAD_ROLE_INTERP: return "#d9d9f3";
	case ELFLOAD_ROLE_KERNEL: return "#525252";
	case ELFLOAD_ROLE_GAP: return "#ffffff";
	default: return "#c7e9c0";
	}
}

/* The permission letters as /proc/PID/maps shows them. */
static void perms_of(const struct elfload_vma *v, char out[5])
{
	out[0] = v->prot & ELFLOAD_PROT_READ ? 'r' : '-';
	out[1] = v->prot & ELFLOAD_PROT_WRITE ? 'w' : '-';
	out[2] = v->prot & ELFLOAD_PROT_EXEC ? 'x' : '-';
	out[3] = v->shared ? 's' : 'p';
	out[4] = '\0';
}

/* The index of the allocated section named @name, or -1. */
static long section_index(const struct elfload_image *img, const char *name)
{
	size_t i;

	for (i = 1; img->shdrs && i < img->shnum; i++) {
		const char *n = elfload_section_name(img, i);

		if ((img->shdrs[i].flags & ELFLOAD_SHF_ALLOC) && n &&
		    !strcmp(n, name))
			return (long)i;
	}
	return -1;
}

struct section_list {
	FILE *f;
	const struct elfload_image *img;
	bool first;
};

static void put_section_index(const char *name, void *arg)
{
	struct section_list *l = arg;
	long i = section_index(l->img, name);

	if (i < 0)
		return;
	fprintf(l->f, "%s%ld", l->first ? "" : " ", i);
	l->first = false;
}

static const char *vma_label(const struct picture *pic,
			     const struct elfload_vma *v)
{
	const struct elfload_file_id *id =
		elfload_plan_vma_file(elfload_program_input(pic->prog), v);

	if (id)
		return id->path;
	if (v->name)
		return v->name;
	return "anonymous";
}

static void draw_vma(FILE *f, const struct picture *pic, const struct region *r)
{
	const struct elfload_vma *v = &pic->vmas[r->vma];
	struct section_list l = { f, pic->img, true };
	char perms[5], size[32];

	perms_of(v, perms);
	fprintf(f, "<g class=\"vma\" id=\"vma-%ld\" data-vma=\"%ld\" "
		   "data-start=\"0x%" PRIx64 "\" data-end=\"0x%" PRIx64 "\" "
		   "data-perms=\"%s\" data-role=\"%s\" data-sections=\"",
		r->vma, r->vma, v->start, v->end, perms,
		elfload_vma_role_name(r->role));
	if (v->owner == ELFLOAD_OWNER_EXE &&
	    (v->kind == ELFLOAD_VMA_SEGMENT || v->kind == ELFLOAD_VMA_BSS))
		elfload_program_vma_sections(pic->prog, v, put_section_index, &l);
	fprintf(f, "\">\n<title>%s, %s</title>\n"
		   "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
		   "fill=\"%s\" stroke=\"#333333\"/>\n"
		   "<text class=\"range\" x=\"%.1f\" y=\"%.1f\" "
		   "font-family=\"monospace\" font-size=\"11\">"
		   "%08" PRIx64 "-%08" PRIx64 " %s</text>\n"
		   "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">"
		   "<tspan font-weight=\"bold\">%s</tspan> ",
		elfload_vma_role_name(r->role), human_size(v->end - v->start, size),
		VAS_X, r->y0, VAS_W, r->y1 - r->y0, role_fill(r->role),
		VAS_X + 5, r->y0 + 14, v->start, v->end, perms, VAS_X + 5,
		r->y0 + 28, elfload_vma_role_name(r->role));
	svg_escape(f, vma_label(pic, v));
	fprintf(f, " (%s)</text>\n</g>\n", size);
}

static void draw_unmapped(FILE *f, const struct region *r)
{
	bool kernel = r->role == ELFLOAD_ROLE_KERNEL;
	char size[32];

	fprintf(f, "<g class=\"%s\" data-start=\"0x%" PRIx64 "\" "
		   "data-last=\"0x%" PRIx64 "\">\n"
		   "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
		   "fill=\"%s\" stroke=\"#999999\" stroke-dasharray=\"4 3\"/>\n"
		   "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"%s\" "
		   "text-anchor=\"middle\">",
		kernel ? "kernel" : "gap", r->start, r->last, VAS_X, r->y0,
		VAS_W, r->y1 - r->y0, role_fill(r->role), VAS_X + VAS_W / 2,
		r->y0 + (kernel ? 18 : 14), kernel ? "#ffffff" : "#555555");
	if (kernel)
		fprintf(f, "kernel space from 0x%" PRIx64 " (%s)</text>\n"
			   "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" "
			   "fill=\"#ffffff\" text-anchor=\"middle\">"
			   "not accessible from user mode</text>\n",
			r->start, size_of(r, size), VAS_X + VAS_W / 2,
			r->y0 + 34);
	else
		fprintf(f, "%s unmapped</text>\n", size_of(r, size));
	fputs("</g>\n", f);
}

/* The brk: where the (still empty) heap starts. */
static void draw_brk(FILE *f, const struct picture *pic)
{
	uint64_t brk = pic->plan->start_brk;
	size_t i;

	for (i = 0; i < pic->nregions; i++) {
		const struct region *r = &pic->regions[i];
		double y;

		if (brk < r->start || brk - 1 > r->last || (brk == 0))
			continue;
		/* At the top of the region ending at brk, else inside it. */
		y = brk - 1 == r->last ? r->y0 : r->y1 - 2;
		fprintf(f, "<g class=\"brk\" data-addr=\"0x%" PRIx64 "\">\n"
			   "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
			   "y2=\"%.1f\" stroke=\"#d62728\" stroke-width=\"2\"/>\n"
			   "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" "
			   "fill=\"#d62728\" text-anchor=\"end\">heap: brk "
			   "0x%" PRIx64 " (empty)</text>\n</g>\n",
			brk, VAS_X + VAS_W - 150, y, VAS_X + VAS_W, y,
			VAS_X + VAS_W - 4, y - 3, brk);
		return;
	}
}

/* ---- the segment column and the arrows ----------------------------- */

/* The VMA holding @addr, or -1. */
static long vma_at(const struct picture *pic, uint64_t addr)
{
	size_t i;

	for (i = 0; i < pic->nvmas; i++)
		if (pic->vmas[i].start <= addr && addr < pic->vmas[i].end)
			return (long)i;
	return -1;
}

static const struct region *region_of_vma(const struct picture *pic, long vma)
{
	size_t i;

	for (i = 0; vma >= 0 && i < pic->nregions; i++)
		if (pic->regions[i].vma == vma)
			return &pic->regions[i];
	return NULL;
}

static void place_segments(struct picture *pic)
{
	const struct elfload_image *img = pic->img;
	double next = TOP + 30;
	size_t i;

	for (i = 0; i < img->phnum; i++) {
		double y;

		pic->seg_y[i] = -1;
		if (img->phdrs[i].type != ELFLOAD_PT_LOAD)
			continue;
		y = y_of_offset(pic, img->phdrs[i].offset);
		y = y > next ? y : next;
		pic->seg_y[i] = y;
		next = y + SEG_H + 10;
	}
	if (next > pic->height)
		pic->height = next;
	for (i = 0; i < pic->nparts; i++)
		if (pic->parts[i].y1 > pic->height)
			pic->height = pic->parts[i].y1;
}

/* One piece of a segment's pages, @x0..@x1 of its bar. */
static void seg_piece(FILE *f, const char *cls, const char *fill, double x0,
		      double x1, double y, uint64_t bytes)
{
	if (!bytes)
		return;
	if (x1 - x0 < 3)
		x1 = x0 + 3;
	fprintf(f, "<rect class=\"%s\" data-bytes=\"%" PRIu64 "\" x=\"%.1f\" "
		   "y=\"%.1f\" width=\"%.1f\" height=\"16\" fill=\"%s\"/>\n",
		cls, bytes, x0, y, x1 - x0, fill);
}

static void draw_segment(FILE *f, const struct picture *pic, size_t i)
{
	const struct elfload_phdr *ph = &pic->img->phdrs[i];
	struct elfload_segment_pages sp;
	double y = pic->seg_y[i], total, x, w = SEG_W - 10;
	const char *fill = part_fill[ph->flags & ELFLOAD_PF_X ? PART_CODE :
				     ph->flags & ELFLOAD_PF_W ? PART_DATA :
				     PART_RODATA];
	char lost[32];

	if (!elfload_segment_pages(ph, pic->page, &sp))
		return;
	/* An empty segment (p_memsz 0) is drawn as an empty bar. */
	total = sp.end > sp.start ? (double)(sp.end - sp.start) : 1;
	/* The band from the segment's bytes in the file to its box. */
	fprintf(f, "<path class=\"band\" d=\"M%.1f %.1f L%.1f %.1f L%.1f %.1f "
		   "L%.1f %.1f Z\" fill=\"%s\" fill-opacity=\"0.35\"/>\n",
		FILE_X + FILE_W, y_of_offset(pic, ph->offset), SEG_X, y,
		SEG_X, y + SEG_H, FILE_X + FILE_W,
		y_of_offset(pic, ph->offset + ph->filesz), fill);
	fprintf(f, "<g class=\"segment\" id=\"seg-%zu\" data-phdr=\"%zu\" "
		   "data-offset=\"0x%" PRIx64 "\" data-vaddr=\"0x%" PRIx64 "\" "
		   "data-filesz=\"0x%" PRIx64 "\" data-memsz=\"0x%" PRIx64 "\" "
		   "data-pages=\"%" PRIu64 "\">\n"
		   "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
		   "fill=\"#ffffff\" stroke=\"#333333\"/>\n"
		   "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">LOAD %zu %c%c%c"
		   " off 0x%" PRIx64 " vaddr 0x%" PRIx64 "</text>\n",
		i, i, ph->offset, ph->vaddr, ph->filesz, ph->memsz, sp.pages,
		SEG_X, y, SEG_W, SEG_H, SEG_X + 5, y + 13, i,
		ph->flags & ELFLOAD_PF_R ? 'R' : ' ',
		ph->flags & ELFLOAD_PF_W ? 'W' : ' ',
		ph->flags & ELFLOAD_PF_X ? 'E' : ' ', ph->offset, ph->vaddr);
	x = SEG_X + 5;
	seg_piece(f, "rounding", "#cccccc", x, x + w * (double)sp.head / total,
		  y + 19, sp.head);
	x += w * (double)sp.head / total;
	seg_piece(f, "filebytes", fill, x, x + w * (double)sp.file / total,
		  y + 19, sp.file);
	x += w * (double)sp.file / total;
	seg_piece(f, "zerofill", part_fill[PART_BSS], x,
		  x + w * (double)sp.zero / total, y + 19, sp.zero);
	x += w * (double)sp.zero / total;
	seg_piece(f, "rounding", "#cccccc", x, x + w * (double)sp.tail / total,
		  y + 19, sp.tail);
	fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\">%" PRIu64
		   " page%s; file 0x%" PRIx64 ", zero-fill 0x%" PRIx64
		   "</text>\n<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" "
		   "fill=\"#555555\">%s lost to page rounding</text>\n</g>\n",
		SEG_X + 5, y + 45, sp.pages, sp.pages == 1 ? "" : "s", sp.file,
		sp.zero, SEG_X + 5, y + 57,
		human_size(sp.head + sp.tail, lost));
}

static void draw_arrow(FILE *f, const struct picture *pic, size_t i)
{
	const struct elfload_phdr *ph = &pic->img->phdrs[i];
	long vma = vma_at(pic, ph->vaddr + pic->bias);
	const struct region *r = region_of_vma(pic, vma);
	double y0 = pic->seg_y[i] + SEG_H / 2, y1, x0 = SEG_X + SEG_W;

	if (!r)
		return;
	y1 = (r->y0 + r->y1) / 2;
	fprintf(f, "<path class=\"arrow\" data-phdr=\"%zu\" data-vma=\"%ld\" "
		   "d=\"M%.1f %.1f C%.1f %.1f %.1f %.1f %.1f %.1f\" "
		   "fill=\"none\" stroke=\"#333333\" stroke-width=\"1.5\" "
		   "marker-end=\"url(#arrowhead)\"/>\n",
		i, vma, x0, y0, x0 + 50, y0, VAS_X - 60, y1, VAS_X - 2, y1);
	/* The bss tail's own anonymous pages, if it has any. */
	vma = ph->memsz > ph->filesz ?
		      vma_at(pic, ph->vaddr + ph->memsz - 1 + pic->bias) : -1;
	r = region_of_vma(pic, vma);
	if (r && pic->vmas[vma].kind == ELFLOAD_VMA_BSS)
		fprintf(f, "<path class=\"bss-link\" data-phdr=\"%zu\" "
			   "data-vma=\"%ld\" d=\"M%.1f %.1f C%.1f %.1f %.1f "
			   "%.1f %.1f %.1f\" fill=\"none\" stroke=\"#9467bd\" "
			   "stroke-dasharray=\"5 3\"/>\n",
			i, vma, x0, y0 + 8, x0 + 50, y0 + 8, VAS_X - 60,
			(r->y0 + r->y1) / 2, VAS_X - 2, (r->y0 + r->y1) / 2);
}

/* ---- the whole picture --------------------------------------------- */

static void draw_headings(FILE *f, const struct picture *pic)
{
	const char *path = elfload_program_exe_path(pic->prog);
	const struct elfload_layout *lay = elfload_program_layout(pic->prog);

	fprintf(f, "<defs><marker id=\"arrowhead\" viewBox=\"0 0 10 10\" "
		   "refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
		   "orient=\"auto\"><path d=\"M0 0 L10 5 L0 10 Z\" "
		   "fill=\"#333333\"/></marker></defs>\n"
		   "<text class=\"title\" x=\"20\" y=\"28\" font-size=\"16\">"
		   "Address space of ");
	svg_escape(f, path);
	fprintf(f, " at its first instruction</text>\n"
		   "<text x=\"20\" y=\"48\" fill=\"#555555\">%s, %" PRIu64
		   "-byte pages, TASK_SIZE 0x%" PRIx64 ", %u-bit; predicted by "
		   "elfload's planner%s</text>\n",
		lay->arch->name, pic->page, pic->task_size,
		lay->arch->word_size * 8,
		lay->randomize ? " (randomized)" : " (no randomization)");
	fprintf(f, "<g class=\"headings\" font-size=\"13\" "
		   "font-weight=\"bold\">\n"
		   "<text x=\"%.1f\" y=\"%.1f\">the file, by offset</text>\n"
		   "<text x=\"%.1f\" y=\"%.1f\">PT_LOAD segments, in pages"
		   "</text>\n<text x=\"%.1f\" y=\"%.1f\">virtual address "
		   "space (0 at the bottom)</text>\n</g>\n",
		FILE_X, TOP + 18, SEG_X, TOP + 18, VAS_X, TOP + 18);
}

static void draw_legend(FILE *f, double y)
{
	static const char *const what[] = {
		"headers", "code", "read-only data", "writable data",
		"bss (zero-filled)", "not loaded",
	};
	double x = FILE_X;
	size_t i;

	fprintf(f, "<g class=\"legend\" font-size=\"11\">\n");
	for (i = 0; i < 6; i++, x += 150)
		fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" "
			   "height=\"12\" fill=\"%s\" stroke=\"#555555\"/>"
			   "<text x=\"%.1f\" y=\"%.1f\">%s</text>\n",
			x, y, part_fill[i], x + 18, y + 10, what[i]);
	fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"12\" "
		   "fill=\"#cccccc\"/><text x=\"%.1f\" y=\"%.1f\">lost to page "
		   "rounding</text>\n</g>\n",
		x, y, x + 18, y + 10);
}

static int make_picture(struct picture *pic, const struct elfload_program *prog)
{
	const struct elfload_layout *lay = elfload_program_layout(prog);

	memset(pic, 0, sizeof(*pic));
	pic->prog = prog;
	pic->img = elfload_program_exe(prog);
	pic->plan = elfload_program_plan(prog);
	pic->page = lay->page_size;
	pic->bias = pic->plan->exe.bias;
	pic->task_size = elfload_arch_task_size(lay->arch, lay->personality);
	pic->top_last = lay->arch->word_size == 4 ? UINT32_MAX : UINT64_MAX;
	pic->nvmas = elfload_plan_maps(pic->plan, pic->vmas,
				       ELFLOAD_PLAN_MAX_VMAS);
	if (pic->nvmas > ELFLOAD_PLAN_MAX_VMAS)
		pic->nvmas = ELFLOAD_PLAN_MAX_VMAS;
	pic->seg_y = calloc(pic->img->phnum + 1, sizeof(*pic->seg_y));
	if (!pic->seg_y || collect_parts(pic) < 0)
		return -1;
	collect_regions(pic);
	place_segments(pic);
	return 0;
}

static void free_picture(struct picture *pic)
{
	free(pic->parts);
	free(pic->seg_y);
}

int write_maps_svg(FILE *f, const struct elfload_program *prog,
		   bool standalone)
{
	struct picture *pic = malloc(sizeof(*pic));
	size_t i;

	if (!pic || make_picture(pic, prog) < 0) {
		if (pic)
			free_picture(pic);
		free(pic);
		report(elfload_program_execfn(prog), "out of memory");
		return EXIT_SYSTEM;
	}
	svg_begin(f, "maps", WIDTH, pic->height + 50, standalone);
	draw_headings(f, pic);
	for (i = 0; i < pic->nparts; i++)
		draw_part(f, pic, &pic->parts[i]);
	for (i = 0; i < pic->nregions; i++)
		if (pic->regions[i].vma >= 0)
			draw_vma(f, pic, &pic->regions[i]);
		else
			draw_unmapped(f, &pic->regions[i]);
	draw_brk(f, pic);
	for (i = 0; i < pic->img->phnum; i++)
		if (pic->seg_y[i] >= 0)
			draw_segment(f, pic, i);
	for (i = 0; i < pic->img->phnum; i++)
		if (pic->seg_y[i] >= 0)
			draw_arrow(f, pic, i);
	draw_legend(f, pic->height + 20);
	fputs("</svg>\n", f);
	free_picture(pic);
	free(pic);
	return EXIT_OK;
}
