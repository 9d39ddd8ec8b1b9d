// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the ELF reader, both validation levels, and everything
 * `elfload headers|segments|sections` reads from an image.
 *
 * The input is a file.  It is decoded three ways (whole, headers only,
 * and headers only through elfload_image_open_fd() on a memfd), which
 * must agree; then every check of validate.h runs and its promises are
 * verified against the image; then every name, note, segment extent and
 * section-to-segment pair an inspection would print is computed.
 */
#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

#include <elfload/elf.h>
#include <elfload/image.h>
#include <elfload/names.h>
#include <elfload/extent.h>
#include <elfload/validate.h>

#include "fuzz.h"

#define MAX_PAIRS 65536		/* section-to-segment pairs per input */

/* Does [p, p + len) lie inside the image's bytes? */
static bool in_image(const struct elfload_image *img, const void *p,
		     uint64_t len)
{
	const unsigned char *c = p;

	return c >= img->bytes && (size_t)(c - img->bytes) <= img->size &&
	       len <= img->size - (size_t)(c - img->bytes);
}

static void check_table_state(const void *table, size_t num,
			      const struct elfload_diag *d, const char *what)
{
	FUZZ_CHECK(!table || !d->err, "%s present with an error: %s", what,
		   d->msg);
	FUZZ_CHECK(!table || num, "%s present with no entries", what);
	FUZZ_CHECK(memchr(d->msg, '\0', sizeof(d->msg)), "%s diag", what);
}

/* What every decoded image promises, whatever the bytes were. */
static void check_image(const struct elfload_image *img, const uint8_t *data,
			size_t size)
{
	unsigned i;

	FUZZ_CHECK(img->elfclass == 1 || img->elfclass == 2, "class %d",
		   img->elfclass);
	FUZZ_CHECK(img->size <= size && img->file_size >= img->size,
		   "size %zu, file_size %llu, input %zu", img->size,
		   (unsigned long long)img->file_size, size);
	FUZZ_CHECK(!memcmp(img->ehdr.ident, data, ELFLOAD_EI_NIDENT),
		   "e_ident differs from the file");
	FUZZ_CHECK(img->nwarnings <= ELFLOAD_MAX_WARNINGS, "%u warnings",
		   img->nwarnings);
	for (i = 0; i < img->nwarnings; i++)
		fuzz_check_diag(&img->warnings[i], 0, "warning");
	check_table_state(img->phdrs, img->phnum, &img->phdr_diag,
			  "program header table");
	check_table_state(img->shdrs, img->shnum, &img->shdr_diag,
			  "section header table");
	if (img->phdrs)
		FUZZ_CHECK(in_image(img, img->bytes + img->ehdr.phoff,
				    (uint64_t)img->phnum * img->ehdr.phentsize),
			   "program headers outside the file");
	if (img->shdrs)
		FUZZ_CHECK(in_image(img, img->bytes + img->ehdr.shoff,
				    (uint64_t)img->shnum * img->ehdr.shentsize),
			   "section headers outside the file");
	if (!img->shstrtab)
		return;
	FUZZ_CHECK(img->shdrs && img->shstrndx && img->shstrndx < img->shnum,
		   "string table %zu of %zu sections", img->shstrndx,
		   img->shnum);
	FUZZ_CHECK(img->shstrtab == img->strtab_copy ||
			   in_image(img, img->shstrtab, img->shstrtab_size),
		   "string table outside the file");
	if (img->shstrtab == img->strtab_copy)
		FUZZ_CHECK(!img->shstrtab[img->shstrtab_size],
			   "copied string table without a final NUL");
	else
		FUZZ_CHECK(!img->shstrtab_size ||
				   !img->shstrtab[img->shstrtab_size - 1],
			   "string table without a final NUL");
}

/* Walk the notes of one segment or section: bounded, inside the image. */
static void walk_notes(const struct elfload_image *img, uint64_t off,
		       uint64_t size, uint64_t align)
{
	const unsigned char *base = elfload_image_bytes(img, off, size);
	struct elfload_note n;
	struct elfload_diag d;
	uint64_t cursor = 0, prev;
	size_t steps = 0;
	int ret;

	elfload_diag_clear(&d);
	for (;;) {
		prev = cursor;
		ret = elfload_note_next(img, off, size, align, &cursor, &n, &d);
		if (ret <= 0)
			break;
		FUZZ_CHECK(base && cursor > prev && cursor <= size,
			   "note cursor %llu -> %llu in %llu bytes",
			   (unsigned long long)prev,
			   (unsigned long long)cursor,
			   (unsigned long long)size);
		FUZZ_CHECK(n.desc >= base + prev + 12 &&
				   n.desc + n.descsz <= base + cursor,
			   "note descriptor outside its note");
		FUZZ_CHECK(!n.name[0] ||
				   (in_image(img, n.name, n.namesz) &&
				    !n.name[n.namesz - 1]),
			   "note name outside the image or unterminated");
		FUZZ_CHECK(++steps <= size / 12, "too many notes");
	}
	FUZZ_CHECK(ret == 0 || ret == -ENOEXEC, "note_next returned %d", ret);
	fuzz_check_diag(&d, ret, "elfload_note_next");
}

