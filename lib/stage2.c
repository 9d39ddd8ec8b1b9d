// SPDX-License-Identifier: MIT
/*
 * Stage 2 of the loader.  AFTER THE POINT OF NO RETURN: this code runs
 * from a copy of itself in a private mapping, after stage 1 has given up
 * the old process.  It may not call libc nor touch any data but the job:
 * everything here is in the elfload_stage2 section and compiles to
 * position-independent code without relocations (the Makefile checks).
 * A failure prints the prepared line and ends the process by SIGSEGV, as
 * the kernel does after its own point of no return.
 */
#include <stdint.h>
#include <linux/ioctl.h>
#include <linux/userfaultfd.h>

#include "stage2.h"
#include "stage2_arch.h"

#define STAGE2 __attribute__((section("elfload_stage2"), used))

#define S2_PROT_EXEC 4
#define S2_MAP_PRIVATE 0x02
#define S2_MAP_FIXED 0x10
#define S2_MAP_ANONYMOUS 0x20
#define S2_MAP_GROWSDOWN 0x100
#define S2_MREMAP_MAYMOVE 1
#define S2_MREMAP_FIXED 2
#define S2_MADV_DONTNEED 4
#define S2_PR_SET_MM 35
#define S2_PR_SET_MM_MAP 14
#define S2_SIGSEGV 11
#define S2_SIGSTOP 19
#define S2_RSEQ_UNREGISTER 1
#define S2_SIGSET_BYTES 8	/* the kernel's sigset_t: _NSIG / 8 */
#define S2_ELF_MAGIC 0x464c457fu	/* "\177ELF" read as a little-endian word */

STAGE2 static long sys(long nr, long a, long b, long c, long d, long e, long f)
{
	return s2_syscall6(nr, a, b, c, d, e, f);
}

STAGE2 static void say(const struct stage2_message *m)
{
	if (m->len)
		sys(S2_NR_WRITE, 2, (long)m->text, m->len, 0, 0, 0);
}

/* Die as the kernel kills a process after a failed exec: SIGSEGV. */
STAGE2 __attribute__((noreturn)) static void die(struct stage2_job *job)
{
	uint64_t act[4] = { 0, 0, 0, 0 };	/* SIG_DFL, no flags, mask 0 */
	uint64_t set = 1ull << (S2_SIGSEGV - 1);

	say(&job->fail);
	sys(S2_NR_RT_SIGACTION, S2_SIGSEGV, (long)act, 0, S2_SIGSET_BYTES, 0,
	    0);
	sys(S2_NR_RT_SIGPROCMASK, 1 /* SIG_UNBLOCK */, (long)&set, 0,
	    S2_SIGSET_BYTES, 0, 0);
	for (;;)
		sys(S2_NR_KILL, sys(S2_NR_GETPID, 0, 0, 0, 0, 0, 0), S2_SIGSEGV,
		    0, 0, 0, 0);
}

/* The kernel returns errors as -1..-MAX_ERRNO (include/linux/err.h). */
#define MAX_ERRNO 4095

STAGE2 static int failed(long ret)
{
	return ret < 0 && ret >= -MAX_ERRNO;
}

/* Per-thread registrations of the old libc point into memory about to go. */
STAGE2 static void forget_thread_state(struct stage2_job *job)
{
	if (job->rseq_addr)
		sys(S2_NR_RSEQ, (long)job->rseq_addr, job->rseq_len,
		    S2_RSEQ_UNREGISTER, job->rseq_sig, 0, 0);
	sys(S2_NR_SET_ROBUST_LIST, 0, 24, 0, 0, 0, 0);
	sys(S2_NR_SET_TID_ADDRESS, 0, 0, 0, 0, 0, 0);
}

/* Unmap every user page except the kept ranges (sorted, disjoint). */
STAGE2 static void unmap_old(struct stage2_job *job)
{
	uint64_t from = job->page_size;
	uint32_t i;

	for (i = 0; i <= job->nkeep; i++) {
		uint64_t to = i < job->nkeep ? job->keep[i].start :
					      job->task_size;

		if (to > from && failed(sys(S2_NR_MUNMAP, (long)from,
					    (long)(to - from), 0, 0, 0, 0)))
			die(job);
		if (i < job->nkeep && job->keep[i].end > from)
			from = job->keep[i].end;
	}
}

