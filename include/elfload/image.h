/* SPDX-License-Identifier: MIT */
/*
 * elfload image reader: an ELF file's headers, decoded and bounds-checked.
 *
 * Any class (ELF32, ELF64), any byte order, any machine.  Every header is
 * widened into the native structures below, so callers never see the
 * file's own layout.  Nothing is trusted before it is checked against the
 * bytes actually present.
 *
 * Example:
 *
 *	struct elfload_image *img;
 *	struct elfload_diag d;
 *
 *	if (elfload_image_open("/bin/ls", 0, &img, &d) < 0) {
 *		fprintf(stderr, "/bin/ls: %s\n", d.msg);
 *		return 1;
 *	}
 *	for (size_t i = 0; i < img->phnum; i++)
 *		printf("%#llx\n", (unsigned long long)img->phdrs[i].vaddr);
 *	elfload_image_free(img);
 */
#ifndef ELFLOAD_IMAGE_H
#define ELFLOAD_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <elfload/diag.h>
#include <elfload/elf.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The ELF header with every field as stored in the file (widened). */
struct elfload_ehdr {
	unsigned char ident[ELFLOAD_EI_NIDENT];
	uint16_t type;
	uint16_t machine;
	uint32_t version;
	uint64_t entry;
	uint64_t phoff;
	uint64_t shoff;
	uint32_t flags;
	uint16_t ehsize;
	uint16_t phentsize;
	uint16_t phnum;
	uint16_t shentsize;
	uint16_t shnum;
	uint16_t shstrndx;
};

struct elfload_phdr {
	uint32_t type;
	uint32_t flags;
	uint64_t offset;
	uint64_t vaddr;
	uint64_t paddr;
	uint64_t filesz;
	uint64_t memsz;
	uint64_t align;
};

struct elfload_shdr {
	uint32_t name;
	uint32_t type;
	uint64_t flags;
	uint64_t addr;
	uint64_t offset;
	uint64_t size;
	uint32_t link;
	uint32_t info;
	uint64_t addralign;
	uint64_t entsize;
};

#define ELFLOAD_MAX_WARNINGS 8

struct elfload_image {
	const char *name;		/* for diagnostics only */
	const unsigned char *bytes;	/* the whole file */
	size_t size;			/* bytes present */
	uint64_t file_size;		/* bytes in the file (>= size) */
	int elfclass;			/* 1 = ELF32, 2 = ELF64 */
	bool big_endian;
	struct elfload_ehdr ehdr;

	/*
	 * Resolved counts: PN_XNUM, e_shnum == 0 and SHN_XINDEX are
	 * followed to section header 0.  phdrs/shdrs are NULL when the
	 * table is absent or unreadable; phdr_diag/shdr_diag then say why
	 * (err == 0 for a table that is simply absent).
	 */
	size_t phnum;
	size_t shnum;
	size_t shstrndx;
	struct elfload_phdr *phdrs;
	struct elfload_shdr *shdrs;
	struct elfload_diag phdr_diag;
	struct elfload_diag shdr_diag;

	/* Section name string table, NULL when unusable. */
	const char *shstrtab;
	size_t shstrtab_size;

	/* Oddities a reader would still show (readelf's warnings). */
	unsigned nwarnings;
	struct elfload_diag warnings[ELFLOAD_MAX_WARNINGS];

	void *owned;			/* buffer to free, if ours */
	char *strtab_copy;		/* shstrtab with a NUL added, if needed */
	void *lazy;			/* the pages not read yet (file.c) */
};

/* Flags for elfload_image_parse() and elfload_image_open(). */
#define ELFLOAD_IMAGE_COPY 0x1u	/* copy @bytes instead of borrowing them */
/*
 * Read only what loading needs: the ELF header, the program header table
 * and PT_INTERP (elfload_image_open only).  The section header table is
 * then absent, and bytes past that prefix read as not present.
 */
#define ELFLOAD_IMAGE_HEADERS 0x2u

/*
 * Decode an ELF image from memory.  Fails (-ENOEXEC) only when the bytes
 * are not an ELF file whose header can be read: too short or wrong magic.
 * An unknown class reads as ELF32 and an unknown data encoding as little
 * endian, with a warning, as GNU readelf reads them.  Problems with the program or section
 * header tables are recorded in the image, not fatal.  Without
 * ELFLOAD_IMAGE_COPY the caller keeps @bytes alive as long as the image.
 */
int elfload_image_parse(const void *bytes, size_t size, const char *name,
			unsigned flags, struct elfload_image **out,
			struct elfload_diag *d);

/*
 * Open a file and decode it.  Refuses directories, FIFOs, devices and
 * sockets without blocking on them.  A file that shrinks while it is
 * being read is an error (-EIO).  -errno from open/read are passed on.
 * Without ELFLOAD_IMAGE_HEADERS the headers, tables, section names,
 * PT_INTERP, PT_DYNAMIC and notes are read now and any other byte when
 * elfload_image_bytes() first asks for it (the image keeps a duplicate
 * of the descriptor until elfload_image_free()).
 */