/* The caller buffer of the names.h functions. */
static char nb[ELFLOAD_NAME_MAX];
#define NB_SIZE sizeof(nb)

/*
 * The names headers/segments/sections print: a static string (readelf's
 * longest machine name has 65 characters) or the caller's buffer, filled
 * and terminated within its size.
 */
static void check_name(const char *s, const char *what)
{
	FUZZ_CHECK(s && (s != nb || memchr(nb, '\0', NB_SIZE)), "%s name",
		   what);
}

static void inspect_header(const struct elfload_image *img)
{
	const unsigned char *id = img->ehdr.ident;

	check_name(elfload_class_name(id[4], nb, NB_SIZE), "class");
	check_name(elfload_data_name(id[5], nb, NB_SIZE), "data");
	check_name(elfload_ident_version_name(id[6], nb, NB_SIZE),
		   "version");
	check_name(elfload_osabi_name(id[7], img->ehdr.machine, nb,
				      sizeof(nb)), "osabi");
	check_name(elfload_file_type_name(img, nb, NB_SIZE), "type");
	check_name(elfload_machine_name(img->ehdr.machine, nb, NB_SIZE),
		   "machine");
}

static void inspect_interp(const struct elfload_image *img)
{
	struct elfload_diag d;
	const char *path = NULL;
	size_t len = 0;
	long i = elfload_image_find_phdr(img, ELFLOAD_PT_INTERP);
	int ret;

	elfload_diag_clear(&d);
	ret = elfload_image_interp(img, &path, &len, &d);
	FUZZ_CHECK((ret == -ENOENT) == (i < 0), "interp %d, index %ld", ret,
		   i);
	if (ret == -ENOENT)
		return;
	fuzz_check_diag(&d, ret, "elfload_image_interp");
	if (ret)
		return;
	FUZZ_CHECK(in_image(img, path, len + 1) && strlen(path) == len &&
			   len < img->phdrs[i].filesz,
		   "interpreter path of %zu bytes", len);
}

static void inspect_segments(const struct elfload_image *img)
{
	struct elfload_extent ext;
	size_t i;

	for (i = 0; img->phdrs && i < img->phnum; i++) {
		const struct elfload_phdr *ph = &img->phdrs[i];

		check_name(elfload_segment_type_name(img, ph->type, nb,
						     sizeof(nb)), "segment");
		check_name(elfload_segment_flags_string(ph->flags, nb,
							sizeof(nb)), "flags");
		if (elfload_segment_extent(ph, 4096, &ext))
			FUZZ_CHECK(!(ext.start & 0xfff) && !(ext.end & 0xfff) &&
					   ext.start <= ph->vaddr &&
					   ext.end >= ph->vaddr + ph->memsz &&
					   ext.end - ext.start - ph->memsz <
						   2 * 4096,
				   "extent of segment %zu", i);
		if (ph->type == ELFLOAD_PT_NOTE)
			walk_notes(img, ph->offset, ph->filesz, ph->align);
	}
	inspect_interp(img);
}

static void inspect_sections(const struct elfload_image *img)
{
	size_t i;

	for (i = 0; img->shdrs && i < img->shnum; i++) {
		const struct elfload_shdr *sh = &img->shdrs[i];
		const char *name = elfload_section_name(img, i);

		if (name)
			FUZZ_CHECK(sh->name < img->shstrtab_size &&
					   strlen(name) <= img->shstrtab_size -
								   sh->name,
				   "name of section %zu", i);
		check_name(elfload_section_type_name(img, sh->type, nb,
						     sizeof(nb)), "section");
		check_name(elfload_section_flags_string(img, sh->flags, nb,
							sizeof(nb)), "flags");
		if (sh->type == ELFLOAD_SHT_NOTE)
			walk_notes(img, sh->offset, sh->size, sh->addralign);
	}
	FUZZ_CHECK(!elfload_section_name(img, img->shnum), "name past the end");
}

