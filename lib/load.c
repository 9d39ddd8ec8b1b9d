// SPDX-License-Identifier: MIT
/*
 * The loader, stage 1: carry out a program's plan in this process.  The
 * steps are each in their own file: the blob that holds stage 2
 * (blob.c), the stage-2 job built from the plan (job.c), giving up the
 * old process (giveup.c); stage 2 itself is stage2.c.  Everything up to
 * the point of no return, marked below, is reversible: a failure leaves
 * the process as it was and returns an error.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <elfload/exec.h>

#include "blob.h"
#include "giveup.h"
#include "internal.h"
#include "job.h"
#include "loader.h"
#include "program_int.h"
#include "stage2.h"
#include "stage2_arch.h"

static void logf_(const struct elfload_exec_opts *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void logf_(const struct elfload_exec_opts *o, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	if (!o || !o->log)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	o->log(o->log_ctx, buf);
}

/*
 * A huge bss can be more than the kernel will commit (the kernel then
 * kills the process after its point of no return): try each large one
 * now, where failing still leaves the process intact.
 */
static int check_bss_room(const struct elfload_plan *plan,
			  struct elfload_diag *d)
{
	size_t i;

	for (i = 0; i < plan->nvmas; i++) {
		const struct elfload_vma *v = &plan->vmas[i];
		uint64_t len = v->end - v->start;
		void *p;

		if (v->kind != ELFLOAD_VMA_BSS || len < (1ull << 30))
			continue;
		p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			return elfload_diag_set(d, -errno, "program header",
						v->phdr, "p_memsz", len, 0,
						"a bss of %#" PRIx64 " bytes "
						"cannot be allocated: %s", len,
						strerror(errno));
		munmap(p, len);
	}
	return 0;
}

static void log_plan(const struct elfload_program *prog,
		     const struct stage2_job *job,
		     const struct elfload_exec_opts *o)
{
	logf_(o, "program %s: entry %#" PRIx64 ", load bias %#" PRIx64,
	      prog->exe_path, prog->plan.exe.entry, prog->plan.exe.bias);
	if (prog->interp)
		logf_(o, "interpreter %s at %#" PRIx64 ", entry %#" PRIx64,
		      prog->interp_path, prog->plan.interp.bias,
		      prog->plan.interp.entry);
	logf_(o, "%u mappings, %u zeroed ranges, %u vDSO moves, stack "
	      "%#" PRIx64 "-%#" PRIx64 " (%s), sp %#" PRIx64,
	      job->nmaps, job->nzero, job->nmoves, job->stack_start,
	      job->stack_top, job->reuse_stack ? "reused" : "new", job->sp);
	logf_(o, "stage 2 at %#" PRIx64 " (%#" PRIx64 " bytes), exit gadget %s",
	      job->blob_start, job->blob_len,
	      job->gadget ? "in the vDSO" : "none: stage 2 stays mapped");
}

int elfload_exec_program(struct elfload_program *prog, char *const argv[],
			 char *const envp[],
			 const struct elfload_exec_opts *opts,
			 struct elfload_diag *d)
{
	struct loader_vmas *now = malloc(sizeof(*now));
	void (*stage2)(void *);
	struct blob b = { 0 };
	DIR *fd_dir;
	int keep[4];
	int ret;

	elfload_diag_clear(d);
	if (!now) {
		ret = elfload_diag_set(d, -ENOMEM, "loader", -1, NULL, 0, 0,
				       "out of memory");
		goto close_program;
	}
	ret = check_bss_room(&prog->plan, d);
	if (!ret && !loader_recall_self_maps(now))
		ret = loader_read_self_maps(now, d);
	if (!ret)
		ret = blob_map(prog, now, &b, d);
	/* Something was mapped since the maps were read: read them again. */
	if (ret == -EEXIST) {
		ret = loader_read_self_maps(now, d);
		if (!ret)
			ret = blob_map(prog, now, &b, d);
	}
	if (ret)
		goto free_now;
	ret = job_build(prog, argv, envp, now, &b, opts, d);
	if (ret)
		goto unmap_blob;
	log_plan(prog, b.job, opts);
	b.job->stop_at_entry = opts && (opts->flags & ELFLOAD_EXEC_STOP_AT_ENTRY);
	if (mprotect((void *)b.start, b.code_len, PROT_READ | PROT_EXEC) < 0) {
		ret = elfload_diag_set(d, -errno, "loader", -1, NULL, 0, 0,
				       "mprotect: %s", strerror(errno));
		goto unmap_blob;
	}
	fd_dir = opendir("/proc/self/fd");
	if (!fd_dir) {
		ret = elfload_diag_set(d, -errno, "/proc/self/fd", -1, NULL, 0,
				       0, "%s", strerror(errno));
		goto unmap_blob;
	}
	free(now);
	logf_(opts, "giving up the old process, entering stage 2");

	/* ---- POINT OF NO RETURN: the old process is given up from here. */
	keep[0] = prog->exe_fd;
	keep[1] = prog->interp_fd;
	keep[2] = b.job->uffd;
	keep[3] = b.job->evictor_fd;
	giveup_old_process(fd_dir, keep, 4, prog->execfn,
			   opts && (opts->flags & ELFLOAD_EXEC_NO_HANDLERS));
	stage2 = (void (*)(void *))(uintptr_t)(
		b.start + (uint64_t)((const unsigned char *)stage2_main -
				     __start_elfload_stage2));
	stage2_enter(b.job, (void *)(uintptr_t)(b.start + b.len),
			     stage2);

unmap_blob:
	munmap((void *)b.start, b.len);
free_now:
	free(now);
close_program:
	elfload_program_close(prog);
	return ret;
}
