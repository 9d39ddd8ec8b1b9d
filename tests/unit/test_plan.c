// SPDX-License-Identifier: MIT
/*
 * Unit tests of the address-space planner (lib/plan.c, lib/vmaset.c,
 * lib/planmaps.c): whole VMA lists for hand-made programs, compared with
 * tables written from the kernel's rules (fs/binfmt_elf.c, fs/exec.c,
 * arch/x86/mm/mmap.c; see /work/notes/kernel-facts.md), not from the
 * planner's output.
 *
 * Every table row was also built as a real file and run under
 * `setarch -R` on Linux 6.18: the kernel's /proc/PID/maps showed the
 * same mappings, and the rows of error_cases were killed by SIGSEGV.
 * The layout is fixed (no host facts), so the tests give the same answer
 * on any x86-64 machine.
 */
#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <elfload/arch.h>
#include <elfload/diag.h>
#include <elfload/elf.h>
#include <elfload/image.h>
#include <elfload/plan.h>

#include "elfbuild.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* VMA protections (PROT_* values, unlike the PF_* of program headers). */
#define P_R ELFLOAD_PROT_READ
#define P_RW (ELFLOAD_PROT_READ | ELFLOAD_PROT_WRITE)
#define P_RX (ELFLOAD_PROT_READ | ELFLOAD_PROT_EXEC)
#define P_RWX (P_RW | ELFLOAD_PROT_EXEC)
#define P_X ELFLOAD_PROT_EXEC

/* x86-64 without randomization (kernel-facts 2a, 2b, 2f). */
#define TASK_SIZE 0x7ffffffff000ull
#define MMAP_BASE 0x7ffff7fff000ull	/* 8 MiB stack: gap 128 MiB */
#define ET_DYN_BASE 0x555555554000ull	/* ELF_ET_DYN_BASE & ~0xfff */
#define STATIC_PIE_BRK 0x555555555000ull /* ELF_PAGEALIGN(ELF_ET_DYN_BASE) */
#define STACK_SIZE 0x21000ull		/* one page + 128 KiB */

#define INTERP_PATH "/lib64/ld-linux-x86-64.so.2"
#define INTERP_ENTRY 0x1100ull

#define MAX_PH 8
#define MAX_VMAS 16
#define MAX_ZERO 4

/* ---- building the inputs -------------------------------------------- */

/* A program header, 4 KiB-aligned unless said otherwise. */
#define LOADA(fl, off, va, fs, ms, al)                                     \
	{ .type = ELFLOAD_PT_LOAD, .flags = (fl), .offset = (off), .vaddr = (va),  \
	  .paddr = (va), .filesz = (fs), .memsz = (ms), .align = (al) }
#define LOAD(fl, off, va, fs, ms) LOADA(fl, off, va, fs, ms, 0x1000)
#define GNU_STACK(fl) \
	{ .type = ELFLOAD_PT_GNU_STACK, .flags = (fl), .align = 16 }
#define PH_INTERP                                                          \
	{ .type = ELFLOAD_PT_INTERP, .flags = ELFLOAD_PF_R, .offset = 0x2a8, \
	  .vaddr = 0x2a8, .paddr = 0x2a8, .filesz = sizeof(INTERP_PATH),   \
	  .memsz = sizeof(INTERP_PATH), .align = 1 }

#define F_R ELFLOAD_PF_R
#define F_RW (ELFLOAD_PF_R | ELFLOAD_PF_W)
#define F_RX (ELFLOAD_PF_R | ELFLOAD_PF_X)
#define F_RWX (ELFLOAD_PF_R | ELFLOAD_PF_W | ELFLOAD_PF_X)

/*
 * The segments of a small PIE (vaddr 0): text, rodata, and data whose
 * bss ends inside its last file page.
 */
#define PIE_L0(al) LOADA(F_R, 0, 0, 0x6a0, 0x6a0, al)
#define PIE_L1(al) LOADA(F_RX, 0x1000, 0x1000, 0x1234, 0x1234, al)
#define PIE_L2(al) LOADA(F_R, 0x3000, 0x3000, 0x500, 0x500, al)
#define PIE_L3(al) LOADA(F_RW, 0x3df0, 0x4df0, 0x228, 0x240, al)
#define PIE_LOADS(al) PIE_L0(al), PIE_L1(al), PIE_L2(al), PIE_L3(al)
#define PIE_ENTRY 0x1040ull

/* The interpreter every dynamic case uses, shaped like ld.so. */
static const struct elfload_phdr interp_ph[MAX_PH] = {
	LOAD(F_R, 0, 0, 0xf00, 0xf00),
	LOAD(F_RX, 0x1000, 0x1000, 0x20000, 0x20000),
	LOAD(F_R, 0x21000, 0x21000, 0x8000, 0x8000),
	LOAD(F_RW, 0x29c40, 0x2ac40, 0x1400, 0x1600),
	GNU_STACK(F_RW),
};

/*
 * Parse an image of @type whose program headers are @ph (up to the first
 * PT_NULL), at offset 64, in a file of at least @least bytes that holds
 * every segment's file bytes.  A PT_INTERP gets INTERP_PATH.
 */
static struct elfload_image *make_image(uint16_t type, uint64_t entry,
					const struct elfload_phdr *ph,
					uint64_t least)
{
	struct elfload_image *img = NULL;
	struct elfload_diag d;
	struct elfbuild b;
	unsigned char *buf;
	size_t n = 0, i, len;
	uint64_t size = least;

	while (n < MAX_PH && ph[n].type != ELFLOAD_PT_NULL)
		n++;
	if (size < 64 + 56 * n)
		size = 64 + 56 * n;
	for (i = 0; i < n; i++)
		if ((ph[i].type == ELFLOAD_PT_LOAD || ph[i].type == ELFLOAD_PT_INTERP) &&
		    ph[i].offset + ph[i].filesz > size)
			size = ph[i].offset + ph[i].filesz;
	buf = malloc(size);
	if (!buf)
		return NULL;
	eb_init(&b, buf, size, ELFLOAD_ELFCLASS64, false);
	b.eh.type = type;
	b.eh.entry = entry;
	eb_phdrs(&b, 64, ph, n);
	for (i = 0; i < n; i++)
		if (ph[i].type == ELFLOAD_PT_INTERP)
			eb_bytes(&b, ph[i].offset, INTERP_PATH,
				 sizeof(INTERP_PATH));
	eb_at(&b, size - 1, 1);
	len = eb_finish(&b);
	if (elfload_image_parse(buf, len, "test", ELFLOAD_IMAGE_COPY, &img,
				&d) < 0)
		img = NULL;
	free(buf);
	return img;
}

static struct elfload_image *make_interp(void)
{
	return make_image(ELFLOAD_ET_DYN, INTERP_ENTRY, interp_ph, 0);
}

/* The layout of the brief: a plain x86-64 host, no randomization. */
static void layout_init(struct elfload_layout *lay)
{
	static const struct elfload_special special[] = {
		{ "[vvar]", 0x4000, P_R, 0, 0 },
		{ "[vvar_vclock]", 0x2000, P_R, 0, 0 },
		{ "[vdso]", 0x2000, P_RX, 0, 0 },
		{ "[vsyscall]", 0x1000, P_X, 0xffffffffff600000ull, 0 },
	};

	memset(lay, 0, sizeof(*lay));
	lay->arch = elfload_arch_for(ELFLOAD_ELFCLASS64, ELFLOAD_EM_X86_64);
	lay->page_size = 4096;
	lay->stack_rlimit = 8ull << 20;
	lay->mmap_min_addr = 65536;
	lay->nspecial = ARRAY_LEN(special);
	memcpy(lay->special, special, sizeof(special));
	lay->stack_strings = 100;
}

static struct elfload_file_id exe_id = { "/tmp/prog", 0xfe, 0, 1234,
					 false, false };
static struct elfload_file_id interp_id = { INTERP_PATH, 0xfe, 0, 5678,
					    false, false };

static int run_plan(const struct elfload_layout *lay,
		    const struct elfload_image *exe,
		    const struct elfload_image *interp,
		    struct elfload_plan *plan, struct elfload_diag *d)
{
	struct elfload_plan_input in = {
		.exe = exe, .exe_file = &exe_id, .interp = interp,
		.interp_file = interp ? &interp_id : NULL, .layout = lay,
	};

	return elfload_plan(&in, plan, d);
}

/*
 * Everything a test allocates lives here and is freed by the teardown,
 * so that a failed assertion leaks nothing.
 */
struct fixture {
	struct elfload_layout lay;
	struct elfload_image *exe, *interp;
	struct elfload_plan *plan, *plan2;
	struct elfload_diag d;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	f->plan = malloc(sizeof(*f->plan));
	f->plan2 = malloc(sizeof(*f->plan2));
	f->interp = make_interp();
	layout_init(&f->lay);
	*state = f;
	return f->plan && f->plan2 && f->interp ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	if (!f)
		return 0;
	if (f->exe)
		elfload_image_free(f->exe);
	if (f->interp)
		elfload_image_free(f->interp);
	free(f->plan);
	free(f->plan2);
	free(f);
	return 0;
}

/* The first VMA of @kind, or NULL. */
static const struct elfload_vma *find_kind(const struct elfload_plan *plan,
					   enum elfload_vma_kind kind)
{
	size_t i;

	for (i = 0; i < plan->nvmas; i++)
		if (plan->vmas[i].kind == kind)
			return &plan->vmas[i];
	return NULL;
}

/* ---- whole plans, table-driven --------------------------------------- */

struct exp_vma {
	uint64_t start, end;
	int prot;
	enum elfload_vma_kind kind;
	enum elfload_owner owner;
	int phdr;
	uint64_t offset;	/* file VMAs only */
	const char *name;
};

struct exp_zero {
	enum elfload_owner owner;
	int phdr;
	uint64_t start, end;
};

struct plan_case {
	const char *what;
	uint16_t type;
	uint64_t entry;
	struct elfload_phdr ph[MAX_PH];
	uint64_t size;		/* least file size */
	bool interp;		/* with the interpreter above */
	int err;		/* expected return of elfload_plan */
	/* The rest only when err == 0. */
	uint64_t bias, interp_bias, brk, phdr_addr;
	struct exp_vma vmas[MAX_VMAS];	/* up to end == 0 */
	struct exp_zero zero[MAX_ZERO];	/* up to end == 0 */
};

#define SEG(s, e, pr, off, own, i)                                          \
	{ (s), (e), (pr), ELFLOAD_VMA_SEGMENT, ELFLOAD_OWNER_##own, (i),   \
	  (off), NULL }
#define BSS(s, e, pr, own, i)                                              \
	{ (s), (e), (pr), ELFLOAD_VMA_BSS, ELFLOAD_OWNER_##own, (i), 0,     \
	  NULL }
#define SPECIAL(s, e, pr, name)                                            \
	{ (s), (e), (pr), ELFLOAD_VMA_SPECIAL, ELFLOAD_OWNER_NONE, -1, 0,  \
	  name }
