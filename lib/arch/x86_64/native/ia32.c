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
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <asm/prctl.h>

#include "internal.h"
#include "loader.h"

extern const struct elfload_arch arch_x86_64;
extern const struct elfload_arch arch_ia32;

#define IA32_NR_GETPID 20

/* What the child found. */
struct ia32_facts {
	int err;		/* 0, or why ia32 programs cannot run */
	size_t nspecial;
	struct elfload_special special[3];
	uint64_t vdso_entry;	/* e_entry of the 32-bit vDSO image */
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

/* In the child: measure, then write the facts to @fd. */
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
	}
}

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
