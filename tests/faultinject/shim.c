// SPDX-License-Identifier: MIT
/*
 * Fault injection for elfload's error paths: an LD_PRELOAD shim that
 * makes the Nth call of one libc function fail.
 *
 *	ELFLOAD_FAIL=FUNC:N[:ERRNO]	the Nth call (from 1) of FUNC fails
 *					with ERRNO (a name such as ENOMEM
 *					or a number) without being made
 *	ELFLOAD_FAIL_LOG=FILE		"FUNC N ERRNO" is appended to FILE
 *					when the failure is injected
 *
 * FUNC is one of mmap, mprotect, read, pread, open, openat, opendir.
 * Without ERRNO: ENOMEM for mmap and mprotect, EIO for read and pread,
 * EMFILE for the others.
 *
 * Only elfload's own calls are counted: those whose return address lies
 * in the executable (libelfload is linked into it), not the calls libc,
 * ld.so or a sanitizer runtime make through these symbols.  The shim
 * takes itself out of the environment when it is loaded (LD_PRELOAD and
 * ELFLOAD_FAIL*), and `elfload run` passes its environment to the
 * program it loads, so that program never loads the shim and runs as it
 * would natively.  Stage 2 makes raw system calls, after unmapping libc
 * and this shim.  So the calls counted are exactly the libc calls of
 * elfload's code up to stage 2, and a test can raise N until the log
 * stays empty.
 *
 * Build: cc -shared -fPIC -o shim.so shim.c -ldl
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <limits.h>
#include <link.h>		/* dl_iterate_phdr(), not for ELF constants */
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <elfload/elf.h>

enum func { F_MMAP, F_MPROTECT, F_READ, F_PREAD, F_OPEN, F_OPENAT,
	    F_OPENDIR, F_COUNT };

static const struct {
	const char *name;
	int default_errno;
} funcs[F_COUNT] = {
	[F_MMAP] = { "mmap", ENOMEM },
	[F_MPROTECT] = { "mprotect", ENOMEM },
	[F_READ] = { "read", EIO },
	[F_PREAD] = { "pread", EIO },
	[F_OPEN] = { "open", EMFILE },
	[F_OPENAT] = { "openat", EMFILE },
	[F_OPENDIR] = { "opendir", EMFILE },
};

static int target = -1;		/* the function to fail, or -1 */
static unsigned long fail_at;	/* which call of it */
static int fail_errno;
static char log_path[PATH_MAX];
static unsigned long calls[F_COUNT];
static uintptr_t exe_lo, exe_hi;	/* the executable's segments */

/* The first object dl_iterate_phdr() reports is the executable. */
static int find_exe(struct dl_phdr_info *info, size_t size, void *data)
{
	int i;

	(void)size;
	(void)data;
	exe_lo = UINTPTR_MAX;
	for (i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t lo = info->dlpi_addr + ph->p_vaddr;

		if (ph->p_type != ELFLOAD_PT_LOAD)
			continue;
		if (lo < exe_lo)
			exe_lo = lo;
		if (lo + ph->p_memsz > exe_hi)
			exe_hi = lo + ph->p_memsz;
	}
	return 1;
}

static int parse_errno(const char *s)
{
	static const struct { const char *name; int value; } names[] = {
		{ "ENOMEM", ENOMEM }, { "EIO", EIO }, { "EMFILE", EMFILE },
		{ "ENFILE", ENFILE }, { "EACCES", EACCES },
		{ "ENOENT", ENOENT }, { "EINTR", EINTR }, { "EAGAIN", EAGAIN },
		{ "EPERM", EPERM }, { "EINVAL", EINVAL },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(s, names[i].name))
			return names[i].value;
	return atoi(s);
}

/* Read the settings, then leave no trace in the environment. */
__attribute__((constructor)) static void shim_init(void)
{
	const char *spec = getenv("ELFLOAD_FAIL");
	const char *log = getenv("ELFLOAD_FAIL_LOG");
	char name[32];
	int i, n = 0;

	if (log)
		snprintf(log_path, sizeof(log_path), "%s", log);
	if (spec && sscanf(spec, "%31[a-z]:%lu%n", name, &fail_at, &n) >= 2) {
		for (i = 0; i < F_COUNT; i++)
			if (!strcmp(name, funcs[i].name))
				target = i;
		fail_errno = target >= 0 ? funcs[target].default_errno : 0;
		if (spec[n] == ':')
			fail_errno = parse_errno(spec + n + 1);
	}
	dl_iterate_phdr(find_exe, NULL);
	unsetenv("LD_PRELOAD");
	unsetenv("ELFLOAD_FAIL");
	unsetenv("ELFLOAD_FAIL_LOG");
}

/* Record the injection with raw system calls (nothing here is counted). */
static void log_failure(int f)
{
	char line[64];
	int fd, len;

	if (!log_path[0])
		return;
	len = snprintf(line, sizeof(line), "%s %lu %d\n", funcs[f].name,
		       calls[f], fail_errno);
	fd = (int)syscall(SYS_openat, AT_FDCWD, log_path,
			  O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	if (syscall(SYS_write, fd, line, (size_t)len) < 0)
		len = 0;
	syscall(SYS_close, fd);
}

/*
 * Count a call of @f made from @caller (a return address); true when
 * this one must fail (errno is then set).
 */
static int must_fail(int f, void *caller)
{
	uintptr_t at = (uintptr_t)caller;

	if (at < exe_lo || at >= exe_hi)
		return 0;
	if (++calls[f] != fail_at || f != target)
		return 0;
	log_failure(f);
	errno = fail_errno;
	return 1;
}

static void *next(const char *name)
{
	return dlsym(RTLD_NEXT, name);
}

#define REAL(type, name) ((type)next(name))

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	if (must_fail(F_MMAP, __builtin_return_address(0)))
		return MAP_FAILED;
	return REAL(void *(*)(void *, size_t, int, int, int, off_t),
		    "mmap")(addr, len, prot, flags, fd, off);
}

int mprotect(void *addr, size_t len, int prot)
{
	if (must_fail(F_MPROTECT, __builtin_return_address(0)))
		return -1;
	return REAL(int (*)(void *, size_t, int), "mprotect")(addr, len, prot);
}

ssize_t read(int fd, void *buf, size_t n)
{
	if (must_fail(F_READ, __builtin_return_address(0)))
		return -1;
	return REAL(ssize_t (*)(int, void *, size_t), "read")(fd, buf, n);
}

ssize_t pread(int fd, void *buf, size_t n, off_t off)
{
	if (must_fail(F_PREAD, __builtin_return_address(0)))
		return -1;
	return REAL(ssize_t (*)(int, void *, size_t, off_t), "pread")(fd, buf,
								      n, off);
}

/* The mode argument exists only with O_CREAT or O_TMPFILE. */
static mode_t open_mode(int flags, va_list ap)
{
	return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ?
		       (mode_t)va_arg(ap, int) : 0;
}

int open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	if (must_fail(F_OPEN, __builtin_return_address(0)))
		return -1;
	return REAL(int (*)(const char *, int, ...), "open")(path, flags, mode);
}

int openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	if (must_fail(F_OPENAT, __builtin_return_address(0)))
		return -1;
	return REAL(int (*)(int, const char *, int, ...), "openat")(dirfd, path,
								    flags,
								    mode);
}

DIR *opendir(const char *path)
{
	if (must_fail(F_OPENDIR, __builtin_return_address(0)))
		return NULL;
	return REAL(DIR *(*)(const char *), "opendir")(path);
}
