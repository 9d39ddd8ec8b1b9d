// SPDX-License-Identifier: MIT
/*
 * The loader, stage 1: turn a planned program into a stage-2 job, copy the
 * stage-2 code into a private mapping that collides with nothing, give up
 * the old process (signals, descriptors, name) and jump.  Everything up to
 * the point of no return is reversible: a failure leaves the process as it
 * was and returns an error.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <elfload/exec.h>
#include <elfload/stack.h>

#include "arch_loader.h"
#include "internal.h"
#include "loader.h"
#include "program_int.h"
#include "stage2.h"
#include "stage2_arch.h"

/* The last component of a path, as the kernel names a task (comm). */
static const char *basename_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

#define STAGE2_STACK (64u << 10)
#define STAGE2_SCRATCH (256u << 10)	/* room to move the vDSO through */
#define EVICTOR_STACK (16u << 10)	/* the evictor thread's, after the code */
#define STACK_IMAGE_MAX (8u << 20)

/* The blob: stage-2 code, then the job and stack image, then a stack. */
struct blob {
	uint64_t start;
	uint64_t code_len;
	uint64_t len;
	struct stage2_job *job;
	unsigned char *image;	/* room for the stack image */
	uint64_t image_room;
};

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
	void *p;

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

static int map_blob(struct elfload_program *prog, const struct loader_vmas *now,
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

/* Keep the blob, the stack and the vDSO; unmap the rest in stage 2. */
static void plan_keep(struct stage2_job *job, const struct loader_vmas *now,
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
static int plan_moves(struct elfload_program *prog, struct stage2_job *job,
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
static void plan_maps(const struct elfload_program *prog,
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
static int plan_stack_job(struct elfload_program *prog, struct stage2_job *job,
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

/* The planned start of the special mapping named @name, or 0. */
static uint64_t planned_special(const struct elfload_plan *plan,
				const char *name)
{
	size_t i;

	for (i = 0; i < plan->nvmas; i++)
		if (plan->vmas[i].kind == ELFLOAD_VMA_SPECIAL &&
		    !strcmp(plan->vmas[i].name, name))
			return plan->vmas[i].start;
	return 0;
}

/* An auxv entry the architecture adds: its planned value (ARCH_DLINFO). */
static uint64_t arch_auxv_value(const struct elfload_program *prog,
				const struct elfload_auxv *a)
{
	const struct elfload_arch *arch = prog->layout.arch;
	size_t i;

	for (i = 0; i < arch->nauxv; i++)
		if (arch->auxv[i].type == a->type && arch->auxv[i].special)
			return planned_special(&prog->plan,
					       arch->auxv[i].special);
	return a->value;
}

/*
 * The kernel's auxiliary vector for this process, with the entries that
 * describe the program replaced by the planned ones.
 */
static int build_auxv(const struct elfload_program *prog,
		      struct elfload_auxv *auxv, size_t *n,
		      struct elfload_diag *d)
{
	const struct elfload_plan *plan = &prog->plan;
	size_t i, out = 0;
	int ret = loader_read_self_auxv(auxv, LOADER_MAX_AUXV, n, d);

	for (i = 0; !ret && i < *n; i++) {
		struct elfload_auxv a = auxv[i];

		switch (a.type) {
		case ELFLOAD_AT_EXECFD: continue;
		case ELFLOAD_AT_PHDR: a.value = plan->exe.phdr_addr; break;
		case ELFLOAD_AT_PHENT: a.value = prog->exe->ehdr.phentsize; break;
		case ELFLOAD_AT_PHNUM: a.value = prog->exe->ehdr.phnum; break;
		case ELFLOAD_AT_BASE: a.value = plan->interp.bias; break;
		case ELFLOAD_AT_FLAGS: a.value = 0; break;
		case ELFLOAD_AT_ENTRY: a.value = plan->exe.entry; break;
		default: a.value = arch_auxv_value(prog, &a); break;
		}
		auxv[out++] = a;
	}
	*n = out;
	return ret;
}

static int build_image(struct elfload_program *prog, char *const argv[],
		       char *const envp[], struct blob *b,
		       struct elfload_diag *d)
{
	struct elfload_auxv auxv[LOADER_MAX_AUXV];
	struct elfload_stack_image img;
	const struct elfload_arch *arch = prog->layout.arch;
	struct elfload_stack_input in = {
		.arch = arch, .top = prog->plan.stack_top,
		.execfn = prog->execfn, .argv = argv, .envp = envp,
		.platform = arch->platform,
	};
	unsigned char random[16], jitter[2];
	struct stage2_job *job = b->job;
	int ret;

	if (getrandom(random, sizeof(random), 0) != sizeof(random) ||
	    getrandom(jitter, sizeof(jitter), 0) != sizeof(jitter))
		return elfload_diag_set(d, -errno, "getrandom", -1, NULL, 0, 0,
					"%s", strerror(errno));
	in.random = random;
	in.align_jitter = prog->layout.randomize && arch->stack_jitter ?
				  ((unsigned)jitter[0] << 8 | jitter[1]) %
					  arch->stack_jitter :
				  0;
	ret = build_auxv(prog, auxv, &in.nauxv, d);
	in.auxv = auxv;
	if (!ret)
		ret = elfload_stack_build(&in, b->image, b->image_room, &img, d);
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

static void fill_mm(const struct elfload_program *prog, struct stage2_job *job)
{
	const struct elfload_plan *plan = &prog->plan;

	job->mm.start_code = plan->start_code;
	job->mm.end_code = plan->end_code;
	job->mm.start_data = plan->start_data;
	job->mm.end_data = plan->end_data;
	job->mm.start_brk = plan->start_brk;
	job->mm.brk = plan->brk;
	job->mm.exe_fd = (uint32_t)prog->exe_fd;
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

/* glibc's registration of the thread's rseq area (absent elsewhere). */
extern const ptrdiff_t __rseq_offset __attribute__((weak));
extern const unsigned int __rseq_size __attribute__((weak));

/* The kernel must stop writing into the old libc's rseq area. */
static void unregister_rseq(void)
{
	uintptr_t area;

	if (!&__rseq_size || !&__rseq_offset || !__rseq_size)
		return;
	area = arch_thread_pointer() + (uintptr_t)__rseq_offset;
	if (syscall(SYS_rseq, area, 32, 1, ARCH_RSEQ_SIG) < 0)
		syscall(SYS_rseq, area, __rseq_size, 1, ARCH_RSEQ_SIG);
}

/* execve resets caught signals to SIG_DFL and the alternate stack. */
static void reset_signals(void)
{
	stack_t ss = { .ss_flags = SS_DISABLE };
	struct sigaction sa;
	int sig;

	for (sig = 1; sig < NSIG; sig++) {
		if (sigaction(sig, NULL, &sa) < 0 || sa.sa_handler == SIG_DFL ||
		    sa.sa_handler == SIG_IGN)
			continue;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = SIG_DFL;
		sigaction(sig, &sa, NULL);
	}
	sigaltstack(&ss, NULL);
}

/*
 * execve closes close-on-exec descriptors; ours close in stage 2.  @dir
 * is /proc/self/fd, opened before the point of no return.
 */
static void close_cloexec(DIR *dir, int keep1, int keep2)
{
	int fds[1024], n = 0, i;
	struct dirent *e;

	while ((e = readdir(dir)) && n < (int)ARRAY_SIZE(fds)) {
		int fd = atoi(e->d_name);

		if (e->d_name[0] == '.' || fd == dirfd(dir) || fd == keep1 ||
		    fd == keep2)
			continue;
		if (fcntl(fd, F_GETFD) & FD_CLOEXEC)
			fds[n++] = fd;
	}
	closedir(dir);
	for (i = 0; i < n; i++)
		close(fds[i]);
}

/* The exec descriptors must survive close_cloexec() until stage 2. */
static void keep_open(int fd)
{
	if (fd >= 0)
		fcntl(fd, F_SETFD, 0);
}

static int prepare_job(struct elfload_program *prog, char *const argv[],
		       char *const envp[], struct loader_vmas *now,
		       struct blob *b, const struct elfload_exec_opts *opts,
		       struct elfload_diag *d)
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
	job->task_size = elfload_arch_task_size(prog->layout.arch,
						prog->layout.personality);
	ret = plan_stack_job(prog, job, now, d);
	if (!ret)
		ret = plan_moves(prog, job, now, b->start + b->len - STAGE2_STACK -
						     STAGE2_SCRATCH, d);
	if (ret)
		return ret;
	plan_keep(job, now, b);
	plan_maps(prog, job, opts ? opts->flags : 0);
	job->uffd = demand ? opts->uffd : -1;
	fill_mm(prog, job);
	/* Stage 2's exit path, found in the vDSO and moved with it. */
	for (i = 0; vdso && find_gadget && i < now->n; i++)
		if ((uintptr_t)vdso == now->v[i].start &&
		    (gadget = find_gadget(vdso, now->v[i].end - now->v[i].start)))
			job->gadget = planned_special(&prog->plan,
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
		prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, b->start, keep,
		      (unsigned long)"elfload-evictor");
	}
	return build_image(prog, argv, envp, b, d);
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
	int ret;

	elfload_diag_clear(d);
	if (!now) {
		ret = elfload_diag_set(d, -ENOMEM, "loader", -1, NULL, 0, 0,
				       "out of memory");
		goto close_program;
	}
	ret = check_bss_room(&prog->plan, d);
	if (!ret)
		ret = loader_read_self_maps(now, d);
	if (!ret)
		ret = map_blob(prog, now, &b, d);
	if (ret)
		goto free_now;
	ret = prepare_job(prog, argv, envp, now, &b, opts, d);
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

	/* ---- POINT OF NO RETURN: the old process is given up from here. */
	reset_signals();
	keep_open(prog->exe_fd);
	keep_open(prog->interp_fd);
	keep_open(b.job->uffd);
	keep_open(b.job->evictor_fd);
	close_cloexec(fd_dir, prog->exe_fd, prog->interp_fd);
	prctl(PR_SET_NAME, (unsigned long)basename_of(prog->execfn), 0, 0, 0);
	fflush(NULL);
	unregister_rseq();
	stage2 = (void (*)(void *))(uintptr_t)(
		b.start + (uint64_t)((const unsigned char *)elfload_stage2_main -
				     __start_elfload_stage2));
	elfload_stage2_enter(b.job, (void *)(uintptr_t)(b.start + b.len),
			     stage2);

unmap_blob:
	munmap((void *)b.start, b.len);
free_now:
	free(now);
close_program:
	elfload_program_close(prog);
	return ret;
}

/* Would the kernel randomize now?  If so, its draws as seen in @now. */
static bool randomized(const struct loader_vmas *now,
		       struct elfload_observed *obs)
{
	uint64_t level = loader_read_number("/proc/sys/kernel/randomize_va_space", 2);
	int pers = personality(0xffffffff);

	memset(obs, 0, sizeof(*obs));
	if (level == 0 || (pers != -1 && (pers & ADDR_NO_RANDOMIZE)))
		return false;
	if (now)
		loader_observe(now, obs);
	return true;
}

/* One read of this process's maps serves both the draws and the layout. */
void elfload_exec_program_opts(struct elfload_program_opts *opts)
{
	struct loader_vmas *now = malloc(sizeof(*now));

	memset(opts, 0, sizeof(*opts));
	if (now && loader_read_self_maps(now, NULL) < 0) {
		free(now);
		now = NULL;
	}
	opts->randomize = randomized(now, &opts->observed);
	opts->have_host = now && !loader_layout_from(&opts->host, now, NULL);
	free(now);
	opts->headers_only = true;
	if (getrandom(&opts->seed, sizeof(opts->seed), 0) < 0)
		opts->seed = (uint64_t)getpid();
}

static int exec_opened(struct elfload_program *prog, int ret,
		       char *const argv[], char *const envp[], unsigned flags)
{
	struct elfload_exec_opts opts = { .flags = flags };
	struct elfload_diag d;

	if (ret < 0)
		return ret;
	return elfload_exec_program(prog, elfload_program_argv(prog, argv),
				    envp, &opts, &d);
}

int elfload_exec(const char *path, char *const argv[], char *const envp[],
		 unsigned flags)
{
	struct elfload_program_opts popts;
	struct elfload_program *prog;
	struct elfload_diag d;
	int ret;

	elfload_exec_program_opts(&popts);
	ret = elfload_program_open(path, argv, envp, &popts, &prog, &d);
	return exec_opened(prog, ret, argv, envp, flags);
}

int elfload_exec_fd(int fd, char *const argv[], char *const envp[],
		    unsigned flags)
{
	struct elfload_program_opts popts;
	struct elfload_program *prog;
	struct elfload_diag d;
	char name[32];
	int ret;

	snprintf(name, sizeof(name), "/dev/fd/%d", fd);
	elfload_exec_program_opts(&popts);
	ret = elfload_program_open_fd(fd, name, argv, envp, &popts, &prog, &d);
	return exec_opened(prog, ret, argv, envp, flags);
}
