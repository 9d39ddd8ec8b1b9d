// SPDX-License-Identifier: MIT
/*
 * Unit tests of what the library decides about malformed programs
 * (lib/validate.c, lib/program.c, lib/plan.c).  Every case comes from
 * the corpus of tests/malformed, where Linux 6.18 gave the verdict
 * (see /work/notes/kernel-facts.md): the errno execve returns, a SIGSEGV
 * after the kernel's point of no return (elfload refuses those with
 * -EINVAL), or a program that is started.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include <elfload/arch.h>
#include <elfload/diag.h>
#include <elfload/elf.h>
#include <elfload/host.h>
#include <elfload/image.h>
#include <elfload/plan.h>
#include <elfload/program.h>
#include <elfload/validate.h>

#include "elfbuild.h"

#define TASK_SIZE 0x7ffffffff000ull
#define PAGE 4096
#define FILE_SIZE 0x3000

#define LOAD(fl, off, va, fs, ms)                                          \
	{ .type = ELFLOAD_PT_LOAD, .flags = (fl), .offset = (off), .vaddr = (va),  \
	  .filesz = (fs), .memsz = (ms), .align = PAGE }

/* The test's images, files and plans, freed by the teardown. */
struct fixture {
	unsigned char buf[FILE_SIZE];
	struct elfload_image *img, *interp;
	struct elfload_program *prog;
	struct elfload_plan plan;
	char path[64];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	*state = f;
	return f ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	elfload_image_free(f->img);
	elfload_image_free(f->interp);
	elfload_program_close(f->prog);
	if (f->path[0])
		unlink(f->path);
	free(f);
	return 0;
}

/*
 * An x86-64 image of @type with the program headers @ph at offset 64,
 * @size bytes long, into f->buf; returns its size.  A PT_INTERP at 0x400
 * gets @interp (@interp_len bytes) when given.
 */
static size_t build(struct fixture *f, uint16_t type, uint64_t entry,
		    const struct elfload_phdr *ph, size_t n, size_t size,
		    const char *interp, size_t interp_len)
{
	struct elfbuild b;

	eb_init(&b, f->buf, sizeof(f->buf), ELFLOAD_ELFCLASS64, false);
	b.eh.type = type;
	b.eh.entry = entry;
	eb_phdrs(&b, 64, ph, n);
	if (interp)
		eb_bytes(&b, 0x400, interp, interp_len);
	eb_at(&b, size - 1, 1);
	return eb_finish(&b);
}

static struct elfload_image *parse(struct fixture *f, size_t size)
{
	struct elfload_diag d;

	elfload_image_free(f->img);
	f->img = NULL;
	assert_int_equal(elfload_image_parse(f->buf, size, "test",
					     ELFLOAD_IMAGE_COPY, &f->img, &d),
			 0);
	return f->img;
}

static int check_exec(struct fixture *f, size_t size, struct elfload_diag *d)
{
	return elfload_check_exec(parse(f, size), elfload_arch_for(2, 62), d);
}

static int check_segments(struct fixture *f, size_t size, bool is_interp,
			  struct elfload_diag *d)
{
	return elfload_check_segments(parse(f, size), elfload_arch_for(2, 62), PAGE,
				      is_interp, d);
}

/* load_elf_phdrs() drops the read error: ENOEXEC, ELIBBAD, never EIO. */
static void phdr_table_past_the_end(void **state)
{
	struct fixture *f = *state;
	const struct elfload_phdr ph[2] = {
		LOAD(ELFLOAD_PF_R | ELFLOAD_PF_X, 0, 0x400000, 0x100, 0x100),
	};
	struct elfload_diag d;

	/* The file ends inside entry 0 (the table needs 64 + 112 bytes). */
	build(f, ELFLOAD_ET_EXEC, 0x400000, ph, 2, 100, NULL, 0);
	assert_int_equal(check_exec(f, 100, &d), -ENOEXEC);
	assert_string_equal(d.structure, "program header table");
	assert_int_equal(elfload_check_interp(f->img, elfload_arch_for(2, 62), &d),
			 -ELIBBAD);
}

