/* SPDX-License-Identifier: MIT */
/*
 * A tiny ELF writer for the unit tests: it lays an ELF header, program
 * headers, section headers and raw bytes into a caller buffer, in either
 * class (ELF32, ELF64) and either byte order.  Tests build every input,
 * valid or malformed, with it, so each test states only what differs
 * from a plain, empty executable.
 *
 * The headers are given as elfload's own widened structures; the writer
 * narrows them to the file layout of the chosen class.  Nothing is
 * checked: writing nonsense is the point.
 *
 *	unsigned char buf[1024];
 *	struct elfbuild b;
 *
 *	eb_init(&b, buf, sizeof(buf), ELFCLASS64, true);
 *	eb_phdrs(&b, 64, phdrs, 2);
 *	size = eb_finish(&b);
 */
#ifndef ELFLOAD_TESTS_ELFBUILD_H
#define ELFLOAD_TESTS_ELFBUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <elfload/elf.h>
#include <elfload/image.h>

struct elfbuild {
	unsigned char *buf;
	size_t cap;		/* bytes available in buf */
	size_t len;		/* image size so far */
	int cls;		/* ELFCLASS32 or ELFCLASS64 */
	bool be;		/* big endian */
	struct elfload_ehdr eh;	/* written by eb_finish() */
};

static inline size_t eb_ehdr_size(int cls)
{
	return cls == ELFLOAD_ELFCLASS64 ? sizeof(struct elfload_elf64_ehdr) :
					  sizeof(struct elfload_elf32_ehdr);
}

static inline size_t eb_phdr_size(int cls)
{
	return cls == ELFLOAD_ELFCLASS64 ? sizeof(struct elfload_elf64_phdr) :
					  sizeof(struct elfload_elf32_phdr);
}

static inline size_t eb_shdr_size(int cls)
{
	return cls == ELFLOAD_ELFCLASS64 ? sizeof(struct elfload_elf64_shdr) :
					  sizeof(struct elfload_elf32_shdr);
}

/* Note that [off, off + n) is part of the image. */
static inline unsigned char *eb_at(struct elfbuild *b, uint64_t off, size_t n)
{
	/* A test that writes outside its own buffer is broken: stop. */
	if (off > b->cap || n > b->cap - off)
		__builtin_trap();
	if (off + n > b->len)
		b->len = off + n;
	return b->buf + off;
}

/* Store the low @n bytes of @v at @off in the image's byte order. */
static inline void eb_put(struct elfbuild *b, uint64_t off, uint64_t v,
			  size_t n)
{
	unsigned char *p = eb_at(b, off, n);
	size_t i;

	for (i = 0; i < n; i++)
		p[b->be ? n - 1 - i : i] = (unsigned char)(v >> (8 * i));
}

static inline void eb_put16(struct elfbuild *b, uint64_t off, uint64_t v)
{
	eb_put(b, off, v, 2);
}

static inline void eb_put32(struct elfbuild *b, uint64_t off, uint64_t v)
{
	eb_put(b, off, v, 4);
}

static inline void eb_put64(struct elfbuild *b, uint64_t off, uint64_t v)
{
	eb_put(b, off, v, 8);
}

/* A class-sized word (Elf32_Addr/Off or Elf64_Addr/Off/Xword). */
static inline void eb_putw(struct elfbuild *b, uint64_t off, uint64_t v)
{
	eb_put(b, off, v, b->cls == ELFLOAD_ELFCLASS64 ? 8 : 4);
}

/* Raw bytes: strings, note payloads, anything not in a header. */
static inline void eb_bytes(struct elfbuild *b, uint64_t off, const void *p,
			    size_t n)
{
	memcpy(eb_at(b, off, n), p, n);
}

/*
 * Start an image: a zeroed buffer and the header of an empty x86-64 (or
 * i386) executable with no tables.  Only the ELF header is counted in
 * the image size so far.
 */
static inline void eb_init(struct elfbuild *b, unsigned char *buf, size_t cap,
			   int cls, bool be)
{
	memset(buf, 0, cap);
	memset(b, 0, sizeof(*b));
	b->buf = buf;
	b->cap = cap;
	b->cls = cls;
	b->be = be;
	memcpy(b->eh.ident, ELFLOAD_ELFMAG, ELFLOAD_SELFMAG);
	b->eh.ident[ELFLOAD_EI_CLASS] = (unsigned char)cls;
	b->eh.ident[ELFLOAD_EI_DATA] = be ? ELFLOAD_ELFDATA2MSB :
					    ELFLOAD_ELFDATA2LSB;
	b->eh.ident[ELFLOAD_EI_VERSION] = ELFLOAD_EV_CURRENT;
	b->eh.type = ELFLOAD_ET_EXEC;
	b->eh.machine = cls == ELFLOAD_ELFCLASS64 ? ELFLOAD_EM_X86_64 :
						    ELFLOAD_EM_386;
	b->eh.version = ELFLOAD_EV_CURRENT;
	b->eh.ehsize = (uint16_t)eb_ehdr_size(cls);
	b->eh.phentsize = (uint16_t)eb_phdr_size(cls);
	b->eh.shentsize = (uint16_t)eb_shdr_size(cls);
	eb_at(b, 0, eb_ehdr_size(cls));
}

