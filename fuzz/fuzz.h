/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the libFuzzer targets in fuzz/:
 *
 *  - FUZZ_CHECK(): an invariant; when it fails the target prints what
 *    broke and aborts, so libFuzzer keeps the input as a crash;
 *  - struct fuzz_bytes: a cursor that takes numbers, strings and flags
 *    from the fuzz input, reading zeros once the input is used up;
 *  - fuzz_check_diag(): what every library call promises of its
 *    diagnostic, success or failure.
 */
#ifndef ELFLOAD_FUZZ_H
#define ELFLOAD_FUZZ_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <elfload/diag.h>

__attribute__((noreturn, format(printf, 4, 5))) static inline void
fuzz_fail(const char *file, int line, const char *cond, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%d: invariant broken: %s\n  ", file, line, cond);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

#define FUZZ_CHECK(cond, ...)                                              \
	do {                                                               \
		if (!(cond))                                               \
			fuzz_fail(__FILE__, __LINE__, #cond, __VA_ARGS__); \
	} while (0)

/* The rest of the fuzz input, consumed from the front. */
struct fuzz_bytes {
	const uint8_t *p;
	size_t n;
};

static inline uint8_t fuzz_u8(struct fuzz_bytes *b)
{
	uint8_t v;

	if (!b->n)
		return 0;
	v = *b->p++;
	b->n--;
	return v;
}

/* @len (at most 8) bytes, little endian. */
static inline uint64_t fuzz_uint(struct fuzz_bytes *b, unsigned len)
{
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < len && i < 8; i++)
		v |= (uint64_t)fuzz_u8(b) << (8 * i);
	return v;
}

/*
 * A number that is often an edge: a selector byte picks a small value, a
 * value near a page or 32/64-bit boundary, or raw bytes of some width.
 */
static inline uint64_t fuzz_number(struct fuzz_bytes *b)
{
	static const uint64_t edges[] = {
		0, 1, 0xfff, 0x1000, 0x1001, 0x10000, 0x200000,
		0x7fffffff, 0xffffffff, 0x100000000ull,
		0x555555554000ull, 0x7ffffffff000ull, 0x800000000000ull,
		UINT64_MAX - 0x1000, UINT64_MAX - 1, UINT64_MAX,
	};
	uint8_t sel = fuzz_u8(b);

	switch (sel & 7) {
	case 0:
		return edges[(sel >> 3) % (sizeof(edges) / sizeof(edges[0]))];
	case 1:
		return fuzz_u8(b);
	case 2:
		return fuzz_uint(b, 2);
	case 3:
		return fuzz_uint(b, 4);
	default:
		return fuzz_uint(b, 8);
	}
}

/*
 * A string of up to @max bytes, NUL-terminated, copied into @buf
 * (which holds @max + 1): the input up to its next NUL.
 */
static inline const char *fuzz_string(struct fuzz_bytes *b, char *buf,
				      size_t max)
{
	size_t n = 0;

	while (b->n && n < max) {
		uint8_t c = fuzz_u8(b);

		if (!c)
			break;
		buf[n++] = (char)c;
	}
	buf[n] = '\0';
	return buf;
}

/* Is the diagnostic of a call that returned @ret well formed? */
static inline void fuzz_check_diag(const struct elfload_diag *d, int ret,
				   const char *call)
{
	FUZZ_CHECK(memchr(d->msg, '\0', sizeof(d->msg)) != NULL,
		   "%s: message not terminated", call);
	if (ret >= 0)
		return;
	FUZZ_CHECK(d->err == ret, "%s returned %d, diag.err %d (%s)", call,
		   ret, d->err, d->msg);
	FUZZ_CHECK(d->msg[0] != '\0', "%s returned %d without a message", call,
		   ret);
}

#endif
