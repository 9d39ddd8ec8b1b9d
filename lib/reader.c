// SPDX-License-Identifier: MIT
/*
 * The ELF reader: decode the ELF header, program header table and section
 * header table of any class and byte order into native structures.
 *
 * Every read is checked against the bytes present first.  Only an
 * unreadable ELF header is fatal; damaged tables are recorded in the image
 * (phdr_diag, shdr_diag) so that inspection can still show the rest.
 */
#include <errno.h>
#include <stddef.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <elfload/elf.h>

#include "internal.h"

uint16_t elfload_get16(const struct elfload_image *img, const void *p)
{
	const unsigned char *b = p;

	if (img->big_endian)
		return (uint16_t)(b[0] << 8 | b[1]);
	return (uint16_t)(b[1] << 8 | b[0]);
}

uint32_t elfload_get32(const struct elfload_image *img, const void *p)
{
	const unsigned char *b = p;

	if (img->big_endian)
		return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
		       (uint32_t)b[2] << 8 | b[3];
	return (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[1] << 8 | b[0];
}

uint64_t elfload_get64(const struct elfload_image *img, const void *p)
{
	const unsigned char *b = p;
	uint64_t hi, lo;

	hi = elfload_get32(img, b + (img->big_endian ? 0 : 4));
	lo = elfload_get32(img, b + (img->big_endian ? 4 : 0));
	return hi << 32 | lo;
}

/* A field of @n bytes (2, 4 or 8) in the image's byte order. */
static uint64_t get_field(const struct elfload_image *img,
			  const unsigned char *p, size_t n)
{
	if (n == 8)
		return elfload_get64(img, p);
	if (n == 4)
		return elfload_get32(img, p);
	return elfload_get16(img, p);
}

/*
 * Field @f of file structure @T (struct elfload_elf32_ehdr, ...) in the
 * bytes at @p, which the caller has checked hold a whole @T.
 */
#define GET(img, p, T, f) \
	get_field(img, (p) + offsetof(T, f), sizeof(((T *)0)->f))

static bool is_elf64(const struct elfload_image *img)
{
	return img->elfclass == ELFLOAD_ELFCLASS64;
}

static size_t ehdr_size(const struct elfload_image *img)
{
	return is_elf64(img) ? sizeof(struct elfload_elf64_ehdr) :
			       sizeof(struct elfload_elf32_ehdr);
}

static size_t phdr_size(const struct elfload_image *img)
{
	return is_elf64(img) ? sizeof(struct elfload_elf64_phdr) :
			       sizeof(struct elfload_elf32_phdr);
}

static size_t shdr_size(const struct elfload_image *img)
{
	return is_elf64(img) ? sizeof(struct elfload_elf64_shdr) :
			       sizeof(struct elfload_elf32_shdr);
}

const void *elfload_image_bytes(const struct elfload_image *img, uint64_t off,
				uint64_t len)
{
	if (!range_ok(off, len, img->size))
		return NULL;
	if (img->lazy && len && image_lazy_load(img->lazy, off, len) < 0)
		return NULL;
	return img->bytes + off;
}

void image_warn(struct elfload_image *img, const char *structure,
			long index, const char *field, uint64_t value,
			uint64_t limit, const char *fmt, ...)
{
	struct elfload_diag *w;
	char text[ELFLOAD_DIAG_MSG_MAX];
	va_list ap;

	if (img->nwarnings >= ELFLOAD_MAX_WARNINGS)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	w = &img->warnings[img->nwarnings++];
	elfload_diag_set(w, 0, structure, index, field, value, limit, "%s",
			 text);
}

/* The same fields in either class; only their widths and offsets differ. */
#define DECODE_EHDR(img, p, e, T)                                \
	do {                                                     \
		(e)->type = GET(img, p, T, e_type);              \
		(e)->machine = GET(img, p, T, e_machine);        \
		(e)->version = GET(img, p, T, e_version);        \
		(e)->entry = GET(img, p, T, e_entry);            \
		(e)->phoff = GET(img, p, T, e_phoff);            \
		(e)->shoff = GET(img, p, T, e_shoff);            \
		(e)->flags = GET(img, p, T, e_flags);            \
		(e)->ehsize = GET(img, p, T, e_ehsize);          \
		(e)->phentsize = GET(img, p, T, e_phentsize);    \
		(e)->phnum = GET(img, p, T, e_phnum);            \
		(e)->shentsize = GET(img, p, T, e_shentsize);    \
		(e)->shnum = GET(img, p, T, e_shnum);            \
		(e)->shstrndx = GET(img, p, T, e_shstrndx);      \
	} while (0)

#define DECODE_PHDR(img, p, ph, T)                               \
	do {                                                     \
		(ph)->type = GET(img, p, T, p_type);             \
		(ph)->flags = GET(img, p, T, p_flags);           \
		(ph)->offset = GET(img, p, T, p_offset);         \
		(ph)->vaddr = GET(img, p, T, p_vaddr);           \
		(ph)->paddr = GET(img, p, T, p_paddr);           \
		(ph)->filesz = GET(img, p, T, p_filesz);         \
		(ph)->memsz = GET(img, p, T, p_memsz);           \
		(ph)->align = GET(img, p, T, p_align);           \
	} while (0)

#define DECODE_SHDR(img, p, sh, T)                               \
	do {                                                     \
		(sh)->name = GET(img, p, T, sh_name);            \
		(sh)->type = GET(img, p, T, sh_type);            \
		(sh)->flags = GET(img, p, T, sh_flags);          \
		(sh)->addr = GET(img, p, T, sh_addr);            \
		(sh)->offset = GET(img, p, T, sh_offset);        \
		(sh)->size = GET(img, p, T, sh_size);            \
		(sh)->link = GET(img, p, T, sh_link);            \
		(sh)->info = GET(img, p, T, sh_info);            \
		(sh)->addralign = GET(img, p, T, sh_addralign);  \
		(sh)->entsize = GET(img, p, T, sh_entsize);      \
	} while (0)

/* check_ident() made sure that a whole ELF header is present. */
static void decode_ehdr(struct elfload_image *img)
{
	const unsigned char *p = img->bytes;
	struct elfload_ehdr *e = &img->ehdr;

	memcpy(e->ident, p, ELFLOAD_EI_NIDENT);
	if (is_elf64(img))
		DECODE_EHDR(img, p, e, struct elfload_elf64_ehdr);
	else
		DECODE_EHDR(img, p, e, struct elfload_elf32_ehdr);
}

/* @p holds a whole program header (check_table). */
static void decode_phdr(const struct elfload_image *img,
			const unsigned char *p, struct elfload_phdr *ph)
{
	if (is_elf64(img))
		DECODE_PHDR(img, p, ph, struct elfload_elf64_phdr);
	else
		DECODE_PHDR(img, p, ph, struct elfload_elf32_phdr);
}

/* @p holds a whole section header (check_table, read_section0). */
static void decode_shdr(const struct elfload_image *img,
			const unsigned char *p, struct elfload_shdr *sh)
{
	if (is_elf64(img))
		DECODE_SHDR(img, p, sh, struct elfload_elf64_shdr);
	else
		DECODE_SHDR(img, p, sh, struct elfload_elf32_shdr);
}

/*
 * Check that a table of @num entries of @entsize bytes at @off fits in the
 * file and that entries are at least @min bytes.  On failure, fill @d.
 */
static int check_table(const struct elfload_image *img, const char *what,
		       const char *off_field, uint64_t off, uint64_t num,
		       uint64_t entsize, uint64_t min, struct elfload_diag *d)
{
	uint64_t bytes;

	if (entsize < min)
		return elfload_diag_set(d, -ENOEXEC, "ELF header", -1,
					"entsize", entsize, min,
					"%s entry size %" PRIu64
					" < %" PRIu64 " bytes",
					what, entsize, min);
	if (!mul_ok(num, entsize, &bytes) || !range_ok(off, bytes, img->size))
		return elfload_diag_set(d, -ENOEXEC, what, -1, off_field, off,
					img->size,
					"%" PRIu64 " entries of %" PRIu64
					" bytes at offset %#" PRIx64
					" extend past the end of the file (%zu bytes)",
					num, entsize, off, img->size);
	return 0;
}

/* Section header 0, which holds the extended counts, if it is readable. */
static bool read_section0(const struct elfload_image *img,
			  struct elfload_shdr *sh0)
{
	uint64_t min = shdr_size(img);
	const unsigned char *p;

	if (!img->ehdr.shoff || img->ehdr.shentsize < min)
		return false;
	p = elfload_image_bytes(img, img->ehdr.shoff, min);
	if (!p)
		return false;
	decode_shdr(img, p, sh0);
	return true;
}

/* Follow PN_XNUM, e_shnum == 0 and SHN_XINDEX to section header 0. */
static void resolve_counts(struct elfload_image *img)
{
	const struct elfload_ehdr *e = &img->ehdr;
	struct elfload_shdr sh0;
	bool have0 = read_section0(img, &sh0);

	img->phnum = e->phnum;
	img->shnum = e->shoff ? e->shnum : 0;
	img->shstrndx = e->shstrndx;
	if (!have0) {
		/* readelf warns and shows no sections: so do we. */
		if (e->shoff && !e->shnum)
			image_warn(img, "section header table", -1,
					   "e_shoff", e->shoff, img->size,
					   "e_shoff %#" PRIx64 " is set but "
					   "section header 0, which holds the "
					   "count, cannot be read", e->shoff);
		return;
	}
	if (e->phnum == ELFLOAD_PN_XNUM)
		img->phnum = sh0.info;
	if (e->shnum == 0)
		img->shnum = sh0.size;
	if (e->shstrndx == ELFLOAD_SHN_XINDEX)
		img->shstrndx = sh0.link;
}

static void read_phdrs(struct elfload_image *img)
{
	uint64_t min = phdr_size(img);
	uint64_t ent = img->ehdr.phentsize;
	struct elfload_diag *d = &img->phdr_diag;
	size_t i;

	/* e_phoff 0 is an offset like any other to readelf and the kernel. */
	if (!img->phnum)
		return;
	if (check_table(img, "program header table", "e_phoff",
			img->ehdr.phoff, img->phnum, ent, min, d) < 0)
		return;
	if (ent > min)
		image_warn(img, "ELF header", -1, "e_phentsize", ent,
				   min, "e_phentsize %" PRIu64 " > %" PRIu64,
				   ent, min);
	/* check_table bounded phnum by the file size, so this is small. */
	img->phdrs = calloc(img->phnum, sizeof(*img->phdrs));
	if (!img->phdrs) {
		elfload_diag_set(d, -ENOMEM, "program header table", -1, NULL,
				 img->phnum, 0, "out of memory");
		return;
	}
	for (i = 0; i < img->phnum; i++)
		decode_phdr(img, img->bytes + img->ehdr.phoff + i * ent,
			    &img->phdrs[i]);
}

static void find_shstrtab(struct elfload_image *img)
{
	const struct elfload_shdr *s;

	if (img->shstrndx == 0 || img->shstrndx >= img->shnum) {
		if (img->shstrndx)
			image_warn(img, "ELF header", -1, "e_shstrndx",
					   img->shstrndx, img->shnum,
					   "e_shstrndx %zu >= section count %zu",
					   img->shstrndx, img->shnum);
		return;
	}
	s = &img->shdrs[img->shstrndx];
	if (s->type == ELFLOAD_SHT_NOBITS ||
	    !elfload_image_bytes(img, s->offset, s->size)) {
		image_warn(img, "section header", (long)img->shstrndx,
				   "sh_offset", s->offset, img->size,
				   "string table outside the file");
		return;
	}
	img->shstrtab = (const char *)img->bytes + s->offset;
	img->shstrtab_size = s->size;
	/* A name may run to the end of an unterminated table: add a NUL. */
	if (s->size && img->shstrtab[s->size - 1] != '\0') {
		img->strtab_copy = malloc(s->size + 1);
		if (!img->strtab_copy) {
			img->shstrtab = NULL;
			return;
		}
		memcpy(img->strtab_copy, img->shstrtab, s->size);
		img->strtab_copy[s->size] = '\0';
		img->shstrtab = img->strtab_copy;
	}
}

static void read_shdrs(struct elfload_image *img)
{
	uint64_t min = shdr_size(img);
	uint64_t ent = img->ehdr.shentsize;
	struct elfload_diag *d = &img->shdr_diag;
	size_t i;

	if (!img->ehdr.shoff || !img->shnum)
		return;
	if (check_table(img, "section header table", "e_shoff",
			img->ehdr.shoff, img->shnum, ent, min, d) < 0)
		return;
	img->shdrs = calloc(img->shnum, sizeof(*img->shdrs));
	if (!img->shdrs) {
		elfload_diag_set(d, -ENOMEM, "section header table", -1, NULL,
				 img->shnum, 0, "out of memory");
		return;
	}
	for (i = 0; i < img->shnum; i++)
		decode_shdr(img, img->bytes + img->ehdr.shoff + i * ent,
			    &img->shdrs[i]);
	find_shstrtab(img);
}

long elfload_image_find_phdr(const struct elfload_image *img, uint32_t type)
{
	size_t i;

	for (i = 0; img->phdrs && i < img->phnum; i++)
		if (img->phdrs[i].type == type)
			return (long)i;
	return -1;
}

const char *elfload_section_name(const struct elfload_image *img, size_t i)
{
	uint32_t off;

	if (!img->shdrs || i >= img->shnum || !img->shstrtab)
		return NULL;
	off = img->shdrs[i].name;
	if (off >= img->shstrtab_size)
		return NULL;
	/* The table ends in a NUL: its own, or the one find_shstrtab added. */
	return img->shstrtab + off;
}

/* Check e_ident and the header size; fill class and byte order. */
static int check_ident(struct elfload_image *img, struct elfload_diag *d)
{
	const unsigned char *p = img->bytes;
	unsigned cls, data;
	size_t need;

	if (img->size < ELFLOAD_SELFMAG ||
	    memcmp(p, ELFLOAD_ELFMAG, ELFLOAD_SELFMAG))
		return elfload_diag_set(d, -ENOEXEC, NULL, -1, "e_ident", 0, 0,
					"not an ELF file: it looks like %s",
					describe_non_elf(p, img->size));
	if (img->size < ELFLOAD_EI_NIDENT)
		return elfload_diag_set(d, -ENOEXEC, "ELF header", -1,
					"e_ident", img->size, ELFLOAD_EI_NIDENT,
					"truncated: %zu of %d bytes", img->size,
					ELFLOAD_EI_NIDENT);
	cls = p[ELFLOAD_EI_CLASS];
	data = p[ELFLOAD_EI_DATA];
	if (cls != ELFLOAD_ELFCLASS32 && cls != ELFLOAD_ELFCLASS64)
		image_warn(img, "ELF header", -1, "EI_CLASS", cls,
				   ELFLOAD_ELFCLASS64,
				   "unknown class %u in e_ident[EI_CLASS], "
				   "read as ELF32", cls);
	if (data != ELFLOAD_ELFDATA2LSB && data != ELFLOAD_ELFDATA2MSB)
		image_warn(img, "ELF header", -1, "EI_DATA", data,
				   ELFLOAD_ELFDATA2MSB,
				   "unknown data encoding %u in "
				   "e_ident[EI_DATA], read as little endian",
				   data);
	img->elfclass = cls == ELFLOAD_ELFCLASS64 ? ELFLOAD_ELFCLASS64 :
						    ELFLOAD_ELFCLASS32;
	img->big_endian = data == ELFLOAD_ELFDATA2MSB;
	need = ehdr_size(img);
	if (img->size < need)
		return elfload_diag_set(d, -ENOEXEC, "ELF header", -1, NULL,
					img->size, need,
					"truncated: %zu of %zu bytes",
					img->size, need);
	return 0;
}

int elfload_image_parse(const void *bytes, size_t size, const char *name,
			unsigned flags, struct elfload_image **out,
			struct elfload_diag *d)
{
	struct elfload_image *img;
	int ret;

	elfload_diag_clear(d);
	img = calloc(1, sizeof(*img));
	if (!img)
		return elfload_diag_set(d, -ENOMEM, NULL, -1, NULL, 0, 0,
					"out of memory");
	elfload_diag_clear(&img->phdr_diag);
	elfload_diag_clear(&img->shdr_diag);
	img->name = name;
	img->bytes = bytes;
	img->size = size;
	img->file_size = size;
	if (flags & ELFLOAD_IMAGE_COPY) {
		img->owned = malloc(size ? size : 1);
		if (!img->owned) {
			ret = elfload_diag_set(d, -ENOMEM, NULL, -1, NULL, size,
					       0, "out of memory");
			goto free_img;
		}
		memcpy(img->owned, bytes, size);
		img->bytes = img->owned;
	}
	ret = check_ident(img, d);
	if (ret < 0)
		goto free_img;
	decode_ehdr(img);
	if (flags & ELFLOAD_IMAGE_HEADERS) {
		/* Only the prefix loading needs was read: no sections. */
		img->phnum = img->ehdr.phnum;
	} else {
		resolve_counts(img);
		read_shdrs(img);
	}
	read_phdrs(img);
	*out = img;
	return 0;

free_img:
	elfload_image_free(img);
	return ret;
}

void elfload_image_free(struct elfload_image *img)
{
	if (!img)
		return;
	free(img->phdrs);
	free(img->shdrs);
	free(img->owned);
	free(img->strtab_copy);
	image_lazy_free(img->lazy);
	free(img);
}
