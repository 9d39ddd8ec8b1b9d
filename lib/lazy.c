// SPDX-License-Identifier: MIT
/*
 * The pages of an image read on demand (see internal.h and file.c): a
 * buffer of the file's size, a bit per LAZY_PAGE bytes set once read.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "internal.h"

#define LAZY_PAGE 4096u

struct image_lazy {
	int fd;
	size_t size;
	unsigned char *buf;
	unsigned char *loaded;
};

/* Read @want bytes at @off unless EOF comes first; returns bytes read. */
ssize_t image_pread_full(int fd, unsigned char *buf, size_t want, size_t off)
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

void *image_lazy_new(int fd, size_t size, unsigned char **buf, int *err)
{
	struct image_lazy *lz = calloc(1, sizeof(*lz));

	*buf = NULL;
	*err = -ENOMEM;
	if (!lz)
		return NULL;
	lz->size = size;
	lz->buf = malloc(size);
	lz->loaded = calloc((size + LAZY_PAGE - 1) / LAZY_PAGE / 8 + 1, 1);
	lz->fd = lz->buf && lz->loaded ? fcntl(fd, F_DUPFD_CLOEXEC, 0) : -1;
	if (lz->fd < 0) {
		if (lz->buf && lz->loaded)
			*err = -errno;
		free(lz->buf);
		free(lz->loaded);
		free(lz);
		return NULL;
	}
	*buf = lz->buf;
	return lz;
}

static bool lazy_has(const struct image_lazy *lz, size_t page)
{
	return lz->loaded[page / 8] >> (page % 8) & 1;
}

/* The pages [@first, @last] of [@off, @off + @len), clipped to the file. */
static bool lazy_pages(const struct image_lazy *lz, uint64_t off,
		       uint64_t len, size_t *first, size_t *last)
{
	if (!len || off >= lz->size)
		return false;
	if (len > lz->size - off)
		len = lz->size - off;
	*first = (size_t)(off / LAZY_PAGE);
	*last = (size_t)((off + len - 1) / LAZY_PAGE);
	return true;
}

bool image_lazy_missing(const void *lazy, uint64_t off, uint64_t len)
{
	const struct image_lazy *lz = lazy;
	size_t p, last;

	if (!lazy_pages(lz, off, len, &p, &last))
		return false;
	for (; p <= last; p++)
		if (!lazy_has(lz, p))
			return true;
	return false;
}

int image_lazy_load(void *lazy, uint64_t off, uint64_t len)
{
	struct image_lazy *lz = lazy;
	size_t p, q, last, at, want;
	ssize_t got;

	if (!lazy_pages(lz, off, len, &p, &last))
		return 0;
	while (p <= last) {
		for (; p <= last && lazy_has(lz, p); p++)
			;
		for (q = p; q <= last && !lazy_has(lz, q); q++)
			;
		if (p > last)
			break;
		at = p * LAZY_PAGE;
		want = q * LAZY_PAGE < lz->size ? q * LAZY_PAGE - at :
						  lz->size - at;
		got = image_pread_full(lz->fd, lz->buf + at, want, at);
		if (got < 0)
			return (int)got;
		if ((size_t)got < want)
			return -EIO;
		for (; p < q; p++)
			lz->loaded[p / 8] |= (unsigned char)(1u << (p % 8));
	}
	return 0;
}

/* The buffer is the image's (its owned bytes), not freed here. */
void image_lazy_free(void *lazy)
{
	struct image_lazy *lz = lazy;

	if (!lz)
		return;
	close(lz->fd);
	free(lz->loaded);
	free(lz);
}