STAGE2 static void move_specials(struct stage2_job *job)
{
	uint32_t i;

	for (i = 0; i < job->nmoves; i++) {
		const struct stage2_move *m = &job->moves[i];
		long got = sys(S2_NR_MREMAP, (long)m->from, (long)m->len,
			       (long)m->len, S2_MREMAP_MAYMOVE | S2_MREMAP_FIXED,
			       (long)m->to, 0);

		if ((uint64_t)got != m->to)
			die(job);
	}
}

STAGE2 static void map_plan(struct stage2_job *job)
{
	uint32_t i;

	for (i = 0; i < job->nmaps; i++) {
		const struct stage2_map *m = &job->maps[i];
		long flags = S2_MAP_PRIVATE | S2_MAP_FIXED |
			     (m->fd < 0 ? S2_MAP_ANONYMOUS : 0);
		long got = sys(S2_NR_MMAP, (long)m->start, (long)m->len, m->prot,
			       flags, m->fd, (long)m->offset);

		if ((uint64_t)got != m->start)
			die(job);
	}
	for (i = 0; i < job->nzero; i++)
		s2_zero((void *)job->zero[i].start,
			job->zero[i].end - job->zero[i].start);
}

/*
 * Demand paging: the segments were mapped empty; hand them to the
 * userfaultfd, whose pager (another process) fills each page when first
 * touched, then let go of our copy of the descriptor.
 */
STAGE2 static void register_demand(struct stage2_job *job)
{
	struct uffdio_register reg;
	uint32_t i;

	if (job->uffd < 0)
		return;
	for (i = 0; i < job->nmaps; i++) {
		if (!job->maps[i].demand)
			continue;
		reg.range.start = job->maps[i].start;
		reg.range.len = job->maps[i].len;
		reg.mode = UFFDIO_REGISTER_MODE_MISSING;
		reg.ioctls = 0;
		if (failed(sys(S2_NR_IOCTL, job->uffd, (long)UFFDIO_REGISTER,
			       (long)&reg, 0, 0, 0)))
			die(job);
	}
	sys(S2_NR_CLOSE, job->uffd, 0, 0, 0, 0, 0);
}

/*
 * The evictor thread (demand paging with a frame limit): the pager cannot
 * drop a page from another address space, so this thread does it for
 * it.  Each request on its socket is {address, length}; it answers with
 * the result of madvise(MADV_DONTNEED).  It runs from the stage-2 code
 * pages, which stay mapped for it, with every signal blocked, and ends
 * when the pager closes the socket.
 */
STAGE2 __attribute__((noreturn)) static void evictor_main(long fd)
{
	uint64_t req[2];
	long ret;

	while (sys(S2_NR_READ, fd, (long)req, sizeof(req), 0, 0, 0) ==
	       (long)sizeof(req)) {
		ret = sys(S2_NR_MADVISE, (long)req[0], (long)req[1],
			  S2_MADV_DONTNEED, 0, 0, 0);
		sys(S2_NR_WRITE, fd, (long)&ret, sizeof(ret), 0, 0, 0);
	}
	for (;;)
		sys(S2_NR_EXIT, 0, 0, 0, 0, 0, 0);
}

#define S2_CLONE_THREAD_FLAGS 0x00050f00	/* VM|FS|FILES|SIGHAND|THREAD|SYSVSEM */

STAGE2 static void start_evictor(struct stage2_job *job)
{
	uint64_t all = ~0ull, old;

	if (job->evictor_fd < 0)
		return;
	/* Signals for the process must never be taken by this thread. */
	sys(S2_NR_RT_SIGPROCMASK, 2 /* SIG_SETMASK */, (long)&all, (long)&old,
	    S2_SIGSET_BYTES, 0, 0);
	if (failed(stage2_clone(S2_CLONE_THREAD_FLAGS,
				    (void *)job->evictor_stack, evictor_main,
				    job->evictor_fd)))
		die(job);
	sys(S2_NR_RT_SIGPROCMASK, 2, (long)&old, 0, S2_SIGSET_BYTES, 0,
	    0);
}

