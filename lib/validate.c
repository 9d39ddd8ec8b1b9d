// SPDX-License-Identifier: MIT
/*
 * Validation: the checks Linux makes before loading an ELF program
 * (fs/binfmt_elf.c, load_elf_binary, load_elf_phdrs, load_elf_interp),
 * in the kernel's order and with its errno classes.  See validate.h.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>

#include <elfload/elf.h>
#include <elfload/validate.h>

#include "internal.h"

#define PHDRS_MAX_BYTES 65536	/* load_elf_phdrs() refuses larger tables */

int elfload_check_inspectable(const struct elfload_image *img,
			      struct elfload_diag *d)
{
	if (img->phdr_diag.err) {
		if (d)
			*d = img->phdr_diag;
		return img->phdr_diag.err;
	}
	if (img->shdr_diag.err) {
		if (d)
			*d = img->shdr_diag;
		return img->shdr_diag.err;
	}
	return 0;
}

/* ELF header checks shared by executables and interpreters. */
static int check_header(const struct elfload_image *img,
			const struct elfload_arch *arch, int err,
			struct elfload_diag *d)
{
	const struct elfload_ehdr *e = &img->ehdr;

	if (e->machine != arch->machine || img->elfclass != arch->elfclass ||
	    img->big_endian != arch->big_endian)
		return elfload_diag_set(d, err, "ELF header", -1, "e_machine",
					e->machine, arch->machine,
					"e_machine %u (ELF%d %s-endian) cannot run on %s",
					e->machine, img->elfclass == ELFLOAD_ELFCLASS64 ? 64 : 32,
					img->big_endian ? "big" : "little",
					arch->name);
	return 0;
}

/* load_elf_phdrs(): entry size, count, and a full read of the table. */
static int check_phdr_table(const struct elfload_image *img,
			    const struct elfload_arch *arch, int err,
			    struct elfload_diag *d)
{
	const struct elfload_ehdr *e = &img->ehdr;
	uint64_t bytes = (uint64_t)e->phnum * arch->phdr_size;

	if (e->phentsize != arch->phdr_size)
		return elfload_diag_set(d, err, "ELF header", -1, "e_phentsize",
					e->phentsize, arch->phdr_size,
					"e_phentsize %u != %" PRIu64,
					e->phentsize, arch->phdr_size);
	if (bytes == 0 || bytes > PHDRS_MAX_BYTES)
		return elfload_diag_set(d, err, "ELF header", -1, "e_phnum",
					e->phnum, PHDRS_MAX_BYTES / arch->phdr_size,
					"e_phnum %u: program header table of %" PRIu64
					" bytes is empty or larger than %d",
					e->phnum, bytes, PHDRS_MAX_BYTES);
	/* The kernel drops elf_read()'s errno here: ENOEXEC or ELIBBAD. */
	if (!img->phdrs || img->phnum != e->phnum)
		return elfload_diag_set(d, err, "program header table", -1,
					"e_phoff",
					e->phoff, img->size,
					"%" PRIu64 " bytes at offset %#" PRIx64
					" extend past the end of the file (%zu bytes)",
					bytes, e->phoff, img->size);
	return 0;
}

/*
 * The first PT_INTERP: 2..PATH_MAX bytes, present, ending in NUL.  The
 * kernel tests the last byte only (a NUL earlier in the path is allowed).
 */
static int check_interp_path(const struct elfload_image *img,
			     const struct elfload_interp *in,
			     struct elfload_diag *d)
{
	long i = in->index;