/* A program without PT_LOAD is started (and faults); an interpreter not. */
static void no_pt_load(void **state)
{
	struct fixture *f = *state;
	const struct elfload_phdr ph[1] = { { .type = ELFLOAD_PT_GNU_STACK } };
	struct elfload_diag d;
	size_t n = build(f, ELFLOAD_ET_EXEC, 0x401000, ph, 1, 0x200, NULL, 0);

	assert_int_equal(check_segments(f, n, false, &d), 0);
	assert_int_equal(check_segments(f, n, true, &d), -EINVAL);
	assert_string_equal(d.structure, "interpreter");
}

/* load_elf_interp() refuses an ET_REL interpreter (after the point). */
static void interp_of_type_rel(void **state)
{
	struct fixture *f = *state;
	const struct elfload_phdr ph[1] = {
		LOAD(ELFLOAD_PF_R | ELFLOAD_PF_X, 0, 0, 0x100, 0x100),
	};
	struct elfload_diag d;
	size_t n = build(f, ELFLOAD_ET_REL, 0x10, ph, 1, 0x200, NULL, 0);

	assert_int_equal(check_segments(f, n, true, &d), -EINVAL);
	assert_string_equal(d.field, "e_type");
}

/*
 * The kernel checks the entry point it jumps to: an ET_EXEC program's
 * without interpreter (unbiased), never the entry of a program that has
 * one (ld.so jumps there, and the program then faults).
 */
static void entry_past_task_size(void **state)
{
	struct fixture *f = *state;
	const struct elfload_phdr ph[2] = {
		LOAD(ELFLOAD_PF_R | ELFLOAD_PF_X, 0, 0x400000, 0x500, 0x500),
		{ .type = ELFLOAD_PT_INTERP, .offset = 0x400, .filesz = 4, .memsz = 4 },
	};
	struct elfload_diag d;
	size_t n = build(f, ELFLOAD_ET_EXEC, TASK_SIZE, ph, 1, 0x500, NULL, 0);

	assert_int_equal(check_segments(f, n, false, &d), -EINVAL);
	assert_string_equal(d.field, "e_entry");
	n = build(f, ELFLOAD_ET_EXEC, TASK_SIZE, ph, 2, 0x500, "/x\0", 4);
	assert_int_equal(check_segments(f, n, false, &d), 0);
	/* ET_DYN: the bias decides; the planner checks the biased entry. */
	n = build(f, ELFLOAD_ET_DYN, TASK_SIZE, ph, 1, 0x500, NULL, 0);
	assert_int_equal(check_segments(f, n, false, &d), 0);
}

/* kernel_read() at a position past LLONG_MAX fails with EINVAL. */
static void interp_offset_past_llong_max(void **state)
{
	struct fixture *f = *state;
	struct elfload_phdr ph[2] = {
		LOAD(ELFLOAD_PF_R | ELFLOAD_PF_X, 0, 0x400000, 0x500, 0x500),
		{ .type = ELFLOAD_PT_INTERP, .offset = 1ull << 63, .filesz = 4,
		  .memsz = 4 },
	};
	struct elfload_diag d;
	size_t n = build(f, ELFLOAD_ET_EXEC, 0x400000, ph, 2, 0x500, NULL, 0);

	assert_int_equal(check_exec(f, n, &d), -EINVAL);
	ph[1].offset = INT64_MAX - 2;
	n = build(f, ELFLOAD_ET_EXEC, 0x400000, ph, 2, 0x500, NULL, 0);
	assert_int_equal(check_exec(f, n, &d), -EINVAL);
	/* Within the limit but past the end of the file: a short read. */
	ph[1].offset = 0x4fe;
	n = build(f, ELFLOAD_ET_EXEC, 0x400000, ph, 2, 0x500, NULL, 0);
	assert_int_equal(check_exec(f, n, &d), -EIO);
}

