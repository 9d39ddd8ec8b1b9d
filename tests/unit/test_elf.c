// SPDX-License-Identifier: MIT
/*
 * The project's ELF vocabulary (include/elfload/elf.h) against the host's
 * <elf.h>: every constant both define has the same value, and every
 * file-layout structure has the size and field offsets of its Elf32_* or
 * Elf64_* twin.  This is the only file of the project that includes
 * <elf.h>.
 *
 * The list of constants is not written by hand: tests/unit/elf_names.sh
 * generates it from elf.h (elf_names.h, in the build directory), so a
 * constant added to elf.h is checked as soon as the host knows it.
 */
#include <elf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <elfload/elf.h>

struct constant {
	const char *ours;	/* the name after ELFLOAD_ */
	const char *theirs;	/* the name in <elf.h> */
	unsigned long long ours_value;
	unsigned long long theirs_value;
};

static const struct constant constants[] = {
#include "elf_names.h"
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static void test_constants_equal_host(void **state)
{
	size_t i, bad = 0;

	(void)state;
	for (i = 0; i < ARRAY_LEN(constants); i++) {
		const struct constant *c = &constants[i];

		if (c->ours_value == c->theirs_value)
			continue;
		fprintf(stderr, "ELFLOAD_%s = %#llx, but <elf.h> %s = %#llx\n",
			c->ours, c->ours_value, c->theirs, c->theirs_value);
		bad++;
	}
	assert_int_equal(bad, 0);
	/* Any <elf.h> defines most of them: a short list means a broken generator. */
	assert_true(ARRAY_LEN(constants) > 250);
}

static void test_magic(void **state)
{
	(void)state;
	assert_int_equal(ELFLOAD_SELFMAG, SELFMAG);
	assert_memory_equal(ELFLOAD_ELFMAG, ELFMAG, SELFMAG);
}

/* Same size, and each field at the same offset with the same width. */
#define SAME_SIZE(ours, theirs) \
	_Static_assert(sizeof(struct ours) == sizeof(theirs), #theirs)
#define SAME_FIELD(ours, theirs, field)                                      \
	_Static_assert(offsetof(struct ours, field) ==                        \
			       offsetof(theirs, field) &&                      \
		       sizeof(((struct ours *)0)->field) ==                    \
			       sizeof(((theirs *)0)->field),                   \
		       #theirs "." #field)

#define SAME_EHDR(ours, theirs)                 \
	SAME_SIZE(ours, theirs);                \
	SAME_FIELD(ours, theirs, e_ident);      \
	SAME_FIELD(ours, theirs, e_type);       \
	SAME_FIELD(ours, theirs, e_machine);    \
	SAME_FIELD(ours, theirs, e_version);    \
	SAME_FIELD(ours, theirs, e_entry);      \
	SAME_FIELD(ours, theirs, e_phoff);      \
	SAME_FIELD(ours, theirs, e_shoff);      \
	SAME_FIELD(ours, theirs, e_flags);      \
	SAME_FIELD(ours, theirs, e_ehsize);     \
	SAME_FIELD(ours, theirs, e_phentsize);  \
	SAME_FIELD(ours, theirs, e_phnum);      \
	SAME_FIELD(ours, theirs, e_shentsize);  \
	SAME_FIELD(ours, theirs, e_shnum);      \
	SAME_FIELD(ours, theirs, e_shstrndx)

#define SAME_PHDR(ours, theirs)               \
	SAME_SIZE(ours, theirs);              \
	SAME_FIELD(ours, theirs, p_type);     \
	SAME_FIELD(ours, theirs, p_flags);    \
	SAME_FIELD(ours, theirs, p_offset);   \
	SAME_FIELD(ours, theirs, p_vaddr);    \
	SAME_FIELD(ours, theirs, p_paddr);    \
	SAME_FIELD(ours, theirs, p_filesz);   \
	SAME_FIELD(ours, theirs, p_memsz);    \
	SAME_FIELD(ours, theirs, p_align)

#define SAME_SHDR(ours, theirs)                 \
	SAME_SIZE(ours, theirs);                \
	SAME_FIELD(ours, theirs, sh_name);      \
	SAME_FIELD(ours, theirs, sh_type);      \
	SAME_FIELD(ours, theirs, sh_flags);     \
	SAME_FIELD(ours, theirs, sh_addr);      \
	SAME_FIELD(ours, theirs, sh_offset);    \
	SAME_FIELD(ours, theirs, sh_size);      \
	SAME_FIELD(ours, theirs, sh_link);      \
	SAME_FIELD(ours, theirs, sh_info);      \
	SAME_FIELD(ours, theirs, sh_addralign); \
	SAME_FIELD(ours, theirs, sh_entsize)

#define SAME_NHDR(ours, theirs)               \
	SAME_SIZE(ours, theirs);              \
	SAME_FIELD(ours, theirs, n_namesz);   \
	SAME_FIELD(ours, theirs, n_descsz);   \
	SAME_FIELD(ours, theirs, n_type)

#define SAME_DYN(ours, theirs)                \
	SAME_SIZE(ours, theirs);              \
	SAME_FIELD(ours, theirs, d_tag);      \
	SAME_FIELD(ours, theirs, d_un.d_val); \
	SAME_FIELD(ours, theirs, d_un.d_ptr)

#define SAME_AUXV(ours, theirs)               \
	SAME_SIZE(ours, theirs);              \
	SAME_FIELD(ours, theirs, a_type);     \
	SAME_FIELD(ours, theirs, a_un.a_val)

SAME_EHDR(elfload_elf32_ehdr, Elf32_Ehdr);
SAME_EHDR(elfload_elf64_ehdr, Elf64_Ehdr);
SAME_PHDR(elfload_elf32_phdr, Elf32_Phdr);
SAME_PHDR(elfload_elf64_phdr, Elf64_Phdr);
SAME_SHDR(elfload_elf32_shdr, Elf32_Shdr);
SAME_SHDR(elfload_elf64_shdr, Elf64_Shdr);
SAME_NHDR(elfload_elf32_nhdr, Elf32_Nhdr);
SAME_NHDR(elfload_elf64_nhdr, Elf64_Nhdr);
SAME_DYN(elfload_elf32_dyn, Elf32_Dyn);
SAME_DYN(elfload_elf64_dyn, Elf64_Dyn);
SAME_AUXV(elfload_elf32_auxv, Elf32_auxv_t);
SAME_AUXV(elfload_elf64_auxv, Elf64_auxv_t);

/* The structures were checked at compile time; say so in the report. */
static void test_layouts_equal_host(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct elfload_elf64_ehdr), sizeof(Elf64_Ehdr));
	assert_int_equal(offsetof(struct elfload_elf32_phdr, p_flags),
			 offsetof(Elf32_Phdr, p_flags));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_constants_equal_host),
		cmocka_unit_test(test_magic),
		cmocka_unit_test(test_layouts_equal_host),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