	if (in->size > PATH_MAX || in->size < 2)
		return elfload_diag_set(d, -ENOEXEC, "program header", i,
					"p_filesz", in->size, PATH_MAX,
					"PT_INTERP p_filesz %" PRIu64
					" is not within 2..%d",
					in->size, PATH_MAX);
	/* kernel_read() refuses file positions past LLONG_MAX (EINVAL). */
	if (in->offset > INT64_MAX || in->size > INT64_MAX - in->offset)
		return elfload_diag_set(d, -EINVAL, "program header", i,
					"p_offset", in->offset, INT64_MAX,
					"PT_INTERP at %#" PRIx64 "+%#" PRIx64
					" is beyond the largest file offset",
					in->offset, in->size);
	if (!in->bytes)
		return elfload_diag_set(d, -EIO, "program header", i,
					"p_offset", in->offset, img->size,
					"PT_INTERP at %#" PRIx64 "+%#" PRIx64
					" extends past the end of the file (%zu bytes)",
					in->offset, in->size, img->size);
	if (!in->nul_last)
		return elfload_diag_set(d, -ENOEXEC, "program header", i,
					"p_filesz", in->size, 0,
					"PT_INTERP path is not NUL-terminated");
	return 0;
}

/* Processor-specific headers go to the architecture (arch_elf_pt_proc). */
static int check_pt_proc(const struct elfload_image *img,
			 const struct elfload_arch *arch, int err,
			 struct elfload_diag *d)
{
	size_t i;

	for (i = 0; i < img->phnum; i++) {
		uint32_t t = img->phdrs[i].type;

		if (t < ELFLOAD_PT_LOPROC || t > ELFLOAD_PT_HIPROC || !arch->check_pt_proc)
			continue;
		if (arch->check_pt_proc(t))
			return elfload_diag_set(d, err, "program header",
						(long)i, "p_type", t, 0,
						"processor-specific type %#" PRIx32
						" rejected by %s",
						t, arch->name);
	}
	return 0;
}

int elfload_check_exec(const struct elfload_image *img,
		       const struct elfload_arch *arch, struct elfload_diag *d)
{
	const struct elfload_ehdr *e = &img->ehdr;
	struct elfload_interp interp;
	int ret;

	elfload_diag_clear(d);
	if (e->type != ELFLOAD_ET_EXEC && e->type != ELFLOAD_ET_DYN)
		return elfload_diag_set(d, -ENOEXEC, "ELF header", -1, "e_type",
					e->type, 0,
					"e_type %u is not an executable (EXEC or DYN)",
					e->type);
	ret = check_header(img, arch, -ENOEXEC, d);
	if (!ret)
		ret = check_phdr_table(img, arch, -ENOEXEC, d);
	if (ret)
		return ret;
	if (elfload_image_first_interp(img, &interp)) {
		ret = check_interp_path(img, &interp, d);
		if (ret)
			return ret;
	}
	return check_pt_proc(img, arch, -ENOEXEC, d);
}

int elfload_check_interp(const struct elfload_image *interp,
			 const struct elfload_arch *arch,
			 struct elfload_diag *d)
{
	int ret;

	elfload_diag_clear(d);
	ret = check_header(interp, arch, -ELIBBAD, d);
	if (!ret)
		ret = check_phdr_table(interp, arch, -ELIBBAD, d);
	if (!ret)
		ret = check_pt_proc(interp, arch, -ELIBBAD, d);
	if (ret)
		d->structure = d->structure ? d->structure : "interpreter";
	return ret;
}

/*
 * The entry point the kernel jumps to unbiased: an ET_EXEC interpreter's,
 * or an ET_EXEC program's without interpreter.  Biased entry points are
 * checked by the planner, which knows the bias.
 */
static bool entry_checked(const struct elfload_image *img, bool is_interp)
{
	struct elfload_interp in;

	return img->ehdr.type == ELFLOAD_ET_EXEC &&
	       (is_interp || !elfload_image_first_interp(img, &in));
}

/*
 * The file pages of a PT_LOAD must lie below the largest file offset
 * (MAX_LFS_FILESIZE): mmap() refuses them otherwise (EINVAL, EOVERFLOW).
 * Called once p_filesz is known to fit in the address space.
 */
static int check_file_range(const struct elfload_phdr *ph, size_t i,
			    uint64_t pagesz, struct elfload_diag *d)
{
	uint64_t pgoff = ph->vaddr & (pagesz - 1);
	uint64_t off = ph->offset - pgoff;
	uint64_t len = (ph->filesz + pgoff + pagesz - 1) & ~(pagesz - 1);

	if (off > INT64_MAX || len > INT64_MAX - off)
		return elfload_diag_set(d, -EINVAL, "program header", (long)i,
					"p_offset", ph->offset, INT64_MAX,
					"file pages at %#" PRIx64 "+%#" PRIx64
					" are beyond the largest file offset",
					off, len);
	return 0;
}