/* mmap() refuses file pages past MAX_LFS_FILESIZE; below it, maps them. */
static void load_offset_past_llong_max(void **state)
{
	struct fixture *f = *state;
	struct elfload_phdr ph[1] = {
		LOAD(ELFLOAD_PF_R, 0xfffffffffffff000ull, 0x400000, 0x100, 0x100),
	};
	struct elfload_diag d;
	size_t n = build(f, ELFLOAD_ET_EXEC, 0x400000, ph, 1, 0x200, NULL, 0);

	assert_int_equal(check_segments(f, n, false, &d), -EINVAL);
	assert_string_equal(d.field, "p_offset");
	ph[0].offset = 1ull << 62;
	n = build(f, ELFLOAD_ET_EXEC, 0x400000, ph, 1, 0x200, NULL, 0);
	assert_int_equal(check_segments(f, n, false, &d), 0);
}

/* Write f->buf[0..n) to a fresh executable file; returns its path. */
static const char *write_file(char *path, size_t pathsize,
			      const unsigned char *bytes, size_t n)
{
	int fd;

	snprintf(path, pathsize, "/tmp/elfload-test-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, bytes, n), (ssize_t)n);
	assert_int_equal(fchmod(fd, 0755), 0);
	close(fd);
	return path;
}

static int open_program(const char *path, struct elfload_program **prog,
			struct elfload_diag *d)
{
	char *const argv[] = { (char *)path, NULL };
	char *const envp[] = { NULL };
	struct elfload_program_opts opts = { .headers_only = true };

	return elfload_program_open(path, argv, envp, &opts, prog, d);
}

/*
 * The kernel never reads e_ident[EI_CLASS] or [EI_DATA]: an x86-64
 * program marked ELF32 or big-endian runs, decoded as x86-64.
 */
static void ident_class_and_data_ignored(void **state)
{
	static const struct {
		int index, value;
	} marks[] = {
		{ ELFLOAD_EI_CLASS, ELFLOAD_ELFCLASS32 },
		{ ELFLOAD_EI_CLASS, ELFLOAD_ELFCLASSNONE },
		{ ELFLOAD_EI_CLASS, 255 }, { ELFLOAD_EI_DATA, ELFLOAD_ELFDATA2MSB },
	};
	struct fixture *f = *state;
	const struct elfload_phdr ph[1] = {
		LOAD(ELFLOAD_PF_R | ELFLOAD_PF_X, 0, 0x400000, 0x200, 0x200),
	};
	struct elfload_diag d;
	size_t n = build(f, ELFLOAD_ET_EXEC, 0x400100, ph, 1, 0x200, NULL, 0), i;

	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		f->buf[ELFLOAD_EI_CLASS] = ELFLOAD_ELFCLASS64;
		f->buf[ELFLOAD_EI_DATA] = ELFLOAD_ELFDATA2LSB;
		f->buf[marks[i].index] = (unsigned char)marks[i].value;
		write_file(f->path, sizeof(f->path), f->buf, n);
		if (open_program(f->path, &f->prog, &d))
			fail_msg("mark %zu: %s", i, d.msg);
		assert_int_equal(elfload_program_exe(f->prog)->elfclass, 2);
		assert_false(elfload_program_exe(f->prog)->big_endian);
		assert_int_equal(elfload_program_exe(f->prog)->phnum, 1);
		assert_int_equal(elfload_program_plan(f->prog)->entry, 0x400100);
		elfload_program_close(f->prog);
		f->prog = NULL;
		unlink(f->path);
	}
	/* An EM_386 file is not the host's, whatever its class says. */
	f->buf[ELFLOAD_EI_CLASS] = ELFLOAD_ELFCLASS64;
	f->buf[ELFLOAD_EI_DATA] = ELFLOAD_ELFDATA2LSB;
	f->buf[18] = ELFLOAD_EM_386;
	write_file(f->path, sizeof(f->path), f->buf, n);
	assert_int_equal(open_program(f->path, &f->prog, &d), -ENOEXEC);
}

