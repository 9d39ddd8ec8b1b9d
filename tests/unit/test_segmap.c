// SPDX-License-Identifier: MIT
/*
 * Unit tests of elfload_section_in_segment(): the rule GNU readelf uses
 * for its "Section to Segment mapping", case by case.
 *
 * Each table row is one section header, one program header and the
 * answer readelf gives for them.  A failing row is reported by name and
 * every row is checked, so one run shows all disagreements.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include <elfload/elf.h>
#include <elfload/image.h>

#define MBIND_LO ELFLOAD_PT_GNU_MBIND_LO
#define MBIND_HI ELFLOAD_PT_GNU_MBIND_HI

#define A ELFLOAD_SHF_ALLOC
#define W ELFLOAD_SHF_WRITE
#define TLS ELFLOAD_SHF_TLS
#define PROG ELFLOAD_SHT_PROGBITS
#define NOBITS ELFLOAD_SHT_NOBITS
#define TOP 0xffffffffffffffffull

struct map_case {
	const char *what;
	struct elfload_shdr s;
	struct elfload_phdr p;
	bool want;
};

/* A section: type, flags, address, file offset, size. */
#define SEC(t, f, a, o, sz)                                                \
	{ .type = (t), .flags = (f), .addr = (a), .offset = (o),           \
	  .size = (sz) }
/* A segment: type, file offset, address, file size, memory size. */
#define SEG(t, o, va, fs, ms)                                              \
	{ .type = (t), .offset = (o), .vaddr = (va), .paddr = (va),        \
	  .filesz = (fs), .memsz = (ms) }

/* The segments of a small executable, reused by many rows. */
#define LOAD_RX SEG(ELFLOAD_PT_LOAD, 0x1000, 0x401000, 0x2000, 0x2000)
#define LOAD_RW SEG(ELFLOAD_PT_LOAD, 0x3000, 0x404000, 0x1000, 0x3000)
#define TLS_SEG SEG(ELFLOAD_PT_TLS, 0x3000, 0x404000, 0x100, 0x200)
#define RELRO SEG(ELFLOAD_PT_GNU_RELRO, 0x3000, 0x404000, 0x1000, 0x1000)
#define DYNAMIC SEG(ELFLOAD_PT_DYNAMIC, 0x3100, 0x404100, 0x1c0, 0x1c0)
#define NOTE SEG(ELFLOAD_PT_NOTE, 0x300, 0x400300, 0x44, 0x44)
#define PHDR SEG(ELFLOAD_PT_PHDR, 0x40, 0x400040, 0x2d8, 0x2d8)

/* And their sections. */
#define TDATA SEC(PROG, A | W | TLS, 0x404000, 0x3000, 0x100)
#define TBSS SEC(NOBITS, A | W | TLS, 0x404100, 0x3100, 0x100)
#define DATA SEC(PROG, A | W, 0x404000, 0x3000, 0x100)
#define COMMENT SEC(PROG, 0, 0, 0x1100, 0x20)
/* A segment of @type exactly over COMMENT's file bytes. */
#define OVER_COMMENT(type) SEG(type, 0x1100, 0x401100, 0x20, 0x20)

