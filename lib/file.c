// SPDX-License-Identifier: MIT
/*
 * Reading an ELF file from a path or descriptor into memory.
 *
 * The file is read with read(2), not mapped: a file that shrinks under us
 * must give an error, never a SIGBUS.  Non-regular files are refused
 * before any read, so a FIFO can never make us block.
 *
 * A full read (not ELFLOAD_IMAGE_HEADERS) is sparse: the buffer has the
 * file's size, but only the pages a reader needs are read into it (the
 * ELF header, the program and section header tables, the section name
 * table, PT_INTERP, PT_DYNAMIC and the notes), and any other page when
 * elfload_image_bytes() first asks for it.  Pages never read cost no
 * memory, so time and memory grow with the tables, not with the file.
 * The last byte is read at once: a file that shrank is still an error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <elfload/elf.h>

#include "internal.h"

/* What a headers-only read takes first: most programs' headers fit. */
#define HEADERS_FIRST_READ (4u << 10)


static const char *file_kind(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISSOCK(mode))
		return "a socket";
	return "not a regular file";
}

static ssize_t read_full(int fd, unsigned char *buf, size_t want)
{
	return image_pread_full(fd, buf, want, 0);
}

/*
 * How many bytes loading needs: the ELF header, the program header
 * table, the first PT_INTERP and the PT_GNU_PROPERTY note, judged from
 * the @have bytes read so far.
 */
static size_t headers_need(const unsigned char *buf, size_t have, size_t size)
{
	struct elfload_image *img;
	struct elfload_interp interp;
	uint64_t need = sizeof(struct elfload_elf64_ehdr), end;
	long prop;

	if (elfload_image_parse(buf, have, NULL, ELFLOAD_IMAGE_HEADERS, &img,
				NULL) < 0)
		return have;
	if (add_ok(img->ehdr.phoff, (uint64_t)img->ehdr.phnum *
					    img->ehdr.phentsize, &end) &&
	    end > need)
		need = end;
	if (elfload_image_first_interp(img, &interp) &&
	    add_ok(interp.offset, interp.size, &end) && end > need)
		need = end;
	prop = elfload_image_property_phdr(img);
	/* parse_elf_properties() reads at most 1 KiB of it. */
	if (prop >= 0 && img->phdrs[prop].filesz <= 1024 &&
	    add_ok(img->phdrs[prop].offset, img->phdrs[prop].filesz, &end) &&
	    end > need)
		need = end;
	elfload_image_free(img);
	return need < size ? (size_t)need : size;
}

/* Read the bytes wanted into a buffer of @size, shrinking if need be. */
static int read_image(int fd, unsigned flags, size_t size, unsigned char **out,
		      size_t *got_out, struct elfload_diag *d)
{
	size_t first = size < HEADERS_FIRST_READ ? size : HEADERS_FIRST_READ;
	size_t want = flags & ELFLOAD_IMAGE_HEADERS ? first : size;
	unsigned char *buf = malloc(size);
	ssize_t got;
	int round;

	if (!buf)
		return elfload_diag_set(d, -ENOMEM, NULL, -1, NULL, size, 0,
					"out of memory reading %zu bytes", size);
	got = read_full(fd, buf, want);
	/*
	 * Twice: PT_INTERP can only be found once the program header table
	 * is read, and that table may lie past the first bytes.
	 */
	for (round = 0; round < 2 && got >= 0 && (size_t)got == want &&
			(flags & ELFLOAD_IMAGE_HEADERS);
	     round++) {
		size_t need = headers_need(buf, want, size);
		ssize_t more;

		if (need <= want)
			break;
		more = image_pread_full(fd, buf + want, need - want, want);
		got = more < 0 ? more : got + more;
		want = need;
	}
	if (got < 0) {
		free(buf);
		return elfload_diag_set(d, (int)got, NULL, -1, NULL, 0, 0,
					"read: %s", strerror((int)-got));
	}
	if ((size_t)got < want) {
		free(buf);
		return elfload_diag_set(d, -EIO, NULL, -1, NULL, (uint64_t)got,
					size,
					"file shrank while being read (%zd of %zu bytes)",
					got, size);
	}
	*out = buf;
	*got_out = (size_t)got;
	return 0;
}

/* Load [@off, @off + @len) of @img's file; 1 if a page was missing. */
static int lazy_want(const struct elfload_image *img, uint64_t off,
		     uint64_t len, int *err)
{
	if (*err || !image_lazy_missing(img->lazy, off, len))
		return 0;
	*err = image_lazy_load(img->lazy, off, len);
	return 1;
}

/*
 * Load what the reader reads directly in @img as parsed so far (the
 * tables, as their headers say); the number of ranges that were missing.
 */
