/* SPDX-License-Identifier: MIT */
/* Helpers shared inside libelfload; not part of the public API. */
#ifndef ELFLOAD_INTERNAL_H
#define ELFLOAD_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <elfload/image.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Is [off, off + len) inside [0, size)?  Overflow-safe. */
static inline bool range_ok(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

/* a + b without wrap-around; false when it would wrap. */
static inline bool add_ok(uint64_t a, uint64_t b, uint64_t *sum)
{
	return !__builtin_add_overflow(a, b, sum);
}

/* a * b without wrap-around; false when it would wrap. */
static inline bool mul_ok(uint64_t a, uint64_t b, uint64_t *prod)
{
	return !__builtin_mul_overflow(a, b, prod);
}

/* Round @x up to a multiple of @align (a power of two); false on wrap. */
static inline bool align_up_ok(uint64_t x, uint64_t align, uint64_t *out)
{
	uint64_t t;

	if (!add_ok(x, align - 1, &t))
		return false;
	*out = t & ~(align - 1);
	return true;
}

static inline bool is_power_of_2(uint64_t x)
{
	return x && !(x & (x - 1));
}

/* A short description of what non-ELF bytes look like ("a shell script"). */
const char *describe_non_elf(const unsigned char *p, size_t n);

/* Record a warning in the image (dropped silently once the array is full). */
void image_warn(struct elfload_image *img, const char *structure,
			long index, const char *field, uint64_t value,
			uint64_t limit, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

/*
 * An image opened from a file (elfload_image_open) reads its pages on
 * demand (lazy.c): a buffer of @size bytes (*@buf) for @fd (duplicated),
 * or NULL and *@err; image_lazy_load() makes [@off, @off + @len) present:
 * 0, or -EIO when the file ended early (it shrank), -errno when reading
 * failed; image_lazy_missing() says whether a page of it is not.
 */
void *image_lazy_new(int fd, size_t size, unsigned char **buf, int *err);
int image_lazy_load(void *lazy, uint64_t off, uint64_t len);
bool image_lazy_missing(const void *lazy, uint64_t off, uint64_t len);
void image_lazy_free(void *lazy);

/* pread until @want bytes at @off or EOF: the bytes read, or -errno. */
ssize_t image_pread_full(int fd, unsigned char *buf, size_t want, size_t off);

#endif
