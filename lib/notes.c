// SPDX-License-Identifier: MIT
/*
 * Contents of particular segments: PT_INTERP, ELF notes (build-id) and the
 * dynamic section's DT_FLAGS_1.  All reads are bounded by the bytes
 * present in the file.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

long elfload_image_find_phdr(const struct elfload_image *img, uint32_t type)
{
	size_t i;

	for (i = 0; img->phdrs && i < img->phnum; i++)
		if (img->phdrs[i].type == type)
			return (long)i;
	return -1;
}

int elfload_image_interp(const struct elfload_image *img, const char **path,
			 size_t *len, struct elfload_diag *d)
{
	const struct elfload_phdr *ph;
	const char *p;
	const char *nul;
	long i = elfload_image_find_phdr(img, ELFLOAD_PT_INTERP);

	if (i < 0)
		return -ENOENT;
	ph = &img->phdrs[i];
	p = elfload_image_bytes(img, ph->offset, ph->filesz);
	if (!p)
		return elfload_diag_set(d, -ENOEXEC, "program header", i,
					"p_offset", ph->offset, img->size,
					"PT_INTERP at %#" PRIx64 "+%#" PRIx64
					" extends past the end of the file (%zu bytes)",
					ph->offset, ph->filesz, img->size);
	nul = ph->filesz ? memchr(p, '\0', ph->filesz) : NULL;
	if (!nul)
		return elfload_diag_set(d, -ENOEXEC, "program header", i,
					"p_filesz", ph->filesz, 0,
					"PT_INTERP path is not NUL-terminated");
	*path = p;
	*len = (size_t)(nul - p);
	return 0;
}

static uint64_t note_pad(uint64_t x, uint64_t align)
{
	return (x + align - 1) & ~(align - 1);
}

int elfload_note_next(const struct elfload_image *img, uint64_t off,
		      uint64_t size, uint64_t align, uint64_t *cursor,
		      struct elfload_note *note, struct elfload_diag *d)
{
	const unsigned char *base, *p;
	uint64_t left, namesz, descsz, name_room, desc_room;

	if (align != 8)
		align = 4;
	base = elfload_image_bytes(img, off, size);
	if (!base)
		return elfload_diag_set(d, -ENOEXEC, "note", -1, "offset", off,
					img->size, "notes at %#" PRIx64
					" extend past the end of the file", off);
	if (*cursor >= size)
		return 0;
	left = size - *cursor;
	p = base + *cursor;
	if (left < 12)
		return elfload_diag_set(d, -ENOEXEC, "note", -1, "size", left,
					12, "truncated note header at %#" PRIx64,
					off + *cursor);
	namesz = elfload_get32(img, p);
	descsz = elfload_get32(img, p + 4);
	/* Name and descriptor are aligned from the start of the note. */
	name_room = note_pad(12 + namesz, align) - 12;
	if (name_room > left - 12)
		goto bad;
	desc_room = note_pad(12 + name_room + descsz, align) - 12 - name_room;
	if (desc_room > left - 12 - name_room) {
		/* The last note may end without padding. */
		if (descsz > left - 12 - name_room)
			goto bad;
		desc_room = left - 12 - name_room;
	}
	note->type = elfload_get32(img, p + 8);
	note->namesz = (uint32_t)namesz;
	note->descsz = (uint32_t)descsz;
	note->name = namesz && p[12 + namesz - 1] == '\0' ?
			     (const char *)p + 12 : "";
	note->desc = p + 12 + name_room;
	*cursor += 12 + name_room + desc_room;
	return 1;

bad:
	return elfload_diag_set(d, -ENOEXEC, "note", -1, "n_namesz", namesz,
				left, "note at %#" PRIx64 " does not fit",
				off + *cursor);
}

/* Look for a GNU build-id note in [off, off + size). */
static size_t build_id_in(const struct elfload_image *img, uint64_t off,
			  uint64_t size, uint64_t align, char *buf,
			  size_t bufsz)
{
	struct elfload_note n;
	uint64_t cur = 0;
	size_t i;

	while (elfload_note_next(img, off, size, align, &cur, &n, NULL) > 0) {
		if (n.type != ELFLOAD_NT_GNU_BUILD_ID || strcmp(n.name, "GNU"))
			continue;
		for (i = 0; i < n.descsz && 2 * i + 2 < bufsz; i++)
			snprintf(buf + 2 * i, 3, "%02x", n.desc[i]);
		return i;
	}
	return 0;
}

size_t elfload_image_build_id(const struct elfload_image *img, char *buf,
			      size_t bufsz)
{
	size_t i, got;

	if (bufsz)
		buf[0] = '\0';
	for (i = 0; img->phdrs && i < img->phnum; i++) {
		const struct elfload_phdr *ph = &img->phdrs[i];

		if (ph->type != ELFLOAD_PT_NOTE)
			continue;
		got = build_id_in(img, ph->offset, ph->filesz, ph->align, buf,
				  bufsz);
		if (got)
			return got;
	}
	for (i = 0; img->shdrs && i < img->shnum; i++) {
		const struct elfload_shdr *sh = &img->shdrs[i];

		if (sh->type != ELFLOAD_SHT_NOTE)
			continue;
		got = build_id_in(img, sh->offset, sh->size, sh->addralign,
				  buf, bufsz);
		if (got)
			return got;
	}
	return 0;
}

uint64_t elfload_image_dt_flags_1(const struct elfload_image *img)
{
	const struct elfload_phdr *ph;
	const unsigned char *p;
	uint64_t ent = img->elfclass == ELFLOAD_ELFCLASS64 ? 16 : 8;
	uint64_t i, n;
	long idx = elfload_image_find_phdr(img, ELFLOAD_PT_DYNAMIC);

	if (idx < 0)
		return 0;
	ph = &img->phdrs[idx];
	/* Bound the walk by the bytes present, not by p_filesz alone. */
	n = ph->offset < img->size ?
		    (ph->filesz < img->size - ph->offset ?
			     ph->filesz : img->size - ph->offset) / ent :
		    0;
	p = img->bytes + (n ? ph->offset : 0);
	for (i = 0; i < n; i++, p += ent) {
		uint64_t tag = ent == 16 ? elfload_get64(img, p) :
					   elfload_get32(img, p);
		uint64_t val = ent == 16 ? elfload_get64(img, p + 8) :
					   elfload_get32(img, p + 4);

		if (tag == ELFLOAD_DT_NULL)
			break;
		if (tag == ELFLOAD_DT_FLAGS_1)
			return val;
	}
	return 0;
}
