// SPDX-License-Identifier: MIT
/*
 * Placing and mapping the loader's blob (see blob.h).
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "blob.h"
#include "internal.h"

/* The lowest place tried for a compat program's blob. */
#define BLOB_LOW 0x10000ull

/* The ranges a blob of @len bytes at @start would hit, in plan or process. */
static bool blob_fits(const struct elfload_plan *plan,
		      const struct loader_vmas *now, uint64_t start,
		      uint64_t len)
{
	size_t i;

	for (i = 0; i < plan->nvmas; i++)
		if (plan->vmas[i].start < start + len &&
		    start < plan->vmas[i].end)
			return false;
	for (i = 0; i < now->n; i++)
		if (now->v[i].start < start + len && start < now->v[i].end)
			return false;
	return true;
}

/*
 * Where the blob goes: free now and in the plan.  Search down from 1/8
 * of the address space (rarely used) in the architecture's steps (4 GiB
 * on x86-64), then up from there
 * (under ASan the shadow memory fills the low 16 TiB), then let the
 * kernel choose; 0 when nothing fits.
 */
static uint64_t blob_place(const struct elfload_program *prog,
			   const struct loader_vmas *now, uint64_t len)
{
	const struct elfload_arch *arch = prog->layout.arch;
	const uint64_t step = arch->loader_blob_step;
	const uint64_t top = elfload_arch_task_size(arch,
						    prog->layout.personality);
	uint64_t page = prog->layout.page_size;
	uint64_t cand, start = (top / 8) & ~(page - 1);
	uint64_t low = prog->layout.mmap_min_addr > BLOB_LOW ?
			       prog->layout.mmap_min_addr : BLOB_LOW;
	void *p;

	/*
	 * A compat program's way out unmaps stage 2 from address 0 (see
	 * loader_job_arch): below everything, when there is room.
	 */
	cand = (low + page - 1) & ~(page - 1);
	if (arch != loader_arch_native() && blob_fits(&prog->plan, now, 0,
						      cand + len))
		return cand;

	for (cand = start; cand >= step; cand -= step)
		if (blob_fits(&prog->plan, now, cand, len))
			return cand;
	for (cand = start + step; cand + len < top / 2; cand += step)
		if (blob_fits(&prog->plan, now, cand, len))
			return cand;
	p = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 0;
	munmap(p, len);
	cand = (uint64_t)(uintptr_t)p;
	return blob_fits(&prog->plan, now, cand, len) ? cand : 0;
}

/* Map the blob where neither the old process nor the plan has anything. */
int blob_map(const struct elfload_program *prog, const struct loader_vmas *now,
	     struct blob *b, struct elfload_diag *d)
{
	uint64_t page = prog->layout.page_size;
	uint64_t code = (uint64_t)(__stop_elfload_stage2 - __start_elfload_stage2);
	uint64_t data = sizeof(struct stage2_job) + STACK_IMAGE_MAX;
	uint64_t cand;
	void *p;

	b->code_len = (code + page - 1) & ~(page - 1);
	b->len = b->code_len + EVICTOR_STACK + ((data + page - 1) & ~(page - 1)) +
		 STAGE2_SCRATCH + STAGE2_STACK;
	cand = blob_place(prog, now, b->len);
	if (!cand)
		return elfload_diag_set(d, -ENOMEM, "loader", -1, NULL, 0, 0,
					"no room for the loader's stage 2");
	p = mmap((void *)cand, b->len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (p == MAP_FAILED)
		return elfload_diag_set(d, -errno, "loader", -1, NULL, 0, 0,
					"mapping stage 2: %s", strerror(errno));
	b->start = cand;
	memcpy(p, __start_elfload_stage2, code);
	b->job = (struct stage2_job *)((unsigned char *)p + b->code_len +
				       EVICTOR_STACK);
	memset(b->job, 0, sizeof(*b->job));
	b->image = (unsigned char *)(b->job + 1);
	b->image_room = STACK_IMAGE_MAX;
	return 0;
}