/* [vvar] 4 pages, [vvar_vclock] 2 pages, [vdso] 2 pages from @a up. */
#define VDSO_AT(a)                                                         \
	SPECIAL((a), (a) + 0x4000, P_R, "[vvar]"),                         \
	SPECIAL((a) + 0x4000, (a) + 0x6000, P_R, "[vvar_vclock]"),         \
	SPECIAL((a) + 0x6000, (a) + 0x8000, P_RX, "[vdso]")
#define STACK_AT(s, e, pr)                                                 \
	{ (s), (e), (pr), ELFLOAD_VMA_STACK, ELFLOAD_OWNER_NONE, -1, 0,    \
	  "[stack]" }
#define STACK_DEFAULT STACK_AT(TASK_SIZE - STACK_SIZE, TASK_SIZE, P_RW)
#define VSYSCALL                                                           \
	{ 0xffffffffff600000ull, 0xffffffffff601000ull, P_X,               \
	  ELFLOAD_VMA_VSYSCALL, ELFLOAD_OWNER_NONE, -1, 0, "[vsyscall]" }
/* A static program: the vDSO block directly below mmap_base. */
#define STATIC_TAIL VDSO_AT(MMAP_BASE - 0x8000), STACK_DEFAULT, VSYSCALL

/*
 * The interpreter placed top-down, ending at mmap_base (its reservation
 * is 0x2d000 long; the hole left by its data page's alignment is too
 * small for the vDSO block, which goes below it).
 */
#define IB 0x7ffff7fd2000ull
#define INTERP_VMAS                                                        \
	SEG(IB, IB + 0x1000, P_R, 0, INTERP, 0),                           \
	SEG(IB + 0x1000, IB + 0x21000, P_RX, 0x1000, INTERP, 1),           \
	SEG(IB + 0x21000, IB + 0x29000, P_R, 0x21000, INTERP, 2),          \
	SEG(IB + 0x2a000, IB + 0x2d000, P_RW, 0x29000, INTERP, 3)
#define INTERP_ZERO { ELFLOAD_OWNER_INTERP, 3, IB + 0x2c040, IB + 0x2d000 }
#define DYNAMIC_TAIL                                                       \
	VDSO_AT(IB - 0x8000), INTERP_VMAS, STACK_DEFAULT, VSYSCALL

/* PIE_LOADS at bias @b, program header indices from @i. */
#define PIE_VMAS(b, i)                                                     \
	SEG((b), (b) + 0x1000, P_R, 0, EXE, (i)),                          \
	SEG((b) + 0x1000, (b) + 0x3000, P_RX, 0x1000, EXE, (i) + 1),       \
	SEG((b) + 0x3000, (b) + 0x4000, P_R, 0x3000, EXE, (i) + 2),        \
	SEG((b) + 0x4000, (b) + 0x6000, P_RW, 0x3000, EXE, (i) + 3)
#define PIE_ZERO(b, i) { ELFLOAD_OWNER_EXE, (i), (b) + 0x5018, (b) + 0x6000 }

static const struct plan_case placement_cases[] = {
	{
		.what = "ET_EXEC, static, at 0x400000",
		.type = ELFLOAD_ET_EXEC, .entry = 0x401000,
		.ph = {
			LOAD(F_R, 0, 0x400000, 0x500, 0x500),
			LOAD(F_RX, 0x1000, 0x401000, 0x2345, 0x2345),
			LOAD(F_R, 0x4000, 0x404000, 0x800, 0x800),
			LOAD(F_RW, 0x4e10, 0x405e10, 0x300, 0x3000),
			GNU_STACK(F_RW),
		},
		.bias = 0, .brk = 0x409000, .phdr_addr = 0x400040,
		.vmas = {
			SEG(0x400000, 0x401000, P_R, 0, EXE, 0),
			SEG(0x401000, 0x404000, P_RX, 0x1000, EXE, 1),
			SEG(0x404000, 0x405000, P_R, 0x4000, EXE, 2),
			SEG(0x405000, 0x407000, P_RW, 0x4000, EXE, 3),
			BSS(0x407000, 0x409000, P_RW, EXE, 3),
			STATIC_TAIL,
		},
		.zero = { { ELFLOAD_OWNER_EXE, 3, 0x406110, 0x407000 } },
	},
	{
		.what = "PIE with an interpreter",
		.type = ELFLOAD_ET_DYN, .entry = PIE_ENTRY, .interp = true,
		.ph = { PH_INTERP, PIE_LOADS(0x1000), GNU_STACK(F_RW) },
		.bias = ET_DYN_BASE, .interp_bias = IB,
		.brk = ET_DYN_BASE + 0x6000, .phdr_addr = ET_DYN_BASE + 64,
		.vmas = { PIE_VMAS(ET_DYN_BASE, 1), DYNAMIC_TAIL },
		.zero = { PIE_ZERO(ET_DYN_BASE, 4), INTERP_ZERO },
	},
	{
		.what = "static PIE: top-down below mmap_base, brk moved",
		.type = ELFLOAD_ET_DYN, .entry = PIE_ENTRY,
		.ph = { PIE_LOADS(0x1000), GNU_STACK(F_RW) },
		.bias = MMAP_BASE - 0x6000, .brk = STATIC_PIE_BRK,
		.phdr_addr = MMAP_BASE - 0x6000 + 64,
		.vmas = {
			VDSO_AT(MMAP_BASE - 0xe000),
			PIE_VMAS(MMAP_BASE - 0x6000, 0),
			STACK_DEFAULT, VSYSCALL,
		},
		.zero = { PIE_ZERO(MMAP_BASE - 0x6000, 3) },
	},
	{
		.what = "PIE with p_align 2 MiB: bias aligned down",
		.type = ELFLOAD_ET_DYN, .entry = PIE_ENTRY, .interp = true,
		.ph = { PH_INTERP, PIE_LOADS(0x200000), GNU_STACK(F_RW) },
		.bias = 0x555555400000, .interp_bias = IB,
		.brk = 0x555555406000, .phdr_addr = 0x555555400040,
		.vmas = { PIE_VMAS(0x555555400000ull, 1), DYNAMIC_TAIL },
		.zero = { PIE_ZERO(0x555555400000ull, 4), INTERP_ZERO },
	},
	{
		/* The probe finds 0x7ffff7ff9000; aligned down inside. */
		.what = "static PIE with p_align 2 MiB: aligned in the hole",
		.type = ELFLOAD_ET_DYN, .entry = PIE_ENTRY,
		.ph = { PIE_LOADS(0x200000), GNU_STACK(F_RW) },
		.bias = 0x7ffff7e00000, .brk = STATIC_PIE_BRK,
		.phdr_addr = 0x7ffff7e00040,
		.vmas = {
			PIE_VMAS(0x7ffff7e00000ull, 0),
			STATIC_TAIL,
		},
		.zero = { PIE_ZERO(0x7ffff7e00000ull, 3) },
	},
	{
		/* The power-of-two rule: 0x3000 and 0 do not count. */
		.what = "PIE whose p_align are not powers of two",
		.type = ELFLOAD_ET_DYN, .entry = PIE_ENTRY, .interp = true,
		.ph = {
			PH_INTERP, PIE_L0(0x3000), PIE_L1(0), PIE_L2(0x3000),
			PIE_L3(0), GNU_STACK(F_RW),
		},
		.bias = ET_DYN_BASE, .interp_bias = IB,
		.brk = ET_DYN_BASE + 0x6000, .phdr_addr = ET_DYN_BASE + 64,
		.vmas = { PIE_VMAS(ET_DYN_BASE, 1), DYNAMIC_TAIL },
		.zero = { PIE_ZERO(ET_DYN_BASE, 4), INTERP_ZERO },
	},
	{
		/*
		 * The bias comes from the first PT_LOAD in header order:
		 * ELF_PAGESTART(0x555555554000 - 0x4df0).
		 */
		.what = "PIE with PT_LOADs out of order",
		.type = ELFLOAD_ET_DYN, .entry = PIE_ENTRY, .interp = true,
		.ph = {
			PH_INTERP, PIE_L3(0x1000), PIE_L0(0x1000),
			PIE_L1(0x1000), PIE_L2(0x1000), GNU_STACK(F_RW),
		},
		.bias = 0x55555554f000, .interp_bias = IB,
		.brk = 0x555555555000, .phdr_addr = 0x55555554f040,
		.vmas = {
			SEG(0x55555554f000, 0x555555550000, P_R, 0, EXE, 2),
			SEG(0x555555550000, 0x555555552000, P_RX, 0x1000, EXE,
			    3),
			SEG(0x555555552000, 0x555555553000, P_R, 0x3000, EXE,
			    4),
			SEG(0x555555553000, 0x555555555000, P_RW, 0x3000, EXE,
			    1),
			DYNAMIC_TAIL,
		},
		.zero = {
			{ ELFLOAD_OWNER_EXE, 1, 0x555555554018,
			  0x555555555000 },
			INTERP_ZERO,
		},
	},
	{
		/*
		 * A dynamic ET_EXEC: the interpreter's first mapping is
		 * hinted at its own p_vaddr (0: no hint), so it still goes
		 * top-down.  AT_PHDR: no PT_LOAD holds e_phoff here, so it
		 * is the load bias, 0.
		 */
		.what = "ET_EXEC with an interpreter, phdrs not loaded",
		.type = ELFLOAD_ET_EXEC, .entry = 0x401000, .interp = true,
		.ph = {
			PH_INTERP,
			LOAD(F_RX, 0x1000, 0x401000, 0x100, 0x100),
			LOAD(F_RW, 0x2000, 0x402000, 0x100, 0x100),
			GNU_STACK(F_RW),
		},
		.bias = 0, .interp_bias = IB, .brk = 0x403000,
		.phdr_addr = 0,
		.vmas = {
			SEG(0x401000, 0x402000, P_RX, 0x1000, EXE, 1),
			SEG(0x402000, 0x403000, P_RW, 0x2000, EXE, 2),
			DYNAMIC_TAIL,
		},
		.zero = { INTERP_ZERO },
	},
};

/*
 * elf_load(): a segment's last file page keeps the file mapping (zeroed
 * past p_filesz only when writable); whole pages past it are one
 * anonymous VMA, read-write whatever the flags say, +x for PF_X.
 * Every row: a text page at 0x400000, then the segment under test.
 */
#define TEXT LOAD(F_RX, 0, 0x400000, 0x100, 0x100)
#define TEXT_VMA SEG(0x400000, 0x401000, P_RX, 0, EXE, 0)
#define BSS_CASE(what_, ph1, brk_, ...)                                    \
	{ .what = what_, .type = ELFLOAD_ET_EXEC, .entry = 0x400000,               \
	  .ph = { TEXT, ph1, GNU_STACK(F_RW) }, .brk = brk_,                \
	  .phdr_addr = 0x400040, __VA_ARGS__ }
#define ZERO1(s, e) .zero = { { ELFLOAD_OWNER_EXE, 1, (s), (e) } }
#define DATA_VMA(pr) SEG(0x401000, 0x402000, pr, 0x1000, EXE, 1)

