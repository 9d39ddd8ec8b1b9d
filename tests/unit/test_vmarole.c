// SPDX-License-Identifier: MIT
/*
 * Unit tests of elfload_vma_role(): each kind of planned VMA gets the
 * role the pictures label it with, and every role has a name.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <elfload/plan.h>

static enum elfload_vma_role role(const struct elfload_plan *plan,
				  enum elfload_vma_kind kind,
				  enum elfload_owner owner, int prot,
				  const char *name)
{
	struct elfload_vma v = { .start = 0x400000, .end = 0x401000,
				 .prot = prot, .kind = kind, .owner = owner,
				 .phdr = 0, .name = name };

	return elfload_vma_role(plan, &v);
}

static void roles(void **state)
{
	struct elfload_plan *plan = calloc(1, sizeof(*plan));
	const int r = ELFLOAD_PROT_READ, w = ELFLOAD_PROT_WRITE,
		  x = ELFLOAD_PROT_EXEC;

	(void)state;
	assert_non_null(plan);
	assert_int_equal(role(plan, ELFLOAD_VMA_SEGMENT, ELFLOAD_OWNER_EXE,
			      r | x, NULL), ELFLOAD_ROLE_TEXT);
	assert_int_equal(role(plan, ELFLOAD_VMA_SEGMENT, ELFLOAD_OWNER_EXE,
			      r, NULL), ELFLOAD_ROLE_RODATA);
	assert_int_equal(role(plan, ELFLOAD_VMA_SEGMENT, ELFLOAD_OWNER_EXE,
			      r | w, NULL), ELFLOAD_ROLE_DATA);
	assert_int_equal(role(plan, ELFLOAD_VMA_BSS, ELFLOAD_OWNER_EXE,
			      r | w, NULL), ELFLOAD_ROLE_BSS);
	assert_int_equal(role(plan, ELFLOAD_VMA_SEGMENT, ELFLOAD_OWNER_INTERP,
			      r | x, NULL), ELFLOAD_ROLE_INTERP);
	assert_int_equal(role(plan, ELFLOAD_VMA_STACK, ELFLOAD_OWNER_NONE,
			      r | w, "[stack]"), ELFLOAD_ROLE_STACK);
	assert_int_equal(role(plan, ELFLOAD_VMA_SPECIAL, ELFLOAD_OWNER_NONE,
			      r | x, "[vdso]"), ELFLOAD_ROLE_VDSO);
	assert_int_equal(role(plan, ELFLOAD_VMA_SPECIAL, ELFLOAD_OWNER_NONE,
			      r, "[vvar_vclock]"), ELFLOAD_ROLE_VVAR);
	assert_int_equal(role(plan, ELFLOAD_VMA_SPECIAL, ELFLOAD_OWNER_NONE,
			      r, "[sigpage]"), ELFLOAD_ROLE_SPECIAL);
	assert_int_equal(role(plan, ELFLOAD_VMA_VSYSCALL, ELFLOAD_OWNER_NONE,
			      x, "[vsyscall]"), ELFLOAD_ROLE_VSYSCALL);
	/* Anonymous pages inside [start_brk, brk) are the heap. */
	plan->start_brk = 0x400000;
	plan->brk = 0x402000;
	assert_int_equal(role(plan, ELFLOAD_VMA_BSS, ELFLOAD_OWNER_NONE,
			      r | w, NULL), ELFLOAD_ROLE_HEAP);
	free(plan);
}

static void names(void **state)
{
	int i;

	(void)state;
	for (i = ELFLOAD_ROLE_TEXT; i <= ELFLOAD_ROLE_KERNEL; i++)
		assert_non_null(elfload_vma_role_name(i));
	assert_string_equal(elfload_vma_role_name(ELFLOAD_ROLE_INTERP),
			    "interpreter");
	assert_null(elfload_vma_role_name(ELFLOAD_ROLE_KERNEL + 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(roles),
		cmocka_unit_test(names),
	};

	return cmocka_run_group_tests_name("vmarole", tests, NULL, NULL);
}
