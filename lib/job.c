// SPDX-License-Identifier: MIT
/*
 * Building the stage-2 job from the plan (see job.h).  Nothing here is
 * irreversible: the job is data in the blob until stage 2 runs it.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <elfload/stack.h>

#include "initstack.h"
#include "internal.h"
#include "job.h"

/*
 * Naming anonymous VMAs (Linux 5.17, include/uapi/linux/prctl.h); not
 * every C library's <sys/prctl.h> has it, and <linux/prctl.h> clashes
 * with some that do not.
 */
#define LINUX_PR_SET_VMA 0x53564d41
#define LINUX_PR_SET_VMA_ANON_NAME 0

static void set_message(struct stage2_message *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void set_message(struct stage2_message *m, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(m->text, sizeof(m->text), fmt, ap);
	va_end(ap);
	m->len = n < 0 ? 0 : n >= (int)sizeof(m->text) ?
				     (uint32_t)sizeof(m->text) - 1 :
				     (uint32_t)n;
}

/* Keep the blob, the stack and the vDSO; unmap the rest in stage 2. */
static void job_keep(struct stage2_job *job, const struct loader_vmas *now,
		      const struct blob *b)
{
	struct stage2_range r[STAGE2_MAX_KEEP];
	size_t i, j, n = 0;

	r[n++] = (struct stage2_range){ b->start, b->start + b->len };
	for (i = 0; i < now->n && n < STAGE2_MAX_KEEP; i++)
		if (now->v[i].keep)
			r[n++] = (struct stage2_range){ now->v[i].start,
							now->v[i].end };
	/* Sort by start (a handful of entries). */
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && r[j].start < r[j - 1].start; j--) {
			struct stage2_range t = r[j];

			r[j] = r[j - 1];
			r[j - 1] = t;
		}
	memcpy(job->keep, r, n * sizeof(r[0]));
	job->nkeep = (uint32_t)n;
}

/* Move [vvar]..[vdso] to their planned places, via scratch room if needed. */
static int job_moves(struct elfload_program *prog, struct stage2_job *job,
		      struct loader_vmas *now, uint64_t scratch,
		      struct elfload_diag *d)
{
	const struct elfload_plan *plan = &prog->plan;
	struct stage2_move direct[STAGE2_MAX_MOVES];
	uint64_t lo = UINT64_MAX, hi = 0;
	size_t i, j, n = 0;
	bool overlap = false;

	for (i = 0; i < plan->nvmas; i++) {
		const struct elfload_vma *v = &plan->vmas[i];

		if (v->kind != ELFLOAD_VMA_SPECIAL)
			continue;
		for (j = 0; j < now->n; j++)
			if (!strcmp(now->v[j].name, v->name))
				break;
		if (j == now->n || now->v[j].end - now->v[j].start !=
					   v->end - v->start)
			return elfload_diag_set(d, -EINVAL, "loader", -1, NULL,
						0, 0, "%s differs from the plan",
						v->name);
		now->v[j].keep = true;
		direct[n++] = (struct stage2_move){ now->v[j].start, v->start,
						    v->end - v->start };
		lo = now->v[j].start < lo ? now->v[j].start : lo;
		hi = now->v[j].end > hi ? now->v[j].end : hi;
	}
	for (i = 0; i < n; i++)
		overlap |= direct[i].to < hi && lo < direct[i].to + direct[i].len;
	for (i = 0; i < n; i++) {
		if (direct[i].from == direct[i].to)
			continue;
		if (overlap) {	/* first out of the way, then into place */
			job->moves[job->nmoves++] = (struct stage2_move){
				direct[i].from, scratch + direct[i].from - lo,
				direct[i].len };
			direct[i].from = scratch + direct[i].from - lo;
		}
	}
	for (i = 0; i < n; i++)
		if (direct[i].from != direct[i].to)
			job->moves[job->nmoves++] = direct[i];
	return 0;
}

/*
 * The plan's file and anonymous mappings, in address order.  On demand,
 * segments are mapped empty and the pager does the zeroing.
 */