static const struct plan_case bss_cases[] = {
	BSS_CASE("writable, bss ends inside the page",
		 LOAD(F_RW, 0x1000, 0x401000, 0x100, 0x800), 0x402000,
		 .vmas = { TEXT_VMA, DATA_VMA(P_RW), STATIC_TAIL },
		 ZERO1(0x401100, 0x402000)),
	BSS_CASE("writable, bss ends exactly at the page end",
		 LOAD(F_RW, 0x1000, 0x401000, 0x100, 0x1000), 0x402000,
		 .vmas = { TEXT_VMA, DATA_VMA(P_RW), STATIC_TAIL },
		 ZERO1(0x401100, 0x402000)),
	BSS_CASE("writable, bss one byte beyond the page",
		 LOAD(F_RW, 0x1000, 0x401000, 0x100, 0x1001), 0x403000,
		 .vmas = {
			 TEXT_VMA, DATA_VMA(P_RW),
			 BSS(0x402000, 0x403000, P_RW, EXE, 1), STATIC_TAIL,
		 },
		 ZERO1(0x401100, 0x402000)),
	BSS_CASE("writable, file part ends on a page boundary",
		 LOAD(F_RW, 0x1000, 0x401000, 0x1000, 0x2000), 0x403000,
		 .vmas = {
			 TEXT_VMA, DATA_VMA(P_RW),
			 BSS(0x402000, 0x403000, P_RW, EXE, 1), STATIC_TAIL,
		 }),
	BSS_CASE("writable, unaligned vaddr, bss over several pages",
		 LOAD(F_RW, 0x1e00, 0x401e00, 0x300, 0x1400), 0x404000,
		 .vmas = {
			 TEXT_VMA,
			 SEG(0x401000, 0x403000, P_RW, 0x1000, EXE, 1),
			 BSS(0x403000, 0x404000, P_RW, EXE, 1), STATIC_TAIL,
		 },
		 ZERO1(0x402100, 0x403000)),
	BSS_CASE("read-only, bss inside the page: nothing zeroed",
		 LOAD(F_R, 0x1000, 0x401000, 0x100, 0x800), 0x402000,
		 .vmas = { TEXT_VMA, DATA_VMA(P_R), STATIC_TAIL }),
	BSS_CASE("read-only, bss beyond: an rw- anonymous VMA",
		 LOAD(F_R, 0x1000, 0x401000, 0x100, 0x2000), 0x403000,
		 .vmas = {
			 TEXT_VMA, DATA_VMA(P_R),
			 BSS(0x402000, 0x403000, P_RW, EXE, 1), STATIC_TAIL,
		 }),
	BSS_CASE("executable, bss beyond: rwx, nothing zeroed",
		 LOAD(F_RX, 0x1000, 0x401000, 0x100, 0x2000), 0x403000,
		 .vmas = {
			 TEXT_VMA, DATA_VMA(P_RX),
			 BSS(0x402000, 0x403000, P_RWX, EXE, 1), STATIC_TAIL,
		 }),
	BSS_CASE("rwx, bss beyond: zeroed and rwx",
		 LOAD(F_RWX, 0x1000, 0x401000, 0x100, 0x1800), 0x403000,
		 .vmas = {
			 TEXT_VMA, DATA_VMA(P_RWX),
			 BSS(0x402000, 0x403000, P_RWX, EXE, 1), STATIC_TAIL,
		 },
		 ZERO1(0x401100, 0x402000)),
	BSS_CASE("no bss at all",
		 LOAD(F_RW, 0x1000, 0x401000, 0x100, 0x100), 0x402000,
		 .vmas = { TEXT_VMA, DATA_VMA(P_RW), STATIC_TAIL }),
};

/*
 * p_filesz == 0: no file mapping, only vm_brk_flags() from the page
 * start of p_vaddr to the page end of p_vaddr + p_memsz; p_offset is
 * never used, so it need not be congruent.
 */
static const struct plan_case filesz0_cases[] = {
	{
		.what = "PT_LOADs with p_filesz == 0",
		.type = ELFLOAD_ET_EXEC, .entry = 0x400100,
		.ph = {
			LOAD(F_RX, 0, 0x400000, 0x800, 0x800),
			LOAD(F_RW, 0x2100, 0x402100, 0, 0x1000),
			LOAD(F_R, 0x5000, 0x405000, 0, 0x1800),
			LOAD(F_RX, 0x7000, 0x407000, 0, 0x10),
			GNU_STACK(F_RW),
		},
		.brk = 0x408000, .phdr_addr = 0x400040,
		.vmas = {
			SEG(0x400000, 0x401000, P_RX, 0, EXE, 0),
			BSS(0x402000, 0x404000, P_RW, EXE, 1),
			BSS(0x405000, 0x407000, P_RW, EXE, 2),
			BSS(0x407000, 0x408000, P_RWX, EXE, 3),
			STATIC_TAIL,
		},
	},
	{
		.what = "p_filesz == 0 with p_offset not congruent",
		.type = ELFLOAD_ET_EXEC, .entry = 0x400100,
		.ph = {
			LOAD(F_RX, 0, 0x400000, 0x800, 0x800),
			LOAD(F_RW, 0x2000, 0x402100, 0, 0x1000),
			GNU_STACK(F_RW),
		},
		.brk = 0x404000, .phdr_addr = 0x400040,
		.vmas = {
			SEG(0x400000, 0x401000, P_RX, 0, EXE, 0),
			BSS(0x402000, 0x404000, P_RW, EXE, 1),
			STATIC_TAIL,
		},
	},
	{
		/* Adjacent vm_brk_flags() areas: separate in the plan. */
		.what = "adjacent p_filesz == 0 segments",
		.type = ELFLOAD_ET_EXEC, .entry = 0x400000,
		.ph = {
			LOAD(F_RX, 0, 0x400000, 0x100, 0x100),
			LOAD(F_RW, 0x1000, 0x402000, 0, 0x1000),
			LOAD(F_RW, 0x1000, 0x403000, 0, 0x1000),
			LOAD(F_RWX, 0x1000, 0x404000, 0, 0x1000),
			GNU_STACK(F_RW),
		},
		.brk = 0x405000, .phdr_addr = 0x400040,
		.vmas = {
			SEG(0x400000, 0x401000, P_RX, 0, EXE, 0),
			BSS(0x402000, 0x403000, P_RW, EXE, 1),
			BSS(0x403000, 0x404000, P_RW, EXE, 2),
			BSS(0x404000, 0x405000, P_RWX, EXE, 3),
			STATIC_TAIL,
		},
	},
};

/*
 * Overlapping PT_LOADs are mapped in header order with MAP_FIXED: a later
 * one replaces the pages of an earlier one, whose cut VMAs keep the file
 * offsets of the pages they still map.
 */
static const struct plan_case overlap_cases[] = {
	{
		.what = "a later PT_LOAD replaces the middle page",
		.type = ELFLOAD_ET_EXEC, .entry = 0x401000,
		.ph = {
			LOAD(F_R, 0, 0x400000, 0x3000, 0x3000),
			LOAD(F_RX, 0x1000, 0x401000, 0x1000, 0x1000),
			GNU_STACK(F_RW),
		},
		.brk = 0x403000, .phdr_addr = 0x400040,
		.vmas = {
			SEG(0x400000, 0x401000, P_R, 0, EXE, 0),
			SEG(0x401000, 0x402000, P_RX, 0x1000, EXE, 1),
			SEG(0x402000, 0x403000, P_R, 0x2000, EXE, 0),
			STATIC_TAIL,
		},
	},
	{
		.what = "a later PT_LOAD replaces the first page",
		.type = ELFLOAD_ET_EXEC, .entry = 0x401000, .size = 0x6000,
		.ph = {
			LOAD(F_RX, 0, 0x400000, 0x3000, 0x3000),
			LOAD(F_RW, 0x5000, 0x400000, 0x1000, 0x1000),
			GNU_STACK(F_RW),
		},
		.brk = 0x403000, .phdr_addr = 0x400040,
		.vmas = {
			SEG(0x400000, 0x401000, P_RW, 0x5000, EXE, 1),
			SEG(0x401000, 0x403000, P_RX, 0x1000, EXE, 0),
			STATIC_TAIL,
		},
	},
	{
		.what = "a later PT_LOAD replaces the last page",
		.type = ELFLOAD_ET_EXEC, .entry = 0x400000, .size = 0x7000,
		.ph = {
			LOAD(F_RX, 0, 0x400000, 0x3000, 0x3000),
			LOAD(F_RW, 0x6000, 0x402000, 0x1000, 0x1000),
			GNU_STACK(F_RW),
		},
		.brk = 0x403000, .phdr_addr = 0x400040,
		.vmas = {
			SEG(0x400000, 0x402000, P_RX, 0, EXE, 0),
			SEG(0x402000, 0x403000, P_RW, 0x6000, EXE, 1),
			STATIC_TAIL,
		},
	},
	{
		.what = "a later PT_LOAD replaces part of a bss",
		.type = ELFLOAD_ET_EXEC, .entry = 0x402000,
		.ph = {
			LOAD(F_RW, 0, 0x400000, 0x800, 0x3000),
			LOAD(F_RX, 0x1000, 0x402000, 0x1000, 0x1000),
			GNU_STACK(F_RW),
		},
		.brk = 0x403000, .phdr_addr = 0x400040,
		.vmas = {
			SEG(0x400000, 0x401000, P_RW, 0, EXE, 0),
			BSS(0x401000, 0x402000, P_RW, EXE, 0),
			SEG(0x402000, 0x403000, P_RX, 0x1000, EXE, 1),
			STATIC_TAIL,
		},
		.zero = { { ELFLOAD_OWNER_EXE, 0, 0x400800, 0x401000 } },
	},
	{
		.what = "a later bss replaces the middle of a file mapping",
		.type = ELFLOAD_ET_EXEC, .entry = 0x400000,
		.ph = {
			LOAD(F_R, 0, 0x400000, 0x3000, 0x3000),
			LOAD(F_RW, 0x1000, 0x401000, 0, 0x1000),
			GNU_STACK(F_RW),
		},
		.brk = 0x403000, .phdr_addr = 0x400040,
		.vmas = {
			SEG(0x400000, 0x401000, P_R, 0, EXE, 0),
			BSS(0x401000, 0x402000, P_RW, EXE, 1),
			SEG(0x402000, 0x403000, P_R, 0x2000, EXE, 0),
			STATIC_TAIL,
		},
	},
};

/*
 * Layouts the kernel kills after its point of no return (SIGSEGV): the
 * planner refuses them with -EINVAL.
 */