/* The "Section to Segment mapping" table, as `elfload segments` prints it. */
static void inspect_mapping(const struct elfload_image *img)
{
	size_t i, s, pairs = 0;

	for (i = 0; img->phdrs && i < img->phnum; i++)
		for (s = 1; img->shdrs && s < img->shnum; s++) {
			if (++pairs > MAX_PAIRS)
				return;
			elfload_section_in_segment(&img->shdrs[s],
						   &img->phdrs[i]);
		}
}

static void inspect_notes(const struct elfload_image *img)
{
	char id[2 * 64 + 1];
	size_t n = elfload_image_build_id(img, id, sizeof(id)), i;

	FUZZ_CHECK(n <= 64 && strlen(id) == 2 * n, "build-id of %zu bytes: %s",
		   n, id);
	for (i = 0; i < 2 * n; i++)
		FUZZ_CHECK((id[i] >= '0' && id[i] <= '9') ||
				   (id[i] >= 'a' && id[i] <= 'f'),
			   "build-id %s", id);
	(void)elfload_image_dt_flags_1(img);
}

/* What elfload_check_exec() == 0 promises the loader. */
static void exec_promises(const struct elfload_image *img,
			  const struct elfload_arch *arch)
{
	const char *path;
	size_t len;

	FUZZ_CHECK(img->ehdr.type == ELFLOAD_ET_EXEC ||
			   img->ehdr.type == ELFLOAD_ET_DYN,
		   "e_type %u",
		   img->ehdr.type);
	FUZZ_CHECK(img->ehdr.machine == arch->machine &&
			   img->elfclass == arch->elfclass &&
			   img->big_endian == arch->big_endian,
		   "foreign image accepted");
	FUZZ_CHECK(img->phdrs && img->phnum == img->ehdr.phnum &&
			   img->ehdr.phentsize == arch->phdr_size,
		   "program header table");
	if (elfload_image_find_phdr(img, ELFLOAD_PT_INTERP) >= 0)
		FUZZ_CHECK(!elfload_image_interp(img, &path, &len, NULL),
			   "PT_INTERP accepted but unreadable");
}

/*
 * What elfload_check_segments() == 0 promises the planner: every PT_LOAD
 * inside user space with congruent file pages; an interpreter has one;
 * an entry point used unbiased (an ET_EXEC interpreter's, or an ET_EXEC
 * program's without one) is inside user space.
 */
static void segment_promises(const struct elfload_image *img,
			     const struct elfload_arch *arch, uint64_t page,
			     bool is_interp)
{
	bool unbiased = img->ehdr.type == ELFLOAD_ET_EXEC &&
			(is_interp ||
			 elfload_image_find_phdr(img, ELFLOAD_PT_INTERP) < 0);

	size_t i, nload = 0;

	for (i = 0; i < img->phnum; i++) {
		const struct elfload_phdr *ph = &img->phdrs[i];
		struct elfload_extent ext;

		if (ph->type != ELFLOAD_PT_LOAD)
			continue;
		nload++;
		FUZZ_CHECK(ph->filesz <= ph->memsz &&
				   ph->vaddr + ph->memsz >= ph->vaddr &&
				   ph->vaddr + ph->memsz <= arch->task_size,
			   "segment %zu accepted outside user space", i);
		FUZZ_CHECK(!ph->filesz || !((ph->offset - ph->vaddr) &
					    (page - 1)),
			   "segment %zu: offset and vaddr incongruent", i);
		FUZZ_CHECK(elfload_segment_extent(ph, page, &ext) &&
				   ext.end <= arch->task_size,
			   "segment %zu: extent", i);
	}
	FUZZ_CHECK(nload || !is_interp, "interpreter without PT_LOAD");
	FUZZ_CHECK(!unbiased || img->ehdr.entry < arch->task_size,
		   "entry %#llx", (unsigned long long)img->ehdr.entry);
}

