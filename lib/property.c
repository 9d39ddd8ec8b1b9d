// SPDX-License-Identifier: MIT
/*
 * The GNU property note of PT_GNU_PROPERTY, read as execve reads it
 * (parse_elf_properties() in fs/binfmt_elf.c, on architectures that
 * select ARCH_USE_GNU_PROPERTY): at most 1 KiB, one NT_GNU_PROPERTY_TYPE_0
 * note named "GNU", properties 8-byte aligned, unique and sorted by type.
 * Every defect the kernel refuses is -ENOEXEC (-EIO for a short read).
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include <elfload/elf.h>
#include <elfload/image.h>

#include "internal.h"

#define PROPERTY_NOTE_MAX 1024	/* NOTE_DATA_SZ */
#define PROPERTY_ALIGN 8	/* ELF_GNU_PROPERTY_ALIGN, 64-bit */
#define NHDR_SIZE 12
#define NAME_SIZE 4		/* "GNU" and its NUL */

static int bad(struct elfload_diag *d, long i, uint64_t value, int err,
	       const char *why)
{
	return elfload_diag_set(d, err, "program header", i, "PT_GNU_PROPERTY",
				value, 0, "PT_GNU_PROPERTY: %s", why);
}

/* The bytes of the segment @ph, or NULL when the file has fewer. */
static const unsigned char *property_bytes(const struct elfload_image *img,
					   const struct elfload_phdr *ph)
{
	uint64_t end;

	if (!add_ok(ph->offset, ph->filesz, &end) || end > img->size)
		return NULL;
	return img->bytes + ph->offset;
}

/* One property at *@off of @data (@datasz bytes): parse_elf_property(). */
static int next_property(const struct elfload_image *img,
			 const unsigned char *data, uint64_t *off,
			 uint64_t datasz, uint32_t *type, uint32_t *prsz,
			 long i, struct elfload_diag *d)
{
	uint64_t o = *off, left = datasz - *off, step;

	if (left < 8)
		return bad(d, i, o, -ENOEXEC, "truncated property");
	*type = elfload_get32(img, data + o);
	*prsz = elfload_get32(img, data + o + 4);
	o += 8;
	left -= 8;
	if (*prsz > left)
		return bad(d, i, *prsz, -ENOEXEC, "pr_datasz past the note");
	step = ((uint64_t)*prsz + PROPERTY_ALIGN - 1) & ~(uint64_t)(PROPERTY_ALIGN - 1);
	if (step > left)
		return bad(d, i, *prsz, -ENOEXEC, "padding past the note");
	*off = o + step;
	return 0;
}

long elfload_image_property_phdr(const struct elfload_image *img)
{
	long found = -1;
	size_t i;

	for (i = 0; img->phdrs && i < img->phnum; i++) {
		if (img->phdrs[i].type == ELFLOAD_PT_GNU_PROPERTY)
			found = (long)i;
		else if (img->phdrs[i].type == ELFLOAD_PT_INTERP)
			break;
	}
	return found;
}

int elfload_gnu_property(const struct elfload_image *img,
			 const struct elfload_phdr *ph, uint32_t want,
			 uint32_t *value, struct elfload_diag *d)
{
	const long i = ph - img->phdrs;
	const unsigned char *p;
	uint64_t off, datasz, descsz;
	uint32_t type = 0, prev = 0, prsz = 0;
	bool first = true;
	int found = 0, ret;

	if (ph->filesz > PROPERTY_NOTE_MAX)
		return bad(d, i, ph->filesz, -ENOEXEC, "note larger than 1 KiB");
	p = property_bytes(img, ph);
	if (!p || ph->filesz < NHDR_SIZE + NAME_SIZE)
		return bad(d, i, ph->filesz, -EIO, "note not readable");
	if (elfload_get32(img, p + 8) != ELFLOAD_NT_GNU_PROPERTY_TYPE_0 ||
	    elfload_get32(img, p) != NAME_SIZE ||
	    strncmp((const char *)p + NHDR_SIZE, "GNU", NAME_SIZE))
		return bad(d, i, elfload_get32(img, p + 8), -ENOEXEC,
			   "not a GNU NT_GNU_PROPERTY_TYPE_0 note");
	off = NHDR_SIZE + NAME_SIZE;	/* already 8-byte aligned */
	descsz = elfload_get32(img, p + 4);
	if (descsz > ph->filesz - off)
		return bad(d, i, descsz, -ENOEXEC, "n_descsz past the segment");
	datasz = off + descsz;
	for (; off < datasz; prev = type, first = false) {
		uint64_t at = off + 8;

		ret = next_property(img, p, &off, datasz, &type, &prsz, i, d);
		if (ret)
			return ret;
		if (!first && type <= prev)
			return bad(d, i, type, -ENOEXEC,
				   "properties not sorted by pr_type");
		if (type != want)
			continue;
		/* arch_parse_elf_property: exactly one word */
		if (prsz != 4)
			return bad(d, i, prsz, -ENOEXEC,
				   "pr_datasz of a FEATURE_1_AND is not 4");
		*value = elfload_get32(img, p + at);
		found = 1;
	}
	return found;
}