static const struct plan_case error_cases[] = {
	{
		.what = "p_offset and p_vaddr not congruent mod page",
		.type = ELFLOAD_ET_EXEC, .entry = 0x400000, .err = -EINVAL,
		.ph = { LOAD(F_RX, 0x100, 0x400000, 0x200, 0x200) },
	},
	{
		.what = "second PT_LOAD not congruent",
		.type = ELFLOAD_ET_EXEC, .entry = 0x400000, .err = -EINVAL,
		.ph = {
			LOAD(F_RX, 0, 0x400000, 0x200, 0x200),
			LOAD(F_RW, 0x1010, 0x401000, 0x200, 0x200),
		},
	},
	{
		.what = "PIE PT_LOAD not congruent",
		.type = ELFLOAD_ET_DYN, .entry = PIE_ENTRY, .interp = true,
		.err = -EINVAL,
		.ph = {
			PH_INTERP, PIE_L0(0x1000),
			LOAD(F_RX, 0x1800, 0x1000, 0x100, 0x100),
		},
	},
	{
		.what = "p_filesz > p_memsz",
		.type = ELFLOAD_ET_EXEC, .entry = 0x400000, .err = -EINVAL,
		.ph = { LOAD(F_RX, 0, 0x400000, 0x200, 0x100) },
	},
	{
		.what = "p_filesz > p_memsz in a later PT_LOAD",
		.type = ELFLOAD_ET_EXEC, .entry = 0x400000, .err = -EINVAL,
		.ph = {
			LOAD(F_RX, 0, 0x400000, 0x200, 0x200),
			LOAD(F_RW, 0x1000, 0x401000, 0x1001, 0x1000),
		},
	},
	{
		.what = "segment starting at TASK_SIZE",
		.type = ELFLOAD_ET_EXEC, .entry = 0x400000, .err = -EINVAL,
		.ph = {
			LOAD(F_RX, 0, 0x400000, 0x200, 0x200),
			LOAD(F_RW, 0x1000, TASK_SIZE, 0x100, 0x100),
		},
	},
	{
		.what = "file part crossing TASK_SIZE",
		.type = ELFLOAD_ET_EXEC, .entry = 0x400000, .err = -EINVAL,
		.ph = {
			LOAD(F_RX, 0, 0x400000, 0x200, 0x200),
			LOAD(F_RW, 0x1000, TASK_SIZE - 0x1000, 0x2000, 0x2000),
		},
	},
	{
		.what = "bss crossing TASK_SIZE",
		.type = ELFLOAD_ET_EXEC, .entry = 0x400000, .err = -EINVAL,
		.ph = {
			LOAD(F_RX, 0, 0x400000, 0x200, 0x200),
			LOAD(F_RW, 0x1000, 0x7fff00000000, 0x100,
			     0x100000000),
		},
	},
	{
		.what = "p_memsz wrapping around",
		.type = ELFLOAD_ET_EXEC, .entry = 0x400000, .err = -EINVAL,
		.ph = {
			LOAD(F_RX, 0, 0x400000, 0x200, 0x200),
			LOAD(F_RW, 0x1000, 0x401000, 0x100,
			     0xfffffffffffff000),
		},
	},
	{
		.what = "PIE bigger than the space above its bias",
		.type = ELFLOAD_ET_DYN, .entry = PIE_ENTRY, .interp = true,
		.err = -EINVAL,
		.ph = {
			PH_INTERP, PIE_L0(0x1000),
			LOAD(F_RW, 0x1000, 0x1000, 0x100, 0x300000000000),
		},
	},
	{
		.what = "static entry point beyond TASK_SIZE",
		.type = ELFLOAD_ET_EXEC, .entry = 0x800000000000, .err = -EINVAL,
		.ph = { LOAD(F_RX, 0, 0x400000, 0x200, 0x200) },
	},
	{
		/*
		 * For a process without CAP_SYS_RAWIO (cap_mmap_addr); a
		 * root process may map there.
		 */
		.what = "segment below vm.mmap_min_addr",
		.type = ELFLOAD_ET_EXEC, .entry = 0x1000, .err = -EINVAL,
		.ph = { LOAD(F_RX, 0, 0x1000, 0x200, 0x200) },
	},
	{
		/*
		 * No free range below mmap_base: -ENOMEM, with a message
		 * (found by fuzz/fuzz_plan.c: the diagnostic was empty).
		 * Only the error and its diagnostic are checked here.
		 */
		.what = "static PIE bigger than the mmap area",
		.type = ELFLOAD_ET_DYN, .entry = PIE_ENTRY, .err = -ENOMEM,
		.ph = { LOAD(F_RW, 0, 0, 0x100, 0x7ffff7ff0000) },
	},
};

static bool check_vma(const char *what, size_t i,
		      const struct elfload_vma *v, const struct exp_vma *e)
{
	bool name_ok = (!v->name && !e->name) ||
		       (v->name && e->name && !strcmp(v->name, e->name));
	bool off_ok = e->kind != ELFLOAD_VMA_SEGMENT || v->offset == e->offset;

	if (v->start == e->start && v->end == e->end && v->prot == e->prot &&
	    v->kind == e->kind && v->owner == e->owner && v->phdr == e->phdr &&
	    off_ok && name_ok && !v->shared)
		return true;
	print_error("%s: vma %zu: got %#" PRIx64 "-%#" PRIx64
		    " prot %d kind %d owner %d phdr %d off %#" PRIx64
		    " %s; want %#" PRIx64 "-%#" PRIx64
		    " prot %d kind %d owner %d phdr %d off %#" PRIx64 " %s\n",
		    what, i, v->start, v->end, v->prot, v->kind, v->owner,
		    v->phdr, v->offset, v->name ? v->name : "-", e->start,
		    e->end, e->prot, e->kind, e->owner, e->phdr, e->offset,
		    e->name ? e->name : "-");
	return false;
}

static bool check_u64(const char *what, const char *field, uint64_t got,
		      uint64_t want)
{
	if (got == want)
		return true;
	print_error("%s: %s is %#" PRIx64 ", want %#" PRIx64 "\n", what,
		    field, got, want);
	return false;
}

static bool check_zero(const struct plan_case *c,
		       const struct elfload_plan *plan)
{
	size_t n = 0, i;
	bool ok = true;

	while (n < MAX_ZERO && c->zero[n].end)
		n++;
	if (plan->nzero != n) {
		print_error("%s: %zu zero ranges, want %zu\n", c->what,
			    plan->nzero, n);
		return false;
	}
	for (i = 0; i < n; i++) {
		const struct elfload_zero *z = &plan->zero[i];
		const struct exp_zero *e = &c->zero[i];

		if (z->owner != e->owner || z->phdr != e->phdr ||
		    z->start != e->start || z->end != e->end) {
			print_error("%s: zero %zu: got %d/%d %#" PRIx64
				    "-%#" PRIx64 ", want %d/%d %#" PRIx64
				    "-%#" PRIx64 "\n", c->what, i, z->owner,
				    z->phdr, z->start, z->end, e->owner,
				    e->phdr, e->start, e->end);
			ok = false;
		}
	}
	return ok;
}

/* Everything of a successful plan against the row's expectations. */
static bool check_plan(const struct plan_case *c,
		       const struct elfload_plan *plan)
{
	uint64_t entry = c->interp ? c->interp_bias + INTERP_ENTRY :
				     c->entry + c->bias;
	size_t n = 0, i;
	bool ok = true;

	while (n < MAX_VMAS && c->vmas[n].end)
		n++;
	if (plan->nvmas != n) {
		print_error("%s: %zu VMAs, want %zu\n", c->what, plan->nvmas,
			    n);
		ok = false;
	}
	for (i = 0; i < n && i < plan->nvmas; i++)
		ok &= check_vma(c->what, i, &plan->vmas[i], &c->vmas[i]);
	ok &= check_u64(c->what, "exe bias", plan->exe.bias, c->bias);
	ok &= check_u64(c->what, "exe entry", plan->exe.entry,
			c->entry + c->bias);
	ok &= check_u64(c->what, "AT_PHDR", plan->exe.phdr_addr,
			c->phdr_addr);
	ok &= check_u64(c->what, "interp bias", plan->interp.bias,
			c->interp_bias);
	ok &= check_u64(c->what, "interp present", plan->interp.present,
			c->interp);
	ok &= check_u64(c->what, "entry", plan->entry, entry);
	ok &= check_u64(c->what, "brk", plan->brk, c->brk);
	ok &= check_u64(c->what, "start_brk", plan->start_brk, c->brk);
	ok &= check_u64(c->what, "mmap_base", plan->mmap_base, MMAP_BASE);
	ok &= check_u64(c->what, "stack_top", plan->stack_top, TASK_SIZE);
	return check_zero(c, plan) && ok;
}

static bool run_case(const struct plan_case *c, struct fixture *f)
{
	struct elfload_image *exe = make_image(c->type, c->entry, c->ph,
					       c->size);
	bool ok;
	int ret;

	if (!exe) {
		print_error("%s: cannot build the image\n", c->what);
		return false;
	}
	ret = run_plan(&f->lay, exe, c->interp ? f->interp : NULL, f->plan,
		       &f->d);
	elfload_image_free(exe);
	if (ret != c->err) {
		print_error("%s: elfload_plan returned %d (%s), want %d\n",
			    c->what, ret, f->d.msg, c->err);
		return false;
	}
	if (ret) {
		ok = f->d.err == ret && f->d.msg[0];
		if (!ok)
			print_error("%s: diag not filled\n", c->what);
		return ok;
	}
	return check_plan(c, f->plan);
}

static bool run_cases(const struct plan_case *c, size_t n, struct fixture *f)
{
	bool ok = true;
	size_t i;

	for (i = 0; i < n; i++)
		ok &= run_case(&c[i], f);
	return ok;
}

#define RUN(table)                                                         \
	do {                                                               \
		if (!run_cases(table, ARRAY_LEN(table), *state))           \
			fail();                                            \
	} while (0)

static void placement(void **state)
{
	RUN(placement_cases);
}

static void bss(void **state)
{
	RUN(bss_cases);
}

static void filesz_zero(void **state)
{
	RUN(filesz0_cases);
}

static void overlap(void **state)
{
	RUN(overlap_cases);
}

static void errors(void **state)
{
	RUN(error_cases);
}

/* ---- the stack and mmap_base ----------------------------------------- */

/* A static ET_EXEC, for tests about the stack and the mmap area. */
static const struct elfload_phdr static_ph[MAX_PH] = {
	LOAD(F_RX, 0, 0x400000, 0x100, 0x100),
	GNU_STACK(F_RW),
};

struct stack_case {
	const char *what;
	uint64_t strings, rlimit;
	uint64_t size;		/* of the [stack] VMA */
};

/*
 * setup_arg_pages(): the VMA holds the pages the strings touched (below
 * 8 zero bytes at the top), then grows by 128 KiB, but not beyond the
 * stack rlimit rounded down to a page.
 */
static const struct stack_case stack_cases[] = {
	{ "small strings", 100, 8 << 20, 0x21000 },
	{ "no strings", 0, 8 << 20, 0x21000 },
	{ "strings filling the top page", 4096 - 8, 8 << 20, 0x21000 },
	{ "one byte more: two pages", 4096 - 7, 8 << 20, 0x22000 },
	{ "5000 bytes of strings", 5000, 8 << 20, 0x22000 },
	{ "128 KiB of strings", 128 << 10, 8 << 20, 0x41000 },
	{ "rlimit 64 KiB", 100, 0x10000, 0x10000 },
	{ "rlimit 64 KiB + 2 KiB, rounded down", 100, 0x10800, 0x10000 },
	{ "rlimit one page", 100, 0x1000, 0x1000 },
	{ "rlimit exactly 132 KiB", 100, 0x21000, 0x21000 },
	{ "rlimit one byte less", 100, 0x20fff, 0x20000 },
	{ "rlimit 64 KiB, two pages of strings", 5000, 0x10000, 0x10000 },
	{ "unlimited", 100, UINT64_MAX, 0x21000 },
};

