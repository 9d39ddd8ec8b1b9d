// SPDX-License-Identifier: MIT
/*
 * Unit tests of elfload_segment_extent(): page rounding of a segment's
 * [p_vaddr, p_vaddr + p_memsz), with page sizes from 1 byte to 2^63,
 * ranges that reach or cross the top of the address space, and page
 * sizes that are not powers of two (refused).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <inttypes.h>

#include <cmocka.h>

#include <elfload/extent.h>

#define TOP 0xffffffffffffffffull

struct extent_case {
	const char *what;
	uint64_t vaddr, memsz, pagesz;
	bool ok;
	uint64_t start, end;	/* when ok */
};

static bool run_cases(const struct extent_case *c, size_t n)
{
	bool ok = true;
	size_t i;

	for (i = 0; i < n; i++) {
		struct elfload_phdr ph = { .type = 1, .vaddr = c[i].vaddr,
					   .memsz = c[i].memsz };
		struct elfload_extent e = { 0x5a5a, 0xa5a5 };
		bool got = elfload_segment_extent(&ph, c[i].pagesz, &e);

		if (got != c[i].ok) {
			print_error("%s: returned %d, want %d\n", c[i].what,
				    got, c[i].ok);
			ok = false;
		} else if (got && (e.start != c[i].start ||
				   e.end != c[i].end)) {
			print_error("%s: [%#" PRIx64 ", %#" PRIx64
				    "), want [%#" PRIx64 ", %#" PRIx64 ")\n",
				    c[i].what, e.start, e.end, c[i].start,
				    c[i].end);
			ok = false;
		}
	}
	return ok;
}

#define RUN(table)                                                         \
	do {                                                               \
		if (!run_cases(table, sizeof(table) / sizeof(table[0])))   \
			fail();                                            \
	} while (0)

static const struct extent_case rounding_cases[] = {
	{ "aligned, one page", 0x401000, 0x1000, 0x1000, true, 0x401000,
	  0x402000 },
	{ "aligned, one byte more", 0x401000, 0x1001, 0x1000, true,
	  0x401000, 0x403000 },
	{ "unaligned start", 0x401234, 0x100, 0x1000, true, 0x401000,
	  0x402000 },
	{ "unaligned start crossing a page", 0x401f00, 0x200, 0x1000, true,
	  0x401000, 0x403000 },
	{ "empty, aligned", 0x401000, 0, 0x1000, true, 0x401000, 0x401000 },
	{ "empty, unaligned", 0x401234, 0, 0x1000, true, 0x401000,
	  0x402000 },
	{ "at address 0", 0, 0x10, 0x1000, true, 0, 0x1000 },
	{ "empty at address 0", 0, 0, 0x1000, true, 0, 0 },
	{ "16 KiB pages", 0x5000, 0x1000, 0x4000, true, 0x4000, 0x8000 },
	{ "64 KiB pages", 0x12345, 0x10, 0x10000, true, 0x10000, 0x20000 },
	{ "2 MiB pages", 0x401000, 0x200000, 0x200000, true, 0x400000,
	  0x800000 },
	{ "1-byte pages", 0x401234, 0x11, 1, true, 0x401234, 0x401245 },
	{ "2-byte pages", 0x401235, 0x2, 2, true, 0x401234, 0x401238 },
	{ "2^63-byte pages", 1, 1, 1ull << 63, true, 0, 1ull << 63 },
	{ "2^63-byte pages, empty at 2^63", 1ull << 63, 0, 1ull << 63, true,
	  1ull << 63, 1ull << 63 },
	{ "high kernel-like address", 0xffffffff80001234, 0x10, 0x1000,
	  true, 0xffffffff80001000, 0xffffffff80002000 },
};

static void rounding(void **state)
{
	(void)state;
	RUN(rounding_cases);
}

/*
 * The end is exclusive, so a segment whose rounded end would be 2^64
 * cannot be described and is refused, as is any range that wraps.
 */