static void validate(const struct elfload_image *img)
{
	const struct elfload_arch *arch = elfload_arch_for(2, 62);
	const uint64_t page = arch->min_page_size;
	struct elfload_diag d;
	int ins, ex, in, seg, iseg, load;

	ins = elfload_check_inspectable(img, &d);
	fuzz_check_diag(&d, ins, "check_inspectable");
	FUZZ_CHECK(ins == (img->phdr_diag.err ? img->phdr_diag.err :
						 img->shdr_diag.err),
		   "check_inspectable %d", ins);
	ex = elfload_check_exec(img, arch, &d);
	fuzz_check_diag(&d, ex, "check_exec");
	FUZZ_CHECK(!ex || ex == -ENOEXEC || ex == -EIO || ex == -EINVAL,
		   "check_exec %d", ex);
	in = elfload_check_interp(img, arch, &d);
	fuzz_check_diag(&d, in, "check_interp");
	FUZZ_CHECK(!in || in == -ELIBBAD, "check_interp %d", in);
	if (!ex)
		exec_promises(img, arch);
	if (!in)
		FUZZ_CHECK(img->phdrs && img->phnum == img->ehdr.phnum,
			   "interpreter without program headers accepted");
	seg = elfload_check_segments(img, arch, page, false, &d);
	fuzz_check_diag(&d, seg, "check_segments");
	FUZZ_CHECK(!seg || seg == -EINVAL, "check_segments %d", seg);
	iseg = elfload_check_segments(img, arch, page, true, &d);
	fuzz_check_diag(&d, iseg, "check_segments (interp)");
	if (!seg)
		segment_promises(img, arch, page, false);
	if (!iseg)
		segment_promises(img, arch, page, true);
	load = elfload_check_loadable(img, arch, page, &d);
	fuzz_check_diag(&d, load, "check_loadable");
	FUZZ_CHECK(load == (ex ? ex : seg), "check_loadable %d, exec %d, "
		   "segments %d", load, ex, seg);
}

static bool same_phdrs(const struct elfload_image *a,
		       const struct elfload_image *b)
{
	if (a->phnum != b->phnum || !a->phdrs != !b->phdrs ||
	    a->phdr_diag.err != b->phdr_diag.err)
		return false;
	return !a->phdrs ||
	       !memcmp(a->phdrs, b->phdrs, a->phnum * sizeof(*a->phdrs));
}

/* Headers-only decoding agrees with the whole, short of the sections. */
static void compare_headers(const struct elfload_image *full,
			    const struct elfload_image *hdr, const char *how)
{
	const struct elfload_arch *arch = elfload_arch_for(2, 62);

	FUZZ_CHECK(!memcmp(&full->ehdr, &hdr->ehdr, sizeof(full->ehdr)),
		   "%s: ELF header differs", how);
	FUZZ_CHECK(!hdr->shdrs && !hdr->shstrtab, "%s: sections read", how);
	if (full->ehdr.phnum == ELFLOAD_PN_XNUM)
		return;		/* only the whole file can resolve PN_XNUM */
	FUZZ_CHECK(same_phdrs(full, hdr), "%s: program headers differ", how);
	FUZZ_CHECK(elfload_check_exec(full, arch, NULL) ==
			   elfload_check_exec(hdr, arch, NULL),
		   "%s: check_exec differs", how);
}

/* The loader's way in: a file read through a descriptor, headers only. */
static void read_through_fd(const uint8_t *data, size_t size,
			    const struct elfload_image *hdr)
{
	static int fd = -1;
	struct elfload_image *img = NULL;
	struct elfload_diag d;
	int ret;

	if (fd < 0)
		fd = memfd_create("fuzz_reader", MFD_CLOEXEC);
	if (fd < 0 || ftruncate(fd, 0) < 0 ||
	    pwrite(fd, data, size, 0) != (ssize_t)size)
		return;
	ret = elfload_image_open_fd(fd, "memfd", ELFLOAD_IMAGE_HEADERS, &img,
				    &d);
	fuzz_check_diag(&d, ret, "elfload_image_open_fd");
	FUZZ_CHECK(!ret == !!hdr, "open_fd %d, parse %s", ret,
		   hdr ? "succeeded" : "failed");
	if (ret)
		return;
	FUZZ_CHECK(img->file_size == size, "file_size %llu of %zu",
		   (unsigned long long)img->file_size, size);
	check_image(img, data, size);
	compare_headers(hdr, img, "open_fd");
	elfload_image_free(img);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elfload_image *img = NULL, *hdr = NULL;
	struct elfload_diag d;
	int ret, hret;

	ret = elfload_image_parse(data, size, "fuzz", 0, &img, &d);
	fuzz_check_diag(&d, ret, "elfload_image_parse");
	hret = elfload_image_parse(data, size, "fuzz",
				   ELFLOAD_IMAGE_HEADERS | ELFLOAD_IMAGE_COPY,
				   &hdr, &d);
	FUZZ_CHECK(ret == hret, "parse %d, headers only %d", ret, hret);
	read_through_fd(data, size, hret ? NULL : hdr);
	if (ret) {
		FUZZ_CHECK(ret == -ENOEXEC, "parse returned %d", ret);
		return 0;
	}
	check_image(img, data, size);
	check_image(hdr, data, size);
	compare_headers(img, hdr, "headers only");
	validate(img);
	validate(hdr);
	inspect_header(img);
	inspect_segments(img);
	inspect_sections(img);
	inspect_mapping(img);
	inspect_notes(img);
	elfload_image_free(img);
	elfload_image_free(hdr);
	return 0;
}