static void stack_size(void **state)
{
	struct fixture *f = *state;
	const struct elfload_vma *v;
	bool ok = true;
	size_t i;

	f->exe = make_image(ELFLOAD_ET_EXEC, 0x400000, static_ph, 0);
	assert_non_null(f->exe);
	for (i = 0; i < ARRAY_LEN(stack_cases); i++) {
		const struct stack_case *c = &stack_cases[i];

		f->lay.stack_strings = c->strings;
		f->lay.stack_rlimit = c->rlimit;
		assert_int_equal(run_plan(&f->lay, f->exe, NULL, f->plan,
					  &f->d), 0);
		v = find_kind(f->plan, ELFLOAD_VMA_STACK);
		assert_non_null(v);
		ok &= check_u64(c->what, "stack end", v->end, TASK_SIZE);
		ok &= check_u64(c->what, "stack size", v->end - v->start,
				c->size);
		ok &= check_u64(c->what, "stack prot", (uint64_t)v->prot,
				P_RW);
	}
	if (!ok)
		fail();
}

/*
 * A program without PT_LOAD (which the kernel starts all the same): no
 * VMA of its own and an empty span, not [UINT64_MAX, 0) (found by
 * fuzz/fuzz_plan.c).
 */
static void no_load(void **state)
{
	static const struct elfload_phdr ph[MAX_PH] = { GNU_STACK(F_RW) };
	struct fixture *f = *state;
	size_t i;

	f->exe = make_image(ELFLOAD_ET_EXEC, 0x400000, ph, 0);
	assert_non_null(f->exe);
	assert_int_equal(run_plan(&f->lay, f->exe, NULL, f->plan, &f->d), 0);
	assert_int_equal(f->plan->exe.span_start, 0);
	assert_int_equal(f->plan->exe.span_end, 0);
	for (i = 0; i < f->plan->nvmas; i++)
		assert_int_equal(f->plan->vmas[i].owner, ELFLOAD_OWNER_NONE);
}

/* PT_GNU_STACK decides; the last one wins; none means not executable. */
static void stack_exec(void **state)
{
	static const struct {
		struct elfload_phdr ph[MAX_PH];
		int prot;
	} cases[] = {
		{ { LOAD(F_RX, 0, 0x400000, 0x100, 0x100), GNU_STACK(F_RWX) },
		  P_RWX },
		{ { LOAD(F_RX, 0, 0x400000, 0x100, 0x100) }, P_RW },
		{ { LOAD(F_RX, 0, 0x400000, 0x100, 0x100), GNU_STACK(F_RWX),
		    GNU_STACK(F_RW) }, P_RW },
		{ { LOAD(F_RX, 0, 0x400000, 0x100, 0x100), GNU_STACK(F_RW),
		    GNU_STACK(F_RWX) }, P_RWX },
	};
	struct fixture *f = *state;
	const struct elfload_vma *v;
	size_t i;

	for (i = 0; i < ARRAY_LEN(cases); i++) {
		f->exe = make_image(ELFLOAD_ET_EXEC, 0x400000, cases[i].ph, 0);
		assert_non_null(f->exe);
		assert_int_equal(run_plan(&f->lay, f->exe, NULL, f->plan,
					  &f->d), 0);
		elfload_image_free(f->exe);
		f->exe = NULL;
		v = find_kind(f->plan, ELFLOAD_VMA_STACK);
		assert_non_null(v);
		assert_int_equal(v->prot, cases[i].prot);
		assert_int_equal(f->plan->exec_stack,
				 cases[i].prot == P_RWX);
	}
}

/*
 * mmap_base = PAGE_ALIGN(TASK_SIZE - clamp(rlimit + 1 MiB guard gap,
 * 128 MiB, TASK_SIZE / 6 * 5)); an unlimited stack is not enlarged by
 * the gap (overflow) and is clamped.  Each row was checked against the
 * kernel (the vDSO block ends at mmap_base in a static program).
 */
static void mmap_base(void **state)
{
	static const struct {
		uint64_t rlimit, base;
	} cases[] = {
		{ 8 << 20, MMAP_BASE },
		{ 127 << 20, MMAP_BASE },
		{ 200 << 20, 0x7ffff36ff000 },
		{ 1 << 30, 0x7fffbfeff000 },
		{ (1 << 30) + 0x800, 0x7fffbfeff000 },
		{ UINT64_MAX, 0x155555556000 },
	};
	struct fixture *f = *state;
	const struct elfload_vma *v;
	size_t i;

	f->exe = make_image(ELFLOAD_ET_EXEC, 0x400000, static_ph, 0);
	assert_non_null(f->exe);
	for (i = 0; i < ARRAY_LEN(cases); i++) {
		f->lay.stack_rlimit = cases[i].rlimit;
		assert_int_equal(run_plan(&f->lay, f->exe, NULL, f->plan,
					  &f->d), 0);
		assert_int_equal(f->plan->mmap_base, cases[i].base);
		v = find_kind(f->plan, ELFLOAD_VMA_SPECIAL);
		assert_non_null(v);
		assert_int_equal(v->start, cases[i].base - 0x8000);
	}
}

/* With an unlimited stack the interpreter ends at 0x155555556000. */
static void mmap_base_unlimited_interp(void **state)
{
	static const struct elfload_phdr ph[MAX_PH] = {
		PH_INTERP, PIE_LOADS(0x1000), GNU_STACK(F_RW),
	};
	struct fixture *f = *state;
	const uint64_t base = 0x155555556000, ib = base - 0x2d000;
	size_t i;

	f->exe = make_image(ELFLOAD_ET_DYN, PIE_ENTRY, ph, 0);
	assert_non_null(f->exe);
	f->lay.stack_rlimit = UINT64_MAX;
	assert_int_equal(run_plan(&f->lay, f->exe, f->interp, f->plan, &f->d),
			 0);
	assert_int_equal(f->plan->interp.bias, ib);
	assert_int_equal(f->plan->exe.bias, ET_DYN_BASE);
	for (i = 0; i < f->plan->nvmas; i++)
		if (f->plan->vmas[i].owner == ELFLOAD_OWNER_INTERP)
			break;
	assert_true(i < f->plan->nvmas);
	assert_int_equal(f->plan->vmas[i].start, ib);
	assert_int_equal(f->plan->vmas[i - 1].end, ib);	/* [vdso] */
	assert_string_equal(f->plan->vmas[i - 1].name, "[vdso]");
}

/* ---- randomization ----------------------------------------------------- */

static bool same_vma(const struct elfload_vma *a, const struct elfload_vma *b)
{
	return a->start == b->start && a->end == b->end &&
	       a->prot == b->prot && a->kind == b->kind &&
	       a->owner == b->owner && a->phdr == b->phdr &&
	       a->offset == b->offset && a->shared == b->shared;
}

static bool same_plan(const struct elfload_plan *a,
		      const struct elfload_plan *b)
{
	size_t i;

	if (a->nvmas != b->nvmas || a->exe.bias != b->exe.bias ||
	    a->interp.bias != b->interp.bias || a->mmap_base != b->mmap_base ||
	    a->stack_top != b->stack_top || a->brk != b->brk ||
	    a->start_brk != b->start_brk || a->entry != b->entry)
		return false;
	for (i = 0; i < a->nvmas; i++)
		if (!same_vma(&a->vmas[i], &b->vmas[i]))
			return false;
	return true;
}

static void plan_pie(struct fixture *f, struct elfload_plan *plan)
{
	assert_int_equal(run_plan(&f->lay, f->exe, f->interp, plan, &f->d), 0);
}

static int setup_pie(void **state)
{
	static const struct elfload_phdr ph[MAX_PH] = {
		PH_INTERP, PIE_LOADS(0x1000), GNU_STACK(F_RW),
	};
	struct fixture *f;

	if (setup(state))
		return -1;
	f = *state;
	f->exe = make_image(ELFLOAD_ET_DYN, PIE_ENTRY, ph, 0);
	return f->exe ? 0 : -1;
}

/* The same seed gives the same layout; another seed another one. */
static void random_seed(void **state)
{
	struct fixture *f = *state;
	uint64_t fixed_base, fixed_bias, fixed_top;

	plan_pie(f, f->plan);
	fixed_base = f->plan->mmap_base;
	fixed_bias = f->plan->exe.bias;
	fixed_top = f->plan->stack_top;
	f->lay.randomize = true;
	f->lay.seed = 42;
	plan_pie(f, f->plan);
	plan_pie(f, f->plan2);
	assert_true(same_plan(f->plan, f->plan2));
	assert_int_not_equal(f->plan->mmap_base, fixed_base);
	assert_int_not_equal(f->plan->exe.bias, fixed_bias);
	assert_int_not_equal(f->plan->stack_top, fixed_top);
	f->lay.seed = 43;
	plan_pie(f, f->plan2);
	assert_false(same_plan(f->plan, f->plan2));
}

/*
 * Whatever the seed, the draws stay in the kernel's ranges (x86-64,
 * 28 mmap bits, 22 stack bits, 1 GiB of brk) and the layout obeys the
 * same placement rules as without randomization.
 */
static void random_ranges(void **state)
{
	const uint64_t gap = (8 << 20) + (1 << 20) + 0x3fffff000ull;
	const uint64_t base_hi = TASK_SIZE - gap;
	const uint64_t base_lo = base_hi - 0xffffffff000ull;
	struct fixture *f = *state;
	struct elfload_plan *p = f->plan;
	const struct elfload_vma *v;
	uint64_t seed, data_end;
	size_t i;

	f->lay.randomize = true;
	for (seed = 1; seed <= 64; seed++) {
		f->lay.seed = seed * 0x9e3779b97f4a7c15ull;
		plan_pie(f, p);
		assert_int_equal(p->mmap_base & 0xfff, 0);
		assert_in_range(p->mmap_base, base_lo, base_hi);
		assert_int_equal(p->stack_top & 0xfff, 0);
		assert_in_range(p->stack_top,
				TASK_SIZE - 0x3fffff000ull - 0x1000, TASK_SIZE);
		assert_int_equal(p->exe.bias & 0xfff, 0);
		assert_in_range(p->exe.bias, ET_DYN_BASE,
				ET_DYN_BASE + 0xffffffff000ull);
		/* brk: a page after the data, plus up to 1 GiB. */
		data_end = p->exe.bias + 0x6000;
		assert_int_equal(p->start_brk & 0xfff, 0);
		assert_int_equal(p->start_brk, p->brk);
		assert_in_range(p->start_brk, data_end + 0x1000,
				data_end + 0x1000 + (1 << 30) - 0x1000);
		/* The interpreter still ends at mmap_base, vDSO below. */
		assert_int_equal(p->interp.bias, p->mmap_base - 0x2d000);
		v = find_kind(p, ELFLOAD_VMA_SPECIAL);
		assert_non_null(v);
		assert_int_equal(v->start, p->interp.bias - 0x8000);
		v = find_kind(p, ELFLOAD_VMA_STACK);
		assert_non_null(v);
		assert_int_equal(v->end, p->stack_top);
		assert_int_equal(v->end - v->start, STACK_SIZE);
		for (i = 1; i < p->nvmas; i++)
			assert_true(p->vmas[i - 1].end <= p->vmas[i].start);
	}
}

