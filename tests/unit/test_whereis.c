// SPDX-License-Identifier: MIT
/*
 * Unit tests of elfload_image_section_at() (lib/whereis.c): which section
 * holds an address, the one rule of the pager's fault log and of
 * `maps --explain`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <elfload/program.h>

static const char names[] = "\0.text\0.tdata\0.tbss\0.init_array\0.bss";

/* The end of a data segment: .tdata, .tbss (overlapping), .init_array, .bss. */
static struct elfload_shdr shdrs[] = {
	{ 0 },
	{ .name = 1, .type = ELFLOAD_SHT_PROGBITS, .flags = ELFLOAD_SHF_ALLOC | ELFLOAD_SHF_EXECINSTR,
	  .addr = 0x1000, .size = 0x100 },
	{ .name = 7, .type = ELFLOAD_SHT_PROGBITS,
	  .flags = ELFLOAD_SHF_ALLOC | ELFLOAD_SHF_WRITE | ELFLOAD_SHF_TLS, .addr = 0x3000,
	  .size = 0x10 },
	{ .name = 14, .type = ELFLOAD_SHT_NOBITS,
	  .flags = ELFLOAD_SHF_ALLOC | ELFLOAD_SHF_WRITE | ELFLOAD_SHF_TLS, .addr = 0x3010,
	  .size = 0x20 },
	{ .name = 20, .type = ELFLOAD_SHT_INIT_ARRAY, .flags = ELFLOAD_SHF_ALLOC | ELFLOAD_SHF_WRITE,
	  .addr = 0x3010, .size = 0x8 },
	{ .name = 32, .type = ELFLOAD_SHT_NOBITS, .flags = ELFLOAD_SHF_ALLOC | ELFLOAD_SHF_WRITE,
	  .addr = 0x3018, .size = 0x2000 },
};

static const struct elfload_image img = {
	.shnum = sizeof(shdrs) / sizeof(shdrs[0]),
	.shdrs = shdrs,
	.shstrtab = names,
	.shstrtab_size = sizeof(names),
};

static void at(enum elfload_vma_kind kind, uint64_t vaddr, const char *want)
{
	const char *got = elfload_image_section_at(&img, kind, vaddr);

	if (!want)
		assert_null(got);
	else
		assert_string_equal(got, want);
}

/* As readelf has it: .tbss takes no addresses outside ELFLOAD_PT_TLS. */
static void tbss_takes_no_addresses(void **state)
{
	(void)state;
	at(ELFLOAD_VMA_SEGMENT, 0x3010, ".init_array");
	at(ELFLOAD_VMA_SEGMENT, 0x3000, ".tdata");
	at(ELFLOAD_VMA_SEGMENT, 0x1080, ".text");
}

/* File pages hold PROGBITS and a bss start; anonymous pages NOBITS only. */
static void kind_of_pages(void **state)
{
	(void)state;
	at(ELFLOAD_VMA_SEGMENT, 0x3020, ".bss");
	at(ELFLOAD_VMA_BSS, 0x4000, ".bss");
	at(ELFLOAD_VMA_BSS, 0x1080, NULL);
	at(ELFLOAD_VMA_STACK, 0x1080, NULL);
	at(ELFLOAD_VMA_SEGMENT, 0x5018, NULL);
	at(ELFLOAD_VMA_SEGMENT, UINT64_MAX, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tbss_takes_no_addresses),
		cmocka_unit_test(kind_of_pages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