/* One PT_LOAD: sizes, address range and file/page congruence. */
static int check_load(const struct elfload_image *img, size_t i,
		      const struct elfload_arch *arch, uint64_t pagesz,
		      struct elfload_diag *d)
{
	const struct elfload_phdr *ph = &img->phdrs[i];
	uint64_t end;

	if (ph->filesz > ph->memsz)
		return elfload_diag_set(d, -EINVAL, "program header", (long)i,
					"p_filesz", ph->filesz, ph->memsz,
					"p_filesz %#" PRIx64 " > p_memsz %#" PRIx64,
					ph->filesz, ph->memsz);
	if (ph->memsz > arch->task_size ||
	    !add_ok(ph->vaddr, ph->memsz, &end) || end > arch->task_size)
		return elfload_diag_set(d, -EINVAL, "program header", (long)i,
					"p_memsz", ph->memsz, arch->task_size,
					"p_vaddr %#" PRIx64 " + p_memsz %#" PRIx64
					" is beyond the user address space (%#" PRIx64 ")",
					ph->vaddr, ph->memsz, arch->task_size);
	/* Only file pages are mapped at p_offset; a pure bss has none. */
	if (!ph->filesz)
		return 0;
	if ((ph->offset & (pagesz - 1)) != (ph->vaddr & (pagesz - 1)))
		return elfload_diag_set(d, -EINVAL, "program header", (long)i,
					"p_offset", ph->offset, ph->vaddr,
					"p_offset %#" PRIx64 " and p_vaddr %#" PRIx64
					" differ modulo the page size %#" PRIx64,
					ph->offset, ph->vaddr, pagesz);
	return check_file_range(ph, i, pagesz, d);
}

int elfload_check_segments(const struct elfload_image *img,
			   const struct elfload_arch *arch, uint64_t pagesz,
			   bool is_interp, struct elfload_diag *d)
{
	size_t i, nload = 0;
	int ret;

	elfload_diag_clear(d);
	if (!img->phdrs)
		return elfload_diag_set(d, -EINVAL, "program header table", -1,
					NULL, 0, 0, "missing");
	/* load_elf_interp() refuses other types (after the kernel commits). */
	if (is_interp && img->ehdr.type != ELFLOAD_ET_EXEC &&
	    img->ehdr.type != ELFLOAD_ET_DYN)
		return elfload_diag_set(d, -EINVAL, "interpreter", -1, "e_type",
					img->ehdr.type, 0, "e_type %u is not an "
					"executable (EXEC or DYN)",
					img->ehdr.type);
	for (i = 0; i < img->phnum; i++) {
		if (img->phdrs[i].type != ELFLOAD_PT_LOAD)
			continue;
		nload++;
		ret = check_load(img, i, arch, pagesz, d);
		if (ret)
			return ret;
	}
	/*
	 * Only an interpreter must have a PT_LOAD: a program without one is
	 * started at its entry point all the same (and normally faults).
	 */
	if (!nload && is_interp)
		return elfload_diag_set(d, -EINVAL, "interpreter", -1, NULL, 0,
					0, "no PT_LOAD segment");
	if (entry_checked(img, is_interp) && img->ehdr.entry >= arch->task_size)
		return elfload_diag_set(d, -EINVAL, "ELF header", -1, "e_entry",
					img->ehdr.entry, arch->task_size,
					"entry point %#" PRIx64
					" is beyond the user address space",
					img->ehdr.entry);
	return 0;
}

int elfload_check_loadable(const struct elfload_image *img,
			   const struct elfload_arch *arch, uint64_t pagesz,
			   struct elfload_diag *d)
{
	int ret = elfload_check_exec(img, arch, d);

	if (!ret)
		ret = elfload_check_segments(img, arch, pagesz, false, d);
	return ret;
}
