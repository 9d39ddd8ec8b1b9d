// SPDX-License-Identifier: MIT
/* elfload sections: the section header table, as readelf -SW shows it. */
#include <inttypes.h>

#include "cli.h"

static const char sections_help[] =
	"Usage: elfload sections [--json] FILE\n"
	"Show the section headers of FILE (the content of readelf -SW).\n\n"
	"  --json   print a JSON document instead (see elfload(1))\n"
	"  --help   show this help\n";

static void section_json(struct json *j, const struct elfload_image *img,
			 size_t i)
{
	const struct elfload_shdr *sh = &img->shdrs[i];
	char tbuf[ELFLOAD_NAME_MAX], fbuf[ELFLOAD_NAME_MAX];

	json_begin_object(j, NULL);
	json_u64(j, "index", i);
	json_str(j, "name", elfload_section_name(img, i));
	json_u64(j, "sh_name", sh->name);
	json_u64(j, "sh_type", sh->type);
	json_str(j, "type_name",
		 elfload_section_type_name(img, sh->type, tbuf, sizeof(tbuf)));
	json_addr(j, "sh_addr", sh->addr);
	json_u64(j, "sh_offset", sh->offset);
	json_u64(j, "sh_size", sh->size);
	json_u64(j, "sh_entsize", sh->entsize);
	json_u64(j, "sh_flags", sh->flags);
	json_str(j, "flags", elfload_section_flags_string(img, sh->flags, fbuf,
							  sizeof(fbuf)));
	json_u64(j, "sh_link", sh->link);
	json_u64(j, "sh_info", sh->info);
	json_u64(j, "sh_addralign", sh->addralign);
	json_end_object(j);
}

static void sections_json(const struct elfload_image *img)
{
	struct json j;
	size_t i;

	json_init(&j, stdout);
	json_begin_object(&j, NULL);
	json_str(&j, "file", img->name);
	json_u64(&j, "e_shoff", img->ehdr.shoff);
	json_u64(&j, "shnum", img->shdrs ? img->shnum : 0);
	json_u64(&j, "shstrndx", img->shstrndx);
	json_begin_array(&j, "sections");
	for (i = 0; img->shdrs && i < img->shnum; i++)
		section_json(&j, img, i);
	json_end_array(&j);
	json_warnings(&j, img);
	json_end_object(&j);
	json_finish(&j);
}

static void section_row(const struct elfload_image *img, size_t i)
{
	const struct elfload_shdr *sh = &img->shdrs[i];
	char tbuf[ELFLOAD_NAME_MAX], fbuf[ELFLOAD_NAME_MAX];
	const char *name = elfload_section_name(img, i);

	printf("  [%2zu] %-17s %-15.15s ", i, name ? name : "<corrupt>",
	       elfload_section_type_name(img, sh->type, tbuf, sizeof(tbuf)));
	if (img->elfclass == ELFLOAD_ELFCLASS64)
		printf("%16.16" PRIx64 " %6.6" PRIx64 " %6.6" PRIx64
		       " %2.2" PRIx64,
		       sh->addr, sh->offset, sh->size, sh->entsize);
	else
		printf("%8.8" PRIx64 " %6.6" PRIx64 " %6.6" PRIx64
		       " %2.2" PRIx64,
		       sh->addr, sh->offset, sh->size, sh->entsize);
	printf(" %3s %2" PRIu32 " %3" PRIu32 " %2" PRIu64 "\n",
	       elfload_section_flags_string(img, sh->flags, fbuf, sizeof(fbuf)),
	       sh->link, sh->info, sh->addralign);
}

static void sections_text(const struct elfload_image *img)
{
	size_t i;

	printf("There are %zu section headers, starting at offset %#" PRIx64
	       ":\n\nSection Headers:\n",
	       img->shnum, img->ehdr.shoff);
	if (img->elfclass == ELFLOAD_ELFCLASS64)
		printf("  [Nr] Name              Type            Address"
		       "          Off    Size   ES Flg Lk Inf Al\n");
	else
		printf("  [Nr] Name              Type            Addr     Off"
		       "    Size   ES Flg Lk Inf Al\n");
	for (i = 0; i < img->shnum; i++)
		section_row(img, i);
	printf("Key to Flags:\n"
	       "  W (write), A (alloc), X (execute), M (merge), S (strings),"
	       " I (info),\n"
	       "  L (link order), O (extra OS processing required), G (group),"
	       " T (TLS),\n"
	       "  C (compressed), x (unknown), o (OS specific), E (exclude),\n"
	       "  D (mbind), l (large), p (processor specific)\n");
}

int cmd_sections(int argc, char **argv)
{
	struct inspect_opts o;
	struct elfload_image *img;
	int ret = parse_inspect_opts("sections", sections_help, argc, argv, &o);

	if (ret >= 0)
		return ret;
	img = open_image(o.file, &ret);
	if (!img)
		return ret;
	/* A failure is one line: the defect, without the warnings. */
	if (img->shdr_diag.err) {
		report(o.file, "%s", img->shdr_diag.msg);
		ret = exit_code_for(img->shdr_diag.err);
		elfload_image_free(img);
		return ret;
	}
	report_warnings(img);
	ret = EXIT_OK;
	if (o.json) {
		sections_json(img);
	} else if (!img->shdrs) {
		printf("\nThere are no sections in this file.\n");
	} else {
		sections_text(img);
	}
	elfload_image_free(img);
	return ret;
}
