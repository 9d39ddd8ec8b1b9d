// SPDX-License-Identifier: MIT
/*
 * elfload maps --explain and --json: each VMA with the sections it holds,
 * and the page arithmetic of mapping sections one by one versus merged
 * into segments.
 */
#include <inttypes.h>
#include <string.h>

#include "cli.h"
#include "maps.h"


static void print_name(const char *name, void *arg)
{
	(void)arg;
	printf(" %s", name);
}

static const char *vma_role(const struct elfload_vma *v)
{
	switch (v->kind) {
	case ELFLOAD_VMA_SEGMENT: return "file pages of";
	case ELFLOAD_VMA_BSS: return "zero-filled bss pages of";
	case ELFLOAD_VMA_STACK: return "initial stack";
	case ELFLOAD_VMA_SPECIAL: return "kernel-provided mapping";
	case ELFLOAD_VMA_VSYSCALL: return "legacy vsyscall page";
	}
	return "";
}

static void explain_vma(const struct elfload_program *prog,
			const struct elfload_vma *v)
{
	const char *owner = v->owner == ELFLOAD_OWNER_EXE ? "program" :
			    v->owner == ELFLOAD_OWNER_INTERP ? "interpreter" : NULL;
	uint64_t pages = (v->end - v->start) /
			 elfload_program_layout(prog)->page_size;

	printf("      %" PRIu64 " page%s, %s", pages, pages == 1 ? "" : "s",
	       vma_role(v));
	if (owner)
		printf(" %s segment %d;", owner, v->phdr);
	if (v->kind == ELFLOAD_VMA_SEGMENT || v->kind == ELFLOAD_VMA_BSS) {
		printf(" sections:");
		elfload_program_vma_sections(prog, v, print_name, NULL);
	}
	putchar('\n');
}

/* Pages if every allocated section were mapped alone, versus by segment. */
static void page_arithmetic(const char *what, const struct elfload_image *img,
			    uint64_t page)
{
	uint64_t alone = 0, merged = 0, bytes = 0;
	struct elfload_extent ext;
	size_t i;

	for (i = 1; img->shdrs && i < img->shnum; i++) {
		const struct elfload_shdr *s = &img->shdrs[i];

		if ((s->flags & ELFLOAD_SHF_ALLOC) && s->size)
			alone += (s->size + page - 1) / page;
	}
	for (i = 0; i < img->phnum; i++) {
		const struct elfload_phdr *ph = &img->phdrs[i];

		if (ph->type != ELFLOAD_PT_LOAD ||
		    !elfload_segment_extent(ph, page, &ext))
			continue;
		merged += (ext.end - ext.start) / page;
		bytes += ph->memsz;
	}
	printf("  %s: sections mapped one by one would take %" PRIu64
	       " pages; merged into segments they take %" PRIu64 " pages\n"
	       "    (%" PRIu64 " bytes of segments in %" PRIu64
	       " bytes of pages: %" PRIu64 " bytes lost to page rounding)\n",
	       what, alone, merged, bytes, merged * page,
	       merged * page - bytes);
}

static void explain_line(const char *line, const struct elfload_vma *v,
			 void *prog)
{
	fputs(line, stdout);
	explain_vma(prog, v);
}

int print_maps_explained(const struct elfload_program *prog)
{
	const struct elfload_image *interp = elfload_program_interp(prog);
	const struct elfload_plan *plan = elfload_program_plan(prog);
	uint64_t page = elfload_program_layout(prog)->page_size;

	elfload_program_maps_lines(prog, explain_line, (void *)prog);
	printf("\nPage arithmetic (page size %" PRIu64 "):\n", page);
	page_arithmetic(elfload_program_execfn(prog), elfload_program_exe(prog),
			page);
	if (interp)
		page_arithmetic(elfload_program_interp_name(prog), interp, page);
	printf("\nentry %#" PRIx64 ", brk %#" PRIx64 ", stack top %#" PRIx64
	       ", mmap base %#" PRIx64 "\n",
	       plan->entry, plan->start_brk, plan->stack_top, plan->mmap_base);
	return EXIT_OK;
}