static int lazy_tables(const struct elfload_image *img, int *err)
{
	const struct elfload_ehdr *e = &img->ehdr;
	uint64_t shn = img->shnum ? img->shnum : 1, bytes;
	int n = 0;
	size_t i;

	/* A count past the file: load to its end, the parse then says so. */
	if (!mul_ok(img->phnum, e->phentsize, &bytes))
		bytes = UINT64_MAX;
	n += lazy_want(img, e->phoff, bytes, err);
	if (!mul_ok(shn, e->shentsize, &bytes))
		bytes = UINT64_MAX;
	if (e->shoff)
		n += lazy_want(img, e->shoff, bytes, err);
	for (i = 0; img->shdrs && i < img->shnum; i++) {
		const struct elfload_shdr *sh = &img->shdrs[i];

		if (i == img->shstrndx || sh->type == ELFLOAD_SHT_NOTE)
			n += lazy_want(img, sh->offset, sh->size, err);
	}
	for (i = 0; img->phdrs && i < img->phnum; i++) {
		const struct elfload_phdr *ph = &img->phdrs[i];

		if (ph->type == ELFLOAD_PT_INTERP ||
		    ph->type == ELFLOAD_PT_DYNAMIC ||
		    ph->type == ELFLOAD_PT_NOTE)
			n += lazy_want(img, ph->offset, ph->filesz, err);
	}
	return n;
}

/*
 * The sparse read: parse, load the tables the headers name, parse again
 * until nothing is missing (the section headers name the section name
 * table: three rounds at most, a fourth for a table in odd places).
 */
static int open_sparse(int fd, const char *name, size_t size,
		       struct elfload_image **out, struct elfload_diag *d)
{
	struct elfload_image *img = NULL;
	unsigned char *buf;
	int ret, err = 0, round;
	void *lz = image_lazy_new(fd, size, &buf, &ret);

	if (!lz)
		goto fail;
	/* The first page (the headers, mostly) and the last byte. */
	ret = image_lazy_load(lz, 0, 4096);
	if (!ret)
		ret = image_lazy_load(lz, size - 1, 1);
	for (round = 0; !ret; round++) {
		ret = elfload_image_parse(buf, size, name, 0, &img, d);
		if (ret < 0)
			goto free_lazy;
		img->lazy = lz;
		if (round == 3 || !lazy_tables(img, &err) || err)
			break;
		img->lazy = NULL;
		elfload_image_free(img);
		img = NULL;
	}
	ret = ret ? ret : err;
	if (ret)
		goto free_image;
	img->owned = buf;
	*out = img;
	return 0;

free_image:
	if (img)
		img->lazy = NULL;
	elfload_image_free(img);
free_lazy:
	image_lazy_free(lz);
	free(buf);
fail:
	if (ret == -EIO)
		return elfload_diag_set(d, -EIO, NULL, -1, NULL, 0, size,
					"file shrank while being read (%zu "
					"bytes expected)", size);
	if (ret == -ENOMEM)
		return elfload_diag_set(d, -ENOMEM, NULL, -1, NULL, size, 0,
					"out of memory reading %zu bytes", size);
	if (ret < 0 && (!d || !d->err))
		return elfload_diag_set(d, ret, NULL, -1, NULL, 0, 0,
					"read: %s", strerror(-ret));
	return ret;
}

int elfload_image_open_fd(int fd, const char *name, unsigned flags,
			  struct elfload_image **out, struct elfload_diag *d)
{
	struct stat st;
	unsigned char *buf = NULL;
	size_t size, got = 0;
	int ret;

	elfload_diag_clear(d);
	if (fstat(fd, &st) < 0)
		return elfload_diag_set(d, -errno, NULL, -1, NULL, 0, 0, "%s",
					strerror(errno));
	if (S_ISDIR(st.st_mode))
		return elfload_diag_set(d, -EISDIR, NULL, -1, NULL, 0, 0,
					"is a directory");
	if (!S_ISREG(st.st_mode))
		return elfload_diag_set(d, -ENODEV, NULL, -1, NULL, 0, 0,
					"is %s, not a regular file",
					file_kind(st.st_mode));
	if ((uint64_t)st.st_size > SIZE_MAX - 1)
		return elfload_diag_set(d, -EFBIG, NULL, -1, NULL, 0, 0,
					"file too large");
	size = (size_t)st.st_size;
	if (size == 0)
		return elfload_diag_set(d, -ENOEXEC, NULL, -1, NULL, 0, 0,
					"empty file");
	if (!(flags & ELFLOAD_IMAGE_HEADERS)) {
		ret = open_sparse(fd, name, size, out, d);
		if (ret < 0)
			return ret;
		(*out)->file_size = size;
		return 0;
	}
	ret = read_image(fd, flags, size, &buf, &got, d);
	if (ret < 0)
		return ret;
	ret = elfload_image_parse(buf, got, name, flags & ELFLOAD_IMAGE_HEADERS,
				  out, d);
	if (ret < 0) {
		free(buf);
		return ret;
	}
	(*out)->owned = buf;
	(*out)->file_size = size;
	return 0;
}

int elfload_image_open(const char *path, unsigned flags,
		       struct elfload_image **out, struct elfload_diag *d)
{
	int fd, ret;

	elfload_diag_clear(d);
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return elfload_diag_set(d, -errno, NULL, -1, NULL, 0, 0, "%s",
					strerror(errno));
	ret = elfload_image_open_fd(fd, path, flags, out, d);
	close(fd);
	return ret;
}
