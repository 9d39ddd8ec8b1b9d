// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the address-space planner, elfload_plan().
 *
 * Input: a 22-byte header, then the executable's bytes, then the
 * interpreter's bytes:
 *
 *	0	flags: 1 randomize, 2 with an interpreter, 4/8 executable/
 *		interpreter read headers only, 16/32 their files align to
 *		huge pages
 *	1..8	seed of the simulated randomness
 *	9	stack limit (one of four) and 10..11 bytes of stack strings
 *	12..15	executable length (the rest is the interpreter)
 *	16..19	executable file size, 20..21 interpreter file size in pages
 *		(at least the bytes present: a file may be given by its
 *		headers alone, as `elfload maps` reads it)
 *
 * Both images go through the kernel's checks first, as elfload_program_open
 * does (the planner's contract); a bad interpreter leaves the executable
 * planned alone.  A plan that succeeds must be a possible address space:
 * VMAs sorted, disjoint, page-aligned, inside user space and above
 * mmap_min_addr, each segment VMA where its program header says, the vDSO
 * and vsyscall as the layout says; the same plan again for the same input
 * (and for any seed when not randomizing); and /proc/PID/maps lines whose
 * length snprintf-style formatting predicts.
 */
#include <errno.h>

#include <elfload/elf.h>
#include <elfload/image.h>
#include <elfload/plan.h>
#include <elfload/validate.h>

#include "fuzz.h"

#define PAGE 4096ull
#define MMAP_MIN_ADDR 65536ull
#define VSYSCALL_START 0xffffffffff600000ull
#define HEADER_SIZE 22

struct plan_case {
	struct elfload_layout lay;
	struct elfload_image *exe, *interp;
	struct elfload_file_id exe_id, interp_id;
	struct elfload_plan_input in;
};

static uint64_t page_down(uint64_t x)
{
	return x & ~(PAGE - 1);
}

static uint64_t page_up(uint64_t x)
{
	return (x + PAGE - 1) & ~(PAGE - 1);
}

/* The fixed machine: x86-64, 4 KiB pages, the vDSO of Linux 6.18. */
static void layout_init(struct elfload_layout *lay, struct fuzz_bytes *b)
{
	static const struct elfload_special special[] = {
		{ "[vvar]", 0x4000, ELFLOAD_PROT_READ, 0, 0 },
		{ "[vvar_vclock]", 0x2000, ELFLOAD_PROT_READ, 0, 0 },
		{ "[vdso]", 0x2000, ELFLOAD_PROT_READ | ELFLOAD_PROT_EXEC, 0, 0 },
		{ "[vsyscall]", 0x1000, ELFLOAD_PROT_EXEC, VSYSCALL_START, 0 },
	};
	static const uint64_t rlimits[] = { 8ull << 20, 128ull << 10,
					    1ull << 30, UINT64_MAX };
	uint64_t limit;

	memset(lay, 0, sizeof(*lay));
	lay->arch = elfload_arch_for(2, 62);	/* x86-64 */
	lay->page_size = PAGE;
	lay->mmap_min_addr = MMAP_MIN_ADDR;
	lay->nspecial = sizeof(special) / sizeof(special[0]);
	memcpy(lay->special, special, sizeof(special));
	lay->seed = fuzz_uint(b, 8);
	lay->stack_rlimit = rlimits[fuzz_u8(b) & 3];
	/* execve refuses strings beyond a quarter of the stack limit */
	limit = lay->stack_rlimit / 4 < (6ull << 20) ? lay->stack_rlimit / 4 :
						       6ull << 20;
	lay->stack_strings = 1 + fuzz_uint(b, 2) % limit;
}

/* Decode and check one image as elfload_program_open would. */
static struct elfload_image *load_image(const uint8_t *p, size_t n,
					uint64_t file_size, bool headers,
					bool is_interp)
{
	const struct elfload_arch *arch = elfload_arch_for(2, 62);
	struct elfload_image *img;
	struct elfload_diag d;
	int ret;

	if (elfload_image_parse(p, n, is_interp ? "interp" : "exe",
				headers ? ELFLOAD_IMAGE_HEADERS : 0, &img,
				&d) < 0)
		return NULL;
	if (file_size > img->file_size)
		img->file_size = file_size;
	ret = is_interp ? elfload_check_interp(img, arch, &d) :
			  elfload_check_exec(img, arch, &d);
	if (!ret)
		ret = elfload_check_segments(img, arch, PAGE, is_interp, &d);
	if (ret) {
		elfload_image_free(img);
		return NULL;
	}
	return img;
}

static bool make_case(const uint8_t *data, size_t size, struct plan_case *c,
		      bool *randomize)
{
	struct fuzz_bytes b = { data, size };
	uint8_t flags = fuzz_u8(&b);
	size_t exe_len;
	uint64_t exe_size, interp_size;

	memset(c, 0, sizeof(*c));
	layout_init(&c->lay, &b);
	exe_len = fuzz_uint(&b, 4);
	exe_size = fuzz_uint(&b, 4);
	interp_size = fuzz_uint(&b, 2) * PAGE;
	if (size < HEADER_SIZE)
		return false;
	data += HEADER_SIZE;
	size -= HEADER_SIZE;
	if (exe_len > size)
		exe_len = size;
	*randomize = flags & 1;
	c->exe = load_image(data, exe_len, exe_size, flags & 4, false);
	if (!c->exe)
		return false;
	if (flags & 2)
		c->interp = load_image(data + exe_len, size - exe_len,
				       interp_size, flags & 8, true);
	c->exe_id = (struct elfload_file_id){ "/fuzz/exe", 8, 1, 12,
					      flags & 16, false };
	c->interp_id = (struct elfload_file_id){ "/fuzz/ld.so", 8, 1, 13,
						 flags & 32, false };
	c->in.exe = c->exe;
	c->in.exe_file = &c->exe_id;
	c->in.interp = c->interp;
	c->in.interp_file = c->interp ? &c->interp_id : NULL;
	c->in.layout = &c->lay;
	return true;
}

static const struct elfload_image *owner_image(const struct plan_case *c,
					       enum elfload_owner o)
{
	if (o == ELFLOAD_OWNER_EXE)
		return c->exe;
	return o == ELFLOAD_OWNER_INTERP ? c->interp : NULL;
}

static const struct elfload_image_plan *
owner_plan(const struct elfload_plan *plan, enum elfload_owner o)
{
	return o == ELFLOAD_OWNER_EXE ? &plan->exe : &plan->interp;
}

static int prot_of(uint32_t flags)
{
	return (flags & ELFLOAD_PF_R ? ELFLOAD_PROT_READ : 0) |
	       (flags & ELFLOAD_PF_W ? ELFLOAD_PROT_WRITE : 0) |
	       (flags & ELFLOAD_PF_X ? ELFLOAD_PROT_EXEC : 0);
}

/* A file or bss VMA lies where its PT_LOAD puts it, with its protection. */
static void check_segment_vma(const struct plan_case *c,
			      const struct elfload_plan *plan,
			      const struct elfload_vma *v, size_t i)
{
	const struct elfload_image *img = owner_image(c, v->owner);
	const struct elfload_phdr *ph;
	uint64_t addr, lo;

	FUZZ_CHECK(img && v->phdr >= 0 && (size_t)v->phdr < img->phnum &&
			   img->phdrs[v->phdr].type == ELFLOAD_PT_LOAD,
		   "VMA %zu: owner %d, program header %d", i, v->owner,
		   v->phdr);
	ph = &img->phdrs[v->phdr];
	addr = owner_plan(plan, v->owner)->bias + ph->vaddr;
	lo = page_down(addr);
	if (v->kind == ELFLOAD_VMA_SEGMENT) {
		FUZZ_CHECK(ph->filesz && v->prot == prot_of(ph->flags) &&
				   !(v->offset & (PAGE - 1)),
			   "VMA %zu: file mapping of segment %d", i, v->phdr);
		FUZZ_CHECK(v->start >= lo &&
				   v->end <= lo + page_up(ph->filesz +
							  (addr - lo)) &&
				   v->offset - page_down(ph->offset) ==
					   v->start - lo,
			   "VMA %zu %#llx-%#llx off %#llx: not where segment "
			   "%d maps", i, (unsigned long long)v->start,
			   (unsigned long long)v->end,
			   (unsigned long long)v->offset, v->phdr);
		return;
	}
	FUZZ_CHECK(v->prot == (ELFLOAD_PROT_READ | ELFLOAD_PROT_WRITE |
			       (ph->flags & ELFLOAD_PF_X ? ELFLOAD_PROT_EXEC : 0)),
		   "VMA %zu: bss protection %d", i, v->prot);
	FUZZ_CHECK(v->start >= (ph->filesz ? page_up(addr + ph->filesz) : lo) &&
			   v->end <= page_up(addr + ph->memsz),
		   "VMA %zu %#llx-%#llx: not the bss of segment %d", i,
		   (unsigned long long)v->start, (unsigned long long)v->end,
		   v->phdr);
}

/* One VMA on its own. */
static void check_vma(const struct plan_case *c,
		      const struct elfload_plan *plan,
		      const struct elfload_vma *v, size_t i)
{
	const struct elfload_arch *arch = c->lay.arch;

	FUZZ_CHECK(v->start < v->end && !(v->start & (PAGE - 1)) &&
			   !(v->end & (PAGE - 1)) && !(v->prot & ~7),
		   "VMA %zu: %#llx-%#llx prot %d", i,
		   (unsigned long long)v->start, (unsigned long long)v->end,
		   v->prot);
	if (v->kind != ELFLOAD_VMA_VSYSCALL)
		FUZZ_CHECK(v->start >= MMAP_MIN_ADDR &&
				   v->end <= arch->task_size,
			   "VMA %zu: %#llx-%#llx outside user space", i,
			   (unsigned long long)v->start,
			   (unsigned long long)v->end);
	switch (v->kind) {
	case ELFLOAD_VMA_SEGMENT:
	case ELFLOAD_VMA_BSS:
		check_segment_vma(c, plan, v, i);
		break;
	case ELFLOAD_VMA_STACK:
		FUZZ_CHECK(v->end <= plan->stack_top &&
				   v->owner == ELFLOAD_OWNER_NONE,
			   "VMA %zu: stack above its top", i);
		break;
	default:
		FUZZ_CHECK(v->owner == ELFLOAD_OWNER_NONE && v->name,
			   "VMA %zu: kernel mapping", i);
	}
}

/* The vDSO block and [vsyscall], exactly as the layout describes them. */
static void check_special(const struct plan_case *c,
			  const struct elfload_plan *plan)
{
	size_t i, nspecial = 0, nvsys = 0;
	uint64_t next = 0;

	for (i = 0; i < plan->nvmas; i++) {
		const struct elfload_vma *v = &plan->vmas[i];
		const struct elfload_special *s = &c->lay.special[nspecial];

		if (v->kind == ELFLOAD_VMA_VSYSCALL)
			FUZZ_CHECK(++nvsys == 1 &&
					   v->start == VSYSCALL_START &&
					   v->end == VSYSCALL_START + 0x1000,
				   "vsyscall");
		if (v->kind != ELFLOAD_VMA_SPECIAL)
			continue;
		FUZZ_CHECK(nspecial < c->lay.nspecial &&
				   !strcmp(v->name, s->name) &&
				   v->end - v->start == s->size &&
				   v->prot == s->prot &&
				   (!nspecial || v->start == next),
			   "special mapping %zu (%s)", nspecial, v->name);
		next = v->end;
		nspecial++;
	}
	FUZZ_CHECK(nspecial + 1 == c->lay.nspecial && nvsys == 1,
		   "%zu special mappings, %zu vsyscall", nspecial, nvsys);
}

/* Are the PT_LOADs in ascending p_vaddr order, as the ELF spec asks? */
static bool loads_sorted(const struct elfload_image *img)
{
	uint64_t last = 0;
	size_t i;

	for (i = 0; i < img->phnum; i++) {
		if (img->phdrs[i].type != ELFLOAD_PT_LOAD)
			continue;
		if (img->phdrs[i].vaddr < last)
			return false;
		last = img->phdrs[i].vaddr;
	}
	return true;
}

/* An image's plan: aligned bias and span holding all of its VMAs. */
static void check_image_plan(const struct plan_case *c,
			     const struct elfload_plan *plan,
			     enum elfload_owner o)
{
	const struct elfload_image *img = owner_image(c, o);
	const struct elfload_image_plan *ip = owner_plan(plan, o);
	size_t i;

	FUZZ_CHECK(ip->present && !(ip->bias & (PAGE - 1)) &&
			   ip->entry == img->ehdr.entry + ip->bias,
		   "image %d: bias %#llx entry %#llx", o,
		   (unsigned long long)ip->bias,
		   (unsigned long long)ip->entry);
	if (!loads_sorted(img) || (o == ELFLOAD_OWNER_INTERP &&
				   img->ehdr.type != ELFLOAD_ET_DYN))
		return;
	FUZZ_CHECK(ip->span_start <= ip->span_end &&
			   !(ip->span_start & (PAGE - 1)) &&
			   !(ip->span_end & (PAGE - 1)),
		   "image %d: span", o);
	for (i = 0; i < plan->nvmas; i++) {
		const struct elfload_vma *v = &plan->vmas[i];

		if (v->owner == o)
			FUZZ_CHECK(v->start >= ip->span_start &&
					   v->end <= ip->span_end,
				   "VMA %zu outside its image's span", i);
	}
}

/* The bytes the kernel zeroes after a writable segment's file part. */
static void check_zero(const struct plan_case *c,
		       const struct elfload_plan *plan)
{
	size_t i;

	FUZZ_CHECK(plan->nzero <= sizeof(plan->zero) / sizeof(plan->zero[0]),
		   "%zu zero ranges", plan->nzero);
	for (i = 0; i < plan->nzero; i++) {
		const struct elfload_zero *z = &plan->zero[i];
		const struct elfload_image *img = owner_image(c, z->owner);
		const struct elfload_phdr *ph;

		FUZZ_CHECK(img && z->phdr >= 0 && (size_t)z->phdr < img->phnum,
			   "zero range %zu", i);
		ph = &img->phdrs[z->phdr];
		FUZZ_CHECK(z->start == owner_plan(plan, z->owner)->bias +
						  ph->vaddr + ph->filesz &&
				   z->start < z->end &&
				   z->end == page_up(z->start) &&
				   (ph->flags & ELFLOAD_PF_W) &&
				   ph->memsz > ph->filesz,
			   "zero range %zu: %#llx-%#llx", i,
			   (unsigned long long)z->start,
			   (unsigned long long)z->end);
	}
}

static void check_plan(const struct plan_case *c,
		       const struct elfload_plan *plan)
{
	size_t i;

	FUZZ_CHECK(plan->nvmas && plan->nvmas <= ELFLOAD_PLAN_MAX_VMAS,
		   "%zu VMAs", plan->nvmas);
	for (i = 0; i < plan->nvmas; i++) {
		check_vma(c, plan, &plan->vmas[i], i);
		if (i)
			FUZZ_CHECK(plan->vmas[i - 1].end <= plan->vmas[i].start,
				   "VMAs %zu and %zu overlap or are unsorted",
				   i - 1, i);
	}
	FUZZ_CHECK(!(plan->stack_top & (PAGE - 1)) &&
			   plan->stack_top <= c->lay.arch->task_size,
		   "stack top %#llx", (unsigned long long)plan->stack_top);
	check_special(c, plan);
	check_image_plan(c, plan, ELFLOAD_OWNER_EXE);
	FUZZ_CHECK(plan->interp.present == !!c->interp, "interp present");
	if (c->interp)
		check_image_plan(c, plan, ELFLOAD_OWNER_INTERP);
	FUZZ_CHECK(plan->entry == (c->interp ? plan->interp.entry :
					       plan->exe.entry) &&
			   plan->entry < c->lay.arch->task_size,
		   "entry %#llx", (unsigned long long)plan->entry);
	FUZZ_CHECK(plan->start_brk == plan->brk && !(plan->brk & (PAGE - 1)),
		   "brk %#llx", (unsigned long long)plan->brk);
	check_zero(c, plan);
}

static bool same_vma(const struct elfload_vma *a, const struct elfload_vma *b)
{
	return a->start == b->start && a->end == b->end &&
	       a->prot == b->prot && a->shared == b->shared &&
	       a->offset == b->offset && a->kind == b->kind &&
	       a->owner == b->owner && a->phdr == b->phdr &&
	       a->name == b->name;
}

static bool same_plan(const struct elfload_plan *a,
		      const struct elfload_plan *b)
{
	size_t i;

	if (a->nvmas != b->nvmas || a->nzero != b->nzero ||
	    a->entry != b->entry || a->brk != b->brk ||
	    a->stack_top != b->stack_top || a->mmap_base != b->mmap_base ||
	    a->exe.bias != b->exe.bias || a->interp.bias != b->interp.bias ||
	    memcmp(a->zero, b->zero, a->nzero * sizeof(a->zero[0])))
		return false;
	for (i = 0; i < a->nvmas; i++)
		if (!same_vma(&a->vmas[i], &b->vmas[i]))
			return false;
	return true;
}

/* /proc/PID/maps: merged VMAs covering the same bytes, well formatted. */
static void check_maps(const struct plan_case *c,
		       const struct elfload_plan *plan)
{
	static struct elfload_vma maps[ELFLOAD_PLAN_MAX_VMAS];
	char line[512], small[64];
	uint64_t bytes = 0, merged = 0;
	size_t n = elfload_plan_maps(plan, maps, ELFLOAD_PLAN_MAX_VMAS);
	size_t i, room;
	int len, len2;

	FUZZ_CHECK(n && n <= plan->nvmas, "%zu maps lines of %zu VMAs", n,
		   plan->nvmas);
	for (i = 0; i < plan->nvmas; i++)
		bytes += plan->vmas[i].end - plan->vmas[i].start;
	for (i = 0; i < n; i++) {
		const struct elfload_file_id *f =
			elfload_plan_vma_file(&c->in, &maps[i]);

		FUZZ_CHECK(!i || maps[i - 1].end <= maps[i].start,
			   "maps lines %zu and %zu", i - 1, i);
		merged += maps[i].end - maps[i].start;
		len = elfload_format_maps_line(&maps[i], f, line, sizeof(line));
		FUZZ_CHECK(len > 0 && (size_t)len < sizeof(line) &&
				   strlen(line) == (size_t)len &&
				   line[len - 1] == '\n',
			   "maps line %zu: %d bytes", i, len);
		/* A short buffer: truncated, terminated, same length. */
		room = 1 + i % sizeof(small);
		len2 = elfload_format_maps_line(&maps[i], f, small, room);
		FUZZ_CHECK(len2 == len &&
				   strlen(small) == ((size_t)len < room ?
							     (size_t)len :
							     room - 1) &&
				   !strncmp(small, line, strlen(small)),
			   "maps line %zu in %zu bytes", i, room);
	}
	FUZZ_CHECK(merged == bytes, "maps cover %#llx bytes of %#llx",
		   (unsigned long long)merged, (unsigned long long)bytes);
}

static void free_case(struct plan_case *c)
{
	elfload_image_free(c->exe);
	elfload_image_free(c->interp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct elfload_plan plan, again;
	struct plan_case c;
	struct elfload_diag d;
	bool randomize;
	int ret;

	if (!make_case(data, size, &c, &randomize)) {
		free_case(&c);
		return 0;
	}
	c.lay.randomize = randomize;
	ret = elfload_plan(&c.in, &plan, &d);
	fuzz_check_diag(&d, ret, "elfload_plan");
	FUZZ_CHECK(!ret || ret == -EINVAL || ret == -ENOMEM, "plan %d: %s",
		   ret, d.msg);
	if (!ret) {
		check_plan(&c, &plan);
		check_maps(&c, &plan);
	}
	/* Pure: the same answer again, and for any seed without randomness. */
	if (!randomize)
		c.lay.seed = ~c.lay.seed;
	FUZZ_CHECK(elfload_plan(&c.in, &again, &d) == ret &&
			   (ret || same_plan(&plan, &again)),
		   "a second plan differs");
	free_case(&c);
	return 0;
}