static void job_maps(const struct elfload_program *prog,
		      struct stage2_job *job, unsigned flags)
{
	bool demand = flags & ELFLOAD_EXEC_DEMAND;
	bool eager_writable = flags & ELFLOAD_EXEC_DEMAND_READONLY;
	const struct elfload_plan *plan = &prog->plan;
	size_t i;

	for (i = 0; i < plan->nvmas; i++) {
		const struct elfload_vma *v = &plan->vmas[i];
		struct stage2_map *m;

		if (v->kind != ELFLOAD_VMA_SEGMENT && v->kind != ELFLOAD_VMA_BSS)
			continue;
		m = &job->maps[job->nmaps++];
		m->start = v->start;
		m->len = v->end - v->start;
		m->prot = v->prot;
		m->offset = v->kind == ELFLOAD_VMA_SEGMENT ? v->offset : 0;
		m->fd = v->kind != ELFLOAD_VMA_SEGMENT ? -1 :
			v->owner == ELFLOAD_OWNER_INTERP ? prog->interp_fd :
							   prog->exe_fd;
		m->demand = demand &&
			    !(eager_writable && (v->prot & ELFLOAD_PROT_WRITE));
		if (m->demand)
			m->fd = -1;
	}
	/* The kernel zeroes only in writable segments. */
	for (i = 0; (!demand || eager_writable) && i < plan->nzero && i < ARRAY_SIZE(job->zero); i++)
		job->zero[job->nzero++] = (struct stage2_range){
			plan->zero[i].start, plan->zero[i].end };
}

/* The stack: the old VMA is reused when its top is the planned top. */
static int job_stack(struct elfload_program *prog, struct stage2_job *job,
			  struct loader_vmas *now, struct elfload_diag *d)
{
	const struct elfload_plan *plan = &prog->plan;
	size_t i;

	for (i = 0; i < plan->nvmas; i++)
		if (plan->vmas[i].kind == ELFLOAD_VMA_STACK) {
			job->stack_start = plan->vmas[i].start;
			job->stack_top = plan->vmas[i].end;
			job->stack_prot = plan->vmas[i].prot;
		}
	if (!job->stack_top)
		return elfload_diag_set(d, -EINVAL, "loader", -1, NULL, 0, 0,
					"the plan has no stack");
	for (i = 0; i < now->n; i++)
		if (!strcmp(now->v[i].name, "[stack]") &&
		    now->v[i].end == job->stack_top) {
			now->v[i].keep = true;
			job->reuse_stack = 1;
			job->old_stack_start = now->v[i].start;
			job->old_stack_end = now->v[i].end;
		}
	return 0;
}

static int job_stack_image(struct elfload_program *prog, char *const argv[],
		       char *const envp[], struct blob *b,
		       struct elfload_diag *d)
{
	const struct elfload_arch *arch = prog->layout.arch;
	struct stage2_job *job = b->job;
	struct elfload_stack_image img;
	struct initstack is;
	int ret = initstack_input(prog, argv, envp, NULL, &is, d);

	if (!ret)
		ret = elfload_stack_build(&is.in, b->image, b->image_room,
					  &img, d);
	if (ret)
		return ret;
	job->image = (uint64_t)(uintptr_t)(b->image + b->image_room - img.size);
	job->image_size = img.size;
	job->sp = img.sp;
	job->mm.start_stack = img.sp;
	job->mm.arg_start = img.arg_start;
	job->mm.arg_end = img.arg_end;
	job->mm.env_start = img.env_start;
	job->mm.env_end = img.env_end;
	/* The kernel copies auxv from this pointer (in the blob image). */
	job->mm.auxv = job->image + (img.auxv_addr - img.sp);
	job->mm.auxv_size = (uint32_t)(img.auxv_words * arch->word_size);
	return 0;
}

/*
 * Is the program the file /proc/self/exe names already (elfload loading
 * itself)?  Then there is nothing to change, and the kernel would refuse
 * it anyway: it will not replace an exe file that is still mapped, and
 * the program maps it (replace_mm_exe_file, EBUSY).
 */