/* A static PIE's brk moves to ELF_ET_DYN_BASE, then is randomized. */
static void random_static_pie_brk(void **state)
{
	static const struct elfload_phdr ph[MAX_PH] = {
		PIE_LOADS(0x1000), GNU_STACK(F_RW),
	};
	struct fixture *f = *state;
	uint64_t seed;

	f->exe = make_image(ELFLOAD_ET_DYN, PIE_ENTRY, ph, 0);
	assert_non_null(f->exe);
	f->lay.randomize = true;
	for (seed = 1; seed <= 32; seed++) {
		f->lay.seed = seed;
		assert_int_equal(run_plan(&f->lay, f->exe, NULL, f->plan,
					  &f->d), 0);
		assert_int_equal(f->plan->brk & 0xfff, 0);
		/* No extra page: brk_moved is already set. */
		assert_in_range(f->plan->brk, STATIC_PIE_BRK,
				STATIC_PIE_BRK + (1 << 30) - 0x1000);
		assert_int_equal(f->plan->exe.bias,
				 f->plan->mmap_base - 0x6000);
	}
}

/* The kernel's draws seen in a real process are used as they are. */
static void observed(void **state)
{
	const struct elfload_observed obs = {
		.mmap_base = 0x7f0123456000,
		.stack_top = 0x7ffc12345000,
		.exe_bias = 0x560123456000,
		.start_brk = 0x560124000000,
	};
	const uint64_t ib = obs.mmap_base - 0x2d000;
	struct fixture *f = *state;
	struct elfload_plan *p = f->plan;
	const struct elfload_vma *v;
	uint64_t seed;

	f->lay.randomize = true;
	f->lay.observed = obs;
	for (seed = 0; seed < 4; seed++) {
		f->lay.seed = seed;
		plan_pie(f, p);
		assert_int_equal(p->mmap_base, obs.mmap_base);
		assert_int_equal(p->stack_top, obs.stack_top);
		assert_int_equal(p->exe.bias, obs.exe_bias);
		assert_int_equal(p->start_brk, obs.start_brk);
		assert_int_equal(p->brk, obs.start_brk);
		assert_int_equal(p->interp.bias, ib);
		assert_int_equal(p->entry, ib + INTERP_ENTRY);
		assert_int_equal(p->exe.entry, obs.exe_bias + PIE_ENTRY);
		assert_int_equal(p->vmas[0].start, obs.exe_bias);
		v = find_kind(p, ELFLOAD_VMA_SPECIAL);
		assert_non_null(v);
		assert_int_equal(v->start, ib - 0x8000);
		v = find_kind(p, ELFLOAD_VMA_STACK);
		assert_non_null(v);
		assert_int_equal(v->start, obs.stack_top - STACK_SIZE);
		assert_int_equal(v->end, obs.stack_top);
	}
	/* Without randomize, the observations do not apply. */
	f->lay.randomize = false;
	plan_pie(f, p);
	assert_int_equal(p->mmap_base, MMAP_BASE);
	assert_int_equal(p->stack_top, TASK_SIZE);
	assert_int_equal(p->exe.bias, ET_DYN_BASE);
	assert_int_equal(p->brk, ET_DYN_BASE + 0x6000);
}

/* A field left 0 is drawn; the others are still used. */
static void observed_partial(void **state)
{
	const struct elfload_observed obs = { .mmap_base = 0x7f0123456000 };
	struct fixture *f = *state;

	f->lay.randomize = true;
	f->lay.seed = 7;
	f->lay.observed = obs;
	plan_pie(f, f->plan);
	assert_int_equal(f->plan->mmap_base, obs.mmap_base);
	assert_int_equal(f->plan->interp.bias, obs.mmap_base - 0x2d000);
	assert_int_not_equal(f->plan->stack_top, TASK_SIZE);
	assert_int_not_equal(f->plan->exe.bias, ET_DYN_BASE);
}

/* ---- elfload_plan_maps: what /proc/PID/maps shows -------------------- */

struct exp_map {
	uint64_t start, end;
	int prot;
	enum elfload_vma_kind kind;
	uint64_t offset;
};

static void check_maps(const struct elfload_plan *plan,
		       const struct exp_map *e, size_t n)
{
	struct elfload_vma out[ELFLOAD_PLAN_MAX_VMAS];
	size_t got = elfload_plan_maps(plan, out, ARRAY_LEN(out)), i;

	assert_int_equal(got, n);
	for (i = 0; i < n; i++) {
		assert_int_equal(out[i].start, e[i].start);
		assert_int_equal(out[i].end, e[i].end);
		assert_int_equal(out[i].prot, e[i].prot);
		assert_int_equal(out[i].kind, e[i].kind);
		if (e[i].kind == ELFLOAD_VMA_SEGMENT)
			assert_int_equal(out[i].offset, e[i].offset);
	}
}

#define M_SEG(s, e, pr, off) { (s), (e), (pr), ELFLOAD_VMA_SEGMENT, (off) }
#define M_BSS(s, e, pr) { (s), (e), (pr), ELFLOAD_VMA_BSS, 0 }
#define M_SPECIALS(a)                                                      \
	{ (a), (a) + 0x4000, P_R, ELFLOAD_VMA_SPECIAL, 0 },                \
	{ (a) + 0x4000, (a) + 0x6000, P_R, ELFLOAD_VMA_SPECIAL, 0 },       \
	{ (a) + 0x6000, (a) + 0x8000, P_RX, ELFLOAD_VMA_SPECIAL, 0 }
#define M_TAIL                                                             \
	M_SPECIALS(MMAP_BASE - 0x8000),                                    \
	{ TASK_SIZE - STACK_SIZE, TASK_SIZE, P_RW, ELFLOAD_VMA_STACK, 0 },  \
	{ 0xffffffffff600000ull, 0xffffffffff601000ull, P_X,               \
	  ELFLOAD_VMA_VSYSCALL, 0 }

/*
 * Real plans, as the kernel showed them: file VMAs of one file with the
 * same prot and contiguous offsets merge, so do adjacent bss VMAs of the
 * same prot; a file VMA never merges with an anonymous one.
 */
static void maps_merge_real(void **state)
{
	static const struct elfload_phdr contiguous[MAX_PH] = {
		LOAD(F_R, 0, 0x400000, 0x1000, 0x1000),
		LOAD(F_R, 0x1000, 0x401000, 0x1000, 0x1000),
		LOAD(F_RX, 0x2000, 0x402000, 0x100, 0x100),
		LOAD(F_RX, 0x3000, 0x403000, 0x100, 0x2000),
	};
	static const struct exp_map contiguous_maps[] = {
		M_SEG(0x400000, 0x402000, P_R, 0),
		M_SEG(0x402000, 0x404000, P_RX, 0x2000),
		M_BSS(0x404000, 0x405000, P_RWX),
		M_TAIL,
	};
	static const struct elfload_phdr bss_run[MAX_PH] = {
		LOAD(F_RW, 0, 0x400000, 0x100, 0x100),
		LOAD(F_RW, 0x1000, 0x401000, 0, 0x1000),
		LOAD(F_RW, 0x1000, 0x402000, 0, 0x1000),
		LOAD(F_RWX, 0x1000, 0x403000, 0, 0x1000),
		LOAD(F_RW, 0x1000, 0x404000, 0, 0x1000),
	};
	static const struct exp_map bss_run_maps[] = {
		M_SEG(0x400000, 0x401000, P_RW, 0),
		M_BSS(0x401000, 0x403000, P_RW),
		M_BSS(0x403000, 0x404000, P_RWX),
		M_BSS(0x404000, 0x405000, P_RW),
		M_TAIL,
	};
	/* Overlap cuts: the pieces of one PT_LOAD are no longer adjacent. */
	static const struct elfload_phdr cut[MAX_PH] = {
		LOAD(F_R, 0, 0x400000, 0x3000, 0x3000),
		LOAD(F_R, 0x5000, 0x401000, 0x1000, 0x1000),
	};
	static const struct exp_map cut_maps[] = {
		M_SEG(0x400000, 0x401000, P_R, 0),
		M_SEG(0x401000, 0x402000, P_R, 0x5000),
		M_SEG(0x402000, 0x403000, P_R, 0x2000),
		M_TAIL,
	};
	struct fixture *f = *state;

	f->exe = make_image(ELFLOAD_ET_EXEC, 0x402000, contiguous, 0);
	assert_non_null(f->exe);
	assert_int_equal(run_plan(&f->lay, f->exe, NULL, f->plan, &f->d), 0);
	assert_int_equal(f->plan->nvmas, 10);
	check_maps(f->plan, contiguous_maps, ARRAY_LEN(contiguous_maps));
	elfload_image_free(f->exe);

	f->exe = make_image(ELFLOAD_ET_EXEC, 0x400000, bss_run, 0);
	assert_non_null(f->exe);
	assert_int_equal(run_plan(&f->lay, f->exe, NULL, f->plan, &f->d), 0);
	check_maps(f->plan, bss_run_maps, ARRAY_LEN(bss_run_maps));
	elfload_image_free(f->exe);

	f->exe = make_image(ELFLOAD_ET_EXEC, 0x400000, cut, 0x6000);
	assert_non_null(f->exe);
	assert_int_equal(run_plan(&f->lay, f->exe, NULL, f->plan, &f->d), 0);
	check_maps(f->plan, cut_maps, ARRAY_LEN(cut_maps));
}

static void add_vma(struct elfload_plan *plan, uint64_t start, uint64_t end,
		    int prot, enum elfload_vma_kind kind,
		    enum elfload_owner owner, uint64_t offset)
{
	struct elfload_vma *v = &plan->vmas[plan->nvmas++];

	memset(v, 0, sizeof(*v));
	v->start = start;
	v->end = end;
	v->prot = prot;
	v->kind = kind;
	v->owner = owner;
	v->offset = offset;
	v->phdr = kind == ELFLOAD_VMA_SEGMENT || kind == ELFLOAD_VMA_BSS ?
			  0 : -1;
}

#define ADD_SEG(s, e, pr, off)                                             \
	add_vma(p, s, e, pr, ELFLOAD_VMA_SEGMENT, ELFLOAD_OWNER_EXE, off)
#define ADD_BSS(s, e, pr)                                                  \
	add_vma(p, s, e, pr, ELFLOAD_VMA_BSS, ELFLOAD_OWNER_EXE, 0)

