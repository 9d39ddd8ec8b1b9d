// SPDX-License-Identifier: MIT
/*
 * Unit tests of elfload_snapshot_compare() on snapshots built by hand:
 * identical ones, a real difference, each documented residual (flags
 * bits, the slot below sp holding the entry, AT_RANDOM, the fields
 * PR_SET_MM_MAP sets without its capabilities) and its limits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <elfload/snapshot.h>

#define STACK_START 0x7ffffffde000ull
#define STACK_LEN 0x1000u
#define SP (STACK_START + 0x800)
#define ENTRY 0x401000ull
#define RANDOM (STACK_START + 0xf00)

/* A plausible snapshot: a few fields and a stack. */
static struct elfload_snapshot *sample(void)
{
	struct elfload_snapshot *s = elfload_snapshot_new();

	assert_non_null(s);
	s->pc = ENTRY;
	s->sp = SP;
	s->word_size = 8;
	assert_int_equal(elfload_snapshot_add_num(s, "reg rip", ENTRY, 0, NULL), 0);
	assert_int_equal(elfload_snapshot_add_num(s, "reg rflags", 0x202, 0x44,
						  "vdso"), 0);
	assert_int_equal(elfload_snapshot_add(s, "maps 00400000",
					      "00401000 r-xp 00000000 /prog"), 0);
	assert_int_equal(elfload_snapshot_add(s, "auxv[0]", "25 0x7ffffffdef00"), 0);
	assert_int_equal(elfload_snapshot_add(s, "exe", "/prog"), 0);
	assert_int_equal(elfload_snapshot_add(s, "status CapEff", "000001ffffffffff"), 0);
	s->stack = calloc(1, STACK_LEN);
	assert_non_null(s->stack);
	s->stack_start = STACK_START;
	s->stack_len = STACK_LEN;
	return s;
}

static void put_word(struct elfload_snapshot *s, uint64_t addr, uint64_t v)
{
	memcpy(s->stack + (addr - s->stack_start), &v, sizeof(v));
}

static struct elfload_snapshot_field *field(struct elfload_snapshot *s,
					    const char *name)
{
	size_t i;

	for (i = 0; i < s->nfields; i++)
		if (!strcmp(s->fields[i].name, name))
			return &s->fields[i];
	fail_msg("no field %s", name);
	return NULL;
}

/* As compare(), @b under --demand or not. */
static struct elfload_snapshot_diff *compare_as(struct elfload_snapshot *a,
						struct elfload_snapshot *b,
						bool demand, size_t n,
						size_t residual)
{
	struct elfload_snapshot_diff *d;
	size_t got, i, known = 0;

	assert_int_equal(elfload_snapshot_compare(a, b, demand, &d, &got), 0);
	assert_int_equal(got, n);
	for (i = 0; i < got; i++)
		known += d[i].residual != NULL;
	assert_int_equal(known, residual);
	return d;
}

/* Compare, expect @n differences, of which @residual known ones. */
static struct elfload_snapshot_diff *compare(struct elfload_snapshot *a,
					     struct elfload_snapshot *b,
					     size_t n, size_t residual)
{
	return compare_as(a, b, false, n, residual);
}

static void test_identical(void **state)
{
	struct elfload_snapshot *a = sample(), *b = sample();

	(void)state;
	put_word(a, SP, 1);
	put_word(b, SP, 1);
	elfload_snapshot_diffs_free(compare(a, b, 0, 0), 0);
	elfload_snapshot_free(a);
	elfload_snapshot_free(b);
}

static void test_real_differences(void **state)
{
	struct elfload_snapshot *a = sample(), *b = sample();
	struct elfload_snapshot_diff *d;

	(void)state;
	free(field(b, "exe")->value);
	field(b, "exe")->value = strdup("/other");
	put_word(b, SP + 8, 0x1234);
	assert_int_equal(elfload_snapshot_add(b, "fd 3", "/x flags 02 pos 0"), 0);
	d = compare(a, b, 3, 0);
	assert_string_equal(d[0].field, "exe");
	assert_string_equal(d[0].native, "/prog");
	assert_string_equal(d[0].ours, "/other");
	assert_string_equal(d[1].field, "fd 3");
	assert_string_equal(d[1].native, "(none)");
	assert_string_equal(d[2].native, "0x0");
	assert_string_equal(d[2].ours, "0x1234");
	elfload_snapshot_diffs_free(d, 3);
	elfload_snapshot_free(a);
	elfload_snapshot_free(b);
}

static void test_flags_residual(void **state)
{
	struct elfload_snapshot *a = sample(), *b = sample();

	(void)state;
	field(b, "reg rflags")->num = 0x246;	/* ZF and PF: known */
	free(field(b, "reg rflags")->value);
	field(b, "reg rflags")->value = strdup("0x246");
	elfload_snapshot_diffs_free(compare(a, b, 1, 1), 1);
	field(b, "reg rflags")->num = 0x203;	/* CF: not known */
	free(field(b, "reg rflags")->value);
	field(b, "reg rflags")->value = strdup("0x203");
	elfload_snapshot_diffs_free(compare(a, b, 1, 0), 1);
	elfload_snapshot_free(a);
	elfload_snapshot_free(b);
}

