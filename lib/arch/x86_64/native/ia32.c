// SPDX-License-Identifier: MIT
/*
 * ia32 programs on this x86-64 host: does the kernel run them (IA32
 * emulation: built in, and not turned off with ia32_emulation=0), and
 * what does its 32-bit vDSO look like ([vvar], [vvar_vclock], [vdso] and
 * the offset of __kernel_vsyscall, AT_SYSINFO).  Both are facts of the
 * machine, so they are measured once per process, in one forked child:
 * only a process without the 64-bit vDSO may map the 32-bit one
 * (arch_prctl(ARCH_MAP_VDSO_32)), and an int $0x80 without emulation
 * kills the caller (no IDT gate) or fails with ENOSYS (a seccomp filter).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <asm/prctl.h>

#include "internal.h"
#include "loader.h"
#include "program_int.h"
#include "stage2.h"

extern const struct elfload_arch arch_x86_64;
extern const struct elfload_arch arch_ia32;

#define IA32_NR_GETPID 20

/* What the child found. */
struct ia32_facts {
	int err;		/* 0, or why ia32 programs cannot run */
	size_t nspecial;
	struct elfload_special special[3];
	uint64_t vdso_entry;	/* e_entry of the 32-bit vDSO image */
	uint64_t exit_gadget;	/* offset of stage 2's way out, or 0 */
};

static struct ia32_facts facts;
static pthread_once_t facts_once = PTHREAD_ONCE_INIT;

/* getpid() through the compat entry: the pid, or -ENOSYS. */
static long ia32_getpid(void)
{
	long ret = IA32_NR_GETPID;

	__asm__ volatile("int $0x80" : "+a"(ret) : : "memory", "r8", "r9",
			 "r10", "r11");
	return (int)ret;
}

static bool is_vdso_part(const char *name)
{
	return !strcmp(name, "[vvar]") || !strcmp(name, "[vvar_vclock]") ||
	       !strcmp(name, "[vdso]");
}

/*
 * The end of __kernel_vsyscall: "int $0x80; pop %ebp; pop %edx; pop %ecx;
 * ret", the exact bytes, in the image at @p (@len bytes); its offset or
 * 0.  Stage 2 leaves through it (see stage2_leave_compat in jump.S).
 */
static uint64_t find_exit_gadget(const unsigned char *p, uint64_t len)
{
	static const unsigned char code[] = { 0xcd, 0x80, 0x5d, 0x5a, 0x59,
					      0xc3 };
	uint64_t i;

	for (i = 1; i + sizeof(code) <= len; i++)
		if (!memcmp(p + i, code, sizeof(code)))
			return i;
	return 0;
}

/* In the child: is emulation on, and the 32-bit vDSO as it maps. */
static void measure(struct ia32_facts *f, struct loader_vmas *vmas)
{
	struct elfload_diag d;
	size_t i;

	if (ia32_getpid() != getpid()) {
		f->err = -ENOEXEC;
		return;
	}
	if (loader_read_self_maps(vmas, &d) < 0) {
		f->err = d.err;
		return;
	}
	for (i = 0; i < vmas->n; i++)
		if (is_vdso_part(vmas->v[i].name))
			munmap((void *)(uintptr_t)vmas->v[i].start,
			       vmas->v[i].end - vmas->v[i].start);
	if (syscall(SYS_arch_prctl, ARCH_MAP_VDSO_32, 0ul) < 0) {
		f->err = -errno;
		return;
	}
	if (loader_read_self_maps(vmas, &d) < 0) {
		f->err = d.err;
		return;
	}
	for (i = 0; i < vmas->n && f->nspecial < ARRAY_SIZE(f->special); i++) {
		struct elfload_special *s = &f->special[f->nspecial];
		const struct loader_vma *v = &vmas->v[i];
		uint32_t entry;

		if (!is_vdso_part(v->name))
			continue;
		memcpy(s->name, v->name, sizeof(s->name));
		s->size = v->end - v->start;
		s->prot = v->prot;
		f->nspecial++;
		if (strcmp(v->name, "[vdso]"))
			continue;
		/* Elf32_Ehdr.e_entry: the image is linked at 0. */
		memcpy(&entry, (const char *)(uintptr_t)v->start + 24,
		       sizeof(entry));
		f->vdso_entry = entry;
		f->exit_gadget = find_exit_gadget(
			(const unsigned char *)(uintptr_t)v->start,
			v->end - v->start);
	}
}

/* The forked child: measure, write the facts to @fd, end. */
static void child(int fd)
{
	static struct loader_vmas vmas;
	struct ia32_facts f = { 0 };
	ssize_t n;

	measure(&f, &vmas);
	n = write(fd, &f, sizeof(f));
	_exit(n == sizeof(f) ? 0 : 1);
}