static const struct extent_case wrap_cases[] = {
	{ "ends one page below 2^64", TOP - 0x1fff, 0x1000, 0x1000, true,
	  TOP - 0x1fff, TOP - 0xfff },
	{ "rounded end one page below 2^64", TOP - 0x1fff, 0xfff, 0x1000,
	  true, TOP - 0x1fff, TOP - 0xfff },
	{ "rounded end would be 2^64", TOP - 0x1fff, 0x1001, 0x1000, false,
	  0, 0 },
	{ "end exactly 2^64", TOP - 0xfff, 0x1000, 0x1000, false, 0, 0 },
	{ "last byte, empty", TOP, 0, 0x1000, false, 0, 0 },
	{ "last byte, 1-byte pages, empty", TOP, 0, 1, true, TOP, TOP },
	{ "last byte, 1-byte pages", TOP, 1, 1, false, 0, 0 },
	{ "memsz wraps", 0x1000, TOP, 0x1000, false, 0, 0 },
	{ "both huge", TOP - 0x10, TOP - 0x10, 0x1000, false, 0, 0 },
	{ "2^63-byte pages, end rounds to 2^64", (1ull << 63) + 5, 1ull << 62,
	  1ull << 63, false, 0, 0 },
};

static void wrap(void **state)
{
	(void)state;
	RUN(wrap_cases);
}

/* pages.h: the page size is a power of two; anything else is refused. */
static const struct extent_case bad_pagesz_cases[] = {
	{ "page size 0", 0x401000, 0x1000, 0, false, 0, 0 },
	{ "page size 3", 0x401000, 0x1000, 3, false, 0, 0 },
	{ "page size 4097", 0x401000, 0x1000, 4097, false, 0, 0 },
	{ "page size 0x1800", 0x401000, 0x1000, 0x1800, false, 0, 0 },
	{ "page size 0x3000", 0x402000, 0x1000, 0x3000, false, 0, 0 },
	{ "page size 1000", 0x401000, 0x1000, 1000, false, 0, 0 },
	{ "page size 2^63 + 1", 0, 1, (1ull << 63) + 1, false, 0, 0 },
	{ "page size 2^64 - 1", 0, 1, TOP, false, 0, 0 },
	{ "page size 3, empty segment at 0", 0, 0, 3, false, 0, 0 },
};

static void bad_page_size(void **state)
{
	(void)state;
	RUN(bad_pagesz_cases);
}

/*
 * elfload_segment_pages(): the pieces of a segment's pages add up to its
 * page-rounded range, p_filesz > p_memsz is refused.
 */
static void segment_pages(void **state)
{
	/* .data of /bin/ls: 0x232b0, filesz 0x1310, memsz 0x12e8 + ... */
	struct elfload_phdr ph = { .type = 1, .vaddr = 0x232b0,
				   .filesz = 0x1310, .memsz = 0x2530 };
	struct elfload_segment_pages sp;

	(void)state;
	assert_true(elfload_segment_pages(&ph, 0x1000, &sp));
	assert_int_equal(sp.start, 0x23000);
	assert_int_equal(sp.end, 0x26000);
	assert_int_equal(sp.head, 0x2b0);
	assert_int_equal(sp.file, 0x1310);
	assert_int_equal(sp.zero, 0x2530 - 0x1310);
	assert_int_equal(sp.tail, 0x26000 - (0x232b0 + 0x2530));
	assert_int_equal(sp.head + sp.file + sp.zero + sp.tail,
			 sp.end - sp.start);
	assert_int_equal(sp.file_end, 0x25000);
	assert_int_equal(sp.pages, 3);
	ph.filesz = ph.memsz + 1;
	assert_false(elfload_segment_pages(&ph, 0x1000, &sp));
	ph.filesz = 0;
	assert_false(elfload_segment_pages(&ph, 3, &sp));
	ph.vaddr = TOP - 0x10;
	assert_false(elfload_segment_pages(&ph, 0x1000, &sp));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rounding),
		cmocka_unit_test(wrap),
		cmocka_unit_test(bad_page_size),
		cmocka_unit_test(segment_pages),
	};

	return cmocka_run_group_tests_name("pages", tests, NULL, NULL);
}
