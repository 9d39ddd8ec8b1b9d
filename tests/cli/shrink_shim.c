// SPDX-License-Identifier: MIT
/*
 * LD_PRELOAD shim for the command-line tests: make a file look as if it
 * shrank between fstat() and read().
 *
 * Every fstat() of a regular file reports st_size larger than the real
 * size by $ELFLOAD_SHRINK_BY bytes (default 4096), so a reader that trusts
 * st_size and then reads comes up short, exactly as when another process
 * truncates the file in between.  Covers fstat, fstat64 and the older
 * glibc entry points __fxstat and __fxstat64.
 *
 * Build: cc -shared -fPIC -o shrink_shim.so shrink_shim.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <sys/stat.h>

static off_t extra(void)
{
	const char *s = getenv("ELFLOAD_SHRINK_BY");

	return s && *s ? (off_t)strtoll(s, NULL, 0) : 4096;
}

static void *next(const char *name)
{
	return dlsym(RTLD_NEXT, name);
}

int fstat(int fd, struct stat *st)
{
	int (*real)(int, struct stat *) =
		(int (*)(int, struct stat *))next("fstat");
	int ret = real ? real(fd, st) : -1;

	if (ret == 0 && S_ISREG(st->st_mode))
		st->st_size += extra();
	return ret;
}

int fstat64(int fd, struct stat64 *st)
{
	int (*real)(int, struct stat64 *) =
		(int (*)(int, struct stat64 *))next("fstat64");
	int ret = real ? real(fd, st) : -1;

	if (ret == 0 && S_ISREG(st->st_mode))
		st->st_size += extra();
	return ret;
}

int __fxstat(int ver, int fd, struct stat *st)
{
	int (*real)(int, int, struct stat *) =
		(int (*)(int, int, struct stat *))next("__fxstat");
	int ret = real ? real(ver, fd, st) : -1;

	if (ret == 0 && S_ISREG(st->st_mode))
		st->st_size += extra();
	return ret;
}

int __fxstat64(int ver, int fd, struct stat64 *st)
{
	int (*real)(int, int, struct stat64 *) =
		(int (*)(int, int, struct stat64 *))next("__fxstat64");
	int ret = real ? real(ver, fd, st) : -1;

	if (ret == 0 && S_ISREG(st->st_mode))
		st->st_size += extra();
	return ret;
}