/* An empty PT_INTERP string names the current directory: EACCES. */
static void empty_interp_path(void **state)
{
	struct fixture *f = *state;
	const struct elfload_phdr ph[2] = {
		LOAD(ELFLOAD_PF_R | ELFLOAD_PF_X, 0, 0x400000, 0x500, 0x500),
		{ .type = ELFLOAD_PT_INTERP, .offset = 0x400, .filesz = 2, .memsz = 2 },
	};
	struct elfload_diag d;
	size_t n = build(f, ELFLOAD_ET_EXEC, 0x400100, ph, 2, 0x500, "\0", 2);

	write_file(f->path, sizeof(f->path), f->buf, n);
	assert_int_equal(open_program(f->path, &f->prog, &d), -EACCES);
}

/*
 * An ET_EXEC interpreter is mapped over the program with MAP_FIXED after
 * the kernel zeroed the program's bss tail: that zeroing must not be
 * applied to the interpreter's pages that replaced it.
 */
static void interp_over_program_zeroes_nothing(void **state)
{
	struct fixture *f = *state;
	const struct elfload_phdr exe_ph[2] = {
		LOAD(ELFLOAD_PF_R | ELFLOAD_PF_X, 0, 0x400000, 0x100, 0x100),
		LOAD(ELFLOAD_PF_R | ELFLOAD_PF_W, 0x1100, 0x401100, 0x100, 0x2000),
	};
	const struct elfload_phdr interp_ph[1] = {
		LOAD(ELFLOAD_PF_R | ELFLOAD_PF_X, 0, 0x400000, 0x2000, 0x2000),
	};
	struct elfload_plan *plan = &f->plan;
	struct elfload_layout lay;
	struct elfload_file_id exe_id = { .inode = 1 };
	struct elfload_file_id interp_id = { .inode = 2 };
	struct elfload_plan_input in = {
		.exe_file = &exe_id, .interp_file = &interp_id,
		.layout = &lay,
	};
	struct elfload_diag d;
	size_t n, i;

	assert_int_equal(elfload_layout_host(&lay, &d), 0);
	n = build(f, ELFLOAD_ET_EXEC, 0x400000, interp_ph, 1, 0x2000, NULL, 0);
	f->interp = parse(f, n);
	f->img = NULL;
	n = build(f, ELFLOAD_ET_EXEC, 0x400000, exe_ph, 2, 0x1200, NULL, 0);
	in.exe = parse(f, n);
	in.interp = f->interp;
	assert_int_equal(elfload_plan(&in, plan, &d), 0);
	for (i = 0; i < plan->nzero; i++)
		assert_int_not_equal(plan->zero[i].owner, ELFLOAD_OWNER_EXE);
	/* Without the interpreter the program's tail is zeroed. */
	in.interp = NULL;
	in.interp_file = NULL;
	assert_int_equal(elfload_plan(&in, plan, &d), 0);
	assert_int_equal(plan->nzero, 1);
	assert_int_equal(plan->zero[0].start, 0x401200);
	assert_int_equal(plan->zero[0].end, 0x402000);
}

#define TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(phdr_table_past_the_end),
		TEST(no_pt_load),
		TEST(interp_of_type_rel),
		TEST(entry_past_task_size),
		TEST(interp_offset_past_llong_max),
		TEST(load_offset_past_llong_max),
		TEST(ident_class_and_data_ignored),
		TEST(empty_interp_path),
		TEST(interp_over_program_zeroes_nothing),
	};

	return cmocka_run_group_tests_name("malformed", tests, NULL, NULL);
}
