// SPDX-License-Identifier: MIT
/*
 * The address-space planner (see plan.h): the layout decisions of the
 * kernel's execve for ELF files (fs/binfmt_elf.c load_elf_binary and
 * load_elf_interp, fs/exec.c setup_arg_pages, arch/<arch>/mm/mmap.c,
 * the vDSO mapping), carried out on a simulated VMA list, in the order
 * the kernel makes the mappings: stack, program, interpreter, vDSO.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <elfload/plan.h>

#include "internal.h"
#include "vmaset.h"

#define STACK_EXPAND (128ull << 10)	/* setup_arg_pages' stack_expand */
#define ADDR_COMPAT_LAYOUT 0x0200000ul	/* personality: legacy layout */

/* The planner's working state: input, output and the random stream. */
struct planner {
	const struct elfload_plan_input *in;
	const struct elfload_layout *lay;
	const struct elfload_arch *arch;
	struct elfload_plan *plan;
	struct elfload_diag *d;
	uint64_t page;
	uint64_t task_size;	/* TASK_SIZE for the layout (personality, page size) */
	uint64_t et_dyn_base;	/* ELF_ET_DYN_BASE for it */
	bool legacy;		/* bottom-up mmap layout (mmap_is_legacy) */
	bool read_implies_exec;	/* READ_IMPLIES_EXEC: readable is executable */
	uint64_t rng;
	uint32_t feature;	/* the arch's GNU property word, 0 if none */
};