static void json_name(const char *name, void *arg)
{
	json_str(arg, NULL, name);
}

static void vma_json(struct json *j, const struct elfload_program *prog,
		     const struct elfload_vma *v, bool explain)
{
	const struct elfload_file_id *f =
		elfload_plan_vma_file(elfload_program_input(prog), v);
	static const char *const kinds[] = { "segment", "bss", "stack",
					     "special", "vsyscall" };
	static const char *const owners[] = { NULL, "program", "interpreter" };
	char perms[5], dev[16];

	snprintf(perms, sizeof(perms), "%c%c%c%c",
		 v->prot & ELFLOAD_PROT_READ ? 'r' : '-',
		 v->prot & ELFLOAD_PROT_WRITE ? 'w' : '-',
		 v->prot & ELFLOAD_PROT_EXEC ? 'x' : '-', v->shared ? 's' : 'p');
	snprintf(dev, sizeof(dev), "%02x:%02x", f ? f->dev_major : 0,
		 f ? f->dev_minor : 0);
	json_begin_object(j, NULL);
	json_addr(j, "start", v->start);
	json_addr(j, "end", v->end);
	json_str(j, "perms", perms);
	json_u64(j, "offset", f ? v->offset : 0);
	json_str(j, "dev", dev);
	json_u64(j, "inode", f ? f->inode : 0);
	json_str(j, "path", f ? f->path : v->name);
	json_str(j, "kind", kinds[v->kind]);
	json_str(j, "owner", owners[v->owner]);
	if (v->phdr >= 0)
		json_i64(j, "phdr", v->phdr);
	if (explain) {
		json_begin_array(j, "sections");
		elfload_program_vma_sections(prog, v, json_name, j);
		json_end_array(j);
	}
	json_end_object(j);
}

static void image_json(struct json *j, const char *key,
		       const struct elfload_image_plan *ip)
{
	if (!ip->present) {
		json_null(j, key);
		return;
	}
	json_begin_object(j, key);
	json_addr(j, "bias", ip->bias);
	json_addr(j, "entry", ip->entry);
	json_addr(j, "phdr", ip->phdr_addr);
	json_end_object(j);
}

int print_maps_json(const struct elfload_program *prog, bool explain)
{
	struct elfload_vma vmas[ELFLOAD_PLAN_MAX_VMAS];
	const struct elfload_plan *plan = elfload_program_plan(prog);
	const struct elfload_layout *lay = elfload_program_layout(prog);
	size_t i, n = elfload_plan_maps(plan, vmas, ELFLOAD_PLAN_MAX_VMAS);
	struct json j;

	json_init(&j, stdout);
	json_begin_object(&j, NULL);
	json_str(&j, "file", elfload_program_execfn(prog));
	json_str(&j, "interp", elfload_program_interp(prog) ?
				       elfload_program_interp_name(prog) : NULL);
	json_bool(&j, "randomized", lay->randomize);
	json_u64(&j, "seed", lay->seed);
	json_u64(&j, "page_size", lay->page_size);
	json_addr(&j, "entry", plan->entry);
	image_json(&j, "program", &plan->exe);
	image_json(&j, "interpreter", &plan->interp);
	json_addr(&j, "mmap_base", plan->mmap_base);
	json_addr(&j, "stack_top", plan->stack_top);
	json_addr(&j, "start_brk", plan->start_brk);
	json_bool(&j, "exec_stack", plan->exec_stack);
	json_begin_array(&j, "vmas");
	for (i = 0; i < n && i < ELFLOAD_PLAN_MAX_VMAS; i++)
		vma_json(&j, prog, &vmas[i], explain);
	json_end_array(&j);
	json_end_object(&j);
	json_finish(&j);
	return EXIT_OK;
}