/* Hand-made VMA lists for each merge rule and its exceptions. */
static void maps_merge_rules(void **state)
{
	static const struct exp_map want[] = {
		M_SEG(0x10000, 0x13000, P_R, 0),	/* three merged */
		M_SEG(0x13000, 0x14000, P_R, 0x5000),	/* offset jump */
		M_SEG(0x14000, 0x15000, P_RX, 0x6000),	/* prot differs */
		M_BSS(0x15000, 0x17000, P_RW),		/* two merged */
		M_BSS(0x17000, 0x18000, P_R),		/* prot differs */
		M_SEG(0x18000, 0x19000, P_R, 0x1000),	/* after bss */
		M_SEG(0x19000, 0x1a000, P_R, 0x2000),	/* other owner */
		M_SEG(0x1b000, 0x1c000, P_R, 0x4000),	/* not adjacent */
		M_BSS(0x1c000, 0x1d000, P_RW),
		M_BSS(0x1e000, 0x1f000, P_RW),		/* not adjacent */
		{ 0x1f000, 0x20000, P_RW, ELFLOAD_VMA_STACK, 0 },
	};
	struct fixture *f = *state;
	struct elfload_plan *p = f->plan;
	struct elfload_vma out[4];

	memset(p, 0, sizeof(*p));
	ADD_SEG(0x10000, 0x11000, P_R, 0);
	ADD_SEG(0x11000, 0x12000, P_R, 0x1000);
	ADD_SEG(0x12000, 0x13000, P_R, 0x2000);
	ADD_SEG(0x13000, 0x14000, P_R, 0x5000);
	ADD_SEG(0x14000, 0x15000, P_RX, 0x6000);
	ADD_BSS(0x15000, 0x16000, P_RW);
	ADD_BSS(0x16000, 0x17000, P_RW);
	ADD_BSS(0x17000, 0x18000, P_R);
	ADD_SEG(0x18000, 0x19000, P_R, 0x1000);
	add_vma(p, 0x19000, 0x1a000, P_R, ELFLOAD_VMA_SEGMENT,
		ELFLOAD_OWNER_INTERP, 0x2000);
	ADD_SEG(0x1b000, 0x1c000, P_R, 0x4000);
	ADD_BSS(0x1c000, 0x1d000, P_RW);
	ADD_BSS(0x1e000, 0x1f000, P_RW);
	/* The stack grows down: never merged with a bss below it. */
	add_vma(p, 0x1f000, 0x20000, P_RW, ELFLOAD_VMA_STACK,
		ELFLOAD_OWNER_NONE, 0);
	check_maps(p, want, ARRAY_LEN(want));

	/* A short output array gets the first entries and the full count. */
	memset(out, 0xa5, sizeof(out));
	assert_int_equal(elfload_plan_maps(p, out, 2), ARRAY_LEN(want));
	assert_int_equal(out[0].end, 0x13000);
	assert_int_equal(out[1].start, 0x13000);
	assert_int_equal(out[2].start, 0xa5a5a5a5a5a5a5a5ull);
	assert_int_equal(elfload_plan_maps(p, NULL, 0), ARRAY_LEN(want));

	p->nvmas = 0;
	assert_int_equal(elfload_plan_maps(p, out, ARRAY_LEN(out)), 0);
}

/* ---- elfload_format_maps_line: the text of /proc/PID/maps ------------ */

struct line_case {
	const char *what;
	struct elfload_vma vma;
	bool file;
	struct elfload_file_id id;
	const char *line;	/* copied from a real /proc/PID/maps */
};

#define LV(s, e, pr, off, kind_, name_)                                    \
	{ .start = (s), .end = (e), .prot = (pr), .offset = (off),         \
	  .kind = (kind_), .phdr = -1, .name = (name_) }

static const struct line_case line_cases[] = {
	{ "file, short addresses",
	  LV(0x400000, 0x401000, P_R, 0, ELFLOAD_VMA_SEGMENT, NULL), true,
	  { "/tmp/kt2/A", 0xfe, 0, 10953490, false, false },
	  "00400000-00401000 r--p 00000000 fe:00 10953490"
	  "                           /tmp/kt2/A\n" },
	{ "anonymous: a trailing space",
	  LV(0x407000, 0x409000, P_RW, 0, ELFLOAD_VMA_BSS, NULL), false,
	  { NULL, 0, 0, 0, false, false },
	  "00407000-00409000 rw-p 00000000 00:00 0 \n" },
	{ "anonymous, an offset is not shown",
	  LV(0x7ffff7fc0000, 0x7ffff7fc2000, P_RW, 0x5000, ELFLOAD_VMA_BSS,
	     NULL), false,
	  { NULL, 0, 0, 0, false, false },
	  "7ffff7fc0000-7ffff7fc2000 rw-p 00000000 00:00 0 \n" },
	{ "file, 12-digit addresses",
	  LV(0x555555554000, 0x555555556000, P_R, 0, ELFLOAD_VMA_SEGMENT,
	     NULL), true,
	  { "/usr/bin/cat", 0xfe, 0, 247134, false, false },
	  "555555554000-555555556000 r--p 00000000 fe:00 247134"
	  "                     /usr/bin/cat\n" },
	{ "file with an offset",
	  LV(0x7ffff7fa6000, 0x7ffff7fa8000, P_RW, 0x1d3000,
	     ELFLOAD_VMA_SEGMENT, NULL), true,
	  { "/usr/lib/x86_64-linux-gnu/libc.so.6", 0xfe, 0, 332835, false,
	    false },
	  "7ffff7fa6000-7ffff7fa8000 rw-p 001d3000 fe:00 332835"
	  "                     /usr/lib/x86_64-linux-gnu/libc.so.6\n" },
	{ "[vvar]",
	  LV(0x7ffff7fc2000, 0x7ffff7fc6000, P_R, 0, ELFLOAD_VMA_SPECIAL,
	     "[vvar]"), false,
	  { NULL, 0, 0, 0, false, false },
	  "7ffff7fc2000-7ffff7fc6000 r--p 00000000 00:00 0"
	  "                          [vvar]\n" },
	{ "[vdso]",
	  LV(0x7ffff7fc8000, 0x7ffff7fca000, P_RX, 0, ELFLOAD_VMA_SPECIAL,
	     "[vdso]"), false,
	  { NULL, 0, 0, 0, false, false },
	  "7ffff7fc8000-7ffff7fca000 r-xp 00000000 00:00 0"
	  "                          [vdso]\n" },
	{ "[stack]",
	  LV(0x7ffffffde000, 0x7ffffffff000, P_RW, 0, ELFLOAD_VMA_STACK,
	     "[stack]"), false,
	  { NULL, 0, 0, 0, false, false },
	  "7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0"
	  "                          [stack]\n" },
	{ "[vsyscall], 16-digit addresses",
	  LV(0xffffffffff600000, 0xffffffffff601000, P_X, 0,
	     ELFLOAD_VMA_VSYSCALL, "[vsyscall]"), false,
	  { NULL, 0, 0, 0, false, false },
	  "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0"
	  "                  [vsyscall]\n" },
	{ "shared, newline in the path",
	  { .start = 0x7f2ba3af5000, .end = 0x7f2ba3af6000, .prot = P_R,
	    .shared = true, .kind = ELFLOAD_VMA_SEGMENT, .phdr = -1 }, true,
	  { "/tmp/kt2/a\nb c", 0xfe, 0, 10952767, false, false },
	  "7f2ba3af5000-7f2ba3af6000 r--s 00000000 fe:00 10952767"
	  "                   /tmp/kt2/a\\012b c\n" },
	/*
	 * seq_pad() adds nothing past column 72, then its space: two
	 * spaces after the inode's own.
	 */
	{ "header wider than the padding",
	  LV(0xffffffffff600000, 0xffffffffff601000, P_RWX, 0x123456789a000,
	     ELFLOAD_VMA_SEGMENT, NULL), true,
	  { "/x", 0x103, 0x1234, 18446744073709551615ull, false, false },
	  "ffffffffff600000-ffffffffff601000 rwxp 123456789a000 103:1234"
	  " 18446744073709551615  /x\n" },
};

static void maps_line(void **state)
{
	char buf[512];
	bool ok = true;
	size_t i;
	int n;

	(void)state;
	for (i = 0; i < ARRAY_LEN(line_cases); i++) {
		const struct line_case *c = &line_cases[i];

		memset(buf, 'Z', sizeof(buf));
		n = elfload_format_maps_line(&c->vma, c->file ? &c->id : NULL,
					     buf, sizeof(buf));
		if (strcmp(buf, c->line) || n != (int)strlen(c->line)) {
			print_error("%s: got (%d) \"%s\", want \"%s\"\n",
				    c->what, n, buf, c->line);
			ok = false;
		}
	}
	if (!ok)
		fail();
}

/*
 * The name starts at column 73 while the header (up to the space after
 * the inode) is at most 72 wide; past that, two spaces separate them.
 */
static void maps_line_column(void **state)
{
	struct elfload_file_id id = { "/p", 8, 1, 0, false, false };
	struct elfload_vma v = LV(0x7ffff7fc2000, 0xffffffffff601000, P_R,
				  0x1234567890abc000, ELFLOAD_VMA_SEGMENT,
				  NULL);
	char buf[256], *after;
	size_t head, j;
	int digits;

	(void)state;
	for (digits = 1; digits <= 19; digits++) {
		id.inode = id.inode * 10 + 7;
		elfload_format_maps_line(&v, &id, buf, sizeof(buf));
		after = strstr(buf, " 08:01 ");
		assert_non_null(after);
		head = (size_t)(after - buf) + 7 + (size_t)digits + 1;
		assert_int_equal(buf[head - 1], ' ');
		if (head <= 72) {
			for (j = head; j < 73; j++)
				assert_int_equal(buf[j], ' ');
			assert_string_equal(buf + 73, "/p\n");
		} else {
			assert_int_equal(buf[head], ' ');
			assert_string_equal(buf + head + 1, "/p\n");
		}
	}
}

/*
 * A small buffer is never written past its end (checked by ASan), holds
 * the start of the line, and the full length is returned, as snprintf
 * does (also when the buffer ends inside the address columns).
 */
static void maps_line_small_buffer(void **state)
{
	const struct line_case *c = &line_cases[0];
	size_t len = strlen(c->line), size;
	bool same;
	int ret;
	char *buf;

	(void)state;
	for (size = 1; size <= len + 1; size++) {
		buf = malloc(size);
		assert_non_null(buf);
		ret = elfload_format_maps_line(&c->vma, &c->id, buf, size);
		same = strlen(buf) == size - 1 &&
		       !strncmp(buf, c->line, size - 1);
		free(buf);
		assert_int_equal(ret, len);
		assert_true(same);
	}
}

/* ---- any architecture, no host ---------------------------------------- */

#define TOY_ADDR_LIMIT_3GB 0x8000000ul	/* personality(2) ADDR_LIMIT_3GB */

/* TASK_SIZE of the toy architecture: 3 GiB under ADDR_LIMIT_3GB. */
static uint64_t toy_task_size(unsigned long personality)
{
	return personality & TOY_ADDR_LIMIT_3GB ? 0xc0000000ull :
						  0xffffe000ull;
}

