// SPDX-License-Identifier: MIT
/*
 * ELF notes (PT_NOTE segments, SHT_NOTE sections) and the GNU build-id
 * among them.  All reads are bounded by the bytes present in the file.
 */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <elfload/elf.h>

#include "internal.h"

/* A note header: the same 12 bytes in both classes. */
#define NHDR sizeof(struct elfload_elf32_nhdr)
#define NHDR_FIELD(img, p, f) \
	elfload_get32(img, (p) + offsetof(struct elfload_elf32_nhdr, f))

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
	if (left < NHDR)
		return elfload_diag_set(d, -ENOEXEC, "note", -1, "size", left,
					NHDR, "truncated note header at %#" PRIx64,
					off + *cursor);
	namesz = NHDR_FIELD(img, p, n_namesz);
	descsz = NHDR_FIELD(img, p, n_descsz);
	/* Name and descriptor are aligned from the start of the note. */
	name_room = note_pad(NHDR + namesz, align) - NHDR;
	if (name_room > left - NHDR)
		goto bad;
	desc_room = note_pad(NHDR + name_room + descsz, align) - NHDR -
		    name_room;
	if (desc_room > left - NHDR - name_room) {
		/* The last note may end without padding. */
		if (descsz > left - NHDR - name_room)
			goto bad;
		desc_room = left - NHDR - name_room;
	}
	note->type = NHDR_FIELD(img, p, n_type);
	note->namesz = (uint32_t)namesz;
	note->descsz = (uint32_t)descsz;
	note->name = namesz && p[NHDR + namesz - 1] == '\0' ?
			     (const char *)p + NHDR : "";
	note->desc = p + NHDR + name_room;
	*cursor += NHDR + name_room + desc_room;
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