static bool run_cases(const struct map_case *c, size_t n)
{
	size_t i;
	bool ok = true;

	for (i = 0; i < n; i++) {
		bool got = elfload_section_in_segment(&c[i].s, &c[i].p);

		if (got != c[i].want) {
			print_error("%s: got %s, want %s\n", c[i].what,
				    got ? "in" : "out",
				    c[i].want ? "in" : "out");
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

/* TLS sections go in PT_TLS, PT_LOAD and PT_GNU_RELRO; .tbss only PT_TLS. */
static const struct map_case tls_cases[] = {
	{ ".tdata in PT_TLS", TDATA, TLS_SEG, true },
	{ ".tbss in PT_TLS", TBSS, TLS_SEG, true },
	{ ".tdata in PT_LOAD", TDATA, LOAD_RW, true },
	{ ".tbss in PT_LOAD", TBSS, LOAD_RW, false },
	{ ".tdata in PT_GNU_RELRO", TDATA, RELRO, true },
	{ ".tbss in PT_GNU_RELRO", TBSS, RELRO, false },
	{ ".tdata in a PT_DYNAMIC over it", TDATA,
	  SEG(ELFLOAD_PT_DYNAMIC, 0x3000, 0x404000, 0x1000, 0x1000), false },
	{ ".tdata in a PT_NOTE over it", TDATA,
	  SEG(ELFLOAD_PT_NOTE, 0x3000, 0x404000, 0x1000, 0x1000), false },
	{ ".tdata in PT_PHDR over it", TDATA,
	  SEG(ELFLOAD_PT_PHDR, 0x3000, 0x404000, 0x1000, 0x1000), false },
	{ "non-TLS .data in PT_TLS", DATA, TLS_SEG, false },
	{ ".tbss past PT_TLS p_memsz", TBSS,
	  SEG(ELFLOAD_PT_TLS, 0x3000, 0x404000, 0x100, 0x100), false },
	{ ".tbss alone in PT_TLS", TBSS,
	  SEG(ELFLOAD_PT_TLS, 0x3100, 0x404100, 0, 0x100), true },
	{ ".tbss with a bogus offset in PT_TLS",
	  SEC(NOBITS, A | W | TLS, 0x404100, 0xdead0000, 0x100), TLS_SEG,
	  true },
	{ "empty .tbss in PT_LOAD",
	  SEC(NOBITS, A | W | TLS, 0x404100, 0x3100, 0), LOAD_RW, false },
};

static void tls(void **state)
{
	(void)state;
	RUN(tls_cases);
}

/*
 * PT_LOAD, PT_DYNAMIC, PT_GNU_EH_FRAME, PT_GNU_STACK, PT_GNU_RELRO,
 * PT_GNU_SFRAME and PT_GNU_MBIND_* hold only SHF_ALLOC sections; other
 * segments (PT_NOTE, PT_INTERP, PT_GNU_PROPERTY...) take any section
 * whose file bytes they cover.
 */
static const struct map_case alloc_cases[] = {
	{ ".comment in PT_LOAD", COMMENT, LOAD_RX, false },
	{ ".comment in PT_DYNAMIC", COMMENT, OVER_COMMENT(ELFLOAD_PT_DYNAMIC), false },
	{ ".comment in PT_GNU_EH_FRAME", COMMENT,
	  OVER_COMMENT(ELFLOAD_PT_GNU_EH_FRAME), false },
	{ ".comment in PT_GNU_STACK", COMMENT, OVER_COMMENT(ELFLOAD_PT_GNU_STACK),
	  false },
	{ ".comment in PT_GNU_RELRO", COMMENT, OVER_COMMENT(ELFLOAD_PT_GNU_RELRO),
	  false },
	{ ".comment in PT_GNU_SFRAME", COMMENT, OVER_COMMENT(ELFLOAD_PT_GNU_SFRAME),
	  false },
	{ ".comment in PT_GNU_MBIND_LO", COMMENT, OVER_COMMENT(MBIND_LO),
	  false },
	{ ".comment in PT_GNU_MBIND_HI", COMMENT, OVER_COMMENT(MBIND_HI),
	  false },
	{ ".comment in PT_GNU_MBIND_HI + 1", COMMENT,
	  OVER_COMMENT(MBIND_HI + 1), true },
	{ ".comment in PT_NOTE", COMMENT, OVER_COMMENT(ELFLOAD_PT_NOTE), true },
	{ ".comment in PT_INTERP", COMMENT, OVER_COMMENT(ELFLOAD_PT_INTERP), true },
	{ ".comment in PT_GNU_PROPERTY", COMMENT,
	  OVER_COMMENT(ELFLOAD_PT_GNU_PROPERTY), true },
	{ ".comment in PT_LOPROC", COMMENT, OVER_COMMENT(ELFLOAD_PT_LOPROC), true },
	{ ".comment past PT_NOTE's bytes", COMMENT,
	  SEG(ELFLOAD_PT_NOTE, 0x1100, 0x401100, 0x1f, 0x20), false },
	{ "alloc .note in PT_NOTE", SEC(ELFLOAD_SHT_NOTE, A, 0x400300, 0x300, 0x24),
	  NOTE, true },
	{ "alloc .note in PT_LOAD", SEC(ELFLOAD_SHT_NOTE, A, 0x401300, 0x1300, 0x24),
	  LOAD_RX, true },
	{ "non-alloc .note in PT_NOTE", SEC(ELFLOAD_SHT_NOTE, 0, 0, 0x300, 0x24),
	  NOTE, true },
	/* Without SHF_ALLOC the address is not looked at. */
	{ "non-alloc .note with a bogus address in PT_NOTE",
	  SEC(ELFLOAD_SHT_NOTE, 0, 0x12345678, 0x300, 0x24), NOTE, true },
};

static void alloc(void **state)
{
	(void)state;
	RUN(alloc_cases);
}

/* PT_PHDR describes the program headers and holds no section. */
static const struct map_case phdr_cases[] = {
	{ "alloc section over PT_PHDR", SEC(PROG, A, 0x400040, 0x40, 0x2d8),
	  PHDR, false },
	{ "alloc section inside PT_PHDR", SEC(PROG, A, 0x400100, 0x100, 0x10),
	  PHDR, false },
	{ "non-alloc section inside PT_PHDR", SEC(PROG, 0, 0, 0x100, 0x10),
	  PHDR, false },
	{ "empty section at PT_PHDR's start", SEC(PROG, A, 0x400040, 0x40, 0),
	  PHDR, false },
	{ "the same section in PT_LOAD", SEC(PROG, A, 0x400100, 0x100, 0x10),
	  SEG(ELFLOAD_PT_LOAD, 0, 0x400000, 0x1000, 0x1000), true },
};

static void phdr(void **state)
{
	(void)state;
	RUN(phdr_cases);
}

/*
 * Empty sections at either edge of a non-empty PT_DYNAMIC or PT_NOTE do
 * not belong to it (they belong to the neighbour); inside, they do.
 */
static const struct map_case edge_cases[] = {
	{ "empty at PT_DYNAMIC's start", SEC(PROG, A, 0x404100, 0x3100, 0),
	  DYNAMIC, false },
	{ "empty inside PT_DYNAMIC", SEC(PROG, A, 0x404110, 0x3110, 0),
	  DYNAMIC, true },
	{ "empty at PT_DYNAMIC's end", SEC(PROG, A, 0x4042c0, 0x32c0, 0),
	  DYNAMIC, false },
	{ ".dynamic in PT_DYNAMIC", SEC(ELFLOAD_SHT_DYNAMIC, A | W, 0x404100, 0x3100,
					0x1c0), DYNAMIC, true },
	{ "empty, file start but memory inside PT_DYNAMIC",
	  SEC(PROG, A, 0x404110, 0x3100, 0), DYNAMIC, false },
	{ "empty, memory start but file inside PT_DYNAMIC",
	  SEC(PROG, A, 0x404100, 0x3110, 0), DYNAMIC, false },
	{ "empty NOBITS at PT_DYNAMIC's start",
	  SEC(NOBITS, A, 0x404100, 0xdead0000, 0), DYNAMIC, false },
	{ "empty NOBITS inside PT_DYNAMIC",
	  SEC(NOBITS, A, 0x404110, 0xdead0000, 0), DYNAMIC, true },
	{ "empty at an empty PT_DYNAMIC", SEC(PROG, A, 0x404100, 0x3100, 0),
	  SEG(ELFLOAD_PT_DYNAMIC, 0x3100, 0x404100, 0, 0), true },
	{ "empty alloc at PT_NOTE's start", SEC(PROG, A, 0x400300, 0x300, 0),
	  NOTE, false },
	{ "empty non-alloc at PT_NOTE's start", SEC(PROG, 0, 0, 0x300, 0),
	  NOTE, false },
	{ "empty non-alloc inside PT_NOTE", SEC(PROG, 0, 0, 0x320, 0), NOTE,
	  true },
	{ "empty non-alloc at PT_NOTE's end", SEC(PROG, 0, 0, 0x344, 0), NOTE,
	  false },
	{ "empty NOBITS non-alloc at PT_NOTE's start",
	  SEC(NOBITS, 0, 0, 0x300, 0), NOTE, true },
	{ "empty at a PT_NOTE with p_memsz 0", SEC(PROG, 0, 0, 0x300, 0),
	  SEG(ELFLOAD_PT_NOTE, 0x300, 0, 0x44, 0), true },
	{ "empty at PT_LOAD's start", SEC(PROG, A, 0x401000, 0x1000, 0),
	  LOAD_RX, true },
	{ "empty at PT_INTERP's start", SEC(PROG, 0, 0, 0x1100, 0),
	  OVER_COMMENT(ELFLOAD_PT_INTERP), true },
};

static void edges(void **state)
{
	(void)state;
	RUN(edge_cases);
}

/*
 * Strict rule: an empty section just past the end of a segment's file
 * or memory range is not in it, unless the segment itself is empty.
 */
static const struct map_case load_end_cases[] = {
	{ "empty at the end of PT_LOAD's file bytes, mid memory",
	  SEC(PROG, A, 0x405000, 0x4000, 0), LOAD_RW, false },
	{ "empty NOBITS at the end of PT_LOAD's memory",
	  SEC(NOBITS, A, 0x407000, 0x4000, 0), LOAD_RW, false },
	{ "empty NOBITS at PT_LOAD's last byte",
	  SEC(NOBITS, A, 0x406fff, 0x4000, 0), LOAD_RW, true },
	{ "empty at an empty PT_LOAD", SEC(PROG, A, 0x405000, 0x4000, 0),
	  SEG(ELFLOAD_PT_LOAD, 0x4000, 0x405000, 0, 0), true },
	{ "empty one past an empty PT_LOAD",
	  SEC(PROG, A, 0x405001, 0x4000, 0),
	  SEG(ELFLOAD_PT_LOAD, 0x4000, 0x405000, 0, 0), false },
	{ "non-empty in an empty PT_LOAD", SEC(PROG, A, 0x405000, 0x4000, 1),
	  SEG(ELFLOAD_PT_LOAD, 0x4000, 0x405000, 0, 0), false },
	{ "last byte of PT_LOAD", SEC(PROG, A, 0x402fff, 0x2fff, 1), LOAD_RX,
	  true },
	{ "one byte past PT_LOAD", SEC(PROG, A, 0x402fff, 0x2fff, 2), LOAD_RX,
	  false },
	{ "non-empty just past PT_LOAD", SEC(PROG, A, 0x403000, 0x3000, 1),
	  LOAD_RX, false },
};

static void load_end(void **state)
{
	(void)state;
	RUN(load_end_cases);
}

/* SHT_NOBITS sections have no file bytes: only their addresses count. */
static const struct map_case nobits_cases[] = {
	{ ".bss after the file bytes", SEC(NOBITS, A | W, 0x405000, 0x4000,
					   0x2000), LOAD_RW, true },
	{ ".bss with a bogus offset", SEC(NOBITS, A | W, 0x405000, 0xdead0000,
					  0x2000), LOAD_RW, true },
	{ ".bss with offset 0", SEC(NOBITS, A | W, 0x405000, 0, 0x2000),
	  LOAD_RW, true },
	{ ".bss past p_memsz", SEC(NOBITS, A | W, 0x406000, 0x4000, 0x2000),
	  LOAD_RW, false },
	{ ".bss before p_vaddr", SEC(NOBITS, A | W, 0x403ff0, 0x4000, 0x20),
	  LOAD_RW, false },
	{ "PROGBITS where .bss is", SEC(PROG, A | W, 0x405000, 0x4000,
					0x2000), LOAD_RW, false },
	{ "non-alloc NOBITS in PT_LOAD", SEC(NOBITS, 0, 0, 0x3000, 0x10),
	  LOAD_RW, false },
	/* Neither range applies: readelf counts it in any PT_NOTE. */
	{ "non-alloc NOBITS far from PT_NOTE", SEC(NOBITS, 0, 0, 0xdead0000,
						   0x10), NOTE, true },
};

static void nobits(void **state)
{
	(void)state;
	RUN(nobits_cases);
}

/*
 * The arithmetic is unsigned 64-bit and wraps exactly as readelf's:
 * offsets below the segment never match, ranges reaching 2^64 do, and
 * a size so large that "offset + size" wraps slips through, as it does
 * in readelf.
 */
static const struct map_case wrap_cases[] = {
	{ "segment ending at 2^64", SEC(NOBITS, A, TOP - 0x7ff, 0, 0x800),
	  SEG(ELFLOAD_PT_LOAD, 0x1000, TOP - 0xfff, 0, 0x1000), true },
	{ "one byte more than a segment ending at 2^64",
	  SEC(NOBITS, A, TOP - 0x7ff, 0, 0x801),
	  SEG(ELFLOAD_PT_LOAD, 0x1000, TOP - 0xfff, 0, 0x1000), false },
	{ "last byte of the address space",
	  SEC(NOBITS, A, TOP, 0, 1),
	  SEG(ELFLOAD_PT_LOAD, 0x1000, TOP - 0xfff, 0, 0x1000), true },
	{ "wrapped part of a segment crossing 2^64",
	  SEC(NOBITS, A, 0, 0, 0x10),
	  SEG(ELFLOAD_PT_LOAD, 0x1000, TOP - 0xfff, 0, 0x2000), false },
	{ "unwrapped part of a segment crossing 2^64",
	  SEC(NOBITS, A, TOP - 0xf, 0, 0x10),
	  SEG(ELFLOAD_PT_LOAD, 0x1000, TOP - 0xfff, 0, 0x2000), true },
	{ "size wraps the address to the segment's start",
	  SEC(NOBITS, A, 0x404010, 0, TOP - 0xf), LOAD_RW, true },
	{ "size 2^64 - 1 one byte in", SEC(NOBITS, A, 0x404001, 0, TOP),
	  LOAD_RW, true },
	{ "size 2^64 - 1 at the start", SEC(NOBITS, A, 0x404000, 0, TOP),
	  LOAD_RW, false },
	{ "address below, size reaching in",
	  SEC(NOBITS, A, 0x403000, 0, TOP), LOAD_RW, false },
	{ "file range ending at 2^64", SEC(PROG, 0, 0, TOP - 0x7f, 0x80),
	  SEG(ELFLOAD_PT_NOTE, TOP - 0xff, 0, 0x100, 0x100), true },
	{ "file range one byte past 2^64", SEC(PROG, 0, 0, TOP - 0x7f, 0x81),
	  SEG(ELFLOAD_PT_NOTE, TOP - 0xff, 0, 0x100, 0x100), false },
	{ "offset below, size reaching in", SEC(PROG, 0, 0, 0x200, TOP),
	  NOTE, false },
	{ "file size wraps the offset to the segment's start",
	  SEC(PROG, 0, 0, 0x310, TOP - 0xf), NOTE, true },
	/* p_memsz - 1 wraps to 2^64 - 1: only the end check remains. */
	{ "empty section, empty segment, same address",
	  SEC(NOBITS, A, TOP, 0, 0), SEG(ELFLOAD_PT_LOAD, 0, TOP, 0, 0), true },
	{ "empty section past the last address of an empty segment",
	  SEC(NOBITS, A, 0, 0, 0), SEG(ELFLOAD_PT_LOAD, 0, TOP, 0, 0), false },
};

static void wrap(void **state)
{
	(void)state;
	RUN(wrap_cases);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tls),
		cmocka_unit_test(alloc),
		cmocka_unit_test(phdr),
		cmocka_unit_test(edges),
		cmocka_unit_test(load_end),
		cmocka_unit_test(nobits),
		cmocka_unit_test(wrap),
	};

	return cmocka_run_group_tests_name("segmap", tests, NULL, NULL);
}