static bool is_own_exe(const struct elfload_program *prog)
{
	struct stat st;

	return !stat("/proc/self/exe", &st) &&
	       major(st.st_dev) == prog->exe_id.dev_major &&
	       minor(st.st_dev) == prog->exe_id.dev_minor &&
	       st.st_ino == prog->exe_id.inode;
}

static void job_mm(const struct elfload_program *prog, struct stage2_job *job)
{
	const struct elfload_plan *plan = &prog->plan;

	job->mm.start_code = plan->start_code;
	job->mm.end_code = plan->end_code;
	job->mm.start_data = plan->start_data;
	job->mm.end_data = plan->end_data;
	job->mm.start_brk = plan->start_brk;
	job->mm.brk = plan->brk;
	job->mm.exe_fd = is_own_exe(prog) ? (uint32_t)-1 :
					    (uint32_t)prog->exe_fd;
	job->exe_fd = prog->exe_fd;
	job->interp_fd = prog->interp_fd;
	job->entry = plan->entry;
	set_message(&job->fail, "elfload: %s: loading failed after the point "
		    "of no return\n", prog->execfn);
	set_message(&job->no_exe, "elfload: %s: notice: /proc/self/exe still "
		    "names elfload (changing it needs CAP_CHECKPOINT_RESTORE "
		    "or CAP_SYS_ADMIN)\n", prog->execfn);
	set_message(&job->no_mm, "elfload: %s: notice: the kernel refused "
		    "PR_SET_MM_MAP; /proc/self/cmdline, environ, auxv and exe "
		    "still describe elfload\n", prog->execfn);
}

int job_build(struct elfload_program *prog, char *const argv[],
	      char *const envp[], struct loader_vmas *now, struct blob *b,
	      const struct elfload_exec_opts *opts, struct elfload_diag *d)
{
	bool demand = opts && (opts->flags & ELFLOAD_EXEC_DEMAND);
	struct stage2_job *job = b->job;
	const unsigned char *vdso = (const unsigned char *)getauxval(ELFLOAD_AT_SYSINFO_EHDR);
	uint64_t (*find_gadget)(const unsigned char *, uint64_t) =
		prog->layout.arch->find_exit_gadget;
	uint64_t gadget;
	size_t i;
	int ret;

	job->page_size = prog->layout.page_size;
	/* Everything of elfload goes, above a compat program's TASK_SIZE too. */
	job->task_size = elfload_arch_task_size(loader_arch_native(),
						prog->layout.personality);
	ret = job_stack(prog, job, now, d);
	/* A compat program gets its own vDSO: the host's is not moved. */
	if (!ret && prog->layout.arch == loader_arch_native())
		ret = job_moves(prog, job, now, blob_scratch(b), d);
	if (ret)
		return ret;
	job_keep(job, now, b);
	job_maps(prog, job, opts ? opts->flags : 0);
	job->uffd = demand ? opts->uffd : -1;
	job_mm(prog, job);
	/* Stage 2's exit path, found in the vDSO and moved with it. */
	for (i = 0; vdso && find_gadget && i < now->n; i++)
		if ((uintptr_t)vdso == now->v[i].start &&
		    (gadget = find_gadget(vdso, now->v[i].end - now->v[i].start)))
			job->gadget = initstack_planned_special(&prog->plan,
						      now->v[i].name) + gadget;
	job->blob_start = b->start;
	job->blob_len = b->len;
	job->evictor_fd = -1;
	if (demand && (opts->flags & ELFLOAD_EXEC_EVICTOR)) {
		/* The code and the evictor's stack stay; the rest goes. */
		uint64_t keep = b->code_len + EVICTOR_STACK;

		job->evictor_fd = opts->evictor_fd;
		job->evictor_stack = b->start + keep;
		job->blob_start += keep;
		job->blob_len -= keep;
		prctl(LINUX_PR_SET_VMA, LINUX_PR_SET_VMA_ANON_NAME, b->start, keep,
		      (unsigned long)"elfload-evictor");
	}
	job->personality = -1;
	ret = job_stack_image(prog, argv, envp, b, d);
	return ret ? ret : loader_job_arch(prog, job, d);
}
