// SPDX-License-Identifier: MIT
/*
 * PT_INTERP, read in one place: where its bytes are, whether they are all
 * present, and where the path ends.  The kernel's rules (validate.c), the
 * loader's path (elfload_image_interp) and readelf's display (the CLI's
 * segments) are built on elfload_interp_view(), each with its own
 * judgement of the same bytes.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <elfload/elf.h>

#include "internal.h"

void elfload_interp_view(const struct elfload_image *img, size_t i,
			 struct elfload_interp *in)
{
	const struct elfload_phdr *ph = &img->phdrs[i];

	in->index = (long)i;
	in->offset = ph->offset;
	in->size = ph->filesz;
	/* NULL unless every byte of the segment is in the image. */
	in->bytes = elfload_image_bytes(img, ph->offset, ph->filesz);
	/* Present bytes fit in memory: size_t holds their count. */
	in->len = in->bytes ? strnlen(in->bytes, (size_t)in->size) : 0;
	in->terminated = in->bytes && in->len < in->size;
	in->nul_last = in->bytes && in->size &&
		       in->bytes[in->size - 1] == '\0';
}

bool elfload_image_first_interp(const struct elfload_image *img,
				struct elfload_interp *in)
{
	long i = elfload_image_find_phdr(img, ELFLOAD_PT_INTERP);

	memset(in, 0, sizeof(*in));
	in->index = -1;
	if (i < 0)
		return false;
	elfload_interp_view(img, (size_t)i, in);
	return true;
}

int elfload_image_interp(const struct elfload_image *img, const char **path,
			 size_t *len, struct elfload_diag *d)
{
	struct elfload_interp in;

	if (!elfload_image_first_interp(img, &in))
		return -ENOENT;
	if (!in.bytes)
		return elfload_diag_set(d, -ENOEXEC, "program header", in.index,
					"p_offset", in.offset, img->size,
					"PT_INTERP at %#" PRIx64 "+%#" PRIx64
					" extends past the end of the file (%zu bytes)",
					in.offset, in.size, img->size);
	if (!in.terminated)
		return elfload_diag_set(d, -ENOEXEC, "program header", in.index,
					"p_filesz", in.size, 0,
					"PT_INTERP path is not NUL-terminated");
	*path = in.bytes;
	*len = in.len;
	return 0;
}