/* Fork the child and read its answer into @facts. */
static void probe(void)
{
	int fds[2], status;
	ssize_t n = -1;
	pid_t pid;

	facts.err = -ENOEXEC;
	if (pipe2(fds, O_CLOEXEC) < 0)
		return;
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		child(fds[1]);
	}
	close(fds[1]);
	if (pid > 0) {
		n = read(fds[0], &facts, sizeof(facts));
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	close(fds[0]);
	/* Killed by its int $0x80: no IA32 emulation. */
	if (n != sizeof(facts))
		facts.err = -ENOEXEC;
}

const struct elfload_arch *loader_arch_runs(unsigned machine)
{
	if (machine == arch_x86_64.machine)
		return &arch_x86_64;
	if (machine != arch_ia32.machine)
		return NULL;
	pthread_once(&facts_once, probe);
	return facts.err ? NULL : &arch_ia32;
}

int loader_layout_arch(struct elfload_layout *lay,
		       const struct elfload_arch *arch, struct elfload_diag *d)
{
	size_t i;

	if (arch == &arch_x86_64)
		return 0;
	pthread_once(&facts_once, probe);
	if (arch != &arch_ia32 || facts.err)
		return elfload_diag_set(d, -ENOEXEC, "ELF header", -1,
					"e_machine", arch->machine, 0,
					"ia32 programs cannot run here (no IA32 "
					"emulation)");
	lay->arch = arch;
	lay->nspecial = facts.nspecial;
	memcpy(lay->special, facts.special, sizeof(facts.special));
	for (i = 0; i < lay->nspecial; i++)
		if (!strcmp(lay->special[i].name, "[vdso]"))
			lay->special[i].entry = facts.vdso_entry;
	return 0;
}

void loader_observe_arch(const struct elfload_layout *lay,
			 struct elfload_observed *obs)
{
	const uint64_t page = lay->page_size;
	long addr = 192;	/* __NR_ia32_mmap2 */

	memset(obs, 0, sizeof(*obs));
	if (lay->arch != &arch_ia32)
		return;
	/*
	 * A compat mmap2 of one page without a hint lands at the top of
	 * this process's compat mmap area (mm->mmap_compat_base, drawn at
	 * its exec), or at its bottom in the legacy layout; a 64-bit
	 * process has nothing else below 4 GiB.
	 */
	__asm__ volatile("int $0x80"
			 : "+a"(addr)
			 : "b"(0), "c"(page), "d"(PROT_NONE),
			   "S"(MAP_PRIVATE | MAP_ANONYMOUS), "D"(-1)
			 : "memory", "r8", "r9", "r10", "r11");
	addr = (int)addr;
	if (addr < 0 && addr > -4096)
		return;
	munmap((void *)(uintptr_t)(uint32_t)addr, page);
	obs->mmap_base = (uint32_t)addr + (lay->legacy_va_layout ||
					   (lay->personality & ADDR_COMPAT_LAYOUT) ?
						   0 : page);
}

/* Pack @v as a little-endian 32-bit word at @p. */
static unsigned char *put32(unsigned char *p, uint64_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
	return p + 4;
}

int loader_job_arch(const struct elfload_program *prog,
		    struct stage2_job *job, struct elfload_diag *d)
{
	const struct elfload_plan *plan = &prog->plan;
	uint64_t vdso = 0, block = 0;
	size_t i;

	if (prog->layout.arch != &arch_ia32)
		return 0;
	for (i = 0; i < plan->nvmas; i++) {
		const struct elfload_vma *v = &plan->vmas[i];

		if (v->kind != ELFLOAD_VMA_SPECIAL)
			continue;
		if (!block)
			block = v->start;
		if (!strcmp(v->name, "[vdso]"))
			vdso = v->start;
	}
	if (!vdso || !facts.exit_gadget)
		return elfload_diag_set(d, -ENOEXEC, "loader", -1, NULL, 0, 0,
					"the 32-bit vDSO has no \"int $0x80; pop "
					"%%ebp; pop %%edx; pop %%ecx; ret\" to "
					"leave by");
	job->compat = 1;
	job->compat_vdso = block;
	job->compat_vdso_image = vdso;
	job->gadget = vdso + facts.exit_gadget;
	/* What the gadget pops: ebp, edx, ecx (all 0), then the entry. */
	job->exit_frame_addr = job->sp - 16;
	job->exit_frame_len = 16;
	memset(job->exit_frame, 0, 12);
	put32(job->exit_frame + 12, plan->entry);
	/*
	 * Stage 2 is the lowest mapping (blob_place): unmapping from 0
	 * leaves ebx 0.  Under --frames its first pages stay for the
	 * evictor thread, and only the rest goes.
	 */
	if (job->evictor_fd < 0 && plan->nvmas &&
	    plan->vmas[0].start >= job->blob_start + job->blob_len) {
		job->blob_len += job->blob_start;
		job->blob_start = 0;
	}
	/* set_personality_ia32() keeps it; elf_read_implies_exec() adds. */
	job->personality = (int64_t)(personality(0xffffffff) |
				     (plan->read_implies_exec ?
					      READ_IMPLIES_EXEC : 0));
	return 0;
}