/* splitmix64: a small deterministic stream standing in for get_random. */
static uint64_t next_random(struct planner *p)
{
	uint64_t z = (p->rng += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint64_t page_down(const struct planner *p, uint64_t x)
{
	return x & ~(p->page - 1);
}

static uint64_t page_up(const struct planner *p, uint64_t x)
{
	return (x + p->page - 1) & ~(p->page - 1);
}

/* A mapping's protection; do_mmap() adds PROT_EXEC under READ_IMPLIES_EXEC. */
static int prot_of(const struct planner *p, uint32_t flags)
{
	int prot = (flags & ELFLOAD_PF_R ? ELFLOAD_PROT_READ : 0) |
		   (flags & ELFLOAD_PF_W ? ELFLOAD_PROT_WRITE : 0) |
		   (flags & ELFLOAD_PF_X ? ELFLOAD_PROT_EXEC : 0);

	if (p->read_implies_exec && (prot & ELFLOAD_PROT_READ))
		prot |= ELFLOAD_PROT_EXEC;
	return prot;
}

/*
 * make_prot(): a segment's protection as the architecture adjusts it
 * (arm64: PROT_BTI on executable segments of a BTI image).
 */
static int segment_prot(const struct planner *p, enum elfload_owner owner,
			uint32_t flags)
{
	int prot = prot_of(p, flags);

	if (!p->arch->adjust_prot)
		return prot;
	return p->arch->adjust_prot(prot, p->feature, p->lay->hwcap2,
				    p->in->interp != NULL,
				    owner == ELFLOAD_OWNER_INTERP);
}

/*
 * parse_elf_properties(): the property word execve reads, from the
 * interpreter's PT_GNU_PROPERTY when there is an interpreter (none if it
 * has none: load_elf_binary() forgets the program's), else from the
 * program's; a note it refuses fails the exec with ENOEXEC before its
 * point of no return.
 */
static int plan_properties(struct planner *p)
{
	const struct elfload_image *img = p->in->interp ? p->in->interp :
							    p->in->exe;
	long i = elfload_image_property_phdr(img);
	int ret;

	if (!p->arch->gnu_property || i < 0)
		return 0;
	ret = elfload_gnu_property(img, &img->phdrs[i], p->arch->gnu_property,
				   &p->feature, p->d);
	return ret < 0 ? ret : 0;
}

/* mm->mmap_base (mmap_base() in arch/<arch>/mm/mmap.c, mm/util.c). */
static void plan_mmap_base(struct planner *p)
{
	const struct elfload_arch *a = p->arch;
	uint64_t gap = p->lay->stack_rlimit, pad, rnd = 0;

	if (p->lay->randomize && p->lay->observed.mmap_base) {
		p->plan->mmap_base = p->lay->observed.mmap_base;
		return;
	}
	pad = a->stack_guard_gap_pages * p->page;
	if (p->lay->randomize) {
		pad += ((1ull << a->stack_rnd_bits) - 1) * p->page;
		rnd = (next_random(p) & ((1ull << a->mmap_rnd_bits) - 1)) *
		      p->page;
	}
	if (p->legacy) {	/* mmap_legacy_base(): TASK_UNMAPPED_BASE */
		p->plan->mmap_base = page_up(p, p->task_size / 3) + rnd;
		return;
	}
	if (gap + pad > gap)
		gap += pad;
	if (gap < a->mmap_gap_min)
		gap = a->mmap_gap_min;
	else if (gap > p->task_size / 6 * 5)
		gap = p->task_size / 6 * 5;
	p->plan->mmap_base = page_up(p, p->task_size - gap - rnd);
}

/* vmaset_insert(), with a diagnostic when the table of VMAs is full. */
static int insert_vma(struct planner *p, const struct elfload_vma *v)
{
	if (!vmaset_insert(p->plan, v))
		return 0;
	return elfload_diag_set(p->d, -ENOMEM, "plan", -1, NULL,
				p->plan->nvmas, ELFLOAD_PLAN_MAX_VMAS,
				"more than %d mappings", ELFLOAD_PLAN_MAX_VMAS);
}

/* The stack VMA: setup_arg_pages() with its 128 KiB extension. */
static int plan_stack(struct planner *p)
{
	const struct elfload_arch *a = p->arch;
	struct elfload_vma v = { .kind = ELFLOAD_VMA_STACK, .phdr = -1,
				 .name = "[stack]" };
	uint64_t top = p->task_size, used, size, rlim;

	if (p->lay->randomize && p->lay->observed.stack_top) {
		top = p->lay->observed.stack_top;
	} else if (p->lay->randomize) {
		top -= (next_random(p) & ((1ull << a->stack_rnd_bits) - 1)) *
		       p->page;
		if (a->stack_jitter)	/* arch_align_stack() */
			top -= next_random(p) % a->stack_jitter;
		top = page_up(p, top & ~(a->stack_align - 1));
	}
	/* The strings sit below one zero word at the top. */
	used = top - page_down(p, top - elfload_arch_stack_end_marker(a) -
				 p->lay->stack_strings);
	rlim = page_down(p, p->lay->stack_rlimit);
	size = used + STACK_EXPAND < rlim ? used + STACK_EXPAND : rlim;
	if (size < used)
		size = used;
	v.start = top - size;
	v.end = top;
	v.prot = ELFLOAD_PROT_READ | ELFLOAD_PROT_WRITE |
		 (p->plan->exec_stack ? ELFLOAD_PROT_EXEC : 0);
	p->plan->stack_top = top;
	return insert_vma(p, &v);
}

/* Lowest page and highest byte of the PT_LOADs; false when none. */
static bool load_range(const struct planner *p, const struct elfload_image *img,
		       uint64_t *lo_out, uint64_t *hi_out)
{
	uint64_t lo = UINT64_MAX, hi = 0;
	size_t i;

	for (i = 0; i < img->phnum; i++) {
		const struct elfload_phdr *ph = &img->phdrs[i];

		if (ph->type != ELFLOAD_PT_LOAD)
			continue;
		if (page_down(p, ph->vaddr) < lo)
			lo = page_down(p, ph->vaddr);
		if (ph->vaddr + ph->memsz > hi)
			hi = ph->vaddr + ph->memsz;
	}
	if (lo == UINT64_MAX)
		return false;	/* no PT_LOAD: the outputs are left alone */
	*lo_out = lo;
	*hi_out = hi;
	return true;
}

/* total_mapping_size(): from the lowest page to the highest byte. */
static uint64_t total_mapping_size(const struct planner *p,
				   const struct elfload_image *img)
{
	uint64_t lo, hi;

	return load_range(p, img, &lo, &hi) ? hi - lo : 0;
}

/* maximum_alignment(): largest power-of-two p_align, at least a page. */
static uint64_t maximum_alignment(const struct planner *p,
				  const struct elfload_image *img)
{
	uint64_t align = 0;
	size_t i;

	for (i = 0; i < img->phnum; i++) {
		const struct elfload_phdr *ph = &img->phdrs[i];

		if (ph->type == ELFLOAD_PT_LOAD && is_power_of_2(ph->align) &&
		    ph->align > align)
			align = ph->align;
	}
	return align ? page_up(p, align) : 0;
}

static long first_load(const struct elfload_image *img)
{
	size_t i;

	for (i = 0; i < img->phnum; i++)
		if (img->phdrs[i].type == ELFLOAD_PT_LOAD)
			return (long)i;
	return -1;
}

static int fail(struct planner *p, int err, const char *structure, long index,
		const char *field, uint64_t value, uint64_t limit,
		const char *what)
{
	return elfload_diag_set(p->d, err, structure, index, field, value,
				limit, "%s", what);
}

/* The free-area search of the layout: top-down, or bottom-up (legacy). */
static int find_area(const struct planner *p, uint64_t len, uint64_t low,
		     uint64_t high, uint64_t guard, uint64_t *addr)
{
	return p->legacy ?
		vmaset_find_bottomup(p->plan, len, low, high, guard, addr) :
		vmaset_find_topdown(p->plan, len, low, high, guard, addr);
}

/*
 * get_unmapped_area() for a mapping without MAP_FIXED: the hint when it
 * is free, else the highest free range below mmap_base, 2 MiB-aligned for
 * large file mappings on filesystems that do so (__thp_get_unmapped_area).
 */
static int unmapped_area(struct planner *p, const struct elfload_file_id *f,
			 uint64_t hint, uint64_t len, uint64_t off,
			 uint64_t *addr)
{
	uint64_t guard = p->arch->stack_guard_gap_pages * p->page;
	uint64_t low = p->lay->mmap_min_addr > p->page ?
			       page_up(p, p->lay->mmap_min_addr) : p->page;
	uint64_t high = p->plan->mmap_base;
	uint64_t huge = p->arch->huge_page_size;
	uint64_t off_align = (off + huge - 1) & ~(huge - 1);
	uint64_t got;

	hint = page_down(p, hint);
	if (hint && hint >= low && hint <= p->task_size - len &&
	    !vmaset_busy(p->plan, hint, hint + len)) {
		*addr = hint;
		return 0;
	}
	if (p->legacy) {	/* bottom-up from mmap_base to TASK_SIZE */
		low = p->plan->mmap_base;
		high = p->task_size;
	}
	if (f && f->thp_aligned && huge && off + len > off_align &&
	    off + len - off_align >= huge &&
	    !find_area(p, len + huge, low, high, guard, &got)) {
		uint64_t sub = (off - got) & (huge - 1);

		*addr = sub || p->legacy ? got + sub : got + huge;
		return 0;
	}
	return find_area(p, len, low, high, guard, addr);
}

/* A fixed mapping must be in user space and above mmap_min_addr. */
static int check_fixed(struct planner *p, long i, uint64_t start, uint64_t end)
{
	if (end < start || end > p->task_size)
		return fail(p, -EINVAL, "program header", i, "p_vaddr", start,
			    p->task_size,
			    "segment does not fit in the user address space");
	if (start < p->lay->mmap_min_addr)
		return fail(p, -EINVAL, "program header", i, "p_vaddr", start,
			    p->lay->mmap_min_addr,
			    "segment lies below vm.mmap_min_addr");
	return 0;
}

/*
 * A mapping made over [start, end) replaces the bytes an earlier segment
 * had zeroed there (the kernel zeroes each segment's tail as it maps it):
 * forget those zero ranges.  A range lies within one page, so a mapping
 * covers it whole or not at all.
 */
static void forget_zero(struct planner *p, uint64_t start, uint64_t end)
{
	struct elfload_plan *plan = p->plan;
	size_t i = 0;

	while (i < plan->nzero) {
		if (plan->zero[i].start < end && start < plan->zero[i].end)
			memmove(&plan->zero[i], &plan->zero[i + 1],
				(--plan->nzero - i) * sizeof(plan->zero[0]));
		else
			i++;
	}
}

/* The first bytes of the bss share a file page: the kernel zeroes them. */
static int plan_padzero(struct planner *p, enum elfload_owner owner,
			const struct elfload_image *img, long i, uint64_t start,
			uint64_t off, uint64_t zero_start)
{
	const struct elfload_phdr *ph = &img->phdrs[i];
	struct elfload_zero *z;

	if (!(zero_start & (p->page - 1)) || !(ph->flags & ELFLOAD_PF_W))
		return 0;	/* aligned, or not writable: nothing zeroed */
	if (off + page_down(p, zero_start) - start >= img->file_size)
		return fail(p, -EINVAL, "program header", i, "p_filesz",
			    ph->filesz, img->file_size,
			    "the last file page of a writable segment lies beyond "
			    "the end of the file (the kernel faults zeroing it)");
	if (p->plan->nzero >= ARRAY_SIZE(p->plan->zero))
		return fail(p, -ENOMEM, "program header", i, NULL, 0, 0,
			    "too many segments");
	z = &p->plan->zero[p->plan->nzero++];
	z->owner = owner;
	z->phdr = (int)i;
	z->start = zero_start;
	z->end = page_up(p, zero_start);
	return 0;
}

/* elf_load(): one PT_LOAD at @addr, its file pages and its bss pages. */
static int map_segment(struct planner *p, enum elfload_owner owner,
		       const struct elfload_image *img, long i, uint64_t addr)
{
	const struct elfload_phdr *ph = &img->phdrs[i];
	uint64_t pgoff = ph->vaddr & (p->page - 1);
	uint64_t start = page_down(p, addr), zero_start, zero_end;
	struct elfload_vma v = { .owner = owner, .phdr = (int)i };
	int ret;

	if (ph->filesz > ph->memsz || ph->memsz > p->task_size ||
	    addr > p->task_size - ph->memsz)
		return fail(p, -EINVAL, "program header", i, "p_memsz",
			    ph->memsz, p->task_size,
			    ph->filesz > ph->memsz ? "p_filesz > p_memsz" :
			    "segment does not fit in the user address space");
	if (ph->filesz) {
		v.kind = ELFLOAD_VMA_SEGMENT;
		v.start = start;
		v.end = start + page_up(p, ph->filesz + pgoff);
		v.offset = ph->offset - pgoff;
		v.prot = segment_prot(p, owner, ph->flags);
		if (v.offset & (p->page - 1))
			return fail(p, -EINVAL, "program header", i, "p_offset",
				    ph->offset, ph->vaddr,
				    "p_offset and p_vaddr differ modulo the page size");
		ret = check_fixed(p, i, v.start, v.end);
		if (!ret)
			ret = insert_vma(p, &v);
		if (ret)
			return ret;
		forget_zero(p, v.start, v.end);
		if (ph->memsz <= ph->filesz)
			return 0;
		zero_start = start + pgoff + ph->filesz;
		ret = plan_padzero(p, owner, img, i, start, v.offset,
				   zero_start);
		if (ret)
			return ret;
	} else {
		zero_start = start;
	}
	zero_end = zero_start + (ph->filesz ? ph->memsz - ph->filesz :
					      pgoff + ph->memsz);
	if (ph->memsz <= ph->filesz ||
	    page_up(p, zero_end) <= page_up(p, zero_start))
		return 0;
	/* vm_brk_flags(): anonymous, always read-write. */
	v.kind = ELFLOAD_VMA_BSS;
	v.start = page_up(p, zero_start);
	v.end = page_up(p, zero_end);
	v.offset = 0;
	v.prot = ELFLOAD_PROT_READ | ELFLOAD_PROT_WRITE |
		 (ph->flags & ELFLOAD_PF_X || p->read_implies_exec ?
			  ELFLOAD_PROT_EXEC : 0);
	ret = check_fixed(p, i, v.start, v.end);
	if (!ret)
		ret = insert_vma(p, &v);
	if (!ret)
		forget_zero(p, v.start, v.end);
	return ret;
}

/* The segment accounting load_elf_binary keeps for mm and AT_PHDR. */
static void account_segment(struct planner *p, const struct elfload_image *img,
			    const struct elfload_phdr *ph, uint64_t *elf_brk,
			    bool *have_phdr)
{
	struct elfload_plan *plan = p->plan;
	uint64_t phoff = img->ehdr.phoff;

	if ((ph->flags & ELFLOAD_PF_X) && ph->vaddr < plan->start_code)
		plan->start_code = ph->vaddr;
	if (ph->vaddr > plan->start_data)
		plan->start_data = ph->vaddr;
	if ((ph->flags & ELFLOAD_PF_X) && ph->vaddr + ph->filesz > plan->end_code)
		plan->end_code = ph->vaddr + ph->filesz;
	if (ph->vaddr + ph->filesz > plan->end_data)
		plan->end_data = ph->vaddr + ph->filesz;
	if (ph->vaddr + ph->memsz > *elf_brk)
		*elf_brk = ph->vaddr + ph->memsz;
	/* AT_PHDR: the last PT_LOAD whose file range holds e_phoff. */
	if (ph->offset <= phoff && phoff - ph->offset < ph->filesz) {
		p->plan->exe.phdr_addr = phoff - ph->offset + ph->vaddr;
		*have_phdr = true;
	}
}

/* The program found no free range of @len bytes below mmap_base. */
static int no_room(struct planner *p, int err, long first, uint64_t len)
{
	return fail(p, err, "program header", first, "p_memsz", len,
		    p->plan->mmap_base, "image does not fit below mmap_base");
}

/*
 * Where the program's first PT_LOAD goes: its load bias, and whether the
 * address is fixed.  For a static PIE or a loader run directly, this
 * places the whole image top-down in the mmap area.
 */
static int place_exe(struct planner *p, long first, uint64_t total,
		     uint64_t *bias)
{
	const struct elfload_image *img = p->in->exe;
	const struct elfload_phdr *ph = &img->phdrs[first];
	uint64_t align = maximum_alignment(p, img), len, off, addr;
	int ret;

	if (img->ehdr.type == ELFLOAD_ET_EXEC) {
		*bias = 0;
		return 0;
	}
	len = page_up(p, total);
	off = ph->offset - (ph->vaddr & (p->page - 1));
	if (p->in->interp) {
		*bias = p->et_dyn_base;
		if (p->lay->randomize && p->lay->observed.exe_bias)
			*bias = p->lay->observed.exe_bias + ph->vaddr;
		else if (p->lay->randomize)
			*bias += (next_random(p) &
				  ((1ull << p->arch->mmap_rnd_bits) - 1)) *
				 p->page;
		if (align)
			*bias &= ~(align - 1);
	} else if (align > p->page) {
		/* Probe a hole, then align down inside it (6.10+). */
		ret = unmapped_area(p, p->in->exe_file, 0, len, off, &addr);
		if (ret)
			return no_room(p, ret, first, len);
		*bias = addr & ~(align - 1);
	} else {
		/* No fixed address: the kernel picks it, bias follows. */
		ret = unmapped_area(p, p->in->exe_file,
				    page_down(p, -ph->vaddr) + ph->vaddr, len,
				    off, &addr);
		if (ret)
			return no_room(p, ret, first, len);
		*bias = addr + (ph->vaddr & (p->page - 1));
	}
	*bias = page_down(p, *bias - ph->vaddr);
	/* MAP_FIXED_NOREPLACE over the whole reservation. */
	addr = page_down(p, *bias + ph->vaddr);
	if (len > p->task_size || addr > p->task_size - len)
		return fail(p, -EINVAL, "program header", first, "p_vaddr",
			    addr, p->task_size,
			    "image does not fit in the user address space");
	if (vmaset_busy(p->plan, addr, addr + len))
		return fail(p, -EINVAL, "program header", first, "p_vaddr",
			    addr, 0, "image would overlap an existing mapping");
	p->plan->exe.span_start = addr;
	p->plan->exe.span_end = addr + len;
	return 0;
}

/* Map the program's PT_LOADs in header order (load_elf_binary). */
static int plan_exe(struct planner *p)
{
	const struct elfload_image *img = p->in->exe;
	struct elfload_plan *plan = p->plan;
	uint64_t bias = 0, elf_brk = 0;
	long first = first_load(img), i;
	bool have_phdr = false;
	int ret;

	plan->exe.present = true;
	plan->start_code = UINT64_MAX;
	if (first >= 0) {
		ret = place_exe(p, first, total_mapping_size(p, img), &bias);
		if (ret)
			return ret;
	}
	for (i = 0; i < (long)img->phnum; i++) {
		const struct elfload_phdr *ph = &img->phdrs[i];

		if (ph->type != ELFLOAD_PT_LOAD)
			continue;
		if (i == first && img->ehdr.type == ELFLOAD_ET_EXEC && ph->filesz &&
		    vmaset_busy(plan, page_down(p, ph->vaddr),
				page_up(p, ph->vaddr + ph->filesz)))
			return fail(p, -EINVAL, "program header", i, "p_vaddr",
				    ph->vaddr, 0,
				    "segment would overlap an existing mapping");
		ret = map_segment(p, ELFLOAD_OWNER_EXE, img, i,
				  bias + ph->vaddr);
		if (ret)
			return ret;
		account_segment(p, img, ph, &elf_brk, &have_phdr);
	}
	plan->exe.bias = bias;
	plan->exe.entry = img->ehdr.entry + bias;
	plan->exe.phdr_addr = (have_phdr ? plan->exe.phdr_addr : 0) + bias;
	plan->start_code += bias;
	plan->end_code += bias;
	plan->start_data += bias;
	plan->end_data += bias;
	plan->brk = elf_brk + bias;
	if (img->ehdr.type == ELFLOAD_ET_EXEC &&
	    load_range(p, img, &plan->exe.span_start, &plan->exe.span_end))
		plan->exe.span_end = page_up(p, plan->exe.span_end);
	return 0;
}

/* load_elf_interp(): the interpreter, placed by the kernel (not fixed). */
static int plan_interp(struct planner *p)
{
	const struct elfload_image *img = p->in->interp;
	struct elfload_image_plan *ip = &p->plan->interp;
	uint64_t total = total_mapping_size(p, img), load_addr = 0;
	bool base_set = false;
	long i;
	int ret;

	if (!total)
		return fail(p, -EINVAL, "interpreter", -1, NULL, 0, 0,
			    "has no PT_LOAD segment");
	ip->present = true;
	for (i = 0; i < (long)img->phnum; i++) {
		const struct elfload_phdr *ph = &img->phdrs[i];
		uint64_t addr;

		if (ph->type != ELFLOAD_PT_LOAD)
			continue;
		/*
		 * elf_load() maps a first PT_LOAD without file bytes with
		 * vm_brk_flags() at the hint itself (address 0 when the
		 * program has a bias), with no reservation for the rest:
		 * not modelled, so refused rather than planned wrong.
		 */
		if (img->ehdr.type == ELFLOAD_ET_DYN && !base_set &&
		    !ph->filesz)
			return fail(p, -EINVAL, "interpreter", i, "p_filesz",
				    0, 0,
				    "first PT_LOAD has no file bytes (the "
				    "kernel maps it at its hint, unplanned)");
		if (img->ehdr.type == ELFLOAD_ET_DYN && !base_set) {
			uint64_t hint = p->plan->exe.bias ? 0 :
					page_down(p, ph->vaddr);

			ret = unmapped_area(p, p->in->interp_file, hint,
					    page_up(p, total),
					    ph->offset - (ph->vaddr &
							  (p->page - 1)),
					    &addr);
			if (ret)
				return fail(p, ret, "interpreter", -1, NULL,
					    total, 0, "does not fit below mmap_base");
			load_addr = addr - page_down(p, ph->vaddr);
			ip->span_start = addr;
			ip->span_end = addr + page_up(p, total);
			base_set = true;
		}
		ret = map_segment(p, ELFLOAD_OWNER_INTERP, img, i,
				  load_addr + ph->vaddr);
		if (ret)
			return ret;
	}
	ip->bias = load_addr;
	ip->entry = load_addr + img->ehdr.entry;
	if (ip->entry >= p->task_size)
		return fail(p, -EINVAL, "interpreter", -1, "e_entry",
			    img->ehdr.entry, p->task_size,
			    "entry point is beyond the user address space");
	return 0;
}

/* The special mappings without a fixed address: one block (map_vdso). */
static int plan_vdso(struct planner *p)
{
	const struct elfload_layout *lay = p->lay;
	uint64_t len = 0, addr;
	size_t i;
	int ret;

	for (i = 0; i < lay->nspecial; i++)
		if (!lay->special[i].fixed_start)
			len += lay->special[i].size;
	if (!len)
		return 0;
	ret = unmapped_area(p, NULL, 0, len, 0, &addr);
	if (ret)
		return fail(p, ret, "vdso", -1, NULL, len, 0,
			    "no room below mmap_base");
	for (i = 0; i < lay->nspecial; i++) {
		struct elfload_vma v = {
			.start = addr, .end = addr + lay->special[i].size,
			.prot = lay->special[i].prot,
			.kind = ELFLOAD_VMA_SPECIAL, .phdr = -1,
			.name = lay->special[i].name,
		};

		if (lay->special[i].fixed_start)
			continue;
		ret = insert_vma(p, &v);
		if (ret)
			return ret;
		addr = v.end;
	}
	return 0;
}

/* randomize_page(): a random page in [start, start + range). */
static uint64_t randomize_page(struct planner *p, uint64_t start,
			       uint64_t range)
{
	uint64_t pages;

	if (start & (p->page - 1)) {
		range -= page_up(p, start) - start;
		start = page_up(p, start);
	}
	if (start > UINT64_MAX - range)
		range = UINT64_MAX - start;
	pages = range / p->page;
	return pages ? start + next_random(p) % pages * p->page : start;
}

/* mm->start_brk and mm->brk; no heap VMA exists yet. */
static void plan_brk(struct planner *p)
{
	struct elfload_plan *plan = p->plan;
	bool moved = false;

	/* A loader run directly keeps its brk away from the mmap area. */
	if (p->in->exe->ehdr.type == ELFLOAD_ET_DYN && !p->in->interp) {
		plan->brk = p->et_dyn_base;
		moved = true;
	}
	plan->brk = page_up(p, plan->brk);
	if (p->lay->randomize && p->lay->observed.start_brk) {
		plan->brk = p->lay->observed.start_brk;
	} else if (p->lay->randomize) {
		if (!moved)
			plan->brk += p->page;
		plan->brk = randomize_page(p, plan->brk, p->arch->brk_rnd_range);
	}
	plan->start_brk = plan->brk;
}

static void plan_exec_stack(struct planner *p)
{
	const struct elfload_image *img = p->in->exe;
	size_t i;

	p->plan->exec_stack = false;
	p->read_implies_exec = p->arch->read_implies_exec;
	for (i = 0; i < img->phnum; i++) {
		if (img->phdrs[i].type != ELFLOAD_PT_GNU_STACK)
			continue;
		p->plan->exec_stack = img->phdrs[i].flags & ELFLOAD_PF_X;
		p->read_implies_exec = false;
	}
	/* EXSTACK_DEFAULT keeps VM_STACK_FLAGS: executable under it. */
	if (p->read_implies_exec)
		p->plan->exec_stack = true;
	p->plan->read_implies_exec = p->read_implies_exec;
}

/* The special mappings at fixed addresses, such as x86-64's [vsyscall]. */
static int plan_fixed_specials(struct planner *p)
{
	const struct elfload_layout *lay = p->lay;
	size_t i;
	int ret;

	for (i = 0; i < lay->nspecial; i++) {
		const struct elfload_special *s = &lay->special[i];
		struct elfload_vma v = {
			.start = s->fixed_start, .end = s->fixed_start + s->size,
			.prot = s->prot, .kind = ELFLOAD_VMA_VSYSCALL,
			.phdr = -1, .name = s->name,
		};

		if (!s->fixed_start)
			continue;
		ret = insert_vma(p, &v);
		if (ret)
			return ret;
	}
	return 0;
}

int elfload_plan(const struct elfload_plan_input *in, struct elfload_plan *plan,
		 struct elfload_diag *d)
{
	struct planner p = {
		.in = in, .lay = in->layout, .arch = in->layout->arch,
		.plan = plan, .d = d, .page = in->layout->page_size,
		.task_size = elfload_layout_task_size(in->layout),
		.et_dyn_base = elfload_layout_et_dyn_base(in->layout),
		.legacy = (in->layout->personality & ADDR_COMPAT_LAYOUT) ||
			  in->layout->legacy_va_layout,
		.rng = in->layout->seed,
	};
	int ret;

	elfload_diag_clear(d);
	memset(plan, 0, sizeof(*plan));
	if (!is_power_of_2(p.page) || !(p.page & p.arch->page_sizes) ||
	    !in->exe->phdrs)
		return fail(&p, -EINVAL, "layout", -1, "page_size", p.page, 0,
			    "bad page size or no program headers");
	ret = plan_properties(&p);
	if (ret)
		return ret;
	plan_exec_stack(&p);
	plan_mmap_base(&p);
	ret = plan_stack(&p);
	if (!ret)
		ret = plan_exe(&p);
	if (!ret && in->interp)
		ret = plan_interp(&p);
	if (!ret && !in->interp && plan->exe.entry >= p.task_size)
		ret = fail(&p, -EINVAL, "ELF header", -1, "e_entry",
			   in->exe->ehdr.entry, p.task_size,
			   "entry point is beyond the user address space");
	if (!ret)
		ret = plan_vdso(&p);
	if (!ret)
		ret = plan_fixed_specials(&p);
	if (ret)
		return ret;
	plan_brk(&p);
	plan->entry = in->interp ? plan->interp.entry : plan->exe.entry;
	return 0;
}