int elfload_image_open(const char *path, unsigned flags,
		       struct elfload_image **out, struct elfload_diag *d);
int elfload_image_open_fd(int fd, const char *name, unsigned flags,
			  struct elfload_image **out, struct elfload_diag *d);

void elfload_image_free(struct elfload_image *img);

/*
 * Bounds-checked view of @len bytes at file offset @off: a pointer into
 * the image, or NULL when the range is not entirely present (or, for
 * an image opened from a file, could not be read: it shrank).  It may
 * read from the file, so one image is not to be used from two threads
 * at once.
 */
const void *elfload_image_bytes(const struct elfload_image *img, uint64_t off,
				uint64_t len);

/* Name of section @i, or NULL when it cannot be read. */
const char *elfload_section_name(const struct elfload_image *img, size_t i);

/*
 * Does section @s belong to segment @p, by the rule GNU readelf uses for
 * its "Section to Segment mapping" (strict, with the .tbss exception)?
 */
bool elfload_section_in_segment(const struct elfload_shdr *s,
				const struct elfload_phdr *p);

/*
 * The bytes of a PT_INTERP segment, located and bounds-checked: the one
 * reading of PT_INTERP that the loader, the kernel's checks and the
 * readelf display each judge in their own way.
 */
struct elfload_interp {
	long index;		/* its program header, or -1: none */
	uint64_t offset;	/* p_offset */
	uint64_t size;		/* p_filesz */
	const char *bytes;	/* the @size bytes in the image, or NULL when
				 * they are not all present */
	size_t len;		/* bytes before the first NUL (or all of them) */
	bool terminated;	/* a NUL lies within the segment */
	bool nul_last;		/* the last byte is a NUL (the kernel's test) */
};

/* View program header @i (< img->phnum, phdrs read) as a PT_INTERP. */
void elfload_interp_view(const struct elfload_image *img, size_t i,
			 struct elfload_interp *in);

/*
 * The first PT_INTERP, the one the kernel uses.  Returns false, with
 * in->index -1, when the image has none.
 */
bool elfload_image_first_interp(const struct elfload_image *img,
				struct elfload_interp *in);

/*
 * The PT_INTERP path of the image: *path points into the image and is
 * NUL-terminated within the segment.  Returns 0, -ENOENT when there is
 * no PT_INTERP, or an error with @d filled (truncated, not terminated).
 */
int elfload_image_interp(const struct elfload_image *img, const char **path,
			 size_t *len, struct elfload_diag *d);

/* Index of the first program header of @type, or -1. */
long elfload_image_find_phdr(const struct elfload_image *img, uint32_t type);

/* An ELF note, decoded from a PT_NOTE segment or SHT_NOTE section. */
struct elfload_note {
	uint32_t type;
	const char *name;	/* NUL-terminated, inside the image */
	uint32_t namesz;
	const unsigned char *desc;
	uint32_t descsz;
};

/*
 * Iterate notes in [off, off + size) with alignment @align (4 or 8).
 * *cursor starts at 0.  Returns 1 with @note filled, 0 at the end, or
 * -ENOEXEC with @d filled when a note does not fit.
 */
int elfload_note_next(const struct elfload_image *img, uint64_t off,
		      uint64_t size, uint64_t align, uint64_t *cursor,
		      struct elfload_note *note, struct elfload_diag *d);

/*
 * The PT_GNU_PROPERTY header execve takes from @img's table: the last one
 * before the first PT_INTERP.  Its index, or -1.
 */
long elfload_image_property_phdr(const struct elfload_image *img);

/*
 * The pr_data word of the property @type (a FEATURE_1_AND) in the note
 * that @img's header @ph describes, read as execve reads it on
 * architectures that use it: 1 with *@value set, 0 when there is no such
 * property, -ENOEXEC (or -EIO) with @d filled when execve would refuse
 * the note.
 */
int elfload_gnu_property(const struct elfload_image *img,
			 const struct elfload_phdr *ph, uint32_t type,
			 uint32_t *value, struct elfload_diag *d);

/*
 * The GNU build-id as lowercase hex into @buf (at least 2 * 64 + 1
 * bytes).  Returns the number of id bytes, or 0 when there is none.
 */
size_t elfload_image_build_id(const struct elfload_image *img, char *buf,
			      size_t bufsz);

/*
 * The DT_FLAGS_1 value from the dynamic segment, or 0 when there is none.
 */
uint64_t elfload_image_dt_flags_1(const struct elfload_image *img);

/* Read a 16/32/64-bit value in the image's byte order (no bounds check). */
uint16_t elfload_get16(const struct elfload_image *img, const void *p);
uint32_t elfload_get32(const struct elfload_image *img, const void *p);
uint64_t elfload_get64(const struct elfload_image *img, const void *p);

#ifdef __cplusplus
}
#endif

#endif
