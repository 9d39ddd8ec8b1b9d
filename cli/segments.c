// SPDX-License-Identifier: MIT
/*
 * elfload segments: program headers and the section-to-segment mapping
 * (readelf -lW), plus the page-rounded range each PT_LOAD occupies.
 */
#include <inttypes.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char segments_help[] =
	"Usage: elfload segments [--json] FILE\n"
	"Show the program headers of FILE, which sections each segment\n"
	"holds (the content of readelf -lW), and the page-rounded address\n"
	"range of every PT_LOAD segment.\n\n"
	"  --json   print a JSON document instead (see elfload(1))\n"
	"  --help   show this help\n";

/*
 * Program header @i's PT_INTERP path as readelf shows it: the segment's
 * bytes up to the first NUL, terminated or not, and nothing when they
 * are not all in the file.
 */
static bool interp_text(const struct elfload_image *img, size_t i, char *buf,
			size_t size)
{
	struct elfload_interp in;
	size_t n;

	elfload_interp_view(img, i, &in);
	if (!in.bytes || !size)
		return false;
	n = in.len < size ? in.len : size - 1;
	memcpy(buf, in.bytes, n);
	buf[n] = '\0';
	return true;
}

static void segment_sections_json(struct json *j,
				   const struct elfload_image *img,
				   const struct elfload_phdr *ph)
{
	size_t i;

	json_begin_array(j, "sections");
	for (i = 1; img->shdrs && i < img->shnum; i++)
		if (elfload_section_in_segment(&img->shdrs[i], ph))
			json_str(j, NULL, elfload_section_name(img, i));
	json_end_array(j);
}

static void segment_json(struct json *j, const struct elfload_image *img,
			 size_t i, uint64_t pagesz)
{
	const struct elfload_phdr *ph = &img->phdrs[i];
	char tbuf[ELFLOAD_NAME_MAX], fbuf[8], interp[PATH_MAX];
	struct elfload_extent ext;

	json_begin_object(j, NULL);
	json_u64(j, "index", i);
	json_u64(j, "p_type", ph->type);
	json_str(j, "type_name",
		 elfload_segment_type_name(img, ph->type, tbuf, sizeof(tbuf)));
	json_u64(j, "p_offset", ph->offset);
	json_addr(j, "p_vaddr", ph->vaddr);
	json_addr(j, "p_paddr", ph->paddr);
	json_u64(j, "p_filesz", ph->filesz);
	json_u64(j, "p_memsz", ph->memsz);
	json_u64(j, "p_flags", ph->flags);
	json_str(j, "flags",
		 elfload_segment_flags_string(ph->flags, fbuf, sizeof(fbuf)));
	json_u64(j, "p_align", ph->align);
	if (ph->type == ELFLOAD_PT_INTERP &&
	    interp_text(img, i, interp, sizeof(interp)))
		json_str(j, "interp", interp);
	if (ph->type == ELFLOAD_PT_LOAD &&
	    elfload_segment_extent(ph, pagesz, &ext)) {
		json_addr(j, "page_start", ext.start);
		json_addr(j, "page_end", ext.end);
		json_u64(j, "pages", (ext.end - ext.start) / pagesz);
	}
	segment_sections_json(j, img, ph);
	json_end_object(j);
}

static void segments_json(const struct elfload_image *img)
{
	char tbuf[ELFLOAD_NAME_MAX];
	uint64_t pagesz = elfload_host_page_size();
	struct json j;
	size_t i;

	json_init(&j, stdout);
	json_begin_object(&j, NULL);
	json_str(&j, "file", img->name);
	json_u64(&j, "e_type", img->ehdr.type);
	json_str(&j, "type_name",
		 elfload_file_type_name(img, tbuf, sizeof(tbuf)));
	json_addr(&j, "e_entry", img->ehdr.entry);
	json_u64(&j, "e_phoff", img->ehdr.phoff);
	json_u64(&j, "phnum", img->phdrs ? img->phnum : 0);
	json_u64(&j, "page_size", pagesz);
	json_begin_array(&j, "segments");
	for (i = 0; img->phdrs && i < img->phnum; i++)
		segment_json(&j, img, i, pagesz);
	json_end_array(&j);
	json_warnings(&j, img);
	json_end_object(&j);
	json_finish(&j);
}