static void test_stack_residuals(void **state)
{
	struct elfload_snapshot *a = sample(), *b = sample();

	(void)state;
	put_word(b, SP - 8, ENTRY);		/* the vDSO's ret slot: known */
	put_word(b, RANDOM, 0x1111);		/* AT_RANDOM bytes: known */
	put_word(b, RANDOM + 8, 0x2222);
	elfload_snapshot_diffs_free(compare(a, b, 3, 3), 3);
	put_word(b, SP - 16, ENTRY);		/* elsewhere: a difference */
	put_word(b, RANDOM + 16, 1);		/* past the 16 bytes: too */
	elfload_snapshot_diffs_free(compare(a, b, 5, 3), 5);
	elfload_snapshot_free(a);
	elfload_snapshot_free(b);
}

static void test_mm_map_residual(void **state)
{
	struct elfload_snapshot *a = sample(), *b = sample();

	(void)state;
	free(field(b, "exe")->value);
	field(b, "exe")->value = strdup("/usr/bin/elfload");
	/* Root: a difference in exe is real. */
	elfload_snapshot_diffs_free(compare(a, b, 1, 0), 1);
	/* Without CAP_SYS_RESOURCE, CAP_SYS_ADMIN, CAP_CHECKPOINT_RESTORE. */
	free(field(b, "status CapEff")->value);
	field(b, "status CapEff")->value = strdup("0000000000000000");
	elfload_snapshot_diffs_free(compare(a, b, 2, 1), 2);
	elfload_snapshot_free(a);
	elfload_snapshot_free(b);
}

/* Replace field @name of @s by @value. */
static void set_field(struct elfload_snapshot *s, const char *name,
		      const char *value)
{
	free(field(s, name)->value);
	field(s, name)->value = strdup(value);
}

static void test_demand_residuals(void **state)
{
	struct elfload_snapshot *a = sample(), *b = sample();

	(void)state;
	assert_int_equal(elfload_snapshot_add(a, "status Seccomp", "0"), 0);
	assert_int_equal(elfload_snapshot_add(b, "status Seccomp", "2"), 0);
	/* The segment anonymous, the same pages and permissions. */
	set_field(b, "maps 00400000", "00401000 r-xp 00000000 00:00 0");
	elfload_snapshot_diffs_free(compare_as(a, b, true, 2, 2), 2);
	elfload_snapshot_diffs_free(compare_as(a, b, false, 2, 0), 2);
	/* Other permissions, or another range: real even under --demand. */
	set_field(b, "maps 00400000", "00401000 rw-p 00000000 00:00 0");
	elfload_snapshot_diffs_free(compare_as(a, b, true, 2, 1), 2);
	set_field(b, "maps 00400000", "00402000 r-xp 00000000 00:00 0");
	elfload_snapshot_diffs_free(compare_as(a, b, true, 2, 1), 2);
	elfload_snapshot_free(a);
	elfload_snapshot_free(b);
}

/*
 * ia32 (both sides run 32-bit code, 4-byte words): the [vsyscall] line
 * elfload's side has is a residual, the entry in the 4-byte slot below
 * sp too; neither for a 64-bit program, nor another extra mapping.
 */
static void test_ia32_residuals(void **state)
{
	static const char vsyscall[] =
		"ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]";
	struct elfload_snapshot *a = sample(), *b = sample();
	uint32_t entry = (uint32_t)ENTRY;

	(void)state;
	assert_int_equal(elfload_snapshot_add(b, "maps ffffffffff600000",
					      vsyscall), 0);
	elfload_snapshot_diffs_free(compare(a, b, 1, 0), 1);
	a->word_size = b->word_size = 4;
	elfload_snapshot_diffs_free(compare(a, b, 1, 1), 1);
	memcpy(b->stack + (SP - 4 - b->stack_start), &entry, sizeof(entry));
	elfload_snapshot_diffs_free(compare(a, b, 2, 2), 2);
	assert_int_equal(elfload_snapshot_add(b, "maps 10000000",
					      "10001000 rw-p 00000000 00:00 0"), 0);
	elfload_snapshot_diffs_free(compare(a, b, 3, 2), 3);
	elfload_snapshot_free(a);
	elfload_snapshot_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identical),
		cmocka_unit_test(test_real_differences),
		cmocka_unit_test(test_flags_residual),
		cmocka_unit_test(test_stack_residuals),
		cmocka_unit_test(test_mm_map_residual),
		cmocka_unit_test(test_demand_residuals),
		cmocka_unit_test(test_ia32_residuals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