/* Give the stack VMA its planned extent and contents. */
STAGE2 static void build_stack(struct stage2_job *job)
{
	uint64_t p;

	if (job->reuse_stack) {
		if (job->stack_start > job->old_stack_start &&
		    failed(sys(S2_NR_MUNMAP, (long)job->old_stack_start,
			       (long)(job->stack_start - job->old_stack_start),
			       0, 0, 0, 0)))
			die(job);
		p = job->stack_start > job->old_stack_start ?
			    job->stack_start : job->old_stack_start;
		/* Fresh zero pages, as in a new process. */
		sys(S2_NR_MADVISE, (long)p, (long)(job->stack_top - p),
		    S2_MADV_DONTNEED, 0, 0, 0);
		/* Grow down to the planned start by touching each page. */
		for (p = job->old_stack_start; p > job->stack_start;) {
			p -= job->page_size;
			*(volatile char *)p;
		}
	} else if ((uint64_t)sys(S2_NR_MMAP, (long)job->stack_start,
				 (long)(job->stack_top - job->stack_start), 3,
				 S2_MAP_PRIVATE | S2_MAP_FIXED |
					 S2_MAP_ANONYMOUS | S2_MAP_GROWSDOWN,
				 -1, 0) != job->stack_start) {
		die(job);
	}
	if (job->stack_prot & S2_PROT_EXEC)
		sys(S2_NR_MPROTECT, (long)job->stack_start,
		    (long)(job->stack_top - job->stack_start), job->stack_prot,
		    0, 0, 0);
	s2_copy((void *)(job->stack_top - job->image_size),
		(const void *)job->image, job->image_size);
}

/*
 * A compat program: its own vDSO, where the plan has it (the address is
 * a hint: the ELF header must be there afterwards), and the frame its
 * way out reads, below the initial stack pointer.
 */
STAGE2 static void map_compat_vdso(struct stage2_job *job)
{
	if (!job->compat)
		return;
	if (failed(s2_map_compat_vdso(job->compat_vdso)) ||
	    *(volatile const uint32_t *)job->compat_vdso_image != S2_ELF_MAGIC)
		die(job);
}

STAGE2 static void write_exit_frame(struct stage2_job *job)
{
	if (job->exit_frame_len)
		s2_copy((void *)job->exit_frame_addr, job->exit_frame,
			job->exit_frame_len);
}

/* mm fields for /proc/self/{cmdline,environ,auxv,exe} and brk. */
STAGE2 static void set_mm(struct stage2_job *job)
{
	long ret = sys(S2_NR_PRCTL, S2_PR_SET_MM, S2_PR_SET_MM_MAP,
		       (long)&job->mm, sizeof(job->mm), 0, 0);

	if (!failed(ret))
		return;
	if (job->mm.exe_fd != (uint32_t)-1) {
		job->mm.exe_fd = (uint32_t)-1;
		ret = sys(S2_NR_PRCTL, S2_PR_SET_MM, S2_PR_SET_MM_MAP,
			  (long)&job->mm, sizeof(job->mm), 0, 0);
		say(failed(ret) ? &job->no_mm : &job->no_exe);
		return;
	}
	say(&job->no_mm);
}

STAGE2 void stage2_main(void *arg)
{
	struct stage2_job *job = arg;

	forget_thread_state(job);
	if (job->personality >= 0)
		sys(S2_NR_PERSONALITY, (long)job->personality, 0, 0, 0, 0, 0);
	unmap_old(job);
	move_specials(job);
	map_plan(job);
	map_compat_vdso(job);
	register_demand(job);
	start_evictor(job);
	build_stack(job);
	write_exit_frame(job);
	set_mm(job);
	if (job->exe_fd >= 0)
		sys(S2_NR_CLOSE, job->exe_fd, 0, 0, 0, 0, 0);
	if (job->interp_fd >= 0)
		sys(S2_NR_CLOSE, job->interp_fd, 0, 0, 0, 0, 0);
	s2_clear_tls();
	if (job->stop_at_entry)
		sys(S2_NR_KILL, sys(S2_NR_GETPID, 0, 0, 0, 0, 0, 0), S2_SIGSTOP,
		    0, 0, 0, 0);
	if (job->compat)
		stage2_leave_compat(job->gadget, job->exit_frame_addr,
				    job->blob_start, job->blob_len);
	stage2_leave(job->entry, job->sp, job->gadget, job->blob_start,
			     job->blob_len);
}
