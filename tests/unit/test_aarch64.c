// SPDX-License-Identifier: MIT
/*
 * Unit tests of the arm64 description (lib/arch/aarch64/) and of the
 * planner with it, on any host: the table lookups, the explicit layout,
 * addresses from Linux 6.12's arm64 constants (DEFAULT_MAP_WINDOW_64 =
 * 2^48, ELF_ET_DYN_BASE = 2/3 of it), PROT_BTI as arch_elf_adjust_prot()
 * gives it (only with HWCAP2_BTI, only on the image the kernel guards),
 * the PT_GNU_PROPERTY notes execve refuses, and the exit-gadget search.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <elfload/arch.h>
#include <elfload/elf.h>
#include <elfload/image.h>
#include <elfload/plan.h>

#include "elfbuild.h"

#define HWCAP2_BTI (1ull << 17)
#define MAP_WINDOW (1ull << 48)
#define PROPERTY_OFF 0x200
#define FILE_SIZE 0x3000

enum note_kind { NOTE_NONE, NOTE_BTI, NOTE_PAC, NOTE_BAD_SIZE,
		 NOTE_UNSORTED, NOTE_BAD_NAME };

/* An NT_GNU_PROPERTY_TYPE_0 note of @kind at PROPERTY_OFF; its size. */
static uint32_t put_property(struct elfbuild *b, enum note_kind kind)
{
	unsigned char desc[32] = { 0 };
	uint32_t n = 16, word = kind == NOTE_PAC ? 2 : 1;
	const char *name = kind == NOTE_BAD_NAME ? "GNX" : "GNU";

	/* pr_type, pr_datasz, pr_data, padding to 8 */
	memcpy(desc, &(uint32_t){ ELFLOAD_GNU_PROPERTY_AARCH64_FEATURE_1_AND }, 4);
	memcpy(desc + 4, &(uint32_t){ kind == NOTE_BAD_SIZE ? 8 : 4 }, 4);
	memcpy(desc + 8, &word, 4);
	if (kind == NOTE_UNSORTED) {	/* a lower type after it */
		memcpy(desc + 16, &(uint32_t){ 0xc0000000u - 1 }, 4);
		memcpy(desc + 20, &(uint32_t){ 4 }, 4);
		n = 32;
	}
	return (uint32_t)(eb_note(b, PROPERTY_OFF, ELFLOAD_NT_GNU_PROPERTY_TYPE_0,
				  name, 4, desc, n, 8) - PROPERTY_OFF);
}

/*
 * An arm64 image of @type: a read-only page, an executable page, a
 * writable one, an optional PT_INTERP and PT_GNU_PROPERTY of @kind.
 */
static struct elfload_image *make(uint16_t type, bool interp,
				  enum note_kind kind)
{
	static const char path[] = "/lib/ld-linux-aarch64.so.1";
	struct elfload_phdr ph[6];
	struct elfload_image *img = NULL;
	unsigned char *buf = malloc(FILE_SIZE);
	struct elfload_diag d;
	struct elfbuild b;
	size_t n = 0;
	uint64_t base = type == ELFLOAD_ET_EXEC ? 0x400000 : 0;
	uint32_t psz;

	if (!buf)
		return NULL;
	eb_init(&b, buf, FILE_SIZE, ELFLOAD_ELFCLASS64, false);
	b.eh.type = type;
	b.eh.machine = ELFLOAD_EM_AARCH64;
	b.eh.entry = base + 0x1000;
	psz = kind == NOTE_NONE ? 0 : put_property(&b, kind);
	if (interp) {
		eb_bytes(&b, 0x300, path, sizeof(path));
		ph[n++] = (struct elfload_phdr){ ELFLOAD_PT_INTERP, ELFLOAD_PF_R,
			0x300, base + 0x300, base + 0x300, sizeof(path),
			sizeof(path), 1 };
	}
	ph[n++] = (struct elfload_phdr){ ELFLOAD_PT_LOAD, ELFLOAD_PF_R, 0,
		base, base, 0x1000, 0x1000, 0x10000 };
	ph[n++] = (struct elfload_phdr){ ELFLOAD_PT_LOAD,
		ELFLOAD_PF_R | ELFLOAD_PF_X, 0x1000, base + 0x11000,
		base + 0x11000, 0x1000, 0x1000, 0x10000 };
	ph[n++] = (struct elfload_phdr){ ELFLOAD_PT_LOAD,
		ELFLOAD_PF_R | ELFLOAD_PF_W, 0x2000, base + 0x22000,
		base + 0x22000, 0x800, 0x800, 0x10000 };
	if (psz)
		ph[n++] = (struct elfload_phdr){ ELFLOAD_PT_GNU_PROPERTY,
			ELFLOAD_PF_R, PROPERTY_OFF, base + PROPERTY_OFF,
			base + PROPERTY_OFF, psz, psz, 8 };
	eb_phdrs(&b, 64, ph, n);
	eb_at(&b, FILE_SIZE - 1, 1);
	if (elfload_image_parse(buf, eb_finish(&b), "test", ELFLOAD_IMAGE_COPY,
				&img, &d) < 0)
		img = NULL;
	free(buf);
	return img;
}