/* Write the ELF header from b->eh; returns the image size. */
static inline size_t eb_finish(struct elfbuild *b)
{
	const struct elfload_ehdr *e = &b->eh;
	size_t w = b->cls == ELFLOAD_ELFCLASS64 ? 8 : 4;
	uint64_t p = 24 + 3 * w;

	eb_bytes(b, 0, e->ident, ELFLOAD_EI_NIDENT);
	eb_put16(b, 16, e->type);
	eb_put16(b, 18, e->machine);
	eb_put32(b, 20, e->version);
	eb_putw(b, 24, e->entry);
	eb_putw(b, 24 + w, e->phoff);
	eb_putw(b, 24 + 2 * w, e->shoff);
	eb_put32(b, p, e->flags);
	eb_put16(b, p + 4, e->ehsize);
	eb_put16(b, p + 6, e->phentsize);
	eb_put16(b, p + 8, e->phnum);
	eb_put16(b, p + 10, e->shentsize);
	eb_put16(b, p + 12, e->shnum);
	eb_put16(b, p + 14, e->shstrndx);
	return b->len;
}

/* One program header at file offset @off (Elf32_Phdr or Elf64_Phdr). */
static inline void eb_phdr(struct elfbuild *b, uint64_t off,
			   const struct elfload_phdr *ph)
{
	eb_put32(b, off, ph->type);
	if (b->cls == ELFLOAD_ELFCLASS64) {
		eb_put32(b, off + 4, ph->flags);
		eb_put64(b, off + 8, ph->offset);
		eb_put64(b, off + 16, ph->vaddr);
		eb_put64(b, off + 24, ph->paddr);
		eb_put64(b, off + 32, ph->filesz);
		eb_put64(b, off + 40, ph->memsz);
		eb_put64(b, off + 48, ph->align);
	} else {
		eb_put32(b, off + 4, ph->offset);
		eb_put32(b, off + 8, ph->vaddr);
		eb_put32(b, off + 12, ph->paddr);
		eb_put32(b, off + 16, ph->filesz);
		eb_put32(b, off + 20, ph->memsz);
		eb_put32(b, off + 24, ph->flags);
		eb_put32(b, off + 28, ph->align);
	}
}

/* One section header at file offset @off (Elf32_Shdr or Elf64_Shdr). */
static inline void eb_shdr(struct elfbuild *b, uint64_t off,
			   const struct elfload_shdr *sh)
{
	size_t w = b->cls == ELFLOAD_ELFCLASS64 ? 8 : 4;

	eb_put32(b, off, sh->name);
	eb_put32(b, off + 4, sh->type);
	eb_putw(b, off + 8, sh->flags);
	eb_putw(b, off + 8 + w, sh->addr);
	eb_putw(b, off + 8 + 2 * w, sh->offset);
	eb_putw(b, off + 8 + 3 * w, sh->size);
	eb_put32(b, off + 8 + 4 * w, sh->link);
	eb_put32(b, off + 12 + 4 * w, sh->info);
	eb_putw(b, off + 16 + 4 * w, sh->addralign);
	eb_putw(b, off + 16 + 5 * w, sh->entsize);
}

/*
 * The program header table: @n entries at @off, e_phentsize apart, and
 * e_phoff/e_phnum pointing at them.  Change b->eh.phentsize first to
 * space entries differently.
 */
static inline void eb_phdrs(struct elfbuild *b, uint64_t off,
			    const struct elfload_phdr *ph, size_t n)
{
	size_t i;

	b->eh.phoff = off;
	b->eh.phnum = (uint16_t)n;
	for (i = 0; i < n; i++)
		eb_phdr(b, off + i * b->eh.phentsize, &ph[i]);
}

/* The section header table, likewise (e_shoff, e_shnum, e_shentsize). */
static inline void eb_shdrs(struct elfbuild *b, uint64_t off,
			    const struct elfload_shdr *sh, size_t n)
{
	size_t i;

	b->eh.shoff = off;
	b->eh.shnum = (uint16_t)n;
	for (i = 0; i < n; i++)
		eb_shdr(b, off + i * b->eh.shentsize, &sh[i]);
}

/*
 * One ELF note at @off, laid out as the gABI and the kernel lay it out:
 * a 12-byte header, the name (NUL included in @namesz when the caller
 * wants it), the descriptor at the next multiple of @align (4 or 8)
 * counted from the start of the note, and the next note likewise.
 * Returns the offset of the next note.
 */
static inline uint64_t eb_note(struct elfbuild *b, uint64_t off,
			       uint32_t type, const char *name,
			       uint32_t namesz, const void *desc,
			       uint32_t descsz, uint64_t align)
{
	uint64_t desc_off = (12 + (uint64_t)namesz + align - 1) & ~(align - 1);
	uint64_t next = (desc_off + descsz + align - 1) & ~(align - 1);

	eb_put32(b, off, namesz);
	eb_put32(b, off + 4, descsz);
	eb_put32(b, off + 8, type);
	eb_at(b, off + 12, next - 12);
	if (namesz)
		eb_bytes(b, off + 12, name, namesz);
	if (descsz)
		eb_bytes(b, off + desc_off, desc, descsz);
	return off + next;
}

/* Dynamic entry @i of a table at @off (Elf32_Dyn or Elf64_Dyn). */
static inline void eb_dyn(struct elfbuild *b, uint64_t off, size_t i,
			  uint64_t tag, uint64_t val)
{
	size_t w = b->cls == ELFLOAD_ELFCLASS64 ? 8 : 4;

	eb_putw(b, off + i * 2 * w, tag);
	eb_putw(b, off + i * 2 * w + w, val);
}

#endif