static void segment_row(const struct elfload_image *img, size_t i)
{
	const struct elfload_phdr *ph = &img->phdrs[i];
	char tbuf[ELFLOAD_NAME_MAX], fbuf[8], interp[PATH_MAX];

	printf("  %-14.14s ", elfload_segment_type_name(img, ph->type, tbuf,
							 sizeof(tbuf)));
	if (img->elfclass == ELFLOAD_ELFCLASS64)
		printf("0x%6.6" PRIx64 " 0x%16.16" PRIx64 " 0x%16.16" PRIx64
		       " 0x%6.6" PRIx64 " 0x%6.6" PRIx64,
		       ph->offset, ph->vaddr, ph->paddr, ph->filesz,
		       ph->memsz);
	else
		printf("0x%6.6" PRIx64 " 0x%8.8" PRIx64 " 0x%8.8" PRIx64
		       " 0x%5.5" PRIx64 " 0x%5.5" PRIx64,
		       ph->offset, ph->vaddr, ph->paddr, ph->filesz,
		       ph->memsz);
	printf(" %-3s 0x%" PRIx64 "\n",
	       elfload_segment_flags_string(ph->flags, fbuf, sizeof(fbuf)),
	       ph->align);
	if (ph->type == ELFLOAD_PT_INTERP &&
	    interp_text(img, i, interp, sizeof(interp)))
		printf("      [Requesting program interpreter: %s]\n", interp);
}

static void mapping_text(const struct elfload_image *img)
{
	size_t i, s;

	printf("\n Section to Segment mapping:\n  Segment Sections...\n");
	for (i = 0; i < img->phnum; i++) {
		printf("   %2.2zu     ", i);
		for (s = 1; img->shdrs && s < img->shnum; s++) {
			const char *name = elfload_section_name(img, s);

			if (elfload_section_in_segment(&img->shdrs[s],
						       &img->phdrs[i]))
				printf("%s ", name ? name : "<corrupt>");
		}
		putchar('\n');
	}
}

static void pages_text(const struct elfload_image *img)
{
	uint64_t pagesz = elfload_host_page_size();
	struct elfload_extent ext;
	size_t i;

	printf("\n Loadable segments in pages (page size %" PRIu64 "):\n"
	       "  Segment  Start              End                 Pages\n",
	       pagesz);
	for (i = 0; i < img->phnum; i++) {
		if (img->phdrs[i].type != ELFLOAD_PT_LOAD)
			continue;
		if (!elfload_segment_extent(&img->phdrs[i], pagesz, &ext)) {
			printf("   %2.2zu      (wraps around the address space)\n",
			       i);
			continue;
		}
		printf("   %2.2zu      0x%16.16" PRIx64 " 0x%16.16" PRIx64
		       " %6" PRIu64 "\n",
		       i, ext.start, ext.end, (ext.end - ext.start) / pagesz);
	}
}

static void segments_text(const struct elfload_image *img)
{
	char tbuf[ELFLOAD_NAME_MAX];
	size_t i;

	printf("\nElf file type is %s\n",
	       elfload_file_type_name(img, tbuf, sizeof(tbuf)));
	printf("Entry point 0x%" PRIx64 "\n", img->ehdr.entry);
	printf("There are %zu program headers, starting at offset %" PRIu64
	       "\n\nProgram Headers:\n",
	       img->phnum, img->ehdr.phoff);
	if (img->elfclass == ELFLOAD_ELFCLASS64)
		printf("  Type           Offset   VirtAddr           PhysAddr"
		       "           FileSiz  MemSiz   Flg Align\n");
	else
		printf("  Type           Offset   VirtAddr   PhysAddr   FileSiz"
		       " MemSiz  Flg Align\n");
	for (i = 0; i < img->phnum; i++)
		segment_row(img, i);
	mapping_text(img);
	pages_text(img);
}

int cmd_segments(int argc, char **argv)
{
	struct inspect_opts o;
	struct elfload_image *img;
	int ret = parse_inspect_opts("segments", segments_help, argc, argv, &o);

	if (ret >= 0)
		return ret;
	img = open_image(o.file, &ret);
	if (!img)
		return ret;
	/* A failure is one line: the defect, without the warnings. */
	if (img->phdr_diag.err) {
		report(o.file, "%s", img->phdr_diag.msg);
		ret = exit_code_for(img->phdr_diag.err);
		elfload_image_free(img);
		return ret;
	}
	report_warnings(img);
	if (img->shdr_diag.err)
		report(o.file, "warning: no section-to-segment mapping: %s",
		       img->shdr_diag.msg);
	ret = EXIT_OK;
	if (o.json) {
		segments_json(img);
	} else if (!img->phdrs) {
		printf("\nThere are no program headers in this file.\n");
	} else {
		segments_text(img);
	}
	elfload_image_free(img);
	return ret;
}