static const struct elfload_arch *a64(void)
{
	return elfload_arch_for(ELFLOAD_ELFCLASS64, ELFLOAD_EM_AARCH64);
}

static int plan(const struct elfload_layout *lay, struct elfload_image *exe,
		struct elfload_image *interp, struct elfload_plan *p,
		struct elfload_diag *d)
{
	static struct elfload_file_id id = { "/tmp/p", 0xfe, 0, 1, false, false };
	struct elfload_plan_input in = { .exe = exe, .exe_file = &id,
					 .interp = interp,
					 .interp_file = interp ? &id : NULL,
					 .layout = lay };
	int ret = elfload_plan(&in, p, d);

	elfload_image_free(exe);
	elfload_image_free(interp);
	return ret;
}

/* The protection of the executable VMA of @owner in @p, or -1. */
static int exec_prot(const struct elfload_plan *p, enum elfload_owner owner)
{
	size_t i;

	for (i = 0; i < p->nvmas; i++)
		if (p->vmas[i].owner == owner &&
		    (p->vmas[i].prot & ELFLOAD_PROT_EXEC))
			return p->vmas[i].prot;
	return -1;
}

struct fixture {
	struct elfload_plan *p;
	struct elfload_layout lay;
	struct elfload_diag d;
};

/* A plan to fill and the explicit arm64 layout with 4 KiB pages. */
static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f || !(f->p = malloc(sizeof(*f->p))) ||
	    elfload_layout_for_arch(&f->lay, a64(), 4096, &f->d) < 0) {
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	free(f->p);
	free(f);
	return 0;
}

static void lookups(void **state)
{
	const struct elfload_arch *a = a64();

	(void)state;
	assert_non_null(a);
	assert_string_equal(a->name, "aarch64");
	assert_ptr_equal(elfload_arch_named("aarch64"), a);
	assert_null(elfload_arch_named("sparc"));
	assert_null(elfload_arch_for(ELFLOAD_ELFCLASS32, ELFLOAD_EM_AARCH64));
	assert_int_equal(a->task_size, MAP_WINDOW);
	assert_int_equal(a->et_dyn_base, 2 * MAP_WINDOW / 3);
	assert_null(elfload_arch_special(a, "[vsyscall]"));
}

static void explicit_layout(void **state)
{
	struct elfload_layout lay;
	struct elfload_diag d;

	(void)state;
	assert_int_equal(elfload_layout_for_arch(&lay, a64(), 8192, &d), -EINVAL);
	assert_int_equal(elfload_layout_for_arch(&lay, a64(), 65536, &d), 0);
	assert_int_equal(lay.page_size, 65536);
	assert_int_equal(elfload_layout_task_size(&lay), MAP_WINDOW);
	/* VA_BITS_MIN is 47 with 16 KiB pages (VA_BITS=52, as Debian's) */
	assert_int_equal(elfload_layout_for_arch(&lay, a64(), 16384, &d), 0);
	assert_int_equal(elfload_layout_task_size(&lay), MAP_WINDOW / 2);
	assert_int_equal(elfload_layout_et_dyn_base(&lay), MAP_WINDOW / 3);
	assert_int_equal(lay.special[0].size, 0x8000);	/* as the 16k kernel */
	assert_int_equal(lay.special[1].size, 0x4000);
	assert_int_equal(elfload_layout_for_arch(&lay, a64(), 0, &d), 0);
	assert_int_equal(lay.page_size, 4096);
	assert_int_equal(lay.nspecial, 2);
	assert_string_equal(lay.special[0].name, "[vvar]");
	assert_string_equal(lay.special[1].name, "[vdso]");
	assert_int_equal(lay.special[1].size, 0x2000);
}

/* A PIE at ELF_ET_DYN_BASE, 64 KiB-aligned; the stack ends at 2^48. */
static void pie_placement(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(plan(&f->lay, make(ELFLOAD_ET_DYN, true, NOTE_NONE),
			      make(ELFLOAD_ET_DYN, false, NOTE_NONE), f->p, &f->d), 0);
	assert_int_equal(f->p->exe.bias, 0xaaaaaaaa0000ull);
	assert_int_equal(f->p->stack_top, MAP_WINDOW);
}

