// SPDX-License-Identifier: MIT
/* elfload headers: the ELF header, as readelf -h shows it. */
#include <inttypes.h>

#include "cli.h"

static const char headers_help[] =
	"Usage: elfload headers [--json] FILE\n"
	"Show the ELF header of FILE (the content of readelf -h).\n\n"
	"  --json   print a JSON document instead (see elfload(1))\n"
	"  --help   show this help\n";

/* Names of the header's enumerated fields, formatted once. */
struct header_names {
	char cls[ELFLOAD_NAME_MAX], data[ELFLOAD_NAME_MAX];
	char ver[ELFLOAD_NAME_MAX], osabi[ELFLOAD_NAME_MAX];
	char type[ELFLOAD_NAME_MAX], machine[ELFLOAD_NAME_MAX];
	const char *cls_s, *data_s, *ver_s, *osabi_s, *type_s, *machine_s;
};

static void name_header(const struct elfload_image *img,
			struct header_names *n)
{
	const unsigned char *id = img->ehdr.ident;

	n->cls_s = elfload_class_name(id[4], n->cls, sizeof(n->cls));
	n->data_s = elfload_data_name(id[5], n->data, sizeof(n->data));
	n->ver_s = elfload_ident_version_name(id[6], n->ver, sizeof(n->ver));
	n->osabi_s = elfload_osabi_name(id[7], img->ehdr.machine, n->osabi,
					sizeof(n->osabi));
	n->type_s = elfload_file_type_name(img, n->type, sizeof(n->type));
	n->machine_s = elfload_machine_name(img->ehdr.machine, n->machine,
					    sizeof(n->machine));
}

static void headers_json(const struct elfload_image *img)
{
	const struct elfload_ehdr *e = &img->ehdr;
	struct header_names n;
	struct json j;
	int i;

	name_header(img, &n);
	json_init(&j, stdout);
	json_begin_object(&j, NULL);
	json_str(&j, "file", img->name);
	json_begin_object(&j, "header");
	json_begin_array(&j, "ident");
	for (i = 0; i < ELFLOAD_EI_NIDENT; i++)
		json_u64(&j, NULL, e->ident[i]);
	json_end_array(&j);
	json_u64(&j, "class", e->ident[ELFLOAD_EI_CLASS]);
	json_str(&j, "class_name", n.cls_s);
	json_u64(&j, "data", e->ident[ELFLOAD_EI_DATA]);
	json_str(&j, "data_name", n.data_s);
	json_u64(&j, "ident_version", e->ident[ELFLOAD_EI_VERSION]);
	json_str(&j, "ident_version_name", n.ver_s);
	json_u64(&j, "osabi", e->ident[ELFLOAD_EI_OSABI]);
	json_str(&j, "osabi_name", n.osabi_s);
	json_u64(&j, "abiversion", e->ident[ELFLOAD_EI_ABIVERSION]);
	json_u64(&j, "e_type", e->type);
	json_str(&j, "type_name", n.type_s);
	json_u64(&j, "e_machine", e->machine);
	json_str(&j, "machine_name", n.machine_s);
	json_u64(&j, "e_version", e->version);
	json_addr(&j, "e_entry", e->entry);
	json_u64(&j, "e_phoff", e->phoff);
	json_u64(&j, "e_shoff", e->shoff);
	json_u64(&j, "e_flags", e->flags);
	json_u64(&j, "e_ehsize", e->ehsize);
	json_u64(&j, "e_phentsize", e->phentsize);
	json_u64(&j, "e_phnum", e->phnum);
	json_u64(&j, "e_shentsize", e->shentsize);
	json_u64(&j, "e_shnum", e->shnum);
	json_u64(&j, "e_shstrndx", e->shstrndx);
	json_u64(&j, "phnum", img->phnum);
	json_u64(&j, "shnum", img->shnum);
	json_u64(&j, "shstrndx", img->shstrndx);
	json_end_object(&j);
	json_warnings(&j, img);
	json_end_object(&j);
	json_finish(&j);
}

/* "13", or "65535 (70000)" when the count is extended via section 0. */
static void print_count(const char *label, unsigned raw, size_t real)
{
	printf("  %-35s%u", label, raw);
	if (raw != real)
		printf(" (%zu)", real);
	putchar('\n');
}

static void headers_text(const struct elfload_image *img)
{
	const struct elfload_ehdr *e = &img->ehdr;
	struct header_names n;
	int i;

	name_header(img, &n);
	printf("ELF Header:\n  Magic:  ");
	for (i = 0; i < ELFLOAD_EI_NIDENT; i++)
		printf(" %02x", e->ident[i]);
	printf("\n");
	printf("  %-35s%s\n", "Class:", n.cls_s);
	printf("  %-35s%s\n", "Data:", n.data_s);
	printf("  %-35s%s\n", "Version:", n.ver_s);
	printf("  %-35s%s\n", "OS/ABI:", n.osabi_s);
	printf("  %-35s%u\n", "ABI Version:", e->ident[ELFLOAD_EI_ABIVERSION]);
	printf("  %-35s%s\n", "Type:", n.type_s);
	printf("  %-35s%s\n", "Machine:", n.machine_s);
	printf("  %-35s%#" PRIx32 "\n", "Version:", e->version);
	printf("  %-35s0x%" PRIx64 "\n", "Entry point address:", e->entry);
	printf("  %-35s%" PRIu64 " (bytes into file)\n",
	       "Start of program headers:", e->phoff);
	printf("  %-35s%" PRIu64 " (bytes into file)\n",
	       "Start of section headers:", e->shoff);
	printf("  %-35s0x%" PRIx32 "\n", "Flags:", e->flags);
	printf("  %-35s%u (bytes)\n", "Size of this header:", e->ehsize);
	printf("  %-35s%u (bytes)\n", "Size of program headers:",
	       e->phentsize);
	print_count("Number of program headers:", e->phnum, img->phnum);
	printf("  %-35s%u (bytes)\n", "Size of section headers:",
	       e->shentsize);
	print_count("Number of section headers:", e->shnum, img->shnum);
	print_count("Section header string table index:", e->shstrndx,
		    img->shstrndx);
}

int cmd_headers(int argc, char **argv)
{
	struct inspect_opts o;
	struct elfload_image *img;
	int ret = parse_inspect_opts("headers", headers_help, argc, argv, &o);

	if (ret >= 0)
		return ret;
	img = open_image(o.file, &ret);
	if (!img)
		return ret;
	report_warnings(img);
	if (o.json)
		headers_json(img);
	else
		headers_text(img);
	elfload_image_free(img);
	return EXIT_OK;
}