static const struct elfload_arch_special toy_specials[] = {
	{ "[vvar]", 0x4000, P_R, 0 },
	{ "[vdso]", 0x1000, P_RX, 0 },
};

/*
 * An architecture that is not the host's, described the way an ia32
 * compat one would be: 4-byte words, a personality-dependent TASK_SIZE,
 * no [vsyscall].  Every number the planner uses must come from here.
 */
static const struct elfload_arch toy_arch = {
	.name = "toy", .platform = "toy", .machine = 0x7777, .elfclass = 1,
	.phdr_size = 32, .ehdr_size = 52, .min_page_size = 0x1000,
	.page_sizes = 0x1000, .huge_page_size = 4ull << 20,
	.max_insn_pages = 4, .word_size = 4, .stack_align = 16,
	.stack_jitter = 0, .task_size = 0xffffe000ull,
	.task_size_for = toy_task_size, .et_dyn_base = 0x56555000ull,
	.stack_guard_gap_pages = 256, .mmap_gap_min = 128ull << 20,
	.stack_rnd_bits = 11, .mmap_rnd_bits = 8, .brk_rnd_range = 32ull << 20,
	.specials = toy_specials, .nspecials = ARRAY_LEN(toy_specials),
};

/* A layout written out field by field: no host read, no system call. */
static void toy_layout(struct elfload_layout *lay, unsigned long personality)
{
	size_t i;

	memset(lay, 0, sizeof(*lay));
	lay->arch = &toy_arch;
	lay->page_size = 0x1000;
	lay->personality = personality;
	lay->stack_rlimit = 8ull << 20;
	lay->mmap_min_addr = 65536;
	lay->stack_strings = 100;
	lay->nspecial = toy_arch.nspecials;
	for (i = 0; i < toy_arch.nspecials; i++) {
		snprintf(lay->special[i].name, sizeof(lay->special[i].name),
			 "%s", toy_specials[i].name);
		lay->special[i].size = toy_specials[i].size;
		lay->special[i].prot = toy_specials[i].prot;
	}
}

static const struct elfload_phdr toy_ph[MAX_PH] = {
	LOAD(F_RX, 0, 0x8048000, 0x1000, 0x1000),
	LOAD(F_RW, 0x1000, 0x8049000, 0x100, 0x100),
};

/*
 * Plan in a child that may make no system call but write and exit
 * (seccomp strict mode): the planner is pure.  The plan comes back
 * through a pipe; false when the child did not finish cleanly.
 */
static bool plan_sealed(const struct elfload_layout *lay,
			const struct elfload_image *exe,
			struct elfload_plan *plan)
{
	struct elfload_plan_input in = { .exe = exe, .exe_file = &exe_id,
					 .layout = lay };
	struct elfload_diag d;
	size_t got = 0;
	int fds[2], status;
	ssize_t n;
	pid_t pid;

	if (pipe(fds) < 0 || (pid = fork()) < 0)
		return false;
	if (pid == 0) {
		long ok;

		close(fds[0]);
		ok = syscall(SYS_prctl, PR_SET_SECCOMP, SECCOMP_MODE_STRICT);
		if (ok == 0 && elfload_plan(&in, plan, &d) == 0)
			for (got = 0; got < sizeof(*plan); got += (size_t)n)
				if ((n = write(fds[1], (char *)plan + got,
					       sizeof(*plan) - got)) <= 0)
					break;
		syscall(SYS_exit, got == sizeof(*plan) ? 0 : 1);
	}
	close(fds[1]);
	while (got < sizeof(*plan) &&
	       (n = read(fds[0], (char *)plan + got, sizeof(*plan) - got)) > 0)
		got += (size_t)n;
	close(fds[0]);
	return waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	       !WEXITSTATUS(status) && got == sizeof(*plan);
}

/* The toy architecture's plan, under ADDR_LIMIT_3GB and without. */
static void foreign_arch(void **state)
{
	static const struct exp_vma want_3gb[] = {
		{ 0x8048000, 0x8049000, P_RX, ELFLOAD_VMA_SEGMENT,
		  ELFLOAD_OWNER_EXE, 0, 0, NULL },
		{ 0x8049000, 0x804a000, P_RW, ELFLOAD_VMA_SEGMENT,
		  ELFLOAD_OWNER_EXE, 1, 0x1000, NULL },
		{ 0xb7ffb000, 0xb7fff000, P_R, ELFLOAD_VMA_SPECIAL,
		  ELFLOAD_OWNER_NONE, -1, 0, "[vvar]" },
		{ 0xb7fff000, 0xb8000000, P_RX, ELFLOAD_VMA_SPECIAL,
		  ELFLOAD_OWNER_NONE, -1, 0, "[vdso]" },
		{ 0xbffdf000, 0xc0000000, P_RW, ELFLOAD_VMA_STACK,
		  ELFLOAD_OWNER_NONE, -1, 0, "[stack]" },
	};
	struct fixture *f = *state;
	size_t i;

	f->exe = make_image(ELFLOAD_ET_EXEC, 0x8048100, toy_ph, 0);
	assert_non_null(f->exe);
	toy_layout(&f->lay, TOY_ADDR_LIMIT_3GB);
	assert_true(plan_sealed(&f->lay, f->exe, f->plan));
	assert_int_equal(f->plan->nvmas, ARRAY_LEN(want_3gb));
	for (i = 0; i < ARRAY_LEN(want_3gb); i++)
		assert_true(check_vma("toy", i, &f->plan->vmas[i],
				      &want_3gb[i]));
	assert_int_equal(f->plan->mmap_base, 0xb8000000);
	assert_int_equal(f->plan->stack_top, 0xc0000000);
	assert_int_equal(f->plan->start_brk, 0x804a000);
	assert_int_equal(f->plan->entry, 0x8048100);

	toy_layout(&f->lay, 0);
	assert_true(plan_sealed(&f->lay, f->exe, f->plan));
	assert_int_equal(f->plan->stack_top, 0xffffe000);
	assert_int_equal(f->plan->mmap_base, 0xf7ffe000);
}

/* A layout of the ia32 description, its specials from its own table. */
static void ia32_layout(struct elfload_layout *lay, unsigned long personality)
{
	const struct elfload_arch *a = elfload_arch_for(ELFLOAD_ELFCLASS32,
							ELFLOAD_EM_386);
	size_t i;

	toy_layout(lay, personality);
	lay->arch = a;
	lay->nspecial = a->nspecials;
	for (i = 0; i < a->nspecials; i++) {
		snprintf(lay->special[i].name, sizeof(lay->special[i].name),
			 "%s", a->specials[i].name);
		lay->special[i].size = a->specials[i].size;
		lay->special[i].prot = a->specials[i].prot;
		lay->special[i].fixed_start = 0;
		lay->special[i].entry = 0;
	}
}

/*
 * ia32, the compat loader's numbers: COMPAT_ELF_ET_DYN_BASE follows
 * TASK_SIZE, the end marker is the kernel's 8 bytes; a program without
 * PT_GNU_STACK gets READ_IMPLIES_EXEC (readable is executable, the bss
 * and the stack too); the legacy layout maps bottom-up from TASK_SIZE/3.
 */
static void ia32_arch(void **state)
{
	static const struct elfload_phdr dyn_ph[MAX_PH] = {
		LOAD(F_RX, 0, 0, 0x1000, 0x1000),
		LOAD(F_RW, 0x1000, 0x1000, 0x100, 0x3000),
	};
	const struct elfload_arch *a = elfload_arch_for(ELFLOAD_ELFCLASS32,
							ELFLOAD_EM_386);
	struct fixture *f = *state;
	size_t i;

	assert_non_null(a);
	assert_int_equal(elfload_arch_task_size(a, 0), 0xffffe000);
	assert_int_equal(elfload_arch_task_size(a, TOY_ADDR_LIMIT_3GB),
			 0xc0000000);
	assert_int_equal(elfload_arch_et_dyn_base(a, 0), 0x56555000);
	assert_int_equal(elfload_arch_et_dyn_base(a, TOY_ADDR_LIMIT_3GB),
			 0x41000000);
	assert_int_equal(elfload_arch_stack_end_marker(a), 8);
	assert_int_equal(a->word_size, 4);

	f->exe = make_image(ELFLOAD_ET_EXEC, 0x8048100, toy_ph, 0);
	assert_non_null(f->exe);
	ia32_layout(&f->lay, 0);
	assert_true(plan_sealed(&f->lay, f->exe, f->plan));
	assert_true(f->plan->read_implies_exec);
	assert_true(f->plan->exec_stack);
	for (i = 0; i < f->plan->nvmas; i++)
		if (f->plan->vmas[i].kind != ELFLOAD_VMA_SPECIAL)
			assert_true(f->plan->vmas[i].prot & P_X);
	assert_int_equal(f->plan->vmas[1].prot, P_RW | P_X);
	assert_int_equal(f->plan->stack_top, 0xffffe000);
	elfload_image_free(f->exe);

	/* setarch -L: bottom-up from TASK_SIZE / 3, the vDSO right above. */
	f->exe = make_image(ELFLOAD_ET_DYN, 0x100, dyn_ph, 0);
	assert_non_null(f->exe);
	ia32_layout(&f->lay, 0x0200000 /* ADDR_COMPAT_LAYOUT */);
	assert_true(plan_sealed(&f->lay, f->exe, f->plan));
	assert_int_equal(f->plan->mmap_base, 0x55555000);
	assert_int_equal(f->plan->exe.bias, 0x55555000);
	assert_int_equal(f->plan->entry, 0x55555100);
	for (i = 0; i < f->plan->nvmas; i++)
		if (!f->plan->vmas[i].name ||
		    strcmp(f->plan->vmas[i].name, "[vvar]"))
			continue;
		else
			assert_int_equal(f->plan->vmas[i].start, 0x55559000);
	/* The same under vm.legacy_va_layout; top-down without either. */
	ia32_layout(&f->lay, 0);
	f->lay.legacy_va_layout = true;
	assert_true(plan_sealed(&f->lay, f->exe, f->plan));
	assert_int_equal(f->plan->exe.bias, 0x55555000);
	f->lay.legacy_va_layout = false;
	assert_true(plan_sealed(&f->lay, f->exe, f->plan));
	assert_true(f->plan->exe.bias > 0xf0000000);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
#define TP(f) cmocka_unit_test_setup_teardown(f, setup_pie, teardown)
	const struct CMUnitTest tests[] = {
		T(placement),
		T(bss),
		T(filesz_zero),
		T(overlap),
		T(errors),
		T(stack_size),
		T(no_load),
		T(stack_exec),
		T(mmap_base),
		T(mmap_base_unlimited_interp),
		TP(random_seed),
		TP(random_ranges),
		T(random_static_pie_brk),
		TP(observed),
		TP(observed_partial),
		T(maps_merge_real),
		T(maps_merge_rules),
		T(foreign_arch),
		T(ia32_arch),
		cmocka_unit_test(maps_line),
		cmocka_unit_test(maps_line_column),
		cmocka_unit_test(maps_line_small_buffer),
	};

	return cmocka_run_group_tests_name("plan", tests, NULL, NULL);
}
