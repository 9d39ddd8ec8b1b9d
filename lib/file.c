// SPDX-License-Identifier: MIT
/*
 * Reading an ELF file from a path or descriptor into memory.
 *
 * The file is read with read(2), not mapped: a file that shrinks under us
 * must give an error, never a SIGBUS.  Non-regular files are refused
 * before any read, so a FIFO can never make us block.
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

/* Read @want bytes at @off unless EOF comes first; returns bytes read. */
static ssize_t read_full_at(int fd, unsigned char *buf, size_t want, size_t off)
{
	size_t got = 0;

	while (got < want) {
		ssize_t n = pread(fd, buf + got, want - got, (off_t)(off + got));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

static ssize_t read_full(int fd, unsigned char *buf, size_t want)
{
	return read_full_at(fd, buf, want, 0);
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
		more = read_full_at(fd, buf + want, need - want, want);
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