/* arch_elf_adjust_prot: the static program is guarded, with BTI only. */
static void bti_static(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(plan(&f->lay, make(ELFLOAD_ET_EXEC, false, NOTE_BTI),
			      NULL, f->p, &f->d), 0);
	assert_int_equal(exec_prot(f->p, ELFLOAD_OWNER_EXE),
			 ELFLOAD_PROT_READ | ELFLOAD_PROT_EXEC);
	f->lay.hwcap2 = HWCAP2_BTI;
	assert_int_equal(plan(&f->lay, make(ELFLOAD_ET_EXEC, false, NOTE_BTI),
			      NULL, f->p, &f->d), 0);
	assert_int_equal(exec_prot(f->p, ELFLOAD_OWNER_EXE),
			 ELFLOAD_PROT_READ | ELFLOAD_PROT_EXEC | ELFLOAD_PROT_BTI);
	assert_int_equal(f->p->vmas[0].prot, ELFLOAD_PROT_READ);
	assert_int_equal(plan(&f->lay, make(ELFLOAD_ET_EXEC, false, NOTE_PAC),
			      NULL, f->p, &f->d), 0);
	assert_int_equal(exec_prot(f->p, ELFLOAD_OWNER_EXE),
			 ELFLOAD_PROT_READ | ELFLOAD_PROT_EXEC);
}

/* With an interpreter the kernel guards the interpreter only. */
static void bti_dynamic(void **state)
{
	struct fixture *f = *state;

	f->lay.hwcap2 = HWCAP2_BTI;
	assert_int_equal(plan(&f->lay, make(ELFLOAD_ET_DYN, true, NOTE_BTI),
			      make(ELFLOAD_ET_DYN, false, NOTE_BTI), f->p, &f->d), 0);
	assert_int_equal(exec_prot(f->p, ELFLOAD_OWNER_EXE),
			 ELFLOAD_PROT_READ | ELFLOAD_PROT_EXEC);
	assert_int_equal(exec_prot(f->p, ELFLOAD_OWNER_INTERP),
			 ELFLOAD_PROT_READ | ELFLOAD_PROT_EXEC | ELFLOAD_PROT_BTI);
	/* The interpreter's own note decides, not the program's. */
	assert_int_equal(plan(&f->lay, make(ELFLOAD_ET_DYN, true, NOTE_BTI),
			      make(ELFLOAD_ET_DYN, false, NOTE_PAC), f->p, &f->d), 0);
	assert_int_equal(exec_prot(f->p, ELFLOAD_OWNER_INTERP),
			 ELFLOAD_PROT_READ | ELFLOAD_PROT_EXEC);
	/*
	 * With an interpreter the program's note is not even read: a broken
	 * one does not fail the exec (found by the arm64 malformed corpus).
	 */
	assert_int_equal(plan(&f->lay, make(ELFLOAD_ET_DYN, true, NOTE_BAD_NAME),
			      make(ELFLOAD_ET_DYN, false, NOTE_NONE), f->p,
			      &f->d), 0);
}

/* parse_elf_properties() refusals: ENOEXEC before anything is mapped. */
static void bad_notes(void **state)
{
	static const enum note_kind bad[] = { NOTE_BAD_SIZE, NOTE_UNSORTED,
					      NOTE_BAD_NAME };
	struct fixture *f = *state;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(plan(&f->lay, make(ELFLOAD_ET_EXEC, false, bad[i]),
				      NULL, f->p, &f->d), -ENOEXEC);
		assert_non_null(strstr(f->d.msg, "PT_GNU_PROPERTY"));
	}
}

static void exit_gadget(void **state)
{
	uint64_t (*find)(const unsigned char *, uint64_t) =
		a64()->find_exit_gadget;
	/* mov x8, #113; svc #0; ret; then svc #0 at the very end */
	unsigned char v[24] = { 0x7f, 'E', 'L', 'F', 0x28, 0x0e, 0x80, 0xd2,
				0x01, 0x00, 0x00, 0xd4, 0xc0, 0x03, 0x5f, 0xd6,
				0, 0, 0, 0, 0x01, 0x00, 0x00, 0xd4 };

	(void)state;
	assert_int_equal(find(v, sizeof(v)), 8);
	v[12] = 0x1f;	/* ret -> another instruction */
	assert_int_equal(find(v, sizeof(v)), 0);
	assert_int_equal(find(v, 4), 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lookups),
		cmocka_unit_test(explicit_layout),
		T(pie_placement),
		T(bti_static),
		T(bti_dynamic),
		T(bad_notes),
		cmocka_unit_test(exit_gadget),
	};

	return cmocka_run_group_tests_name("aarch64", tests, NULL, NULL);
}
