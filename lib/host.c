// SPDX-License-Identifier: MIT
/* Facts about the running system for the planner; see host.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/capability.h>

#include <elfload/host.h>

#include "internal.h"
#include "loader.h"

/*
 * One line of /proc/self/maps that names a kernel mapping ("[vdso]"): the
 * architecture's list says which count and whether one is fixed.
 */
static void note_special(struct elfload_layout *lay, uint64_t start,
			 uint64_t end, int prot, const char *name)
{
	const struct elfload_arch_special *a =
		elfload_arch_special(lay->arch, name);
	struct elfload_special *s;

	if (!a || lay->nspecial >= ELFLOAD_MAX_SPECIAL)
		return;
	s = &lay->special[lay->nspecial++];
	snprintf(s->name, sizeof(s->name), "%.23s", name);
	s->size = end - start;
	s->prot = prot;
	s->fixed_start = a->fixed_start ? start : 0;
}

static void note_specials(struct elfload_layout *lay,
			  const struct loader_vmas *now)
{
	size_t i;

	for (i = 0; i < now->n; i++)
		if (now->v[i].name[0] == '[')
			note_special(lay, now->v[i].start, now->v[i].end,
				     now->v[i].prot, now->v[i].name);
}

/* CAP_SYS_RAWIO lets a process map below vm.mmap_min_addr (cap_mmap_addr). */
static bool have_cap_sys_rawio(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data) < 0)
		return false;
	return data[CAP_SYS_RAWIO / 32].effective >> (CAP_SYS_RAWIO % 32) & 1;
}

uint64_t elfload_host_page_size(void)
{
	long page = sysconf(_SC_PAGESIZE);

	return page > 0 ? (uint64_t)page : loader_arch_native()->min_page_size;
}

int loader_layout_from(struct elfload_layout *lay,
		       const struct loader_vmas *now, struct elfload_diag *d)
{
	struct rlimit rl;

	elfload_diag_clear(d);
	memset(lay, 0, sizeof(*lay));
	lay->arch = loader_arch_native();
	lay->page_size = elfload_host_page_size();
	if (getrlimit(RLIMIT_STACK, &rl) < 0)
		return elfload_diag_set(d, -errno, "getrlimit", -1, NULL, 0, 0,
					"%s", strerror(errno));
	lay->stack_rlimit = rl.rlim_cur == RLIM_INFINITY ? UINT64_MAX :
							   rl.rlim_cur;
	lay->mmap_min_addr = have_cap_sys_rawio() ? 0 :
			     loader_read_number("/proc/sys/vm/mmap_min_addr",
					 lay->page_size);
	/* What exec keeps of the personality that shapes the layout. */
	lay->personality = (unsigned long)personality(0xffffffff) &
			   (ADDR_LIMIT_3GB | ADDR_COMPAT_LAYOUT);
	lay->legacy_va_layout =
		loader_read_number("/proc/sys/vm/legacy_va_layout", 0) != 0;
	note_specials(lay, now);
	return 0;
}

int elfload_layout_host(struct elfload_layout *lay, struct elfload_diag *d)
{
	struct loader_vmas *now = malloc(sizeof(*now));
	int ret;

	if (!now)
		return elfload_diag_set(d, -ENOMEM, NULL, -1, NULL, 0, 0,
					"out of memory");
	ret = loader_read_self_maps(now, d);
	if (!ret)
		ret = loader_layout_from(lay, now, d);
	free(now);
	return ret;
}

/* Does this file's filesystem put large mappings on huge-page boundaries? */
static bool probe_thp_aligned(int fd)
{
	const uint64_t huge = loader_arch_native()->huge_page_size;
	void *a = mmap(NULL, 2 * huge, PROT_NONE, MAP_PRIVATE, fd, 0);
	void *b = mmap(NULL, 3 * huge, PROT_NONE, MAP_PRIVATE, fd, 0);
	bool yes = a != MAP_FAILED && b != MAP_FAILED &&
		   !((uintptr_t)a & (huge - 1)) && !((uintptr_t)b & (huge - 1));

	if (a != MAP_FAILED)
		munmap(a, 2 * huge);
	if (b != MAP_FAILED)
		munmap(b, 3 * huge);
	return yes;
}

/*
 * The answer is the filesystem's (its get_unmapped_area), so the last
 * device probed is remembered: a program and its interpreter on the same
 * filesystem cost one probe.
 */
static bool file_thp_aligned(int fd, dev_t dev)
{
	static struct {
		bool valid, aligned;
		dev_t dev;
	} last;

	if (!last.valid || last.dev != dev) {
		last.aligned = probe_thp_aligned(fd);
		last.dev = dev;
		last.valid = true;
	}
	return last.aligned;
}

/* Would exec honour set-user-ID or set-group-ID bits on this file? */
static bool is_setid(int fd, const struct stat *st)
{
	struct statvfs vfs;

	if (!(st->st_mode & S_ISUID) &&
	    (st->st_mode & (S_ISGID | S_IXGRP)) != (S_ISGID | S_IXGRP))
		return false;
	return fstatvfs(fd, &vfs) < 0 || !(vfs.f_flag & ST_NOSUID);
}

int elfload_file_id_fd(int fd, struct elfload_file_id *id, char *pathbuf,
		       size_t pathsize, struct elfload_diag *d)
{
	char link[64];
	struct stat st;
	ssize_t n;

	elfload_diag_clear(d);
	if (fstat(fd, &st) < 0)
		return elfload_diag_set(d, -errno, NULL, -1, NULL, 0, 0, "%s",
					strerror(errno));
	/* The kernel's own name for the open file (d_path). */
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, pathbuf, pathsize - 1);
	if (n < 0)
		return elfload_diag_set(d, -errno, link, -1, NULL, 0, 0, "%s",
					strerror(errno));
	pathbuf[n] = '\0';
	id->path = pathbuf;
	id->dev_major = major(st.st_dev);
	id->dev_minor = minor(st.st_dev);
	id->inode = st.st_ino;
	id->thp_aligned = file_thp_aligned(fd, st.st_dev);
	id->setid = is_setid(fd, &st);
	return 0;
}
